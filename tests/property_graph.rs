//! The property-graph exports of the seeds, read back by NetworkX (GraphML, GEXF) and
//! checked as Neo4j import files.

mod common;

use newsgraph::export::{self, neo4j, ExportFormat};
use newsgraph::{app, Knowledge};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::seeds_store;

/// Reads `path` with `networkx.<reader>` and returns `"<nodes> <edges> <has GM label>"`.
fn networkx_summary(reader: &str, path: &Path) -> String {
    let script = format!(
        "import sys, networkx as nx\n\
         g = nx.{reader}(sys.argv[1])\n\
         assert g.is_directed()\n\
         labels = {{d.get('label') for _, d in g.nodes(data=True)}}\n\
         print(g.number_of_nodes(), g.number_of_edges(), 'General Motors' in labels)\n"
    );
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(path)
        .output()
        .expect("python3 must be installed (scripts/test.sh installs networkx)");
    assert!(
        output.status.success(),
        "networkx.{reader} failed on {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .trim()
        .to_owned()
}

#[test]
fn networkx_reads_graphml_and_gexf_with_the_same_graph() {
    let kb = Knowledge::builtin().expect("ontology loads");
    let store = seeds_store(&kb);
    let labels = app::property_labels(&store, &kb).expect("labels");
    let graph = export::property_graph::PropertyGraph::from_store(&store, &labels).expect("view");
    assert!(graph.nodes.len() > 10 && !graph.edges.is_empty());
    let expected = format!("{} {} True", graph.nodes.len(), graph.edges.len());

    let dir = tempfile::tempdir().expect("temp dir");
    for (format, reader) in [
        (ExportFormat::GraphMl, "read_graphml"),
        (ExportFormat::Gexf, "read_gexf"),
    ] {
        let path = dir.path().join(format!("seeds.{}", format.extension()));
        let mut bytes = Vec::new();
        export::write(&store, format, &mut bytes, &labels).expect("export");
        std::fs::write(&path, bytes).expect("write");
        assert_eq!(networkx_summary(reader, &path), expected, "{format}");
    }
}

/// Splits one CSV record without quoted commas (enough for the id columns checked here).
fn first_fields(line: &str, n: usize) -> Vec<&str> {
    line.splitn(n + 1, ',').take(n).collect()
}

#[test]
fn neo4j_files_have_the_import_headers_and_no_dangling_ends() {
    let kb = Knowledge::builtin().expect("ontology loads");
    let store = seeds_store(&kb);
    let labels = app::property_labels(&store, &kb).expect("labels");
    let files = export::write_dir(&store, &labels, &kb).expect("neo4j export");
    let text = |i: usize| String::from_utf8(files[i].1.clone()).expect("UTF-8");
    let (nodes, relationships, cypher) = (text(0), text(1), text(2));

    let header: Vec<&str> = nodes.lines().next().expect("header").split(',').collect();
    assert_eq!(
        header,
        [
            "id:ID",
            "name",
            "class",
            "aliases:string[]",
            "iri",
            ":LABEL"
        ]
    );
    let header: Vec<&str> = relationships
        .lines()
        .next()
        .expect("header")
        .split(',')
        .collect();
    assert_eq!(
        header,
        [
            ":START_ID",
            ":END_ID",
            ":TYPE",
            "label",
            "confidence:double",
            "amount:double",
            "currency",
            "title"
        ]
    );

    // Node ids are the first column and never quoted (`n<index>`).
    let ids: BTreeSet<&str> = nodes
        .lines()
        .skip(1)
        .map(|l| first_fields(l, 1)[0])
        .collect();
    assert_eq!(ids.len(), nodes.lines().count() - 1, "ids are unique");
    assert!(nodes.contains(",General Motors,Corporation,"), "{nodes}");
    assert!(nodes.contains(",Corporation;Organization\n"), "{nodes}");
    let mut count = 0;
    for line in relationships.lines().skip(1) {
        let fields = first_fields(line, 3);
        assert!(ids.contains(fields[0]), "dangling start: {line}");
        assert!(ids.contains(fields[1]), "dangling end: {line}");
        count += 1;
    }
    assert!(count > 0);
    assert!(
        relationships.contains(",LOANS_TO,loans to,"),
        "{relationships}"
    );
    assert_eq!(cypher.matches("MATCH ").count(), count);
    assert!(cypher.contains("[r:LOANS_TO]"), "{cypher}");
    assert_eq!(
        files.iter().map(|f| f.0).collect::<Vec<_>>(),
        neo4j::FILE_NAMES
    );
}

//! Every RDF export of the seeds, read back by the tools users load them with: rdflib
//! (Python) for all six syntaxes, and rapper (Raptor) as a validator for Turtle,
//! N-Triples and RDF/XML. Each must see exactly the triples (or quads) the store holds.

mod common;

use newsgraph::export::{self, ExportFormat};
use newsgraph::Knowledge;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Counts what rdflib parses from `path`: triples for a graph format, quads (default
/// graph included) for a dataset format.
fn rdflib_count(path: &Path, format: &str, dataset: bool) -> usize {
    let script = "import sys, rdflib\n\
         path, fmt, dataset = sys.argv[1], sys.argv[2], sys.argv[3] == '1'\n\
         if dataset:\n\
         \x20   d = rdflib.Dataset()\n\
         \x20   d.parse(path, format=fmt)\n\
         \x20   print(sum(len(g) for g in d.graphs()))\n\
         else:\n\
         \x20   g = rdflib.Graph()\n\
         \x20   g.parse(path, format=fmt)\n\
         \x20   print(len(g))\n";
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(path)
        .arg(format)
        .arg(if dataset { "1" } else { "0" })
        .output()
        .expect("python3 must be installed (scripts/test.sh installs rdflib)");
    assert!(
        output.status.success(),
        "rdflib failed on {} ({format}): {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .expect("rdflib printed a count")
}

#[test]
fn rdflib_reads_every_rdf_export_with_the_same_number_of_statements() {
    let kb = Knowledge::builtin().expect("ontology loads");
    let store = common::seeds_store(&kb);
    let triples = store.triples().expect("triples").len();
    let quads = store.quads().expect("quads").len();
    assert!(triples > 100 && quads >= triples, "{triples} {quads}");
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = [
        (ExportFormat::Turtle, "turtle", false, triples),
        (ExportFormat::NTriples, "nt", false, triples),
        (ExportFormat::RdfXml, "xml", false, triples),
        (ExportFormat::JsonLd, "json-ld", false, triples),
        (ExportFormat::NQuads, "nquads", true, quads),
        // The merged graph as the default graph, then every article graph.
        (ExportFormat::TriG, "trig", true, quads + triples),
    ];
    let mut failures = Vec::new();
    for (format, name, dataset, expected) in cases {
        let path = dir.path().join(format!("seeds.{}", format.extension()));
        let mut file = std::fs::File::create(&path).expect("create");
        export::write(&store, format, &mut file, &BTreeMap::new()).expect("export");
        let count = rdflib_count(&path, name, dataset);
        if count != expected {
            failures.push(format!(
                "{format}: rdflib read {count}, expected {expected}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rapper_validates_turtle_ntriples_and_rdfxml() {
    let kb = Knowledge::builtin().expect("ontology loads");
    let store = common::seeds_store(&kb);
    let triples = store.triples().expect("triples").len();
    let dir = tempfile::tempdir().expect("temp dir");
    for (format, name) in [
        (ExportFormat::Turtle, "turtle"),
        (ExportFormat::NTriples, "ntriples"),
        (ExportFormat::RdfXml, "rdfxml"),
    ] {
        let path = dir.path().join(format!("seeds.{}", format.extension()));
        let mut file = std::fs::File::create(&path).expect("create");
        export::write(&store, format, &mut file, &BTreeMap::new()).expect("export");
        let output = Command::new("rapper")
            .args(["-i", name, "-c"])
            .arg(&path)
            .output()
            .expect("rapper must be installed (scripts/test.sh installs raptor2-utils)");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "rapper -i {name}: {stderr}");
        assert!(
            !stderr.contains("Error") && !stderr.contains("Warning"),
            "rapper -i {name}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("returned {triples} triples")),
            "rapper -i {name}: {stderr}"
        );
    }
}

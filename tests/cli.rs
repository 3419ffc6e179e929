//! End-to-end tests of the `newsgraph` binary, each in a fresh temporary directory.
//!
//! They do not depend on what the extractor finds: they check the article bookkeeping,
//! exit codes, messages and file handling around it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A temporary working directory to run the binary in.
struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    fn new() -> Self {
        Self {
            tmp: tempfile::tempdir().expect("temporary directory"),
        }
    }

    fn path(&self) -> &Path {
        self.tmp.path()
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create test directory");
        }
        fs::write(&path, bytes).expect("write test file");
        path
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_newsgraph"));
        command
            .args(args)
            .current_dir(self.path())
            .env_remove("NEWSGRAPH_STORE");
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run newsgraph")
    }

    /// Runs and asserts success; returns stdout.
    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "newsgraph {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 stdout")
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const GOOD: &[u8] =
    "Ken Lewenza, president of the Canadian Auto Workers, spoke in Québec.\n".as_bytes();

#[test]
fn build_skips_a_bad_file_names_it_and_exits_1() {
    let dir = Dir::new();
    dir.write("in/good.txt", GOOD);
    dir.write("in/bad.txt", b"PK\x03\x04\0\0binary");
    let output = dir.run(&["build", "--store", "db", "in"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("bad.txt"), "{err}");
    assert!(err.contains("binary"), "{err}");
    assert!(err.contains("[2/2]") && err.contains("good.txt"), "{err}");

    let nt = dir.ok(&["export", "--store", "db", "--format", "ntriples"]);
    assert!(
        nt.contains("<https://w3id.org/newsgraph/article/good.txt>"),
        "{nt}"
    );
    assert!(!nt.contains("bad.txt"), "{nt}");
    let count = dir.ok(&[
        "query",
        "--store",
        "db",
        "--format",
        "csv",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/newsgraph/ontology#NewsArticle> }",
    ]);
    assert_eq!(count, "n\r\n1\r\n");
}

#[test]
fn building_twice_gives_the_same_export() {
    let dir = Dir::new();
    dir.write("in/a.txt", GOOD);
    dir.write(
        "in/b.txt",
        b"The union met the company.\r\nTalks went on.\n",
    );
    dir.ok(&["build", "--store", "db", "in"]);
    let first = dir.ok(&["export", "--store", "db", "--format", "ntriples"]);
    dir.ok(&["build", "--store", "db", "in"]);
    let second = dir.ok(&["export", "--store", "db", "--format", "ntriples"]);
    assert_eq!(first, second);
    assert!(first.contains("article/a.txt") && first.contains("article/b.txt"));
}

#[test]
fn bad_sparql_exits_1_with_the_parse_error() {
    let dir = Dir::new();
    dir.write("a.txt", GOOD);
    dir.ok(&["build", "--store", "db", "a.txt"]);
    let output = dir.run(&["query", "--store", "db", "SELECT ?x WHERE { ?x ?y"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("SPARQL"), "{err}");
    assert!(err.contains("1:"), "{err}");
    assert!(output.stdout.is_empty());
}

#[test]
fn dot_export_renders_with_graphviz() {
    let dir = Dir::new();
    dir.write("a.txt", GOOD);
    dir.ok(&["build", "--store", "db", "a.txt"]);
    let dot = dir.ok(&["export", "--store", "db", "--format", "dot"]);
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Graphviz `dot` must be installed (apt-get install graphviz)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("<svg"));
}

#[test]
fn export_guesses_the_format_from_the_output_name_and_leaves_no_temp_file() {
    let dir = Dir::new();
    dir.write("a.txt", GOOD);
    dir.ok(&["build", "--store", "db", "a.txt"]);
    assert_eq!(
        dir.ok(&["export", "--store", "db", "-o", "out/graph.ttl"]),
        ""
    );
    let ttl = fs::read_to_string(dir.path().join("out/graph.ttl")).unwrap();
    assert!(ttl.contains("@prefix ng:"), "{ttl}");
    let names: Vec<_> = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["graph.ttl"]);
}

#[test]
fn export_without_format_or_known_extension_is_a_usage_error() {
    let dir = Dir::new();
    let output = dir.run(&["export", "--store", "db"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--format"), "{}", stderr(&output));
    let output = dir.run(&["export", "--store", "db", "-o", "graph.xyz"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("-o graph.xyz"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn neo4j_export_needs_an_output_directory_and_writes_three_files() {
    let dir = Dir::new();
    dir.write("a.txt", GOOD);
    dir.ok(&["build", "--store", "db", "a.txt"]);
    let output = dir.run(&["export", "--store", "db", "--format", "neo4j"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("-o DIR"), "{}", stderr(&output));
    dir.ok(&["export", "--store", "db", "--format", "neo4j", "-o", "neo"]);
    let mut names: Vec<_> = fs::read_dir(dir.path().join("neo"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["import.cypher", "nodes.csv", "relationships.csv"]);
    let json = dir.ok(&["export", "--store", "db", "--format", "cytoscape"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(value["elements"]["nodes"].is_array(), "{json}");
}

#[test]
fn query_needs_exactly_one_of_text_and_file() {
    let dir = Dir::new();
    dir.write("q.rq", b"ASK {}");
    assert_eq!(dir.run(&["query", "--store", "db"]).status.code(), Some(2));
    assert_eq!(
        dir.run(&["query", "--store", "db", "-f", "q.rq", "ASK {}"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn query_reads_a_file_and_writes_the_chosen_format() {
    let dir = Dir::new();
    dir.write("a.txt", GOOD);
    dir.write(
        "q.rq",
        b"PREFIX ng: <https://w3id.org/newsgraph/ontology#>\n\
          SELECT ?name WHERE { ?a ng:fileName ?name }",
    );
    dir.ok(&["build", "--store", "db", "a.txt"]);
    assert_eq!(
        dir.ok(&["query", "--store", "db", "-f", "q.rq", "--format", "tsv"]),
        "?name\n\"a.txt\"\n"
    );
    assert_eq!(
        dir.ok(&["query", "--store", "db", "-f", "q.rq"]),
        "?name\n-----\na.txt\n1 row\n"
    );
}

#[test]
fn reading_commands_need_an_existing_store() {
    let dir = Dir::new();
    let output = dir.run(&["query", "ASK {}"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("newsgraph.db"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("newsgraph.db").exists());
}

#[test]
fn store_defaults_to_newsgraph_db_and_env_var_overrides_it() {
    let dir = Dir::new();
    dir.write("a.txt", GOOD);
    dir.ok(&["build", "a.txt"]);
    assert!(dir.path().join("newsgraph.db").is_dir());
    let output = dir
        .command(&["build", "a.txt"])
        .env("NEWSGRAPH_STORE", "other.db")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(dir.path().join("other.db").is_dir());
}

#[test]
fn missing_input_is_named_and_the_rest_is_built() {
    let dir = Dir::new();
    dir.write("a.txt", GOOD);
    let output = dir.run(&["build", "--store", "db", "nosuch.txt", "a.txt"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("nosuch.txt"), "{err}");
    assert!(err.contains("[1/1] a.txt"), "{err}");
}

#[test]
fn stdin_is_an_input() {
    let dir = Dir::new();
    let mut child = dir
        .command(&["build", "--store", "db", "-"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(GOOD).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let nt = dir.ok(&["export", "--store", "db", "--format", "nt"]);
    assert!(nt.contains("\"stdin-"), "{nt}");
}

#[test]
fn build_with_exports_writes_every_file() {
    let dir = Dir::new();
    dir.write("seeds/a.txt", GOOD);
    dir.ok(&[
        "build",
        "--store",
        "db",
        "--exports",
        "exports/seeds",
        "seeds",
    ]);
    for ext in ["ttl", "nt", "dot", "svg"] {
        let path = dir.path().join(format!("exports/seeds.{ext}"));
        assert!(path.is_file(), "{} missing", path.display());
    }
    let names: Vec<_> = fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "temporary files left: {names:?}");
}

#[test]
fn help_shows_examples() {
    let dir = Dir::new();
    let help = dir.ok(&["build", "--help"]);
    assert!(help.contains("newsgraph build seeds/"), "{help}");
    let help = dir.ok(&["query", "--help"]);
    assert!(
        help.contains("newsgraph query -f q.rq --format csv"),
        "{help}"
    );
}

/// Copies the repository's ontology directory into `dir` (to load with `--ontology`).
fn copy_ontology(dir: &Path) {
    fn copy(from: &Path, to: &Path) {
        fs::create_dir_all(to).expect("create ontology copy");
        for entry in fs::read_dir(from).expect("read ontology") {
            let entry = entry.expect("ontology entry");
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy(&entry.path(), &target);
            } else {
                fs::copy(entry.path(), &target).expect("copy ontology file");
            }
        }
    }
    copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology"), dir);
}

#[test]
fn train_relations_learns_a_wording_no_rule_reads() {
    let dir = Dir::new();
    copy_ontology(&dir.path().join("ont"));
    // An invented wording for talks ("sat across the table from"), and pairs in the same
    // sentences that state nothing.
    let pairs = [
        ("Quillon Corp", "Brennick Workers Union"),
        ("Ostrava Steel Ltd", "Marrow Union"),
        ("Pelican Foods Inc", "Halvard Union"),
        ("Tarsk Motors Corp", "Velm Workers Union"),
        ("Corvane Mills Ltd", "Dresk Union"),
        ("Ambrel Paper Inc", "Fosk Union"),
    ];
    let mut entities = Vec::new();
    let mut relations = Vec::new();
    let mut documents = Vec::new();
    for (k, (firm, union)) in pairs.iter().enumerate() {
        let name = format!("a{k}.txt");
        let text = format!(
            "Report\n\n{firm} sat across the table from the {union} on Monday. \
             {firm} reported profits while the {union} elected officers.\n"
        );
        dir.write(&format!("texts/{name}"), text.as_bytes());
        entities.push(format!(
            r#"{{"id": "f{k}", "name": "{firm}", "type": "Corporation"}}"#
        ));
        entities.push(format!(
            r#"{{"id": "u{k}", "name": "{union}", "type": "WorkersUnion"}}"#
        ));
        relations.push(format!(
            r#"{{"s": "f{k}", "p": "negotiatesWith", "o": "u{k}", "docs": ["{name}"],
                "evidence": "{firm} sat across the table from the {union}"}}"#
        ));
        documents.push(format!("\"{name}\""));
    }
    let gold = format!(
        r#"{{"documents": [{}], "entities": [{}], "relations": [{}], "quotes": []}}"#,
        documents.join(", "),
        entities.join(", "),
        relations.join(", ")
    );
    dir.write("gold.json", gold.as_bytes());
    let output = dir.run(&[
        "train-relations",
        "--set",
        "gold.json=texts",
        "--epochs",
        "5",
        "-o",
        "ont/models/relations.json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("with a relation"),
        "{}",
        stderr(&output)
    );
    dir.write(
        "new/b.txt",
        b"News\n\nZelmar Holdings Ltd sat across the table from the Orvik Union on Friday.\n",
    );
    dir.ok(&["build", "--ontology", "ont", "--store", "db", "new"]);
    dir.write(
        "q.rq",
        b"PREFIX ng: <https://w3id.org/newsgraph/ontology#>\n\
          SELECT ?rule WHERE { ?st ng:rule ?rule FILTER(STRSTARTS(?rule, \"learned-\")) }",
    );
    let rows = dir.ok(&["query", "--store", "db", "-f", "q.rq", "--format", "tsv"]);
    assert!(rows.contains("\"learned-negotiatesWith\""), "{rows}");
    // A gold file that is not one is named.
    dir.write("bad.json", b"{\"documents\": 3}");
    let output = dir.run(&["train-relations", "--set", "bad.json=texts", "-o", "m.json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("bad.json"), "{}", stderr(&output));
    assert!(!dir.path().join("m.json").exists());
}

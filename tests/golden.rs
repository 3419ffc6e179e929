//! The committed exports (`exports/seeds.ttl`, `.nt`, `.dot`) are what the code produces
//! from `seeds/` now. On a mismatch the test prints a line diff; refresh on purpose with
//! `BLESS=1 cargo test --test golden` (or rerun the README's build command) and review the
//! diff like code.

mod common;

use newsgraph::export::{self, ExportFormat};
use newsgraph::{app, Knowledge};
use std::path::PathBuf;

use common::seeds_store;

/// The lines only in `expected` (-) and only in `actual` (+), at most 40.
fn diff(expected: &str, actual: &str) -> String {
    let exp: std::collections::BTreeSet<&str> = expected.lines().collect();
    let act: std::collections::BTreeSet<&str> = actual.lines().collect();
    let mut out: Vec<String> = exp.difference(&act).map(|l| format!("- {l}")).collect();
    out.extend(act.difference(&exp).map(|l| format!("+ {l}")));
    out.truncate(40);
    out.join("\n")
}

#[test]
fn committed_exports_match_what_the_code_produces() {
    let kb = Knowledge::builtin().expect("ontology loads");
    let store = seeds_store(&kb);
    let labels = app::property_labels(&store, &kb).expect("labels");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("exports");
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for format in [
        ExportFormat::Turtle,
        ExportFormat::NTriples,
        ExportFormat::Dot,
    ] {
        let mut actual = Vec::new();
        export::write(&store, format, &mut actual, &labels).expect("export");
        let actual = String::from_utf8(actual).expect("exports are UTF-8");
        let path = root.join(format!("seeds.{}", format.extension()));
        if bless {
            std::fs::write(&path, &actual).expect("bless");
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{} differs from the code's output:\n{}",
                path.display(),
                diff(&expected, &actual)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nrefresh with: BLESS=1 cargo test --test golden",
        failures.join("\n\n")
    );
}

#[test]
fn the_turtle_and_ntriples_exports_hold_the_same_triples() {
    use oxigraph::io::{RdfFormat, RdfParser};
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("exports");
    let parse = |file: &str, format| {
        let bytes = std::fs::read(root.join(file)).expect("export exists");
        let mut triples: Vec<String> = RdfParser::from_format(format)
            .for_slice(&bytes)
            .map(|q| q.expect("export parses").to_string())
            .collect();
        triples.sort();
        triples
    };
    let ttl = parse("seeds.ttl", RdfFormat::Turtle);
    let nt = parse("seeds.nt", RdfFormat::NTriples);
    assert!(ttl.len() > 500, "{} triples", ttl.len());
    assert_eq!(ttl, nt);
}

/// The example queries of the README (`tests/queries/*.rq`) give the output shown there
/// (`tests/queries/*.out`).
#[test]
fn readme_example_queries_give_their_committed_output() {
    use newsgraph::query::{self, ResultsFormat};
    let kb = Knowledge::builtin().expect("ontology loads");
    let store = seeds_store(&kb);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/queries");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/queries exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rq"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "the README shows at least five queries");
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for rq in files {
        let text = std::fs::read_to_string(&rq).expect("query reads");
        let mut out = Vec::new();
        query::run(&store, &text, ResultsFormat::Table, &mut out).expect("query runs");
        let actual = String::from_utf8(out).expect("UTF-8");
        let expected_path = rq.with_extension("out");
        if bless {
            std::fs::write(&expected_path, &actual).expect("bless");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        assert!(
            actual.lines().count() > 3,
            "{} returns nothing",
            rq.display()
        );
        if expected != actual {
            failures.push(format!("{}:\n{}", rq.display(), diff(&expected, &actual)));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nrefresh with: BLESS=1 cargo test --test golden",
        failures.join("\n\n")
    );
}

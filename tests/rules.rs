//! Rule cases as data: every `tests/rules/*.json` file is a list of cases, each a short
//! made-up article with the triples it must yield, the triples it must not yield, hedged
//! statements it must record, and names that must (not) be one node. This runner checks
//! every case, gathers every failure, and fails once with the full list.
//! The cases run with the rules alone: the pair model's guesses (`learned-*`) are left out.
//!
//! A case:
//!
//! ```json
//! {"name": "negated talks give no relation",
//!  "text": "Northwind Motors refused to hold talks with the Lakeshore Workers Union.",
//!  "expect": [["Northwind Motors", "loansTo", "Veridian Bank"]],
//!  "forbid": [["Northwind Motors", "negotiatesWith", "Lakeshore Workers"]],
//!  "hedged": [["Ottawa", "loansTo", "Northwind Motors"]],
//!  "same": [["Kestrel Dynamics", "KD"]],
//!  "distinct": [["John Smith", "Mary Smith"]],
//!  "employees": [["Kestrel Dynamics", 6500]],
//!  "quotes": [["We will not", "John Smith"]]}
//! ```
//!
//! Subjects and objects are entity names (canonical name or any alias). `expect`: a fact
//! (direct triple) of that property between those entities (either way round for a
//! symmetric property). `forbid`: no such fact (a hedged statement is not a fact).
//! `hedged`: a statement that carries a hedge cue, with a confidence below 0.5, and no fact.
//! `same`: all the names are one entity; `distinct`: no two of the names are one entity.
//! `employees`: the entity's stated number of employees. `quotes`: a quotation starting
//! with those words, attributed to that entity.
//! Every statement of every case must have a confidence in 0..1.

use newsgraph::model::{ArticleGraph, DocId, Document, Relation};
use newsgraph::{Knowledge, Pipeline};
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: String,
    #[serde(default)]
    expect: Vec<[String; 3]>,
    #[serde(default)]
    forbid: Vec<[String; 3]>,
    #[serde(default)]
    hedged: Vec<[String; 3]>,
    #[serde(default)]
    same: Vec<Vec<String>>,
    #[serde(default)]
    distinct: Vec<Vec<String>>,
    #[serde(default)]
    employees: Vec<(String, f64)>,
    #[serde(default)]
    quotes: Vec<(String, String)>,
}

/// The IRIs of the entities that go by `name`.
fn entities_named(graph: &ArticleGraph, name: &str) -> Vec<String> {
    graph
        .entities
        .iter()
        .filter(|e| e.name == name || e.aliases.contains(name))
        .map(|e| e.iri.clone())
        .collect()
}

fn name_of(graph: &ArticleGraph, iri: &str) -> String {
    graph
        .entities
        .iter()
        .find(|e| e.iri == iri)
        .map_or_else(|| iri.to_string(), |e| e.name.clone())
}

/// The statements of `graph` that state `s p o` (either direction when symmetric).
fn statements<'g>(
    graph: &'g ArticleGraph,
    kb: &Knowledge,
    [s, p, o]: &[String; 3],
) -> Vec<&'g Relation> {
    let subjects = entities_named(graph, s);
    let objects = entities_named(graph, o);
    let symmetric = kb.properties.get(p).is_some_and(|info| info.symmetric);
    graph
        .relations
        .iter()
        .filter(|r| &r.property == p)
        .filter(|r| {
            let Some(object) = &r.object else {
                return false;
            };
            (subjects.contains(&r.subject) && objects.contains(object))
                || (symmetric && subjects.contains(object) && objects.contains(&r.subject))
        })
        .collect()
}

fn describe(graph: &ArticleGraph) -> String {
    let mut out = Vec::new();
    for e in &graph.entities {
        out.push(format!(
            "    entity {:?} ({}) aliases {:?}",
            e.name, e.class, e.aliases
        ));
    }
    for r in &graph.relations {
        out.push(format!(
            "    {} {} {} [{} {}{}]",
            name_of(graph, &r.subject),
            r.property,
            r.object
                .as_deref()
                .map_or_else(String::new, |o| name_of(graph, o)),
            r.rule,
            r.confidence,
            r.hedge
                .as_deref()
                .map_or_else(String::new, |h| format!(" hedged by {h:?}")),
        ));
    }
    out.join("\n")
}

fn check(case: &Case, graph: &ArticleGraph, kb: &Knowledge) -> Vec<String> {
    let mut problems = Vec::new();
    for triple in &case.expect {
        if !statements(graph, kb, triple)
            .iter()
            .any(|r| r.hedge.is_none())
        {
            problems.push(format!("missing fact {triple:?}"));
        }
    }
    for triple in &case.forbid {
        if let Some(r) = statements(graph, kb, triple)
            .iter()
            .find(|r| r.hedge.is_none())
        {
            problems.push(format!("unwanted fact {triple:?} (rule {})", r.rule));
        }
    }
    for triple in &case.hedged {
        let found = statements(graph, kb, triple);
        if !found
            .iter()
            .any(|r| r.hedge.is_some() && r.confidence < 0.5)
        {
            problems.push(format!(
                "no hedged statement {triple:?} with confidence < 0.5"
            ));
        }
        if found.iter().any(|r| r.hedge.is_none()) {
            problems.push(format!("{triple:?} is stated as a fact, expected hedged"));
        }
    }
    for names in &case.same {
        let mut iris: Vec<String> = names
            .iter()
            .flat_map(|n| entities_named(graph, n))
            .collect();
        iris.sort();
        iris.dedup();
        if iris.len() != 1 {
            problems.push(format!("{names:?} should be one entity, found {iris:?}"));
        }
    }
    for names in &case.distinct {
        for (i, a) in names.iter().enumerate() {
            let ia = entities_named(graph, a);
            if ia.is_empty() {
                problems.push(format!("no entity named {a:?}"));
            }
            for b in &names[i + 1..] {
                if entities_named(graph, b).iter().any(|e| ia.contains(e)) {
                    problems.push(format!("{a:?} and {b:?} were merged into one entity"));
                }
            }
        }
    }
    for (starts, speaker) in &case.quotes {
        let speakers = entities_named(graph, speaker);
        let attributed = graph.quotations.iter().any(|q| {
            q.span
                .slice(&graph.document.text)
                .starts_with(starts.as_str())
                && q.speaker.as_ref().is_some_and(|s| speakers.contains(s))
        });
        if !attributed {
            problems.push(format!("no quotation {starts:?} attributed to {speaker:?}"));
        }
    }
    for (name, count) in &case.employees {
        let iris = entities_named(graph, name);
        let stated = graph.relations.iter().any(|r| {
            r.property == "numberOfEmployees"
                && iris.contains(&r.subject)
                && r.amount
                    .as_ref()
                    .is_some_and(|a| (a.value - count).abs() < 0.5)
        });
        if !stated {
            problems.push(format!("no numberOfEmployees {count} for {name:?}"));
        }
    }
    for r in &graph.relations {
        if !(0.0..=1.0).contains(&r.confidence) {
            problems.push(format!(
                "{} {} has confidence {}",
                r.rule, r.property, r.confidence
            ));
        }
    }
    problems
}

#[test]
fn every_rule_case_holds() {
    // The cases state what the rules read; the pair model's guesses are tested by its own
    // tests and measured on held-out articles (tests/gold/README.md).
    let mut kb = Knowledge::builtin().expect("ontology loads");
    assert!(kb.pairs.is_some(), "the built-in pair model loads");
    kb.pairs = None;
    let pipeline = Pipeline::new(&kb);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/rules exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no rule cases in {}", dir.display());
    let mut failures = Vec::new();
    let mut count = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("case file reads");
        let cases: Vec<Case> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for case in &cases {
            count += 1;
            let has_checks = !(case.expect.is_empty()
                && case.forbid.is_empty()
                && case.hedged.is_empty()
                && case.same.is_empty()
                && case.distinct.is_empty()
                && case.employees.is_empty()
                && case.quotes.is_empty());
            assert!(
                has_checks,
                "{}: case {:?} checks nothing",
                file.display(),
                case.name
            );
            let document = Document {
                id: DocId("case.txt".into()),
                sha256: newsgraph::ingest::sha256_hex(case.text.as_bytes()),
                text: case.text.clone(),
            };
            let graph = pipeline.extract(&document);
            let problems = check(case, &graph, &kb);
            if !problems.is_empty() {
                failures.push(format!(
                    "{} / {}:\n  - {}\n  extracted:\n{}",
                    file.file_name().map_or_else(
                        || file.display().to_string(),
                        |n| n.to_string_lossy().into_owned()
                    ),
                    case.name,
                    problems.join("\n  - "),
                    describe(&graph)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} rule cases fail:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

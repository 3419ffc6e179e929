//! Guards the small hand-annotated samples of `tests/gold/samples/` (217 corpus articles,
//! annotated blind and scored once each; see `tests/gold/README.md`). Every file must
//! keep the layout of `../shared/gold/FORMAT.md` that `score.py` reads: ids, entity
//! classes of the ontology, the properties `score.py` scores, relations and quotations between annotated entities, and every
//! alias and quotation written in the rebuilt text of one of its documents. The texts are
//! rebuilt from `../shared/corpus` by `scripts/corpus_articles.py`, as for the corpus set.

use newsgraph::Knowledge;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const PROPERTIES: [&str; 10] = [
    "demandsConcessionsFrom",
    "loansTo",
    "negotiatesWith",
    "hasAgreementWith",
    "partnersWith",
    "rejectsPlanOf",
    "setsDeadlineFor",
    "worksFor",
    "subsidiaryOf",
    "numberOfEmployees",
];

fn strs(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not a list in {v}"))
        .iter()
        .map(|s| s.as_str().expect("a string").to_string())
        .collect()
}

/// Whitespace squashed, lower case: how names are looked for in the texts.
fn squash(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn rebuilt_texts(gold: &Path, docs: &[String]) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let output = Command::new("python3")
        .arg(root().join("scripts/corpus_articles.py"))
        .arg(gold)
        .arg(dir.path())
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "corpus_articles.py failed on {} (is ../shared/corpus beside the repository?): {}",
        gold.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    docs.iter()
        .map(|d| {
            let text = std::fs::read_to_string(dir.path().join(d))
                .unwrap_or_else(|e| panic!("{d} was not rebuilt: {e}"));
            (d.clone(), squash(&text))
        })
        .collect()
}

fn problems_of(path: &Path) -> Vec<String> {
    let gold: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("readable"))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let kb = Knowledge::builtin().expect("builtin knowledge loads");
    let docs = strs(&gold, "documents");
    let texts = rebuilt_texts(path, &docs);
    let mut problems = Vec::new();
    let mut ids = BTreeSet::new();
    for e in gold["entities"].as_array().expect("entities") {
        let id = e["id"].as_str().expect("an id");
        if !ids.insert(id.to_string()) {
            problems.push(format!("entity id {id} twice"));
        }
        let class = e["type"].as_str().unwrap_or_default();
        let entity_class = kb.classes.contains_key(class)
            && matches!(kb.coarse(class), "Person" | "Organization" | "Place");
        if !entity_class {
            problems.push(format!("{id}: no class {class:?}"));
        }
        let edocs = strs(e, "docs");
        for d in &edocs {
            if !docs.contains(d) {
                problems.push(format!("{id}: document {d} is not listed"));
            }
        }
        // The name may be the standard one ("United States"); the aliases are as written.
        assert!(
            e["name"].as_str().is_some_and(|n| !n.is_empty()),
            "{id} has a name"
        );
        for name in strs(e, "aliases") {
            let written = edocs
                .iter()
                .any(|d| texts.get(d).is_some_and(|t| t.contains(&squash(&name))));
            if !written {
                problems.push(format!(
                    "{id}: {name:?} is written in none of its documents"
                ));
            }
        }
    }
    for r in gold["relations"].as_array().expect("relations") {
        let p = r["p"].as_str().unwrap_or_default();
        if !PROPERTIES.contains(&p) {
            problems.push(format!("no property {p:?}"));
        }
        let mut ends = vec![r["s"].as_str().unwrap_or_default().to_string()];
        if let Some(o) = r["o"].as_str() {
            ends.push(o.to_string());
        }
        if let Some(also) = r.get("also_ok") {
            ends.extend(strs(&serde_json::json!({ "a": also }), "a"));
        }
        for end in ends {
            if !ids.contains(&end) {
                problems.push(format!("relation {p} names no entity {end:?}"));
            }
        }
    }
    for q in gold["quotes"].as_array().expect("quotes") {
        let speaker = q["speaker"].as_str().unwrap_or_default();
        if !ids.contains(speaker) {
            problems.push(format!("quotation by no entity {speaker:?}"));
        }
        let starts = squash(q["starts"].as_str().unwrap_or_default());
        if !strs(q, "docs")
            .iter()
            .any(|d| texts.get(d).is_some_and(|t| t.contains(&starts)))
        {
            problems.push(format!("quotation {starts:?} is in none of its documents"));
        }
    }
    problems
}

#[test]
fn every_sample_follows_the_format_and_its_texts() {
    let dir = root().join("tests/gold/samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/gold/samples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        43,
        "the forty-three samples of tests/gold/README.md"
    );
    let mut all = Vec::new();
    for f in &files {
        for p in problems_of(f) {
            all.push(format!("{}: {p}", f.display()));
        }
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
}

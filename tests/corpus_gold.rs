//! Guards the hand annotation of the held-out development set, `tests/gold/corpus.gold.json`,
//! against typos: it must keep the layout of `../shared/gold/FORMAT.md`, use only classes and
//! properties of `ontology/newsgraph.ttl`, refer only to entities it defines, and every
//! evidence sentence and quotation start must really be in the article it names.
//!
//! The articles are not committed (the corpora are for research use only): the test rebuilds
//! them from `../shared/corpus` with `scripts/corpus_articles.py`, exactly as
//! `scripts/score-dev.sh` does, so both read the same text.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const NG: &str = "https://w3id.org/newsgraph/ontology#";
const OWL: &str = "http://www.w3.org/2002/07/owl#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const SUBCLASS: &str = "http://www.w3.org/2000/01/rdf-schema#subClassOf";
const SYMMETRIC: [&str; 3] = ["negotiatesWith", "hasAgreementWith", "partnersWith"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gold_path() -> PathBuf {
    root().join("tests/gold/corpus.gold.json")
}

fn gold() -> &'static Value {
    static GOLD: OnceLock<Value> = OnceLock::new();
    GOLD.get_or_init(|| {
        let path = gold_path();
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", path.display()))
    })
}

/// The classes of the ontology, each with its chain of ancestors (itself first), and the
/// properties, each with whether it is an object property.
struct Ontology {
    ancestors: BTreeMap<String, Vec<String>>,
    object_property: BTreeMap<String, bool>,
}

fn ontology() -> &'static Ontology {
    static ONTOLOGY: OnceLock<Ontology> = OnceLock::new();
    ONTOLOGY.get_or_init(|| {
        let path = root().join("ontology/newsgraph.ttl");
        let text =
            std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let mut types: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut parent: BTreeMap<String, String> = BTreeMap::new();
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(text.as_slice()) {
            let quad = quad.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let NamedOrBlankNode::NamedNode(s) = &quad.subject else {
                continue;
            };
            let Some(local) = s.as_str().strip_prefix(NG) else {
                continue;
            };
            match (quad.predicate.as_str(), &quad.object) {
                (RDF_TYPE, Term::NamedNode(o)) => {
                    types
                        .entry(local.to_string())
                        .or_default()
                        .insert(o.as_str().to_string());
                }
                (SUBCLASS, Term::NamedNode(o)) => {
                    if let Some(p) = o.as_str().strip_prefix(NG) {
                        parent.insert(local.to_string(), p.to_string());
                    }
                }
                _ => {}
            }
        }
        let mut ancestors = BTreeMap::new();
        let mut object_property = BTreeMap::new();
        for (local, ts) in &types {
            if ts.contains(&format!("{OWL}Class")) {
                let mut chain = vec![local.clone()];
                while let Some(p) = parent.get(chain.last().expect("non-empty")) {
                    assert!(!chain.contains(p), "subClassOf cycle at {p}");
                    chain.push(p.clone());
                }
                ancestors.insert(local.clone(), chain);
            } else if ts.contains(&format!("{OWL}ObjectProperty")) {
                object_property.insert(local.clone(), true);
            } else if ts.contains(&format!("{OWL}DatatypeProperty")) {
                object_property.insert(local.clone(), false);
            }
        }
        Ontology {
            ancestors,
            object_property,
        }
    })
}

/// The coarse class (Person, Organization or Place) of an ontology class, if it has one.
fn coarse(class: &str) -> Option<&'static str> {
    let chain = ontology().ancestors.get(class)?;
    ["Person", "Organization", "Place"]
        .into_iter()
        .find(|c| chain.iter().any(|a| a == c))
}

/// Collapses every run of whitespace into one space (Reuters texts are hard-wrapped).
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn str_field<'a>(record: &'a Value, key: &str, what: &str) -> &'a str {
    record
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{what}: `{key}` must be a string: {record}"))
}

fn array<'a>(record: &'a Value, key: &str, what: &str) -> &'a Vec<Value> {
    record
        .get(key)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{what}: `{key}` must be an array: {record}"))
}

fn strings<'a>(record: &'a Value, key: &str, what: &str) -> Vec<&'a str> {
    array(record, key, what)
        .iter()
        .map(|v| {
            v.as_str()
                .unwrap_or_else(|| panic!("{what}: `{key}` must hold strings: {record}"))
        })
        .collect()
}

fn documents() -> Vec<&'static str> {
    strings(gold(), "documents", "gold file")
}

/// The entities by id, with their coarse class.
fn entities() -> BTreeMap<&'static str, (&'static Value, &'static str)> {
    let mut out = BTreeMap::new();
    for e in array(gold(), "entities", "gold file") {
        let id = str_field(e, "id", "entity");
        let class = str_field(e, "type", id);
        let c = coarse(class).unwrap_or_else(|| {
            panic!("entity {id}: type {class} is not a Person, Organization or Place class of ontology/newsgraph.ttl")
        });
        assert!(
            out.insert(id, (e, c)).is_none(),
            "entity id {id} is defined twice"
        );
    }
    out
}

/// The article texts exactly as rebuilt from ../shared/corpus by scripts/corpus_articles.py,
/// by document name.
fn raw_texts() -> &'static BTreeMap<String, String> {
    static TEXTS: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary directory");
        let output = corpus_articles(&[gold_path().as_os_str()], dir.path());
        assert!(
            output.status.success(),
            "scripts/corpus_articles.py failed (is ../shared/corpus beside the repository?): {}",
            String::from_utf8_lossy(&output.stderr)
        );
        documents()
            .into_iter()
            .map(|d| {
                let path: &Path = &dir.path().join(d);
                let text = std::fs::read_to_string(path)
                    .unwrap_or_else(|e| panic!("article {} was not rebuilt: {e}", path.display()));
                (d.to_string(), text)
            })
            .collect()
    })
}

/// The rebuilt texts, whitespace-squashed.
fn texts() -> BTreeMap<&'static str, String> {
    raw_texts()
        .iter()
        .map(|(d, t)| (d.as_str(), squash(t)))
        .collect()
}

/// Runs `python3 scripts/corpus_articles.py ARGS... OUT_DIR`.
fn corpus_articles(args: &[&std::ffi::OsStr], out_dir: &Path) -> std::process::Output {
    let script = root().join("scripts/corpus_articles.py");
    Command::new("python3")
        .arg(&script)
        .args(args)
        .arg(out_dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 {}: {e}", script.display()))
}

fn lower_snake(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[test]
fn layout_follows_format_md() {
    let g = gold();
    let keys: BTreeSet<&str> = g
        .as_object()
        .expect("top level is an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["documents", "entities", "relations", "quotes"])
    );
    let docs = documents();
    assert_eq!(docs.len(), 12, "twelve articles");
    let unique: BTreeSet<&str> = docs.iter().copied().collect();
    assert_eq!(unique.len(), docs.len(), "a document is listed twice");
    for d in &docs {
        let id = d
            .strip_suffix(".txt")
            .unwrap_or_else(|| panic!("document {d} is not named <id>.txt"));
        assert!(
            id.starts_with("reuters21578-") || id.starts_with("bbc-"),
            "document {d} is from no known corpus"
        );
    }
    let reuters = docs.iter().filter(|d| d.starts_with("reuters")).count();
    assert!(
        reuters >= 5 && docs.len() - reuters >= 4,
        "a mix of Reuters ({reuters}) and BBC articles"
    );
    let ents = entities();
    for (id, (e, _)) in &ents {
        assert!(lower_snake(id), "entity id {id} is not lower snake case");
        let name = str_field(e, "name", id);
        assert!(!name.trim().is_empty(), "entity {id} has an empty name");
        for a in strings(e, "aliases", id) {
            assert!(
                !a.trim().is_empty() && a != name,
                "entity {id}: bad alias {a:?}"
            );
        }
        let edocs = strings(e, "docs", id);
        assert!(!edocs.is_empty(), "entity {id} is in no document");
        for d in edocs {
            assert!(unique.contains(d), "entity {id}: {d} is not in `documents`");
        }
    }
}

#[test]
fn relations_use_ontology_properties_and_defined_entities() {
    let ents = entities();
    let docs: BTreeSet<&str> = documents().into_iter().collect();
    let mut seen = BTreeSet::new();
    let relations = array(gold(), "relations", "gold file");
    assert!(relations.len() >= 40, "a rich annotation");
    for r in relations {
        let p = str_field(r, "p", "relation");
        let s = str_field(r, "s", p);
        let what = format!("relation {s} {p} {}", r["o"]);
        let is_object = *ontology()
            .object_property
            .get(p)
            .unwrap_or_else(|| panic!("{what}: {p} is not a property of ontology/newsgraph.ttl"));
        let (_, s_class) = ents
            .get(s)
            .unwrap_or_else(|| panic!("{what}: subject {s} is not an entity id"));
        let o = if is_object {
            let o = str_field(r, "o", &what);
            let (_, o_class) = ents
                .get(o)
                .unwrap_or_else(|| panic!("{what}: object {o} is not an entity id"));
            assert_ne!(s, o, "{what}: an entity related to itself");
            match p {
                "worksFor" => {
                    assert_eq!(*s_class, "Person", "{what}: only a person works for");
                    assert_ne!(*o_class, "Person", "{what}: nobody works for a person");
                    assert!(
                        !str_field(r, "title", &what).trim().is_empty(),
                        "{what}: empty title"
                    );
                }
                "partnersWith" | "subsidiaryOf" => {
                    assert_eq!(*s_class, "Organization", "{what}: subject");
                    assert_eq!(*o_class, "Organization", "{what}: object");
                }
                _ => {
                    assert_ne!(*s_class, "Place", "{what}: a place as agent");
                    assert_ne!(*o_class, "Place", "{what}: a place as agent");
                }
            }
            o
        } else {
            assert!(r["o"].is_null(), "{what}: a datatype property has o = null");
            let n = r["amount"].as_u64();
            assert!(n.is_some_and(|n| n > 0), "{what}: needs a positive amount");
            ""
        };
        if let Some(amount) = r.get("amount") {
            assert!(
                amount.as_f64().is_some_and(|a| a > 0.0),
                "{what}: amount must be a positive number in units"
            );
        }
        if p == "loansTo" && r.get("amount").is_some() {
            let c = str_field(r, "currency", &what);
            assert!(
                c.len() == 3 && c.chars().all(|c| c.is_ascii_uppercase()),
                "{what}: currency {c} is not an ISO 4217 code"
            );
        }
        if r.get("also_ok").is_some() {
            for alt in strings(r, "also_ok", &what) {
                assert!(
                    ents.contains_key(alt),
                    "{what}: also_ok {alt} is not an entity id"
                );
                assert!(alt != s && alt != o, "{what}: also_ok repeats s or o");
            }
        }
        let rdocs = strings(r, "docs", &what);
        assert!(!rdocs.is_empty(), "{what}: no document");
        for d in &rdocs {
            assert!(docs.contains(d), "{what}: {d} is not in `documents`");
            for id in [s, o].into_iter().filter(|id| !id.is_empty()) {
                assert!(
                    strings(ents[id].0, "docs", id).contains(d),
                    "{what}: {id} is not listed as mentioned in {d}"
                );
            }
        }
        let key = if SYMMETRIC.contains(&p) && o < s {
            (o, p, s)
        } else {
            (s, p, o)
        };
        assert!(
            p == "numberOfEmployees" || seen.insert(key),
            "{what}: one record per distinct (s, p, o)"
        );
    }
}

#[test]
fn quotes_have_defined_speakers() {
    let ents = entities();
    let docs: BTreeSet<&str> = documents().into_iter().collect();
    let quotes = array(gold(), "quotes", "gold file");
    assert!(!quotes.is_empty(), "quotations are annotated");
    for q in quotes {
        let speaker = str_field(q, "speaker", "quote");
        let starts = str_field(q, "starts", speaker);
        let (_, class) = ents
            .get(speaker)
            .unwrap_or_else(|| panic!("quote {starts:?}: speaker {speaker} is not an entity id"));
        assert_ne!(*class, "Place", "quote {starts:?}: a place as speaker");
        assert!(
            starts.split_whitespace().count() >= 3,
            "quote {starts:?}: give the first words"
        );
        for d in strings(q, "docs", starts) {
            assert!(
                docs.contains(d),
                "quote {starts:?}: {d} is not in `documents`"
            );
        }
    }
}

#[test]
fn evidence_and_quotes_occur_in_the_rebuilt_articles() {
    let texts = texts();
    let in_some_doc = |record: &Value, needle: &str, what: &str| {
        let needle = squash(needle);
        assert!(
            strings(record, "docs", what)
                .iter()
                .any(|d| texts[d].contains(&needle)),
            "{what}: {needle:?} is in none of its documents"
        );
    };
    for r in array(gold(), "relations", "gold file") {
        let what = format!("relation {} {} {}", r["s"], r["p"], r["o"]);
        in_some_doc(r, str_field(r, "evidence", &what), &what);
    }
    for q in array(gold(), "quotes", "gold file") {
        let starts = str_field(q, "starts", "quote");
        in_some_doc(q, starts, &format!("quote of {}", q["speaker"]));
    }
}

#[test]
fn every_word_of_every_alias_is_in_the_entity_documents() {
    // Aliases are spelled as in the text (typos included); a word missing from all the
    // entity's documents is a typo in the annotation. The canonical `name` may be the
    // standard one ("Government of Canada"), so it is not checked.
    let texts = texts();
    for (id, (e, _)) in entities() {
        let edocs = strings(e, "docs", id);
        let lower: Vec<String> = edocs.iter().map(|d| texts[d].to_lowercase()).collect();
        for alias in strings(e, "aliases", id) {
            for word in alias.split_whitespace() {
                let w = word.to_lowercase();
                assert!(
                    lower.iter().any(|t| t.contains(&w)),
                    "entity {id}: alias {alias:?}: {word:?} is in none of {edocs:?}"
                );
            }
        }
    }
}

#[test]
fn rebuilt_articles_are_title_blank_line_text() {
    // The reconstruction rule is "{title}\n\n{text}\n": a one-line title, an empty line,
    // the body, and one final newline.
    for (d, text) in raw_texts() {
        let (title, rest) = text
            .split_once('\n')
            .unwrap_or_else(|| panic!("{d}: no line break"));
        assert!(!title.trim().is_empty(), "{d}: empty title line");
        let body = rest
            .strip_prefix('\n')
            .unwrap_or_else(|| panic!("{d}: no blank line after the title"));
        assert!(!body.trim().is_empty(), "{d}: empty body");
        assert!(
            body.ends_with('\n') && !body.ends_with("\n\n"),
            "{d}: must end with exactly one newline"
        );
    }
}

#[test]
fn a_missing_id_is_an_error_naming_the_id_and_the_corpus_file() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let out = corpus_articles(
        &["--id".as_ref(), "reuters21578-999999".as_ref()],
        dir.path(),
    );
    assert!(!out.status.success(), "a missing id must fail");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("reuters21578-999999") && err.contains("reuters21578/articles.jsonl.gz"),
        "the error names the id and the corpus file: {err}"
    );
    assert!(
        std::fs::read_dir(dir.path()).expect("dir").next().is_none(),
        "nothing is written when an id is missing"
    );
}

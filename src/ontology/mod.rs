//! Loads the `ontology/` data into typed structures: the OWL ontology (classes, properties
//! and their labels), the lexicon that drives mention detection, the relation rules and
//! the gazetteers. The files are compiled into the binary as defaults ([`Knowledge::builtin`])
//! and a directory laid out the same way can be loaded instead ([`Knowledge::load`]).
//!
//! Every load error names the file and, where the format allows, the line.

mod gazetteer;
mod lexicon;
mod rules;
pub mod vocab;

pub use gazetteer::{GazEntry, Gazetteer, PlaceInfo};
pub use lexicon::{is_trade_workers, Employer, Lexicon, Nominal, Title};
pub use rules::{Compaction, ObjectMode, RelationRule, RuleSet, Scoring, SubjectMode};

use crate::error::{Error, Result};
use crate::ner::tagger::Tagger;
use crate::relations::learned::PairModel;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// One class of the ontology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassInfo {
    /// rdfs:label.
    pub label: String,
    /// Local name of the direct superclass in the ontology, if any.
    pub parent: Option<String>,
}

/// One property of the ontology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyInfo {
    /// rdfs:label, the human phrase ("loans to").
    pub label: String,
    /// Whether it is an owl:SymmetricProperty.
    pub symmetric: bool,
    /// The classes (local names) its subject may have: its `rdfs:domain`, a class or an
    /// `owl:unionOf` of classes. Empty when the ontology does not say.
    pub domain: Vec<String>,
    /// The classes its object may have (`rdfs:range`), likewise; empty for a datatype or
    /// when the ontology does not say.
    pub range: Vec<String>,
}

/// Everything the extraction stages know, loaded from `ontology/`.
#[derive(Debug, Clone)]
pub struct Knowledge {
    /// Classes by local name.
    pub classes: BTreeMap<String, ClassInfo>,
    /// Properties by local name.
    pub properties: BTreeMap<String, PropertyInfo>,
    /// Word lists for mention detection and resolution.
    pub lexicon: Lexicon,
    /// Known places and organizations.
    pub gazetteer: Gazetteer,
    /// Relation extraction rules.
    pub rules: RuleSet,
    /// The trained name tagger (`models/ner.bin`), which finds and types the names the
    /// rules do not know; `None` when the directory has no model (rules only).
    pub tagger: Option<Arc<Tagger>>,
    /// The trained reader of name pairs (`models/relations.json`), for the pairs the rules
    /// leave unrelated; `None` when the directory has no model (rules only).
    pub pairs: Option<Arc<PairModel>>,
}

/// Where the tagger model lives in an ontology directory.
pub const MODEL_FILE: &str = "models/ner.bin";

/// Where the pair model lives in an ontology directory.
pub const PAIR_MODEL_FILE: &str = "models/relations.json";

/// The files of an ontology directory, relative to it.
const FILES: [&str; 9] = [
    "newsgraph.ttl",
    "rules/lexicon.json",
    "rules/relations.json",
    "gazetteer/places.tsv",
    "gazetteer/organizations.tsv",
    "lexicon/common_words.txt",
    "lexicon/given_names.txt",
    "lexicon/calendar.txt",
    "lexicon/not_entities.txt",
];

/// The same files, compiled in.
const BUILTIN: [&str; 9] = [
    include_str!("../../ontology/newsgraph.ttl"),
    include_str!("../../ontology/rules/lexicon.json"),
    include_str!("../../ontology/rules/relations.json"),
    include_str!("../../ontology/gazetteer/places.tsv"),
    include_str!("../../ontology/gazetteer/organizations.tsv"),
    include_str!("../../ontology/lexicon/common_words.txt"),
    include_str!("../../ontology/lexicon/given_names.txt"),
    include_str!("../../ontology/lexicon/calendar.txt"),
    include_str!("../../ontology/lexicon/not_entities.txt"),
];

/// A compiled-in model, parsed by `parse` the first time it is asked for; a parse error is
/// kept and given again, naming `path`.
fn parsed_once<T>(
    cell: &OnceLock<std::result::Result<Arc<T>, String>>,
    path: &Path,
    parse: impl FnOnce(&Path) -> Result<T>,
) -> Result<Arc<T>> {
    cell.get_or_init(|| parse(path).map(Arc::new).map_err(|e| e.to_string()))
        .clone()
        .map_err(|message| Error::Model {
            path: path.to_path_buf(),
            message,
        })
}

impl Knowledge {
    /// The ontology and rules compiled into this binary.
    pub fn builtin() -> Result<Self> {
        let base = PathBuf::from("ontology");
        let files: Vec<(PathBuf, String)> = FILES
            .iter()
            .zip(BUILTIN)
            .map(|(name, text)| (base.join(name), text.to_string()))
            .collect();
        let mut knowledge = Self::from_files(&files)?;
        // Parsed once per process: tests and tools call builtin() often.
        static TAGGER: OnceLock<std::result::Result<Arc<Tagger>, String>> = OnceLock::new();
        static PAIRS: OnceLock<std::result::Result<Arc<PairModel>, String>> = OnceLock::new();
        knowledge.tagger = Some(parsed_once(&TAGGER, &base.join(MODEL_FILE), |path| {
            Tagger::from_bytes(path, include_bytes!("../../ontology/models/ner.bin"))
        })?);
        knowledge.pairs = Some(parsed_once(&PAIRS, &base.join(PAIR_MODEL_FILE), |path| {
            PairModel::parse(path, include_str!("../../ontology/models/relations.json"))
        })?);
        Ok(knowledge)
    }

    /// Loads the ontology and rules from a directory laid out like `ontology/`, and the
    /// tagger and pair models from its `models/ner.bin` and `models/relations.json` when
    /// it has them.
    pub fn load(dir: &Path) -> Result<Self> {
        let mut files = Vec::new();
        for name in FILES {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            files.push((path, text));
        }
        let mut knowledge = Self::from_files(&files)?;
        let model = dir.join(MODEL_FILE);
        if model.exists() {
            knowledge.tagger = Some(Arc::new(Tagger::load(&model)?));
        }
        let pairs = dir.join(PAIR_MODEL_FILE);
        if pairs.exists() {
            let text = std::fs::read_to_string(&pairs).map_err(|source| Error::Io {
                path: pairs.clone(),
                source,
            })?;
            knowledge.pairs = Some(Arc::new(PairModel::parse(&pairs, &text)?));
        }
        Ok(knowledge)
    }

    fn from_files(files: &[(PathBuf, String)]) -> Result<Self> {
        let file = |i: usize| (&files[i].0, files[i].1.as_str());
        let (classes, properties) = parse_ontology(file(0).0, file(0).1)?;
        let mut lexicon = Lexicon::parse(file(1).0, file(1).1)?;
        lexicon.common_words = lexicon::word_list(file(5).1, true);
        lexicon.given_names = lexicon::word_list(file(6).1, false);
        lexicon.calendar = lexicon::word_list(file(7).1, true);
        lexicon.not_entities = lexicon::word_list(file(8).1, false);
        let mut gazetteer = Gazetteer::default();
        gazetteer.add_places(file(3).0, file(3).1)?;
        gazetteer.add_organizations(file(4).0, file(4).1)?;
        let rules = RuleSet::parse(file(2).0, file(2).1, &lexicon, &gazetteer)?;
        // Every property and class a rule names must be one the ontology declares.
        let undeclared = |rule: &RelationRule, what: &str, name: &str| Error::Ontology {
            path: file(2).0.clone(),
            line: 0,
            message: format!(
                "rule {:?} uses {what} {name:?}, which {} does not declare",
                rule.id,
                file(0).0.display()
            ),
        };
        for rule in &rules.rules {
            let mut properties_used = std::iter::once(&rule.property).chain(&rule.counterpart);
            if let Some(p) = properties_used.find(|p| !properties.contains_key(*p)) {
                return Err(undeclared(rule, "property", p));
            }
            let mut classes_used = rule.s_class.iter().chain(&rule.o_class);
            if let Some(c) = classes_used.find(|c| !classes.contains_key(*c)) {
                return Err(undeclared(rule, "class", c));
            }
        }
        Ok(Self {
            classes,
            properties,
            lexicon,
            gazetteer,
            rules,
            tagger: None,
            pairs: None,
        })
    }

    /// The human phrase (`rdfs:label`) of an ontology property, by local name
    /// (`loansTo` -> "loans to").
    #[must_use]
    pub fn property_label(&self, local: &str) -> Option<&str> {
        self.properties.get(local).map(|p| p.label.as_str())
    }

    /// Whether `class` is `ancestor` or one of its subclasses (by local names).
    #[must_use]
    pub fn is_a(&self, class: &str, ancestor: &str) -> bool {
        let mut current = Some(class);
        let mut seen = BTreeSet::new();
        while let Some(c) = current {
            if c == ancestor {
                return true;
            }
            if !seen.insert(c) {
                return false;
            }
            current = self.classes.get(c).and_then(|i| i.parent.as_deref());
        }
        false
    }

    /// Whether the ontology declares `property` symmetric (`owl:SymmetricProperty`).
    #[must_use]
    pub fn is_symmetric(&self, property: &str) -> bool {
        self.properties.get(property).is_some_and(|p| p.symmetric)
    }

    /// Whether an entity of `class` may be the subject (`object: false`) or object of
    /// `property` by the ontology's domain and range. Unknown properties and unstated
    /// domains or ranges allow any class.
    #[must_use]
    pub fn allows(&self, property: &str, object: bool, class: &str) -> bool {
        self.properties.get(property).is_none_or(|p| {
            let allowed = if object { &p.range } else { &p.domain };
            allowed.is_empty() || allowed.iter().any(|c| self.is_a(class, c))
        })
    }

    /// The coarse class of a class: `Person`, `Organization`, `Place` (or the class itself).
    #[must_use]
    pub fn coarse<'a>(&self, class: &'a str) -> &'a str {
        for top in ["Person", "Organization", "Place"] {
            if self.is_a(class, top) {
                return top;
            }
        }
        class
    }
}

/// Reads classes and properties from the OWL ontology in Turtle.
///
/// This is the one use of oxigraph's parser outside `graph`: the ontology is read once at
/// start-up, long before any store exists.
fn parse_ontology(
    path: &Path,
    text: &str,
) -> Result<(BTreeMap<String, ClassInfo>, BTreeMap<String, PropertyInfo>)> {
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::Term;
    const OWL: &str = "http://www.w3.org/2002/07/owl#";
    const RDFS_SUBCLASS: &str = "http://www.w3.org/2000/01/rdf-schema#subClassOf";

    const RDFS_DOMAIN: &str = "http://www.w3.org/2000/01/rdf-schema#domain";
    const RDFS_RANGE: &str = "http://www.w3.org/2000/01/rdf-schema#range";
    const OWL_UNION: &str = "http://www.w3.org/2002/07/owl#unionOf";
    const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
    const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";

    let mut types: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // (property, is range) -> the term it names: "N:<iri>" or "B:<blank id>".
    let mut bounds: BTreeMap<(String, bool), String> = BTreeMap::new();
    // blank node -> (predicate -> object term), for owl:unionOf lists.
    let mut blanks: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let term_key = |t: &Term| match t {
        Term::NamedNode(n) => Some(format!("N:{}", n.as_str())),
        Term::BlankNode(b) => Some(format!("B:{}", b.as_str())),
        _ => None,
    };
    let mut labels: BTreeMap<String, String> = BTreeMap::new();
    let mut parents: BTreeMap<String, String> = BTreeMap::new();
    for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(text.as_bytes()) {
        let quad = quad.map_err(|e| Error::Ontology {
            path: path.to_path_buf(),
            line: 0,
            message: e.to_string(),
        })?;
        let s = match &quad.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(s) => s,
            oxigraph::model::NamedOrBlankNode::BlankNode(b) => {
                if let Some(o) = term_key(&quad.object) {
                    blanks
                        .entry(b.as_str().to_string())
                        .or_default()
                        .insert(quad.predicate.as_str().to_string(), o);
                }
                continue;
            }
        };
        let Some(local) = s.as_str().strip_prefix(vocab::NG) else {
            continue;
        };
        let p = quad.predicate.as_str();
        match (&quad.object, p) {
            (Term::NamedNode(o), vocab::rdf::TYPE) => {
                types
                    .entry(local.to_string())
                    .or_default()
                    .insert(o.as_str().to_string());
            }
            (Term::Literal(l), vocab::rdfs::LABEL) => {
                labels.insert(local.to_string(), l.value().to_string());
            }
            (o, RDFS_DOMAIN | RDFS_RANGE) => {
                if let Some(o) = term_key(o) {
                    bounds.insert((local.to_string(), p == RDFS_RANGE), o);
                }
            }
            (Term::NamedNode(o), RDFS_SUBCLASS) => {
                if let Some(parent) = o.as_str().strip_prefix(vocab::NG) {
                    parents.insert(local.to_string(), parent.to_string());
                }
            }
            _ => {}
        }
    }
    // The ng: classes a domain or range names: one class, or an owl:unionOf list.
    let classes_of = |key: &str| -> Vec<String> {
        if let Some(iri) = key.strip_prefix("N:") {
            return iri
                .strip_prefix(vocab::NG)
                .map(|c| vec![c.to_string()])
                .unwrap_or_default();
        }
        let mut out = Vec::new();
        let mut node = key
            .strip_prefix("B:")
            .and_then(|b| blanks.get(b))
            .and_then(|n| n.get(OWL_UNION))
            .cloned();
        while let Some(list) = node.as_deref().and_then(|k| k.strip_prefix("B:")) {
            let Some(cell) = blanks.get(list) else { break };
            if let Some(c) = cell
                .get(RDF_FIRST)
                .and_then(|f| f.strip_prefix("N:"))
                .and_then(|f| f.strip_prefix(vocab::NG))
            {
                out.push(c.to_string());
            }
            node = cell.get(RDF_REST).cloned();
        }
        out
    };
    let mut classes = BTreeMap::new();
    let mut properties = BTreeMap::new();
    for (local, ts) in &types {
        let label = labels.get(local).cloned().unwrap_or_else(|| local.clone());
        if ts.contains(&format!("{OWL}Class")) {
            classes.insert(
                local.clone(),
                ClassInfo {
                    label,
                    parent: parents.get(local).cloned(),
                },
            );
        } else if ts.contains(&format!("{OWL}ObjectProperty"))
            || ts.contains(&format!("{OWL}DatatypeProperty"))
        {
            properties.insert(
                local.clone(),
                PropertyInfo {
                    label,
                    symmetric: ts.contains(&format!("{OWL}SymmetricProperty")),
                    domain: bounds
                        .get(&(local.clone(), false))
                        .map(|k| classes_of(k))
                        .unwrap_or_default(),
                    range: bounds
                        .get(&(local.clone(), true))
                        .map(|k| classes_of(k))
                        .unwrap_or_default(),
                },
            );
        }
    }
    if classes.is_empty() {
        return Err(Error::Ontology {
            path: path.to_path_buf(),
            line: 0,
            message: format!("declares no owl:Class in the namespace {}", vocab::NG),
        });
    }
    Ok((classes, properties))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_phrase_takes_the_employer_of_the_longest_title_it_ends_with() {
        let kb = Knowledge::builtin().unwrap();
        let lex = &kb.lexicon;
        assert_eq!(
            lex.title_employer("said chancellor of the exchequer"),
            Some(Employer::Government)
        );
        assert_eq!(lex.title_employer("said president"), Some(Employer::Org));
        assert_eq!(
            lex.title_employer("Prime Minister"),
            Some(Employer::Government)
        );
        assert_eq!(lex.title_employer("said"), None);
        // A word that only ends like a title is none: "chairmanship" is no "chair".
        assert_eq!(lex.title_employer("chairmanship"), None);
    }

    #[test]
    fn domains_and_ranges_are_read_from_classes_and_unions() {
        let kb = Knowledge::builtin().unwrap();
        let p = &kb.properties["partnersWith"];
        assert_eq!(
            (p.domain.as_slice(), p.range.as_slice()),
            (
                &["Organization".to_string()][..],
                &["Organization".to_string()][..]
            )
        );
        let n = &kb.properties["negotiatesWith"];
        assert_eq!(n.domain, ["Person", "Organization"]);
        assert_eq!(kb.properties["rejectsPlanOf"].range, ["Organization"]);
        // A datatype range names no class: any value.
        assert!(kb.properties["numberOfEmployees"].range.is_empty());
        assert!(kb.allows("negotiatesWith", true, "WorkersUnion"));
        assert!(kb.allows("negotiatesWith", false, "Person"));
        assert!(!kb.allows("negotiatesWith", false, "Country"));
        assert!(!kb.allows("partnersWith", true, "Person"));
        assert!(kb.allows("worksFor", true, "City"));
        assert!(kb.allows("noSuchProperty", true, "City"));
    }

    /// The built-in files with one more relation rule, whose subject must be of `class`.
    fn with_rule_for(class: &str) -> Result<Knowledge> {
        let mut rules: serde_json::Value = serde_json::from_str(BUILTIN[2]).unwrap();
        rules["rules"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "id": "test-rule", "property": "rejectsPlanOf",
                "pattern": "(?P<s>{E}) rejected (?P<o>{E})", "s_class": [class],
            }));
        let files: Vec<(PathBuf, String)> = FILES
            .iter()
            .zip(BUILTIN)
            .map(|(name, text)| {
                let text = if *name == FILES[2] {
                    rules.to_string()
                } else {
                    text.to_string()
                };
                (PathBuf::from("ontology").join(name), text)
            })
            .collect();
        Knowledge::from_files(&files)
    }

    #[test]
    fn a_rule_may_ask_for_a_declared_subclass_but_not_an_unknown_class() {
        if let Err(e) = with_rule_for("WorkersUnion") {
            panic!("{e}");
        }
        let err = with_rule_for("Trade Union").unwrap_err().to_string();
        assert!(
            err.contains("rules/relations.json")
                && err.contains("\"test-rule\"")
                && err.contains("\"Trade Union\""),
            "{err}"
        );
    }
}

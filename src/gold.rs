//! Gold files: the hand annotations of `gold/FORMAT.md` (documents, entities with their
//! names and aliases, relations with their evidence), read for training the pair model.
//! Names are compared the way `score.py` compares them ([`norm`]).

use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// One gold file.
#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    /// The file names of the annotated articles.
    pub documents: Vec<String>,
    /// The annotated entities.
    pub entities: Vec<GoldEntity>,
    /// The annotated relations.
    pub relations: Vec<GoldRelation>,
    /// Entity id -> its normalized names.
    #[serde(skip)]
    names: HashMap<String, HashSet<String>>,
}

/// An annotated entity.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    /// Its id in the file.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// An annotated relation.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldRelation {
    /// Subject entity id.
    pub s: String,
    /// Property local name.
    pub p: String,
    /// Object entity id (none for a value such as `numberOfEmployees`).
    #[serde(default)]
    pub o: Option<serde_json::Value>,
    /// The words that state it.
    #[serde(default)]
    pub evidence: String,
    /// The articles that state it (all, when absent).
    #[serde(default)]
    pub docs: Vec<String>,
}

impl Gold {
    /// Reads and parses a gold file; errors name it.
    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut gold: Self = serde_json::from_str(&text).map_err(|e| Error::BadInput {
            path: path.to_path_buf(),
            reason: format!("not a gold file: {e}"),
        })?;
        gold.names = gold
            .entities
            .iter()
            .map(|e| {
                let names = std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .map(|n| norm(n))
                    .collect();
                (e.id.clone(), names)
            })
            .collect();
        Ok(gold)
    }

    /// The property of a gold relation of article `doc` whose evidence `sentence` (white
    /// space squashed, see [`squash`]) holds and whose parties carry one of `subject`'s
    /// and one of `object`'s names, in that order (either order when `symmetric` says so
    /// of the property).
    #[must_use]
    pub fn relation_between(
        &self,
        doc: &str,
        sentence: &str,
        subject: &[String],
        object: &[String],
        symmetric: impl Fn(&str) -> bool,
    ) -> Option<&str> {
        let named = |id: &str, names: &[String]| {
            self.names
                .get(id)
                .is_some_and(|gold| names.iter().any(|n| gold.contains(&norm(n))))
        };
        self.relations.iter().find_map(|r| {
            let o = r.o.as_ref()?.as_str()?;
            if !r.docs.is_empty() && !r.docs.iter().any(|d| d == doc) {
                return None;
            }
            let evidence = squash(&r.evidence);
            let head: String = evidence.chars().take(EVIDENCE_PREFIX).collect();
            let here =
                !evidence.is_empty() && (sentence.contains(&head) || evidence.contains(sentence));
            let parties = (named(&r.s, subject) && named(o, object))
                || (symmetric(&r.p) && named(&r.s, object) && named(o, subject));
            (here && parties).then_some(r.p.as_str())
        })
    }
}

/// How much of a relation's evidence must appear in a sentence for the sentence to state
/// it (evidence often runs over a sentence end, or quotes a clause).
const EVIDENCE_PREFIX: usize = 60;

/// A name as `score.py` compares it: lower case, straight apostrophes, no possessive
/// `'s`, punctuation other than `&` as spaces, no leading "the", single spaces.
#[must_use]
pub fn norm(name: &str) -> String {
    let lower = name.replace(['\u{2019}', '\u{2018}'], "'").to_lowercase();
    let mut out = String::new();
    let mut chars = lower.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' && chars.peek() == Some(&'s') {
            let mut rest = chars.clone();
            rest.next();
            if rest
                .peek()
                .is_none_or(|n| !n.is_alphanumeric() && *n != '_')
            {
                chars.next();
                continue;
            }
        }
        if c.is_alphanumeric() || c == '_' || c == '&' {
            out.push(c);
        } else {
            out.push(' ');
        }
    }
    let squashed = squash(&out);
    squashed
        .strip_prefix("the ")
        .map_or(squashed.clone(), str::to_string)
}

/// White space runs as single spaces, trimmed.
#[must_use]
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_as_the_scorer_compares_them() {
        assert_eq!(norm("The Canadian Auto Workers"), "canadian auto workers");
        assert_eq!(norm("GM’s"), "gm");
        assert_eq!(norm("AT&T Corp."), "at&t corp");
        assert_eq!(norm("Ann's-Shop"), "ann shop");
        assert_eq!(squash(" a \n b  c "), "a b c");
    }

    #[test]
    fn a_relation_is_found_in_the_sentence_that_states_it() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("g.json");
        let json = r#"{"documents": ["a.txt"],
            "entities": [{"id": "x", "name": "Halvard Corp", "aliases": ["Halvard"]},
                         {"id": "y", "name": "Brennick Union"}],
            "relations": [{"s": "x", "p": "negotiatesWith", "o": "y",
                           "evidence": "Halvard held talks with the Brennick Union"}]}"#;
        std::fs::write(&path, json).unwrap_or_else(|e| panic!("{e}"));
        let gold = Gold::read(&path).unwrap_or_else(|e| panic!("{e}"));
        let sentence = "On Monday Halvard held talks with the Brennick Union again.";
        let halvard = vec!["Halvard".to_string()];
        let union = vec!["the Brennick Union".to_string()];
        let sym = |p: &str| p == "negotiatesWith";
        assert_eq!(
            gold.relation_between("a.txt", sentence, &halvard, &union, sym),
            Some("negotiatesWith")
        );
        assert_eq!(
            gold.relation_between("a.txt", sentence, &union, &halvard, sym),
            Some("negotiatesWith")
        );
        assert_eq!(
            gold.relation_between("a.txt", sentence, &union, &halvard, |_| false),
            None
        );
        assert_eq!(
            gold.relation_between("a.txt", "Halvard reported a loss.", &halvard, &union, sym),
            None
        );
    }
}

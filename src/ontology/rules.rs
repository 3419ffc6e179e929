//! Relation rules from `ontology/rules/relations.json`: regexes over a sentence template in
//! which every mention is a slot `⟦n⟧`. See the file's `_comment` for the semantics.

use super::lexicon::{Employer, Lexicon};
use crate::error::{Error, Result};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Where a rule's subject comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SubjectMode {
    /// The `s` group.
    #[default]
    Group,
    /// Whoever says the sentence.
    Speaker,
    /// The governments of the sentence, else the last ones the article named.
    ContextGovernment,
    /// The speaker when it is (or works for) a government, else the context government.
    SpeakerOrContext,
}

/// Where a rule's object comes from, when not from the `o` group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ObjectMode {
    /// The `o` group.
    #[default]
    Group,
    /// The government that a title names ("Ontario ... Minister"), or the article's country's.
    TitleGovernment,
}

#[derive(Debug, Deserialize)]
struct RawRule {
    id: String,
    property: String,
    pattern: String,
    #[serde(default)]
    subject: SubjectMode,
    #[serde(default)]
    object: ObjectMode,
    #[serde(default = "default_confidence")]
    confidence: f64,
    #[serde(default)]
    allow_negation: bool,
    #[serde(default)]
    pairwise: bool,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    s_class: Vec<String>,
    #[serde(default)]
    o_class: Vec<String>,
}

fn default_confidence() -> f64 {
    0.5
}

#[derive(Debug, Deserialize)]
struct RawFile {
    macros: BTreeMap<String, String>,
    negation_cues: Vec<String>,
    rules: Vec<RawRule>,
}

/// One compiled relation rule.
#[derive(Debug, Clone)]
pub struct RelationRule {
    /// Rule id, recorded on every statement it produces.
    pub id: String,
    /// Ontology property local name.
    pub property: String,
    /// The compiled pattern.
    pub regex: Regex,
    /// Where the subject comes from.
    pub subject: SubjectMode,
    /// Where the object comes from.
    pub object: ObjectMode,
    /// Confidence given to its relations.
    pub confidence: f64,
    /// Whether negation cues inside the match are allowed.
    pub allow_negation: bool,
    /// Whether every pair of the `s` group is related.
    pub pairwise: bool,
    /// Allowed coarse classes of the subject (empty = any).
    pub s_class: Vec<String>,
    /// Allowed coarse classes of the object (empty = any).
    pub o_class: Vec<String>,
}

/// All relation rules plus the negation cues.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Rules in file order.
    pub rules: Vec<RelationRule>,
    /// Words that make a match negated or hypothetical.
    pub negation: Regex,
    /// A slot followed by a speech verb, in a template: `⟦3⟧ said`, `⟦3⟧, of ⟦4⟧, told`.
    pub speaker_before_verb: Regex,
    /// A speech verb followed by a slot: `said Industry Minister ⟦3⟧`.
    pub speaker_after_verb: Regex,
}

fn alternation(words: impl IntoIterator<Item = String>) -> String {
    let mut words: Vec<String> = words.into_iter().collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.dedup();
    let escaped: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    format!("(?:{})", escaped.join("|"))
}

impl RuleSet {
    /// Parses and compiles `relations.json`; `{TITLE}` and `{GOVTITLE}` come from the lexicon.
    pub fn parse(path: &Path, text: &str, lexicon: &Lexicon) -> Result<Self> {
        let err = |line: usize, message: String| Error::Ontology {
            path: path.to_path_buf(),
            line,
            message,
        };
        let raw: RawFile = serde_json::from_str(text).map_err(|e| err(e.line(), e.to_string()))?;
        let mut macros = raw.macros;
        macros.insert(
            "TITLE".into(),
            alternation(lexicon.titles.iter().map(|t| t.words.clone())),
        );
        macros.insert(
            "GOVTITLE".into(),
            alternation(
                lexicon
                    .titles
                    .iter()
                    .filter(|t| t.employer != Employer::Org)
                    .flat_map(|t| {
                        // Capitalized forms: "Prime Minister".
                        let cap: Vec<String> = t
                            .words
                            .split(' ')
                            .map(|w| {
                                let mut c = w.chars();
                                c.next()
                                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                                    .unwrap_or_default()
                            })
                            .collect();
                        [t.words.clone(), cap.join(" ")]
                    }),
            ),
        );
        let line_of = |id: &str| {
            text.find(&format!("\"{id}\""))
                .map_or(0, |pos| text[..pos].lines().count())
        };
        let mut rules = Vec::new();
        for r in raw.rules {
            let pattern = expand(&r.pattern, &macros)
                .map_err(|m| err(line_of(&r.id), format!("rule {:?}: {m}", r.id)))?;
            let regex = RegexBuilder::new(&pattern)
                .case_insensitive(!r.case_sensitive)
                .build()
                .map_err(|e| err(line_of(&r.id), format!("rule {:?}: bad pattern: {e}", r.id)))?;
            let names: Vec<&str> = regex.capture_names().flatten().collect();
            if r.subject == SubjectMode::Group && !names.contains(&"s") {
                return Err(err(
                    line_of(&r.id),
                    format!(
                        "rule {:?} takes its subject from the group but has no (?P<s>...)",
                        r.id
                    ),
                ));
            }
            rules.push(RelationRule {
                id: r.id,
                property: r.property,
                regex,
                subject: r.subject,
                object: r.object,
                confidence: r.confidence,
                allow_negation: r.allow_negation,
                pairwise: r.pairwise,
                s_class: r.s_class,
                o_class: r.o_class,
            });
        }
        let negation = Regex::new(&format!(
            r"(?i)(?:^|[^\p{{L}}]){}(?:$|[^\p{{L}}])",
            alternation(raw.negation_cues)
        ))
        .map_err(|e| err(0, format!("negation cues: {e}")))?;
        let say = alternation(lexicon.speech_verbs.iter().cloned());
        let compile =
            |src: String| Regex::new(&src).map_err(|e| err(0, format!("speech verbs: {e}")));
        let speaker_before_verb = compile(format!(
            r"⟦(\d+)⟧(?:,[^,⟦]{{1,60}}(?:⟦\d+⟧[^,⟦]{{0,20}})?,)? (?:(?:has|have|had|also|then|later|later on|again) )?{say}\b"
        ))?;
        let speaker_after_verb = compile(format!(r"\b{say},? (?:[A-Za-z.]+ ){{0,4}}?⟦(\d+)⟧"))?;
        Ok(Self {
            rules,
            negation,
            speaker_before_verb,
            speaker_after_verb,
        })
    }
}

/// Replaces `{NAME}` by its macro, recursively (macros may use other macros).
fn expand(pattern: &str, macros: &BTreeMap<String, String>) -> std::result::Result<String, String> {
    let mut out = pattern.to_string();
    for _ in 0..8 {
        let mut changed = false;
        for (name, body) in macros {
            let key = format!("{{{name}}}");
            if out.contains(&key) {
                out = out.replace(&key, body);
                changed = true;
            }
        }
        if !changed {
            return Ok(out);
        }
    }
    Err("macros nest too deeply (a macro refers to itself?)".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macros_expand_recursively_and_regex_repetitions_survive() {
        let mut m = BTreeMap::new();
        m.insert("E".to_string(), "⟦\\d+⟧".to_string());
        m.insert("ES".to_string(), "{E}(?: and {E})*".to_string());
        assert_eq!(
            expand("a{ES}b{0,3}", &m).unwrap(),
            "a⟦\\d+⟧(?: and ⟦\\d+⟧)*b{0,3}"
        );
    }

    #[test]
    fn self_referencing_macro_is_an_error() {
        let mut m = BTreeMap::new();
        m.insert("X".to_string(), "{X}".to_string());
        assert!(expand("{X}", &m).is_err());
    }
}

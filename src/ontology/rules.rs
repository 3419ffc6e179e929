//! Relation rules from `ontology/rules/relations.json`: regexes over a sentence template in
//! which every mention is a slot `⟦n⟧`. See the file's `_comment` for the semantics.

use super::gazetteer::Gazetteer;
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
    /// The union the story is about so far: the one named most often before the match.
    StoryUnion,
    /// The organization (not a government) the story is about so far, as for
    /// [`ObjectMode::LastOrganization`]: "its parent company, X" is the parent of the
    /// company the story is about.
    LastOrganization,
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
    /// The government of the country a demonym in the title names ("French president"),
    /// and no other: the rule states nothing when the title has no demonym.
    DemonymGovernment,
    /// The `o` group when the rule has one and it matched, else who says the sentence
    /// ("GM Canada said the governments are providing a loan": the loan is to GM Canada).
    GroupOrSpeaker,
    /// The organization (not a government) the story is about so far: named most often
    /// before the match ("... said chief executive Finian O'Sullivan": of the company the
    /// story is about).
    LastOrganization,
    /// Likewise, but neither a union nor a government: the employer a labour story is
    /// about ("The contract expired at midnight").
    StoryEmployer,
    /// The union (named most often so far) a labour story is about: "Cominco pressed for
    /// wage cuts" presses the story's union.
    StoryUnion,
    /// The subject's partner in the latest earlier statement of the rule's `counterpart`
    /// property ("Corsair rejected the bid": the bid of whoever made one for Corsair).
    Counterpart,
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
    ignore_hedges: bool,
    #[serde(default)]
    pairwise: bool,
    #[serde(default)]
    fallback: bool,
    #[serde(default)]
    counterpart: Option<String>,
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
    #[serde(default)]
    hedge_cues: Vec<String>,
    #[serde(default)]
    condition_cues: Vec<String>,
    #[serde(default)]
    conditional_modals: Vec<String>,
    #[serde(default)]
    confidence: Scoring,
    #[serde(default)]
    compactions: Vec<RawCompaction>,
    rules: Vec<RawRule>,
}

/// One rewrite of `relations.json`'s `compactions`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompaction {
    id: String,
    pattern: String,
    replace: String,
    #[serde(default)]
    clause: bool,
}

/// A rewrite that makes a sentence's compact template: what it matches (a parenthesis, a
/// relative clause, a descriptor before a name) is replaced, so that the rules also read
/// "talks with US bank Wells Fargo" as "talks with Wells Fargo".
#[derive(Debug, Clone)]
pub struct Compaction {
    /// The rewrite's name in `relations.json`.
    pub id: String,
    /// What it rewrites (case-insensitive).
    pub regex: Regex,
    /// The replacement (`$1` = the first group).
    pub replace: String,
    /// Whether it drops a whole clause ("relative-clause"): the words it drops may hold
    /// facts of their own, so it makes a second compact template, not the only one.
    pub clause: bool,
}

/// How a statement's confidence is computed from its rule's base confidence
/// (`relations.json`, `confidence`): each factor multiplies it when its condition holds.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scoring {
    /// Factor for a statement in a sentence with a hedge cue ("if", "could").
    pub hedged: f64,
    /// Factor when the subject or object is not named in the sentence (the speaker of a
    /// quotation, a government from context, a person's employer).
    pub outside_sentence: f64,
    /// A match longer than this many words (slots not counted) is long-range evidence.
    pub long_match_words: usize,
    /// Factor for long-range evidence.
    pub long_match: f64,
    /// How many bytes of the template before a match are searched for a negation cue.
    pub negation_window: usize,
    /// The least base confidence of a rule whose slot may retype a name that only a
    /// guess made a place into an organization.
    pub retype_confidence: f64,
    /// Documentation (ignored).
    #[serde(rename = "_comment")]
    pub comment: Option<String>,
}

impl Default for Scoring {
    fn default() -> Self {
        Self {
            hedged: 0.4,
            outside_sentence: 0.9,
            long_match_words: 14,
            long_match: 0.85,
            negation_window: 16,
            retype_confidence: 0.6,
            comment: None,
        }
    }
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
    /// Whether the rule reads a noun phrase ("Fiat CEO Sergio Marchionne") that states a
    /// fact whatever the clause around it says, so hedge cues do not apply.
    pub ignore_hedges: bool,
    /// Whether every pair of the `s` group is related.
    pub pairwise: bool,
    /// Whether the rule only guesses: for `worksFor`, an employer for a person no earlier
    /// statement gave one (a bare title, such as "X, a former minister"); for any other
    /// property, a statement in a sentence where no earlier rule read one of it (a loose
    /// trigger such as "X ... talks ... with Y").
    pub fallback: bool,
    /// For `object: counterpart`: the property whose earlier statements give the object.
    pub counterpart: Option<String>,
    /// Allowed coarse classes of the subject (empty = any).
    pub s_class: Vec<String>,
    /// Allowed coarse classes of the object (empty = any).
    pub o_class: Vec<String>,
}

/// All relation rules plus the negation and hedge cues.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Rules in file order.
    pub rules: Vec<RelationRule>,
    /// Words that make a match negated ("not", "refused"): the match is dropped.
    pub negation: Regex,
    /// Words that make what follows them hypothetical ("if", "could", "threatened to"):
    /// a match after or around one is kept as a possibility, with a lower confidence.
    pub hedge: Regex,
    /// Conditions ("if", "unless") that make a match before them hypothetical when the
    /// match holds a conditional modal ("would lend ... if").
    pub condition: Regex,
    /// "would", "will".
    pub conditional_modal: Regex,
    /// The confidence factors.
    pub scoring: Scoring,
    /// A slot followed by a speech verb, in a template: `⟦3⟧ said`, `⟦3⟧, of ⟦4⟧, told`.
    pub speaker_before_verb: Regex,
    /// A speech verb followed by a slot: `said Industry Minister ⟦3⟧`.
    pub speaker_after_verb: Regex,
    /// Rewrites that make each sentence's compact template, in file order.
    pub compactions: Vec<Compaction>,
}

/// The lazy DFA cache of each rule's regex, in bytes (see the builder's comment).
const RULE_DFA_CACHE: usize = 10 << 20;

fn alternation(words: impl IntoIterator<Item = String>) -> String {
    let mut words: Vec<String> = words.into_iter().collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.dedup();
    let escaped: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    format!("(?:{})", escaped.join("|"))
}

impl RuleSet {
    /// Parses and compiles `relations.json`; `{TITLE}` and `{GOVTITLE}` come from the lexicon,
    /// `{DEMONYM}` ("Dutch", "Japanese") from the gazetteer.
    pub fn parse(
        path: &Path,
        text: &str,
        lexicon: &Lexicon,
        gazetteer: &Gazetteer,
    ) -> Result<Self> {
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
            "DEMONYM".into(),
            alternation(gazetteer.demonyms.keys().cloned()),
        );
        macros.insert(
            "CURRENCY".into(),
            alternation(lexicon.currency_words.keys().cloned()),
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
            let pattern = ascii_boundaries(
                &expand(&r.pattern, &macros)
                    .map_err(|m| err(line_of(&r.id), format!("rule {:?}: {m}", r.id)))?,
            );
            // Rules are read on every sentence: a lazy DFA cache that holds their states
            // (instead of the default 2 MiB, cleared and rebuilt over and over on a
            // corpus) makes a build about a sixth faster.
            let regex = RegexBuilder::new(&pattern)
                .case_insensitive(!r.case_sensitive)
                .dfa_size_limit(RULE_DFA_CACHE)
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
            if (r.object == ObjectMode::Counterpart) != r.counterpart.is_some() {
                return Err(err(
                    line_of(&r.id),
                    format!(
                        "rule {:?}: \"counterpart\" (a property) goes with \"object\": \"counterpart\", and only with it",
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
                ignore_hedges: r.ignore_hedges,
                pairwise: r.pairwise,
                fallback: r.fallback,
                counterpart: r.counterpart,
                s_class: r.s_class,
                o_class: r.o_class,
            });
        }
        let mut compactions = Vec::new();
        for c in raw.compactions {
            let pattern = ascii_boundaries(
                &expand(&c.pattern, &macros)
                    .map_err(|m| err(line_of(&c.id), format!("compaction {:?}: {m}", c.id)))?,
            );
            let regex = RegexBuilder::new(&pattern)
                .case_insensitive(true)
                .build()
                .map_err(|e| {
                    err(
                        line_of(&c.id),
                        format!("compaction {:?}: bad pattern: {e}", c.id),
                    )
                })?;
            compactions.push(Compaction {
                id: c.id,
                regex,
                replace: c.replace,
                clause: c.clause,
            });
        }
        for (what, value) in [
            ("hedged", raw.confidence.hedged),
            ("outside_sentence", raw.confidence.outside_sentence),
            ("long_match", raw.confidence.long_match),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return Err(err(
                    line_of("confidence"),
                    format!("confidence factor {what} = {value} is not in 0..1"),
                ));
            }
        }
        for r in &rules {
            if !(0.0..=1.0).contains(&r.confidence) {
                return Err(err(
                    line_of(&r.id),
                    format!(
                        "rule {:?}: confidence {} is not in 0..1",
                        r.id, r.confidence
                    ),
                ));
            }
        }
        let negation = Regex::new(&format!("(?i){}", cue_pattern(&raw.negation_cues)))
            .map_err(|e| err(0, format!("negation cues: {e}")))?;
        // Hedge cues are matched as written: "may" is a hedge, "May" a month.
        let hedge = Regex::new(&cue_pattern(&raw.hedge_cues))
            .map_err(|e| err(0, format!("hedge cues: {e}")))?;
        let condition = Regex::new(&cue_pattern(&raw.condition_cues))
            .map_err(|e| err(0, format!("condition cues: {e}")))?;
        let conditional_modal = Regex::new(&cue_pattern(&raw.conditional_modals))
            .map_err(|e| err(0, format!("conditional modals: {e}")))?;
        let say = alternation(lexicon.speech_verbs.iter().cloned());
        let compile = |src: String| {
            Regex::new(&ascii_boundaries(&src)).map_err(|e| err(0, format!("speech verbs: {e}")))
        };
        // "⟦3⟧ spokesman said": the organization speaks through its spokesman.
        let spokes = alternation(
            lexicon
                .titles
                .iter()
                .filter(|t| t.employer == Employer::Org)
                .map(|t| t.words.clone())
                .chain(["officials", "sources", "source"].map(String::from)),
        );
        let speaker_before_verb = compile(format!(
            r"⟦(\d+)⟧(?:,[^,⟦]{{1,60}}(?:⟦\d+⟧[^,⟦]{{0,20}})?,| {spokes})? (?:(?:has|have|had|also|then|later|later on|again) )?{say}\b"
        ))?;
        let speaker_after_verb = compile(format!(r"\b{say},? (?:[A-Za-z.]+ ){{0,4}}?⟦(\d+)⟧"))?;
        Ok(Self {
            rules,
            negation,
            hedge,
            condition,
            conditional_modal,
            scoring: raw.confidence,
            speaker_before_verb,
            speaker_after_verb,
            compactions,
        })
    }
}

/// The text of the first cue `regex` (built by [`cue_pattern`]) finds in `text`.
fn first_cue(regex: &Regex, text: &str) -> Option<String> {
    let caps = regex.captures(text)?;
    caps.iter()
        .skip(1)
        .flatten()
        .next()
        .map(|m| m.as_str().to_string())
}

/// A regex matching any of `cues` as whole words (a participating group holds the cue). A
/// cue written `*n't` matches the end of a word ("didn't").
/// The pattern with its word boundaries (`\b`) made ASCII ones. Templates hold slot marks
/// (`⟦3⟧`) that are not ASCII, and a Unicode word boundary makes the regex engine give up
/// its fast automaton on such text and fall back to a slow one (five times slower in all).
/// Template words are English, so an ASCII boundary means the same there.
fn ascii_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('b') => out.push_str("(?-u:\\b)"),
                Some(next) => {
                    out.push(c);
                    out.push(next);
                }
                None => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn cue_pattern(cues: &[String]) -> String {
    if cues.is_empty() {
        return r"(\b\B)".into(); // matches nothing
    }
    let mut inner = Vec::new();
    let mut words = Vec::new();
    for cue in cues {
        match cue.strip_prefix('*') {
            Some(ending) => inner.push(ending.to_string()),
            None => words.push(cue.clone()),
        }
    }
    let mut parts = Vec::new();
    if !words.is_empty() {
        parts.push(format!(r"(?:^|[^\p{{L}}])({})", alternation(words)));
    }
    if !inner.is_empty() {
        parts.push(format!("({})", alternation(inner)));
    }
    // One capture group whichever side matched: wrap both in a non-capturing group and
    // let callers read the first group that participated.
    format!(r"(?:{})(?:$|[^\p{{L}}])", parts.join("|"))
}

impl RuleSet {
    /// The compact forms of a template's text (see [`Compaction`]), most compact first:
    /// with every rewrite, and without the clause rewrites (which drop words that may hold
    /// facts of their own). Forms equal to the text or to each other are left out.
    #[must_use]
    pub fn compact(&self, text: &str) -> Vec<String> {
        let rewrite = |with_clauses: bool| {
            let mut out = text.to_string();
            for c in self
                .compactions
                .iter()
                .filter(|c| with_clauses || !c.clause)
            {
                if c.regex.is_match(&out) {
                    out = c.regex.replace_all(&out, c.replace.as_str()).into_owned();
                }
            }
            out
        };
        let mut forms = Vec::new();
        for form in [rewrite(true), rewrite(false)] {
            if form != text && !forms.contains(&form) {
                forms.push(form);
            }
        }
        forms
    }

    /// The first hedge cue in `text` (a template with slots removed), as written.
    #[must_use]
    pub fn hedge_cue(&self, text: &str) -> Option<String> {
        first_cue(&self.hedge, text)
    }

    /// The cue that makes a match hypothetical, given the sentence text (slots removed)
    /// before the match, the match, and after it: a hedge cue before or inside the match
    /// ("If no deal is reached, X will lend", "X could lend"), or a condition after a match
    /// that holds a conditional modal ("X would lend Y ... if").
    #[must_use]
    pub fn hypothetical(&self, before: &str, matched: &str, after: &str) -> Option<String> {
        self.hedge_cue(&format!("{before}{matched}")).or_else(|| {
            if self.conditional_modal.is_match(matched) {
                first_cue(&self.condition, after)
            } else {
                None
            }
        })
    }

    /// Whether `text` (a template with slots removed) holds a negation cue.
    #[must_use]
    pub fn is_negated(&self, text: &str) -> bool {
        self.negation.is_match(&text.replace('’', "'"))
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
    fn compact_templates_drop_tickers_clauses_and_descriptors() {
        let kb = crate::ner::tests::kb();
        let forms = kb
            .rules
            .compact("⟦0⟧ <XYZ.TO>, which owns a stake in ⟦1⟧, held talks with ⟦2⟧ bank ⟦3⟧");
        assert_eq!(
            forms,
            [
                "⟦0⟧ held talks with ⟦3⟧",
                // The kept clause reads as a main clause: its subject meets its verb.
                "⟦0⟧ owns a stake in ⟦1⟧, held talks with ⟦3⟧"
            ]
        );
        assert!(kb.rules.compact("⟦0⟧ said so").is_empty());
    }

    #[test]
    fn negation_cues_match_whole_words_and_contractions() {
        let kb = crate::ner::tests::kb();
        let rs = &kb.rules;
        for negated in [
            "X did not press X",
            "X didn't hold talks",
            "X won’t lend",
            "X refused to meet X",
            "X declined to open talks",
            "X rejected calls for talks",
            "X pulled out of talks",
        ] {
            assert!(rs.is_negated(negated), "{negated}");
        }
        for plain in [
            "X pressed X to cut costs",
            "nothing changed",
            "X notes talks",
        ] {
            assert!(!rs.is_negated(plain), "{plain}");
        }
    }

    #[test]
    fn hedge_cues_are_matched_as_written() {
        let kb = crate::ner::tests::kb();
        let rs = &kb.rules;
        assert_eq!(
            rs.hedge_cue("If no deal can be reached, X will lend X"),
            Some("If".into())
        );
        assert_eq!(
            rs.hedge_cue("X would lend X money if X agrees"),
            Some("if".into())
        );
        assert_eq!(
            rs.hedge_cue("X threatened to seek a merger with X"),
            Some("threatened to".into())
        );
        assert_eq!(rs.hedge_cue("X may lend X"), Some("may".into()));
        assert_eq!(rs.hedge_cue("In May, X loaned X money"), None);
        // A trailing condition hedges a conditional ("would ... if"), not a demand.
        assert_eq!(
            rs.hypothetical("", "X would lend X", " $1 billion if X agrees"),
            Some("if".into())
        );
        assert_eq!(
            rs.hypothetical("Y said ", "X must make concessions", " if they hope to"),
            None
        );
        assert_eq!(
            rs.hypothetical("If talks fail, ", "X will lend X", " money"),
            Some("If".into())
        );
        assert_eq!(rs.hedge_cue("X said the iffy plan would work"), None);
    }

    #[test]
    fn confidence_factors_and_rule_confidences_lie_in_0_1() {
        let kb = crate::ner::tests::kb();
        let sc = &kb.rules.scoring;
        for f in [sc.hedged, sc.outside_sentence, sc.long_match] {
            assert!((0.0..=1.0).contains(&f), "{f}");
        }
        assert!(sc.hedged < 0.5, "a hedged statement is never above 0.5");
        let text = include_str!("../../ontology/rules/relations.json")
            .replace("\"confidence\": 0.8}", "\"confidence\": 1.8}");
        let lexicon = kb.lexicon.clone();
        let err = RuleSet::parse(Path::new("relations.json"), &text, &lexicon, &kb.gazetteer)
            .unwrap_err();
        assert!(err.to_string().contains("not in 0..1"), "{err}");
    }

    #[test]
    fn a_counterpart_needs_its_object_mode_and_the_reverse() {
        let kb = crate::ner::tests::kb();
        let original = include_str!("../../ontology/rules/relations.json");
        let parse = |text: &str| {
            RuleSet::parse(
                Path::new("relations.json"),
                text,
                &kb.lexicon,
                &kb.gazetteer,
            )
            .map(|_| ())
            .map_err(|e| e.to_string())
        };
        let no_property = original.replace(", \"counterpart\": \"partnersWith\"", "");
        assert_ne!(no_property, original);
        let err = parse(&no_property).unwrap_err();
        assert!(
            err.contains("counterpart") && err.contains("relations.json"),
            "{err}"
        );
        let no_mode = original.replace("\"object\": \"counterpart\", ", "");
        assert_ne!(no_mode, original);
        assert!(parse(&no_mode).unwrap_err().contains("counterpart"));
        assert!(parse(original).is_ok());
    }

    #[test]
    fn a_class_noun_after_a_name_goes_in_the_compact_template() {
        let kb = crate::ner::tests::kb();
        let forms = kb
            .rules
            .compact("⟦0⟧ and the ⟦1⟧ union reached a deal; ⟦2⟧ company officials agreed");
        assert_eq!(
            forms,
            ["⟦0⟧ and the ⟦1⟧ reached a deal; ⟦2⟧ officials agreed"]
        );
    }

    #[test]
    fn self_referencing_macro_is_an_error() {
        let mut m = BTreeMap::new();
        m.insert("X".to_string(), "{X}".to_string());
        assert!(expand("{X}", &m).is_err());
    }
}

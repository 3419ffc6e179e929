//! The lexicon: word lists from `ontology/rules/lexicon.json` and `ontology/lexicon/*.txt`.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Whom a job title implies the holder works for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Employer {
    /// The government of the named place, or of the article's country.
    Government,
    /// The government of the named province or state.
    State,
    /// The named city.
    City,
    /// The named organization.
    Org,
}

/// A job title ("prime minister"), lower-case words.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Title {
    /// The words, lower case, space separated.
    pub words: String,
    /// Whom the holder works for.
    pub employer: Employer,
}

/// A common noun that refers back to an entity ("the union").
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Nominal {
    /// The head noun phrase, lower case ("union", "auto makers").
    pub head: String,
    /// The class of the entity it refers to.
    pub class: String,
    /// Whether it refers to a group ("the companies").
    #[serde(default)]
    pub plural: bool,
}

/// Word lists that drive mention detection and resolution.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Lexicon {
    /// Words that end with a period without ending a sentence.
    pub abbreviations: HashSet<String>,
    /// Job titles.
    pub titles: Vec<Title>,
    /// Name-final word -> organization class.
    pub org_suffixes: HashMap<String, String>,
    /// Words that head an association's name ("Federation"): with an occupation, a union.
    pub association_heads: HashSet<String>,
    /// Occupations in plural ("Pilots", "Attendants") that make an association a union.
    pub occupation_plurals: HashSet<String>,
    /// Head words that can take an "of" complement inside a name.
    pub org_heads: HashSet<String>,
    /// Legal-form suffixes dropped from canonical names.
    pub legal_suffixes: HashSet<String>,
    /// Name-final words that make a place ("Street").
    pub place_suffixes: HashSet<String>,
    /// Phrases that mark a following "X's Y" as a byline.
    pub byline_cues: Vec<String>,
    /// Words that open a sentence before a title and are not part of it ("But").
    pub title_stop_words: HashSet<String>,
    /// Capitalized words that qualify a title before its employer ("Assistant U.S. Trade
    /// Representative"): not the employer's name.
    pub title_qualifiers: HashSet<String>,
    /// Verbs of saying.
    pub speech_verbs: HashSet<String>,
    /// Verbs that make a country an actor (its government).
    pub actor_verbs: HashSet<String>,
    /// Words that may stand between an acting country and its verb ("Turkey has agreed").
    pub actor_auxiliaries: HashSet<String>,
    /// Nouns that make a possessive country an actor ("Canada's decision").
    pub actor_possessions: HashSet<String>,
    /// Nouns after which "with", "from", "by" or "between" and a country make the country
    /// a party, so its government ("a joint venture agreement with Italy").
    pub actor_partner_nouns: HashSet<String>,
    /// "government", "governments", "administration".
    pub government_nouns: HashSet<String>,
    /// "federal", "national".
    pub national_modifiers: HashSet<String>,
    /// "provincial", "state".
    pub regional_modifiers: HashSet<String>,
    /// "Government of {}".
    pub government_name_template: String,
    /// Words of place names that take "the" ("United", "Netherlands"): "Government of the
    /// United Kingdom".
    pub definite_place_words: HashSet<String>,
    /// Nominal mentions.
    pub nominals: Vec<Nominal>,
    /// Plural nouns for an organization's people ("bargainers", "members"): a bare nominal
    /// head before one is a mention ("union bargainers").
    pub member_nouns: HashSet<String>,
    /// Determiners before nominals.
    pub nominal_determiners: Vec<String>,
    /// "his", "her", "their", "its".
    pub possessive_determiners: HashSet<String>,
    /// Lower-case words that may describe the organization a nominal refers back to,
    /// between its determiner and its head ("the troubled carmaker", "the oil group").
    pub nominal_modifiers: HashSet<String>,
    /// Second words of hyphenated compounds that may do the same ("based" in "the
    /// Miami-based airline").
    pub nominal_modifier_suffixes: HashSet<String>,
    /// Words before a name that only an organization follows ("shares in", "stake in").
    pub organization_context_before: Vec<String>,
    /// Words after a name that only an organization takes ("shares", "'s shareholders").
    pub organization_context_after: Vec<String>,
    /// "he", "she".
    pub person_pronouns: HashSet<String>,
    /// "their".
    pub group_pronouns: HashSet<String>,
    /// "it": an organization named before, when it follows a speech verb or one of
    /// `organization_pronoun_cues` and is not an expletive ("it is likely").
    pub organization_pronouns: HashSet<String>,
    /// Nouns for an organization's parts ("unit", "marques"): "its" before one (within
    /// seven tokens) is a mention of the organization named last.
    pub unit_nouns: HashSet<String>,
    /// Words before "it" that make it an organization ("that": "a report that it had").
    pub organization_pronoun_cues: HashSet<String>,
    /// Words between a speech verb and an organization pronoun ("said on Monday it").
    pub speech_time_words: HashSet<String>,
    /// Words after "it" that make it an expletive, not an organization ("is", "was").
    pub expletive_followers: HashSet<String>,
    /// Nouns after which "their" is a mention of the group it refers to ("their plans").
    pub group_pronoun_heads: HashSet<String>,
    /// Courtesy titles before a name ("Mr", "Sen.").
    pub honorifics: HashSet<String>,
    /// Words right before a person's name ("named", "Mr.").
    pub person_cues: HashSet<String>,
    /// Lower-case words allowed inside names.
    pub name_connectors: HashSet<String>,
    /// Lower-case particles inside a person's name, between capitalized words ("de" in
    /// "Rodrigo de Rato").
    pub name_particles: HashSet<String>,
    /// Nouns after "X-Y" that make it two parties, not one name ("merger" in
    /// "the Dixon-Cyclops merger"; lower-case).
    pub pair_nouns: HashSet<String>,
    /// Currency words after an amount ("110 mln dlrs"): lower-case phrase -> ISO 4217
    /// code, or `$` for the dollar of the article's country (US dollars elsewhere).
    pub currency_words: std::collections::BTreeMap<String, String>,
    /// Capitalized words that name a numbered branch ("Local" in "UAW Local 594"): a number
    /// after one is part of the name, and an organization named after another plus one of
    /// them is its branch.
    pub branch_words: HashSet<String>,
    /// Words that are normally lower case in running text (lower-cased).
    #[serde(skip)]
    pub common_words: HashSet<String>,
    /// Given names (as written).
    #[serde(skip)]
    pub given_names: HashSet<String>,
    /// Weekdays, months, holidays (lower-cased).
    #[serde(skip)]
    pub calendar: HashSet<String>,
    /// The nominals' one-word heads ("union", "company"): ordinary words, though a
    /// sentence may open with one.
    #[serde(skip)]
    pub nominal_heads: HashSet<String>,
    /// Capitalized phrases that are never entities (market indices...).
    #[serde(skip)]
    pub not_entities: HashSet<String>,
}

impl Lexicon {
    /// Parses `lexicon.json`.
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        let mut lex: Lexicon = serde_json::from_str(text).map_err(|e| Error::Ontology {
            path: path.to_path_buf(),
            line: e.line(),
            message: e.to_string(),
        })?;
        lex.titles.sort_by_key(|t| std::cmp::Reverse(t.words.len()));
        lex.nominals
            .sort_by_key(|n| std::cmp::Reverse(n.head.len()));
        lex.nominal_heads = lex
            .nominals
            .iter()
            .filter(|n| !n.head.contains(' '))
            .map(|n| n.head.clone())
            .collect();
        lex.nominal_determiners
            .sort_by_key(|d| std::cmp::Reverse(d.len()));
        Ok(lex)
    }

    /// The government name for a place ("Government of Canada", "Government of the United
    /// Kingdom").
    #[must_use]
    pub fn government_name(&self, place: &str) -> String {
        if place
            .split(' ')
            .any(|w| self.definite_place_words.contains(w))
        {
            self.government_name_template
                .replace("{}", &format!("the {place}"))
        } else {
            self.government_name_template.replace("{}", place)
        }
    }

    /// Whether a word names a union's or an organization's numbered branch ("Local",
    /// "local", "Lodge"), its first letter in either case.
    #[must_use]
    pub fn is_branch_word(&self, word: &str) -> bool {
        // Equal but for the first letter's case (both are then ASCII, so slicing is safe).
        self.branch_words
            .iter()
            .any(|b| b.eq_ignore_ascii_case(word) && b[1..] == word[1..])
    }

    /// Whom the holder of a title phrase works for: that of the longest title it ends
    /// with ("the chancellor of the exchequer" is a government's; "said president" an
    /// organization's). Case is ignored.
    #[must_use]
    pub fn title_employer(&self, phrase: &str) -> Option<Employer> {
        let phrase = phrase.to_lowercase();
        self.titles
            .iter()
            .filter(|t| {
                phrase == t.words
                    || phrase
                        .strip_suffix(t.words.as_str())
                        .is_some_and(|rest| rest.ends_with(' '))
            })
            .max_by_key(|t| t.words.len())
            .map(|t| t.employer)
    }

    /// Whether a capitalized word names members of a union: an occupation ("Pilots"), a
    /// trade's workers in one word ("Glassworkers"), or a word `org_suffixes` makes a union
    /// ("Workers").
    #[must_use]
    pub fn is_occupation(&self, word: &str) -> bool {
        is_trade_workers(word) || self.occupation_plurals.contains(word) || self.is_union_word(word)
    }

    /// Whether `org_suffixes` makes a name that ends with `word` a union ("Workers",
    /// "Union", "Guild").
    #[must_use]
    pub fn is_union_word(&self, word: &str) -> bool {
        self.org_suffixes
            .get(word)
            .is_some_and(|c| c == "WorkersUnion")
    }

    /// The class a descriptor written right before a name gives it: a nominal's singular
    /// head other than "government" ("carmaker Fiat", "Miner Highland Gold", "the auto
    /// maker Tabor"). `before` is the text of the one or two words before the name.
    #[must_use]
    pub fn descriptor_class(&self, one: &str, two: &str) -> Option<&str> {
        let (one, two) = (one.to_lowercase(), two.to_lowercase());
        self.nominals
            .iter()
            .find(|n| !n.plural && (n.head == one || n.head == two))
            .map(|n| n.class.as_str())
            .filter(|c| *c != "GovernmentOrganization")
    }

    /// Whether a word is an ordinary lower-case word of English (or a calendar word).
    #[must_use]
    pub fn is_common(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        self.common_words.contains(&lower)
            || self.calendar.contains(&lower)
            || self.nominal_heads.contains(&lower)
    }
}

/// One entry per non-empty, non-`#` line, trimmed; lower-cased when `lower`.
pub(super) fn word_list(text: &str, lower: bool) -> HashSet<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            if lower {
                l.to_lowercase()
            } else {
                l.to_string()
            }
        })
        .collect()
}

/// "Glassworkers", "Metalworkers": a trade's workers in one capitalized word.
#[must_use]
pub fn is_trade_workers(word: &str) -> bool {
    word.len() > "workers".len()
        && word.ends_with("workers")
        && word.starts_with(|c: char| c.is_uppercase())
}

//! Shared data that flows between the pipeline stages.
//!
//! Every stage consumes the previous stage's output by reference and returns owned
//! values of these types. Spans are byte offsets into the original article text and are
//! never rewritten by later stages, so evidence is always a slice of the article.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// The identifier of an article: its file name (or `stdin-<hash>` for standard input).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DocId(pub String);

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A half-open byte range `start..end` into an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// Builds a span; `start <= end` is the caller's invariant.
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The covered slice of `text` (empty when the span does not fit the text).
    #[must_use]
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Whether the two spans share at least one byte.
    #[must_use]
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies inside `self`.
    #[must_use]
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// One article, as read by `ingest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Identifier (file name).
    pub id: DocId,
    /// The full UTF-8 text.
    pub text: String,
    /// Lower-case hex SHA-256 of the text bytes.
    pub sha256: String,
}

/// A word or punctuation token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where the token is in the article.
    pub span: Span,
}

/// A sentence with its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Where the sentence is in the article (trimmed of surrounding whitespace).
    pub span: Span,
    /// Index of the paragraph (blank-line separated block) the sentence belongs to.
    pub paragraph: usize,
    /// Tokens in order.
    pub tokens: Vec<Token>,
}

/// How a mention names its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MentionKind {
    /// A proper name ("Canadian Auto Workers", "Ken Lewenza").
    Name,
    /// An all-capitals abbreviation ("CAW").
    Acronym,
    /// A common-noun phrase that refers back ("the union", "the company").
    Nominal,
    /// A pronoun ("he", "his union").
    Pronoun,
}

/// One reference to an entity in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Where in the article.
    pub span: Span,
    /// The text as written.
    pub surface: String,
    /// Ontology class local name (`WorkersUnion`, `Person`...).
    pub class: String,
    /// Name, acronym, nominal or pronoun.
    pub kind: MentionKind,
    /// Index of the sentence that holds the mention.
    pub sentence: usize,
    /// The rule that found it (`gazetteer`, `org-suffix`, `title-person`...).
    pub rule: String,
    /// Canonical names of the entities this mention stands for when they are not written
    /// out as such ("the federal and Ontario governments" -> two governments); empty for
    /// ordinary names.
    pub targets: Vec<String>,
    /// For each target, the name form this mention gives it ("federal government").
    pub target_aliases: Vec<String>,
}

/// A mention as attached to a resolved entity, with the rule that linked it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MentionLink {
    /// Where in the article.
    pub span: Span,
    /// The text as written.
    pub surface: String,
    /// Why this mention belongs to the entity: the merge rule (`canonical-name`,
    /// `gazetteer`, `legal-suffix`, `acronym`, `surname`, `misspelling`, `nominal`,
    /// `pronoun`...; the full list is in `ontology/newsgraph.ttl` under `ng:mergeRule`).
    pub rule: String,
    /// The name form the rule linked it to: the expansion of an acronym, the full name of
    /// a surname, the correct spelling of a misspelling, the antecedent of a nominal or
    /// pronoun, the canonical name otherwise.
    pub linked_to: String,
}

/// One real-world thing: all mentions of it in an article merged into one node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Deterministic IRI minted from the canonical name.
    pub iri: String,
    /// The canonical (fullest) name.
    pub name: String,
    /// Ontology class local name.
    pub class: String,
    /// Every other proper-name form seen (not pronouns or nominals).
    pub aliases: BTreeSet<String>,
    /// The mentions that were merged into this entity.
    pub mentions: Vec<MentionLink>,
    /// Whether the class rests on guesses only (the tagger's reading, a default, an
    /// acronym's capitals): a relation whose pattern needs another class may retype it.
    #[serde(default)]
    pub class_guessed: bool,
}

/// A money amount or a count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// The value in units (3 billion = 3000000000).
    pub value: f64,
    /// ISO 4217 code when the amount is money.
    pub currency: Option<String>,
}

/// One assertion of a relation, with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// IRI of the subject entity.
    pub subject: String,
    /// Ontology property local name (`loansTo`, `numberOfEmployees`...).
    pub property: String,
    /// IRI of the object entity; `None` for a datatype property such as `numberOfEmployees`.
    pub object: Option<String>,
    /// A loan amount or an employee count.
    pub amount: Option<Amount>,
    /// A job title, for `worksFor`.
    pub title: Option<String>,
    /// The sentence stating it.
    pub evidence: Span,
    /// The id of the rule that fired.
    pub rule: String,
    /// How much the statement is trusted, in `0..=1`: the rule's base confidence, lowered
    /// for hedged, out-of-sentence and long-range evidence (see `relations::engine`).
    pub confidence: f64,
    /// The hypothetical cue ("if", "could", "threatened to") that makes the statement a
    /// possibility rather than a fact; a hedged relation is recorded as a statement only,
    /// without the direct triple.
    pub hedge: Option<String>,
}

/// A direct quotation and who said it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quotation {
    /// The quoted words, without the quotation marks.
    pub span: Span,
    /// IRI of the speaker, when attributed.
    pub speaker: Option<String>,
    /// The rule that attributed it.
    pub rule: String,
}

/// Everything extracted from one article: the unit that is written to the store atomically.
#[derive(Debug, Clone)]
pub struct ArticleGraph {
    /// The article itself.
    pub document: Document,
    /// Its entities, sorted by IRI.
    pub entities: Vec<Entity>,
    /// Its relations, sorted.
    pub relations: Vec<Relation>,
    /// Its quotations, in text order.
    pub quotations: Vec<Quotation>,
}

//! CoNLL-2003 column files and conlleval-style entity scoring.
//!
//! [`read`] parses the `token POS chunk NER` format (any number of columns: the first is
//! the word, the last the tag) into documents of sentences, split at `-DOCSTART-` lines
//! and blank lines; files without a final newline are fine. [`chunks`] reads entity
//! spans out of B/I/O tags exactly as the conlleval script does (so IOB1 and IOB2 files
//! score the same), and [`Score`] counts exact span-and-type matches per type and
//! overall, micro-averaged, and renders conlleval's report.
//!
//! It knows nothing about how the tags were predicted: that is [`super::tagger`].

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// One token of a CoNLL file: the word and its NER tag (`O`, `B-PER`, `I-LOC`...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word as written.
    pub word: String,
    /// The tag in the last column.
    pub tag: String,
}

/// A sentence: tokens in order.
pub type Sentence = Vec<Token>;

/// A document: the sentences between two `-DOCSTART-` lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    /// Sentences in order (none is empty).
    pub sentences: Vec<Sentence>,
}

impl Doc {
    /// The words of each sentence.
    #[must_use]
    pub fn words(&self) -> Vec<Vec<&str>> {
        self.sentences
            .iter()
            .map(|s| s.iter().map(|t| t.word.as_str()).collect())
            .collect()
    }

    /// Number of tokens.
    #[must_use]
    pub fn tokens(&self) -> usize {
        self.sentences.iter().map(Vec::len).sum()
    }
}

/// Reads a CoNLL file from disk; errors name the file and line.
pub fn read_file(path: &Path) -> Result<Vec<Doc>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    read(path, &text)
}

/// Parses CoNLL text. `path` only names the input in errors.
pub fn read(path: &Path, text: &str) -> Result<Vec<Doc>> {
    let mut docs: Vec<Doc> = Vec::new();
    let mut doc = Doc::default();
    let mut sentence: Sentence = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let Some((&word, rest)) = cols.split_first() else {
            if !sentence.is_empty() {
                doc.sentences.push(std::mem::take(&mut sentence));
            }
            continue;
        };
        if word == "-DOCSTART-" {
            if !sentence.is_empty() {
                doc.sentences.push(std::mem::take(&mut sentence));
            }
            if !doc.sentences.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        let Some(&tag) = rest.last() else {
            return Err(Error::BadInput {
                path: path.to_path_buf(),
                reason: format!(
                    "line {}: expected at least two columns (word ... tag), found {line:?}",
                    i + 1
                ),
            });
        };
        if parse_tag(tag).is_none() {
            return Err(Error::BadInput {
                path: path.to_path_buf(),
                reason: format!(
                    "line {}: {tag:?} is not a B-/I-/O tag (expected O, B-TYPE or I-TYPE)",
                    i + 1
                ),
            });
        }
        sentence.push(Token {
            word: word.to_string(),
            tag: tag.to_string(),
        });
    }
    if !sentence.is_empty() {
        doc.sentences.push(sentence);
    }
    if !doc.sentences.is_empty() {
        docs.push(doc);
    }
    if docs.is_empty() {
        return Err(Error::BadInput {
            path: path.to_path_buf(),
            reason: "no tokens: not a CoNLL column file".into(),
        });
    }
    Ok(docs)
}

/// Splits a tag into its prefix (`B`, `I` or `O`) and type (empty for `O`).
#[must_use]
pub fn parse_tag(tag: &str) -> Option<(char, &str)> {
    if tag == "O" {
        return Some(('O', ""));
    }
    let (prefix, kind) = tag.split_once('-')?;
    match prefix {
        "B" | "I" if !kind.is_empty() => prefix.chars().next().map(|c| (c, kind)),
        _ => None,
    }
}

/// An entity span over a sentence's tokens: `start..end` and its type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Chunk {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Entity type ("PER").
    pub kind: String,
}

/// The chunks of one sentence's tags, as conlleval reads them: a chunk starts at a `B-`
/// tag, or at an `I-` tag that follows `O` or a different type; it goes on over `I-` tags
/// of its type. Tags that do not parse count as `O`.
#[must_use]
pub fn chunks<S: AsRef<str>>(tags: &[S]) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (prefix, kind) = parse_tag(tag.as_ref()).unwrap_or(('O', ""));
        let begins = prefix == 'B' || (prefix == 'I' && open.is_none_or(|(_, k)| k != kind));
        if let Some((start, k)) = open {
            if prefix == 'O' || begins {
                out.push(Chunk {
                    start,
                    end: i,
                    kind: k.to_string(),
                });
                open = None;
            }
        }
        if begins {
            open = Some((i, kind));
        }
    }
    if let Some((start, k)) = open {
        out.push(Chunk {
            start,
            end: tags.len(),
            kind: k.to_string(),
        });
    }
    out
}

/// Counts of one entity type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted chunks that match a gold chunk exactly (span and type).
    pub correct: usize,
    /// Predicted chunks.
    pub found: usize,
    /// Gold chunks.
    pub gold: usize,
}

impl Counts {
    /// Precision in percent (0 when nothing was found).
    #[must_use]
    pub fn precision(&self) -> f64 {
        percent(self.correct, self.found)
    }

    /// Recall in percent.
    #[must_use]
    pub fn recall(&self) -> f64 {
        percent(self.correct, self.gold)
    }

    /// F1 in percent.
    #[must_use]
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn percent(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Entity-level scores, accumulated sentence by sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Score {
    /// Per entity type.
    pub by_type: BTreeMap<String, Counts>,
    /// Micro-averaged over all types.
    pub overall: Counts,
    /// Tokens seen.
    pub tokens: usize,
    /// Tokens whose predicted tag equals the gold tag.
    pub correct_tags: usize,
}

impl Score {
    /// Adds one sentence's gold and predicted tags (same length).
    pub fn add<G: AsRef<str>, P: AsRef<str>>(&mut self, gold: &[G], predicted: &[P]) {
        self.tokens += gold.len();
        self.correct_tags += gold
            .iter()
            .zip(predicted)
            .filter(|(g, p)| g.as_ref() == p.as_ref())
            .count();
        let g = chunks(gold);
        let p = chunks(predicted);
        for c in &g {
            self.by_type.entry(c.kind.clone()).or_default().gold += 1;
            self.overall.gold += 1;
        }
        for c in &p {
            let counts = self.by_type.entry(c.kind.clone()).or_default();
            counts.found += 1;
            self.overall.found += 1;
            if g.contains(c) {
                counts.correct += 1;
                self.overall.correct += 1;
            }
        }
    }

    /// Token-level tag accuracy in percent.
    #[must_use]
    pub fn accuracy(&self) -> f64 {
        percent(self.correct_tags, self.tokens)
    }

    /// The report conlleval prints: totals, overall line, one line per type (with the
    /// number of chunks found).
    #[must_use]
    pub fn report(&self) -> String {
        let mut s = String::new();
        let o = &self.overall;
        // Writing into a String cannot fail.
        let _ = writeln!(
            s,
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.",
            self.tokens, o.gold, o.found, o.correct
        );
        let _ = writeln!(
            s,
            "accuracy: {:6.2}%; precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}",
            self.accuracy(),
            o.precision(),
            o.recall(),
            o.f1()
        );
        for (kind, c) in &self.by_type {
            let _ = writeln!(
                s,
                "{kind:>17}: precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  {}",
                c.precision(),
                c.recall(),
                c.f1(),
                c.found
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(start: usize, end: usize, kind: &str) -> Chunk {
        Chunk {
            start,
            end,
            kind: kind.into(),
        }
    }

    #[test]
    fn reads_documents_sentences_and_a_missing_final_newline() {
        let text = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n-DOCSTART- -X- -X- O\n\nBRUSSELS NNP B-NP B-LOC";
        let docs = read(Path::new("t.conll"), text).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        assert_eq!(
            docs[0].words(),
            vec![vec!["EU", "rejects"], vec!["Peter", "Blackburn"]]
        );
        assert_eq!(docs[0].sentences[1][1].tag, "I-PER");
        assert_eq!(docs[1].words(), vec![vec!["BRUSSELS"]]);
        assert_eq!(docs[0].tokens() + docs[1].tokens(), 5);
    }

    #[test]
    fn bad_tags_and_empty_files_are_errors_naming_file_and_line() {
        let err = read(Path::new("x.conll"), "EU B-ORG\nfoo X-BAR\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("x.conll") && msg.contains("line 2"), "{msg}");
        assert!(read(Path::new("e.conll"), "\n\n").is_err());
        assert!(read(Path::new("one.conll"), "lonely\n").is_err());
    }

    #[test]
    fn chunks_follow_conlleval_for_iob1_and_iob2() {
        // IOB2
        assert_eq!(
            chunks(&["B-PER", "I-PER", "O", "B-LOC", "B-LOC"]),
            vec![chunk(0, 2, "PER"), chunk(3, 4, "LOC"), chunk(4, 5, "LOC")]
        );
        // IOB1: I- after O starts a chunk; a type change starts a new one.
        assert_eq!(
            chunks(&["I-ORG", "I-ORG", "I-LOC", "O", "I-PER"]),
            vec![chunk(0, 2, "ORG"), chunk(2, 3, "LOC"), chunk(4, 5, "PER")]
        );
        assert!(chunks(&["O", "O"]).is_empty());
    }

    #[test]
    fn score_counts_exact_span_and_type_matches() {
        let mut s = Score::default();
        // gold: PER 0..2, LOC 3..4 ; predicted: PER 0..1 (wrong span), LOC 3..4 (right)
        s.add(
            &["B-PER", "I-PER", "O", "B-LOC"],
            &["B-PER", "O", "O", "B-LOC"],
        );
        // gold: ORG 0..1 ; predicted: MISC 0..1 (wrong type)
        s.add(&["B-ORG", "O"], &["B-MISC", "O"]);
        assert_eq!(
            s.overall,
            Counts {
                correct: 1,
                found: 3,
                gold: 3
            }
        );
        assert_eq!(s.by_type["LOC"].f1(), 100.0);
        assert_eq!(s.by_type["PER"].f1(), 0.0);
        assert_eq!(s.by_type["MISC"].gold, 0);
        assert!((s.overall.f1() - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.tokens, 6);
        assert_eq!(s.correct_tags, 4);
        let report = s.report();
        assert!(
            report.starts_with("processed 6 tokens with 3 phrases; found: 3 phrases; correct: 1."),
            "{report}"
        );
        assert!(
            report
                .contains("              LOC: precision: 100.00%; recall: 100.00%; FB1: 100.00  1"),
            "{report}"
        );
    }
}

//! Tokenizer: words (with inner apostrophes), dotted abbreviations ("U.S."), numbers with
//! separators ("12,000", "3.5") and single punctuation marks, each with its byte span.
//! Hyphens are tokens of their own, so "GM-CAW" yields `GM`, `-`, `CAW`.

use crate::model::{Span, Token};
use regex::Regex;
use std::sync::OnceLock;

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Order matters: the alternation takes the first branch that matches.
        let src = r"(?x)
            \p{Lu}\.(?:\p{L}\.)+          # U.S. / U.K. / U.S.A.
          | \d+(?:[.,]\d+)*               # 12,000  3.5
          | ['’]s\b                      # possessive 's, a token of its own
          | \p{Lu}{1,3}&\p{Lu}{1,3}\b      # AT&T, S&N: initials joined by an ampersand
          | [\p{L}\p{N}]+(?:['’](?:[\p{L}&&[^s]]|s\p{L})[\p{L}]*)*  # words, can't, we're
          | \S                            # any other single character
        ";
        // The pattern is a constant and is covered by the unit tests below.
        #[allow(clippy::unwrap_used)]
        Regex::new(src).unwrap()
    })
}

/// Tokenizes `text[span]`, returning tokens with spans into the full `text`.
#[must_use]
pub fn tokenize(text: &str, span: Span) -> Vec<Token> {
    let slice = span.slice(text);
    pattern()
        .find_iter(slice)
        .map(|m| Token {
            span: Span::new(span.start + m.start(), span.start + m.end()),
        })
        .collect()
}

/// Whether a token's text starts with an upper-case letter.
#[must_use]
pub fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a token is written in capitals only ("CAW", "U.S."), at least two letters.
#[must_use]
pub fn is_all_caps(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && word.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, Span::new(0, text.len()))
            .iter()
            .map(|t| t.span.slice(text))
            .collect()
    }

    #[test]
    fn splits_words_numbers_abbreviations_and_hyphens() {
        assert_eq!(
            words("GM-CAW's U.S. deal: $3 billion, 12,000 jobs."),
            vec![
                "GM", "-", "CAW", "'s", "U.S.", "deal", ":", "$", "3", "billion", ",", "12,000",
                "jobs", "."
            ]
        );
    }

    #[test]
    fn contractions_stay_whole_and_possessives_split() {
        assert_eq!(
            words("We're sure it's Chrysler’s"),
            vec!["We're", "sure", "it", "'s", "Chrysler", "’s"]
        );
        assert_eq!(words("can't stop"), vec!["can't", "stop"]);
    }

    #[test]
    fn initials_joined_by_an_ampersand_are_one_word() {
        assert_eq!(
            words("S&N's chief and AT&T, not Procter & Gamble"),
            vec!["S&N", "'s", "chief", "and", "AT&T", ",", "not", "Procter", "&", "Gamble"]
        );
    }

    #[test]
    fn spans_point_into_the_full_text() {
        let text = "Héllo “Chrysler” said";
        let toks = tokenize(text, Span::new(0, text.len()));
        assert_eq!(toks[2].span.slice(text), "Chrysler");
        assert_eq!(toks.len(), 5);
    }

    #[test]
    fn capitalization_helpers() {
        assert!(is_capitalized("Chrysler"));
        assert!(!is_capitalized("union"));
        assert!(is_all_caps("CAW"));
        assert!(is_all_caps("U.S."));
        assert!(!is_all_caps("A"));
        assert!(!is_all_caps("Corp"));
    }
}

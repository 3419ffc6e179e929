//! Sentence splitter. Paragraphs (blank-line separated blocks, or single lines that end
//! without punctuation, like headlines) are hard boundaries; inside a paragraph a sentence
//! ends at `.`, `!` or `?` (plus closing quotes or brackets) followed by white space and an
//! upper-case letter, digit or opening quote, unless the word before is a known abbreviation.

use super::tokens::tokenize;
use crate::model::{Sentence, Span};
use std::collections::HashSet;

/// Splits `text` into sentences with tokens. `abbreviations` are words that end with a
/// period without ending a sentence ("Corp", "Mr", "Jan"), compared without the period
/// and case-sensitively.
#[must_use]
pub fn split(text: &str, abbreviations: &HashSet<String>) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (paragraph, block) in paragraphs(text).into_iter().enumerate() {
        for span in sentences_in(text, block, abbreviations) {
            let tokens = tokenize(text, span);
            if !tokens.is_empty() {
                out.push(Sentence {
                    span,
                    paragraph,
                    tokens,
                });
            }
        }
    }
    out
}

/// Blocks separated by blank lines. A short line (six words at most) that ends without
/// sentence punctuation and is followed by a capitalized line also closes its block: a
/// headline or crosshead. Longer unpunctuated lines are hard-wrapped text (newswire) and
/// run on into the next line.
fn paragraphs(text: &str) -> Vec<Span> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line))
        })
        .collect();
    let mut blocks = Vec::new();
    let mut start: Option<usize> = None;
    for (k, &(line_start, line)) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(s) = start.take() {
                blocks.push(Span::new(s, line_start));
            }
            continue;
        }
        if start.is_none() {
            start = Some(line_start);
        }
        let ends_open =
            !trimmed.ends_with(['.', '!', '?', '"', '\'', '”', '’', ')', ':', ',', ';']);
        let short = trimmed.split_whitespace().count() <= 6;
        let next = lines.get(k + 1).map(|(_, next)| next.trim());
        let next_capitalized = next
            .and_then(|next| next.chars().next())
            .is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“'));
        // A wire story is wrapped at about 60 characters, and its first line is often short
        // (the dateline was cut off): a next line of wrapped length that ends open carries
        // the same sentence on ("chairman Paul / Volcker said a combination of the").
        let wrapped_length = |l: &str| (30..=90).contains(&l.chars().count());
        let after = lines.get(k + 2).map(|(_, l)| l.trim());
        let next_wrapped = next.is_some_and(|next| {
            wrapped_length(next)
                && (!next.ends_with(['.', '!', '?', '"', '”', ':'])
                    || after.is_some_and(|a| !a.is_empty() && wrapped_length(a)))
        });
        if ends_open && short && next_capitalized && !next_wrapped {
            if let Some(s) = start.take() {
                blocks.push(Span::new(s, line_start + line.len()));
            }
        }
    }
    if let Some(s) = start {
        blocks.push(Span::new(s, text.len()));
    }
    blocks.into_iter().filter_map(|b| trim(text, b)).collect()
}

fn trim(text: &str, span: Span) -> Option<Span> {
    let slice = span.slice(text);
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    let s = Span::new(span.start + lead, span.end - trail);
    (s.start < s.end).then_some(s)
}

fn sentences_in(text: &str, block: Span, abbreviations: &HashSet<String>) -> Vec<Span> {
    let slice = block.slice(text);
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if matches!(c, '.' | '!' | '?') {
            // Swallow closing quotes and brackets after the mark.
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '\'' | '”' | '’' | ')' | ']') {
                j += 1;
            }
            let end = chars.get(j).map_or(slice.len(), |&(p, _)| p);
            let followed_by_space = chars.get(j).is_some_and(|&(_, ch)| ch.is_whitespace());
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            let next_opens = chars.get(k).is_some_and(|&(_, ch)| {
                ch.is_uppercase()
                    || ch.is_ascii_digit()
                    || matches!(ch, '"' | '“' | '\'' | '‘' | '(')
            });
            if followed_by_space
                && next_opens
                && !(c == '.' && is_abbreviation(&slice[..pos], abbreviations))
            {
                if let Some(s) = trim(text, Span::new(block.start + start, block.start + end)) {
                    out.push(s);
                }
                start = end;
                i = k;
                continue;
            }
        }
        i += 1;
    }
    if let Some(s) = trim(text, Span::new(block.start + start, block.end)) {
        out.push(s);
    }
    out
}

/// Whether the word right before a period is an abbreviation ("Corp", "U.S", "Mr") or a
/// single capital letter (an initial, "John F. Kennedy").
fn is_abbreviation(before: &str, abbreviations: &HashSet<String>) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    // Dotted abbreviations such as "U.S" (its final period is the one being tested).
    let dotted = word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2);
    single_initial || dotted || abbreviations.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        let abbr: HashSet<String> = ["Corp", "Mr"].iter().map(|s| (*s).to_string()).collect();
        split(text, &abbr)
            .iter()
            .map(|s| s.span.slice(text))
            .collect()
    }

    #[test]
    fn splits_on_sentence_punctuation_before_capitals() {
        assert_eq!(
            sents("GM agreed. The union did not."),
            vec!["GM agreed.", "The union did not."]
        );
    }

    #[test]
    fn keeps_abbreviations_and_dotted_acronyms_inside() {
        assert_eq!(
            sents("General Motors Corp. CEO Fritz Henderson spoke. U.S. President Obama said so."),
            vec![
                "General Motors Corp. CEO Fritz Henderson spoke.",
                "U.S. President Obama said so."
            ]
        );
        assert_eq!(
            sents("Talks in the U.S. The end."),
            vec!["Talks in the U.S. The end."]
        );
    }

    #[test]
    fn closing_quote_stays_with_its_sentence() {
        assert_eq!(
            sents("\"We can't,\" he said. \"We won't.\" Then he left."),
            vec!["\"We can't,\" he said.", "\"We won't.\"", "Then he left."]
        );
    }

    #[test]
    fn hard_wrapped_lines_run_on() {
        let text = "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought since early\nJanuary and improving prospects.";
        assert_eq!(sents(text).len(), 1);
    }

    #[test]
    fn a_short_first_line_of_a_wrapped_story_runs_on() {
        let text = "Federal Reserve Board chairman Paul\nVolcker said a combination of the Federal\nDeposit Insurance Corp could be contemplated.";
        assert_eq!(sents(text).len(), 1);
        // A short heading over a paragraph that is not wrapped stays a sentence of its own.
        let text = "Union rejects offer\nThe Lakeshore Workers Union rejected the offer on Monday, its president said.";
        assert_eq!(sents(text).len(), 2);
    }

    #[test]
    fn headlines_and_paragraphs_are_boundaries() {
        let text = "Talk of mergers\n\nLewenza said no.\nHe left";
        let s = split(text, &HashSet::new());
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].span.slice(text), "Talk of mergers");
        assert_eq!(s[1].paragraph, 1);
        assert_eq!(s[2].span.slice(text), "He left");
    }
}

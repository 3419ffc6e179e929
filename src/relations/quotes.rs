//! Direct quotations and their speakers.
//!
//! A quotation is text between double quotation marks (straight or curly) of at least three
//! words; a quotation left open at the end of a paragraph runs to its end. Its speaker is, in
//! this order: the person right after it with a speech verb (`"...," Lewenza said`, `"...,"
//! said Industry Minister Tony Clement`, `"...," Yates, of McMaster University, told`), the
//! subject of the speech verb before it in the same sentence (`Harper said that "..."`), or
//! the speaker of the previous quotation of the same paragraph (a quote that goes on after
//! `he said.`).

use crate::model::{Document, Entity, Mention, Sentence, Span};
use crate::ontology::Knowledge;

/// A quotation found in an article.
#[derive(Debug, Clone)]
pub struct Quote {
    /// The quoted words, without the marks.
    pub span: Span,
    /// The quotation with its marks.
    pub outer: Span,
    /// Paragraph index.
    pub paragraph: usize,
    /// The speaker entity, when attributed.
    pub speaker: Option<usize>,
    /// How it was attributed.
    pub rule: String,
}

/// Finds the quotations of an article and attributes them.
#[must_use]
pub fn find(
    doc: &Document,
    sentences: &[Sentence],
    mentions: &[Mention],
    refers: &[Vec<usize>],
    entities: &[Entity],
    kb: &Knowledge,
) -> Vec<Quote> {
    let text = &doc.text;
    let mut quotes = Vec::new();
    // Paragraph spans from their sentences.
    let mut paragraphs: Vec<(usize, Span)> = Vec::new();
    for s in sentences {
        match paragraphs.last_mut() {
            Some((p, span)) if *p == s.paragraph => span.end = s.span.end,
            _ => paragraphs.push((s.paragraph, s.span)),
        }
    }
    for &(p, para) in &paragraphs {
        let mut open: Option<usize> = None;
        for (i, c) in para.slice(text).char_indices() {
            let at = para.start + i;
            match (c, open) {
                ('“', _) => open = Some(at),
                ('"', None) => open = Some(at),
                ('"' | '”', Some(o)) => {
                    quotes.push(make(text, o, at + c.len_utf8(), p));
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(o) = open {
            quotes.push(make(text, o, para.end, p));
        }
    }
    quotes.retain(|q| q.span.slice(text).split_whitespace().count() >= 3);

    let speaker_of = |m: usize| -> Option<usize> {
        let r = &refers[m];
        (r.len() == 1 && matches!(kb.coarse(&entities[r[0]].class), "Person" | "Organization"))
            .then(|| r[0])
    };
    let speech = |w: &str| kb.lexicon.speech_verbs.contains(&w.to_lowercase());
    for qi in 0..quotes.len() {
        let q = quotes[qi].clone();
        let sentence = sentences.iter().find(|s| {
            s.span.start <= q.outer.end.saturating_sub(1) && q.outer.end <= s.span.end + 1
        });
        let mut found = None;
        // After: `"...," Lewenza said` / `"...," said Tony Clement`.
        if let Some(s) = sentence {
            if let Some(m) = (0..mentions.len()).find(|&m| {
                mentions[m].span.start >= q.outer.end
                    && mentions[m].span.end <= s.span.end
                    && !refers[m].is_empty()
            }) {
                let between = &text[q.outer.end..mentions[m].span.start];
                let words: Vec<&str> = between
                    .split(|c: char| !c.is_alphanumeric() && c != '\'')
                    .filter(|w| !w.is_empty())
                    .collect();
                let verb_first = words.first().is_some_and(|w| speech(w)) && words.len() <= 5;
                let adjacent = words.is_empty()
                    && followed_by_speech(text, mentions[m].span.end, s.span.end, &speech);
                if verb_first || adjacent {
                    found = speaker_of(m).map(|e| (e, "after-quote"));
                    // `said Wembley chairman Claes Hultman`: the person, not the company.
                    let organization =
                        found.is_some_and(|(e, _)| kb.coarse(&entities[e].class) == "Organization");
                    if organization {
                        let person = (m + 1..mentions.len())
                            .take_while(|&k| mentions[k].span.end <= s.span.end)
                            .find(|&k| {
                                refers[k].len() == 1
                                    && kb.coarse(&entities[refers[k][0]].class) == "Person"
                            })
                            .filter(|&k| {
                                text[mentions[m].span.end..mentions[k].span.start]
                                    .split_whitespace()
                                    .count()
                                    <= 4
                            });
                        if let Some(k) = person {
                            found = Some((refers[k][0], "after-quote"));
                        }
                    }
                }
            }
        }
        // Before, in the sentence that opens the quotation: `Harper told ... that "..."`.
        if found.is_none() {
            if let Some(s) = sentences
                .iter()
                .find(|s| s.span.start <= q.outer.start && q.outer.start < s.span.end)
            {
                let region = Span::new(s.span.start, q.outer.start);
                let region_text = region.slice(text);
                let verb_at = region_text
                    .match_indices(|c: char| c.is_alphabetic())
                    .map(|(i, _)| i)
                    .filter(|&i| i == 0 || !region_text[..i].ends_with(|c: char| c.is_alphabetic()))
                    .rfind(|&i| {
                        let w: String = region_text[i..]
                            .chars()
                            .take_while(|c| c.is_alphabetic())
                            .collect();
                        speech(&w)
                    });
                if let Some(v) = verb_at {
                    let verb_pos = region.start + v;
                    found = (0..mentions.len())
                        .rfind(|&m| {
                            mentions[m].span.start >= region.start
                                && mentions[m].span.end <= verb_pos
                                && speaker_of(m).is_some()
                        })
                        .and_then(|m| speaker_of(m).map(|e| (e, "before-quote")));
                }
            }
        }
        // Continuation of the previous quotation in the paragraph.
        if found.is_none() && qi > 0 && quotes[qi - 1].paragraph == q.paragraph {
            found = quotes[qi - 1].speaker.map(|e| (e, "continued-quote"));
        }
        if let Some((e, rule)) = found {
            quotes[qi].speaker = Some(e);
            quotes[qi].rule = rule.to_string();
        }
    }
    quotes
}

fn make(text: &str, open: usize, end: usize, paragraph: usize) -> Quote {
    let outer = Span::new(open, end);
    let open_len = text[open..].chars().next().map_or(1, char::len_utf8);
    let mut inner_start = open + open_len;
    let mut inner_end = end;
    if let Some(c) = text[..end].chars().next_back() {
        if matches!(c, '"' | '”') && end > inner_start {
            inner_end = end - c.len_utf8();
        }
    }
    let inner = &text[inner_start..inner_end];
    inner_start += inner.len() - inner.trim_start().len();
    inner_end -= inner.len() - inner.trim_end().len();
    // A trailing comma belongs to the sentence around the quote, not to the quote.
    while inner_end > inner_start && text[..inner_end].ends_with(',') {
        inner_end -= 1;
    }
    Quote {
        span: Span::new(inner_start, inner_end.max(inner_start)),
        outer,
        paragraph,
        speaker: None,
        rule: "unattributed".into(),
    }
}

/// Whether a speech verb follows position `from` (after an optional appositive ", of X,").
fn followed_by_speech(
    text: &str,
    from: usize,
    limit: usize,
    speech: &dyn Fn(&str) -> bool,
) -> bool {
    let rest = &text[from..limit.max(from)];
    let rest = if let Some(r) = rest.strip_prefix(',') {
        match r.find(',') {
            Some(i) if i < 80 => &r[i + 1..],
            _ => rest,
        }
    } else {
        rest
    };
    let mut words = rest
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()));
    let first = words.next().unwrap_or("");
    speech(first) || (matches!(first, "has" | "had" | "also") && words.next().is_some_and(speech))
}

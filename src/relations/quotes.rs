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

    let speaker_of = |m: usize| -> Option<usize> {
        let r = &refers[m];
        (r.len() == 1 && matches!(kb.coarse(&entities[r[0]].class), "Person" | "Organization"))
            .then(|| r[0])
    };
    let speech = |w: &str| kb.lexicon.speech_verbs.contains(&w.to_lowercase());
    let person =
        |m: usize| speaker_of(m).is_some_and(|e| kb.coarse(&entities[e].class) == "Person");
    // The first mention from byte `from` on that `fits`, ending by byte `end`, with at
    // most `words` words before it. Mentions are sorted by position.
    let mention_after = |from: usize, end: usize, words: usize, fits: &dyn Fn(usize) -> bool| {
        (0..mentions.len())
            .find(|&k| mentions[k].span.start >= from && mentions[k].span.end <= end && fits(k))
            .filter(|&k| {
                text[from..mentions[k].span.start]
                    .split_whitespace()
                    .count()
                    <= words
            })
    };
    // The first person named after byte `from`, within four words and before byte `end`
    // (`Wembley chairman Claes Hultman`).
    let person_after = |from: usize, end: usize| mention_after(from, end, 4, &person);
    // Who speaks in `region` of the text: the subject of its speech verb (`Harper told ...
    // that`), the person an appositive describes (`Marcus Tell, president of the union,
    // said`), the name after the verb (`said Marcus Tell,`) or after "according to".
    let speaker_in = |region: Span| -> Option<(usize, &'static str)> {
        let mut found = None;
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
            let before_verb = |m: usize| {
                mentions[m].span.start >= region.start
                    && mentions[m].span.end <= verb_pos
                    && speaker_of(m).is_some()
            };
            let last = (0..mentions.len()).rfind(|&m| before_verb(m));
            // `Marcus Tell, president of the union, said: "..."`: the person the
            // appositive describes, not the organization inside it.
            let last = last.map(|m| {
                (0..m)
                    .rfind(|&k| {
                        before_verb(k)
                            && mentions[k].span.end <= mentions[m].span.start
                            && person(k)
                            && appositive_between(text, mentions[k].span.end, verb_pos)
                    })
                    .unwrap_or(m)
            });
            // `"The offer," said Marcus Tell, "is ..."`: the speaker after the verb.
            let after_verb = || {
                mention_after(verb_pos, region.end, 5, &|m| {
                    mentions[m].span.start > verb_pos && speaker_of(m).is_some()
                })
            };
            found = last
                .map(|m| (m, "before-quote"))
                .or_else(|| after_verb().map(|m| (m, "before-quote-inverted")))
                .and_then(|(m, rule)| speaker_of(m).map(|e| (e, rule)));
        }
        // `According to Marcus Tell, "..."`.
        if found.is_none() {
            let lower = region_text.to_lowercase();
            if let Some(i) = lower.rfind("according to ") {
                let from = region.start + i + "according to ".len();
                found = mention_after(from, region.end, 3, &|m| speaker_of(m).is_some())
                    .and_then(|m| speaker_of(m).map(|e| (e, "according-to")));
            }
        }
        found
    };
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
                // `"...," a Kestrel spokesman said`: the organization speaks.
                let determiners = words
                    .iter()
                    .all(|w| matches!(w.to_lowercase().as_str(), "a" | "an" | "the"));
                let adjacent = determiners
                    && (followed_by_speech(text, mentions[m].span.end, s.span.end, &speech)
                        || followed_by_role_and_speech(
                            kb,
                            text,
                            mentions[m].span.end,
                            s.span.end,
                            &speech,
                        ));
                // `"...," GM Canada president George Peapples told`: the person speaks.
                let titled_person = (determiners && !adjacent)
                    .then(|| person_after(mentions[m].span.end, s.span.end))
                    .flatten()
                    .filter(|&k| {
                        followed_by_speech(text, mentions[k].span.end, s.span.end, &speech)
                    });
                if let Some(k) = titled_person {
                    found = speaker_of(k).map(|e| (e, "after-quote"));
                } else if verb_first || adjacent {
                    found = speaker_of(m).map(|e| (e, "after-quote"));
                    // `said Wembley chairman Claes Hultman`: the person, not the company (nor
                    // a place of the same name).
                    let organization =
                        found.is_none_or(|(e, _)| kb.coarse(&entities[e].class) == "Organization");
                    if organization {
                        let person = person_after(mentions[m].span.end, s.span.end);
                        if let Some(k) = person {
                            found = Some((refers[k][0], "after-quote"));
                        }
                    }
                }
            }
        }
        // Before, in the sentence that opens the quotation: `Harper told ... that "..."`.
        let opening = sentences
            .iter()
            .position(|s| s.span.start <= q.outer.start && q.outer.start < s.span.end);
        if found.is_none() {
            if let Some(si) = opening {
                found = speaker_in(Span::new(sentences[si].span.start, q.outer.start));
            }
        }
        // A quotation that opens its sentence, after a sentence that says who speaks:
        // `Mr Gopinath said the planes will fly. "After an evaluation ..."`.
        if found.is_none() {
            if let Some(si) = opening.filter(|&si| {
                si > 0
                    && text[sentences[si].span.start..q.outer.start]
                        .trim()
                        .is_empty()
                    && sentences[si - 1].paragraph == sentences[si].paragraph
                    && !quotes
                        .iter()
                        .any(|o| o.outer.overlaps(&sentences[si - 1].span))
            }) {
                found = speaker_in(sentences[si - 1].span).map(|(e, _)| (e, "previous-sentence"));
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
    // Short quoted phrases ("put option") are no quotations, but only now: the first part of
    // `"The offer," said Marcus Tell, "is an insult."` gives the rest its speaker.
    quotes.retain(|q| q.span.slice(text).split_whitespace().count() >= 3);
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

/// Whether `text[from..to]` is an appositive closed by a comma (", president of the
/// union, "), short enough to describe the name before it.
fn appositive_between(text: &str, from: usize, to: usize) -> bool {
    let between = text[from..to.max(from)].trim_end();
    between.starts_with(',')
        && between.ends_with(',')
        && between.matches(',').count() == 2
        && between.len() <= 100
}

/// Whether, after position `from`, up to two words of a title or a group of members
/// ("spokesman", "union officials") and then a speech verb follow.
fn followed_by_role_and_speech(
    kb: &Knowledge,
    text: &str,
    from: usize,
    limit: usize,
    speech: &dyn Fn(&str) -> bool,
) -> bool {
    let words: Vec<String> = text[from..limit.max(from)]
        .split_whitespace()
        .take(3)
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
        .collect();
    let lex = &kb.lexicon;
    let role = |w: &str| lex.member_nouns.contains(w) || lex.titles.iter().any(|t| t.words == w);
    match words.as_slice() {
        [a, b, ..] if role(a) && speech(b) => true,
        [a, b, c] => role(a) && role(b) && speech(c),
        _ => false,
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

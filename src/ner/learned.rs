//! Combines the trained tagger with the rule-based names.
//!
//! The rules are precise where they have evidence (a gazetteer entry, an organization
//! suffix, a title, a given name) and guess where they have none: a capitalized run with
//! no cue becomes a person if it looks like one, else an organization, and a lone all-caps
//! word an acronym. For those guesses the tagger, which has seen how names are used in
//! context, decides: it retypes them (person, organization, place) or, when it reads the
//! words as no entity or as a nationality, event or product (MISC), drops them. Names the
//! tagger finds where the rules found nothing are added with the rule `tagger`.
//!
//! Consumes the sentences and the rule mentions, changes the mentions in place; reads no
//! file (the tagger comes loaded in [`Knowledge`](crate::ontology::Knowledge)).

use crate::model::{Document, Mention, MentionKind, Sentence, Span};
use crate::ner::conll;
use crate::ner::tagger::Tagger;
use crate::ontology::Lexicon;

/// Rule names whose class is a guess without evidence (see `names::classify`).
pub(crate) const GUESSES: &[&str] = &["default", "default-person", "acronym", "place-preposition"];

/// A name the tagger found: its span, the sentence that holds it and its CoNLL type.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tagged {
    span: Span,
    sentence: usize,
    kind: String,
    /// Whether it is one word opening its sentence, where any word is capitalized.
    lone_initial: bool,
}

/// The ontology class of a CoNLL type; MISC has none.
fn class_of(kind: &str) -> Option<&'static str> {
    match kind {
        "PER" => Some("Person"),
        "ORG" => Some("Organization"),
        "LOC" => Some("Place"),
        _ => None,
    }
}

/// Runs the tagger over the article and the spans of the names it found, read from its
/// BIO tags the way conlleval reads them ([`conll::chunks`]).
fn tag(doc: &Document, sentences: &[Sentence], tagger: &Tagger) -> Vec<Tagged> {
    let words: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.tokens.iter().map(|t| t.span.slice(&doc.text)).collect())
        .collect();
    let tags = tagger.tag(&words);
    let mut found = Vec::new();
    for (si, (sentence, tags)) in sentences.iter().zip(&tags).enumerate() {
        let ts = &sentence.tokens;
        // CoNLL writes "Borg-Warner" as one token, the article's tokens split it: a span
        // reaches over a tight hyphen to a capitalized word the tagger left untagged
        // ("BORG-WARNER" in a headline), never to one it tagged ("US-Japan").
        let joins = |h: usize, w: usize| {
            ts[h].span.slice(&doc.text) == "-"
                && ts[h - 1].span.end == ts[h].span.start
                && ts[h].span.end == ts[h + 1].span.start
                && tags[w] == "O"
                && ts[w]
                    .span
                    .slice(&doc.text)
                    .starts_with(|c: char| c.is_uppercase())
        };
        for chunk in conll::chunks(tags) {
            let (mut start, mut end) = (chunk.start, chunk.end);
            while start >= 2 && joins(start - 1, start - 2) {
                start -= 2;
            }
            while end + 1 < ts.len() && joins(end, end + 1) {
                end += 2;
            }
            found.push(Tagged {
                span: Span::new(ts[start].span.start, ts[end - 1].span.end),
                sentence: si,
                kind: chunk.kind,
                lone_initial: start == 0 && end == 1,
            });
        }
    }
    found
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

/// Retypes or drops the rules' guessed names and adds the names only the tagger found.
pub fn combine(
    doc: &Document,
    sentences: &[Sentence],
    tagger: &Tagger,
    lexicon: &Lexicon,
    mentions: &mut Vec<Mention>,
) {
    let tagged = tag(doc, sentences, tagger);
    let shouting: Vec<bool> = sentences.iter().map(|s| is_shouting(doc, s)).collect();
    merge(doc, &tagged, &shouting, lexicon, mentions);
}

/// Whether a sentence is written in capitals (a wire headline such as "UNION SETS STRIKE
/// DATE AT PLANT"): at least three words, and at most one word in four with a lower-case
/// letter. Capitals then say nothing about names, so the rules' runs of capitalized
/// words are no evidence there.
fn is_shouting(doc: &Document, sentence: &Sentence) -> bool {
    let words: Vec<&str> = sentence
        .tokens
        .iter()
        .map(|t| t.span.slice(&doc.text))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let lower = words
        .iter()
        .filter(|w| w.chars().any(char::is_lowercase))
        .count();
    words.len() >= 3 && lower * 4 <= words.len()
}

/// Whether a name only the tagger found can be one: not a lone ordinary word ("Workers"
/// opening a sentence), no weekday or month in it, not a listed non-entity.
fn plausible(surface: &str, lexicon: &Lexicon) -> bool {
    let words: Vec<&str> = surface.split_whitespace().collect();
    let lone_common = words.len() == 1 && lexicon.is_common(surface);
    !lone_common
        && !words
            .iter()
            .any(|w| lexicon.calendar.contains(&w.to_lowercase()))
        && !lexicon.not_entities.contains(surface)
}

/// [`combine`] once the tagger has run.
fn merge(
    doc: &Document,
    tagged: &[Tagged],
    shouting: &[bool],
    lexicon: &Lexicon,
    mentions: &mut Vec<Mention>,
) {
    mentions.retain_mut(|m| {
        let capitals = shouting.get(m.sentence).copied().unwrap_or(false);
        if capitals && m.rule != "gazetteer" {
            // In a headline in capitals only the gazetteer is evidence: the tagger decides.
            return false;
        }
        if matches!(m.kind, MentionKind::Name | MentionKind::Acronym)
            && GUESSES.contains(&m.rule.as_str())
        {
            // The tagger's reading of these words: the first tagged span inside them.
            let reading = tagged.iter().find(|t| overlaps(t.span, m.span));
            match reading.and_then(|t| class_of(&t.kind)) {
                Some(class) => {
                    if class != m.class {
                        m.class = class.to_owned();
                        m.rule = "tagger".to_owned();
                    }
                    true
                }
                // "an analyst at DBS Vickers": after words only an organization follows,
                // the rules' name stays though the tagger read no name ("Pan-European
                // stock market" is no company's stock: what follows is weaker evidence).
                None if super::organization_context(&doc.text, lexicon, m.span).0 => {
                    m.class = "Organization".to_owned();
                    m.rule = "organization-context".to_owned();
                    true
                }
                None => false,
            }
        } else {
            true
        }
    });
    for t in tagged {
        let Some(class) = class_of(&t.kind) else {
            continue;
        };
        if mentions.iter().any(|m| overlaps(m.span, t.span)) {
            continue;
        }
        let surface = t.span.slice(&doc.text).to_owned();
        let surface_is_acronym = !surface.chars().any(char::is_lowercase);
        let capitals = shouting.get(t.sentence).copied().unwrap_or(false);
        if !plausible(&surface, lexicon) || (t.lone_initial && !surface_is_acronym && !capitals) {
            continue;
        }
        let acronym = !surface.contains(' ')
            && surface.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !surface.chars().any(char::is_lowercase);
        mentions.push(Mention {
            span: t.span,
            surface,
            class: class.to_owned(),
            kind: if acronym {
                MentionKind::Acronym
            } else {
                MentionKind::Name
            },
            sentence: t.sentence,
            rule: "tagger".to_owned(),
            targets: Vec::new(),
            target_aliases: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocId;
    use crate::ontology::Knowledge;

    fn doc(text: &str) -> Document {
        Document {
            id: DocId("t.txt".to_owned()),
            text: text.to_owned(),
            sha256: String::new(),
        }
    }

    fn mention(text: &str, surface: &str, class: &str, rule: &str) -> Mention {
        let start = text.find(surface).unwrap();
        Mention {
            span: Span::new(start, start + surface.len()),
            surface: surface.to_owned(),
            class: class.to_owned(),
            kind: MentionKind::Name,
            sentence: 0,
            rule: rule.to_owned(),
            targets: Vec::new(),
            target_aliases: Vec::new(),
        }
    }

    fn tagged(text: &str, surface: &str, kind: &str) -> Tagged {
        let start = text.find(surface).unwrap();
        Tagged {
            span: Span::new(start, start + surface.len()),
            sentence: 0,
            kind: kind.to_owned(),
            lone_initial: start == 0 && !surface.contains(' '),
        }
    }

    fn lexicon() -> Lexicon {
        Knowledge::builtin().unwrap().lexicon
    }

    #[test]
    fn lone_ordinary_words_and_calendar_words_are_not_added() {
        let text = "Auto analysts met on Monday. Vantor Quill spoke.";
        let tags = [
            tagged(text, "Auto", "ORG"),
            tagged(text, "analysts", "ORG"),
            tagged(text, "Monday", "LOC"),
            tagged(text, "Vantor Quill", "PER"),
        ];
        let mut mentions = Vec::new();
        merge(&doc(text), &tags, &[false], &lexicon(), &mut mentions);
        let got: Vec<&str> = mentions.iter().map(|m| m.surface.as_str()).collect();
        assert_eq!(got, ["Vantor Quill"]);
    }

    #[test]
    fn in_a_headline_in_capitals_the_tagger_replaces_the_capitalized_runs() {
        let text = "ZORVEX SETS STRIKE DATE AT KELLAN PLANT";
        let mut mentions = vec![mention(text, text, "Organization", "org-suffix")];
        let tags = [tagged(text, "ZORVEX", "ORG"), tagged(text, "KELLAN", "LOC")];
        merge(&doc(text), &tags, &[true], &lexicon(), &mut mentions);
        let got: Vec<(&str, &str)> = mentions
            .iter()
            .map(|m| (m.surface.as_str(), m.class.as_str()))
            .collect();
        assert_eq!(got, [("ZORVEX", "Organization"), ("KELLAN", "Place")]);
        let sentences = crate::text::split(text, &lexicon().abbreviations);
        assert!(is_shouting(&doc(text), &sentences[0]));
        let quiet = "Zorvex sets a strike date at the Kellan plant.";
        let sentences = crate::text::split(quiet, &lexicon().abbreviations);
        assert!(!is_shouting(&doc(quiet), &sentences[0]));
    }

    const TEXT: &str =
        "Olvera Group hired Dana Pruitt from Stellane Bank in Quorra after Expo Week.";

    #[test]
    fn guessed_names_are_retyped_or_dropped_by_the_tagger_and_evidence_is_kept() {
        let mut mentions = vec![
            mention(TEXT, "Olvera Group", "Corporation", "org-suffix"),
            mention(TEXT, "Dana Pruitt", "Organization", "default"),
            mention(TEXT, "Quorra", "Place", "place-preposition"),
            mention(TEXT, "Expo Week", "Organization", "default"),
        ];
        let tags = [
            // Evidence wins: the tagger's reading of a suffix-typed name is ignored.
            tagged(TEXT, "Olvera Group", "PER"),
            tagged(TEXT, "Dana Pruitt", "PER"),
            tagged(TEXT, "Quorra", "LOC"),
            tagged(TEXT, "Expo Week", "MISC"),
        ];
        merge(&doc(TEXT), &tags, &[false], &lexicon(), &mut mentions);
        let got: Vec<(&str, &str, &str)> = mentions
            .iter()
            .map(|m| (m.surface.as_str(), m.class.as_str(), m.rule.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Olvera Group", "Corporation", "org-suffix"),
                ("Dana Pruitt", "Person", "tagger"),
                ("Quorra", "Place", "place-preposition"),
            ]
        );
    }

    #[test]
    fn a_guess_the_tagger_reads_as_no_name_is_dropped() {
        let mut mentions = vec![mention(TEXT, "Expo Week", "Organization", "default")];
        merge(&doc(TEXT), &[], &[false], &lexicon(), &mut mentions);
        assert!(mentions.is_empty());
    }

    #[test]
    fn names_only_the_tagger_found_are_added_and_overlaps_are_not() {
        let mut mentions = vec![mention(TEXT, "Olvera Group", "Corporation", "org-suffix")];
        let tags = [
            tagged(TEXT, "Olvera", "ORG"),
            tagged(TEXT, "Stellane Bank", "ORG"),
            tagged(TEXT, "Expo Week", "MISC"),
        ];
        merge(&doc(TEXT), &tags, &[false], &lexicon(), &mut mentions);
        let got: Vec<(&str, &str)> = mentions
            .iter()
            .map(|m| (m.surface.as_str(), m.rule.as_str()))
            .collect();
        assert_eq!(
            got,
            [("Olvera Group", "org-suffix"), ("Stellane Bank", "tagger")]
        );
        assert_eq!(mentions[1].class, "Organization");
    }

    #[test]
    fn the_builtin_tagger_reads_spans_from_article_tokens() {
        let kb = Knowledge::builtin().unwrap();
        let tagger = kb.tagger.as_deref().expect("the built-in model loads");
        let text = "Jonathan Wexley, the chairman of Brimstone Holdings, flew to Paris on Monday.";
        let document = doc(text);
        let sentences = crate::text::split(text, &kb.lexicon.abbreviations);
        let found = tag(&document, &sentences, tagger);
        let spans: Vec<(&str, &str)> = found
            .iter()
            .map(|t| (t.span.slice(text), t.kind.as_str()))
            .collect();
        assert!(spans.contains(&("Jonathan Wexley", "PER")), "{spans:?}");
        assert!(spans.contains(&("Paris", "LOC")), "{spans:?}");
        assert!(
            !spans.iter().any(|(s, _)| s.contains("Monday")),
            "{spans:?}"
        );
    }
}

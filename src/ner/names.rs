//! Proper names: runs of capitalized tokens, cleaned (leading determiners and ordinary
//! sentence-initial words, calendar words, known non-entities), split at job titles
//! ("GM CEO Fritz Henderson" -> GM, Fritz Henderson), and typed.

use crate::model::{Document, Mention, MentionKind, Sentence, Span};
use crate::ontology::{is_trade_workers, Employer, Knowledge, Lexicon};
use crate::text::tokens::{is_all_caps, is_capitalized};
use std::collections::HashSet;

/// A token of a sentence, with its text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok<'a> {
    pub text: &'a str,
    pub span: Span,
}

pub(crate) fn toks<'a>(doc: &'a Document, s: &Sentence) -> Vec<Tok<'a>> {
    s.tokens
        .iter()
        .map(|t| Tok {
            text: t.span.slice(&doc.text),
            span: t.span,
        })
        .collect()
}

fn is_quote(t: &str) -> bool {
    matches!(t, "\"" | "“" | "'" | "‘" | "(" | ":" | "[" | "—" | "--")
}

/// Whether token `i` starts a sentence or a quotation, where any word is capitalized.
pub(crate) fn is_initial(ts: &[Tok<'_>], i: usize) -> bool {
    i == 0 || is_quote(ts[i - 1].text) || (i >= 2 && ts[i - 1].text == "-" && ts[i - 2].text == "-")
}

fn is_name_word(t: &str) -> bool {
    // "I've", "I'm": the pronoun I, not a name ("O'Hoy" is one).
    if t.split(['\'', '’'])
        .next()
        .is_some_and(|head| head == "I" && head != t)
    {
        return false;
    }
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    is_capitalized(t) && letters >= 1 && (letters >= 2 || t.ends_with('.'))
}

/// Title found at token `i`: (end token index, employer).
pub(crate) fn title_at(kb: &Knowledge, ts: &[Tok<'_>], i: usize) -> Option<(usize, Employer)> {
    for title in &kb.lexicon.titles {
        let words: Vec<&str> = title.words.split(' ').collect();
        if i + words.len() > ts.len() {
            continue;
        }
        let end = i + words.len();
        let last = words.len() - 1;
        let same = |k: usize, w: &str| ts[i + k].text.eq_ignore_ascii_case(w);
        if words.iter().enumerate().all(|(k, w)| same(k, w)) {
            return Some((end, title.employer));
        }
        // "EC Commissioners Willy de Clercq and Frans Andriessen": a plural title before
        // a given name.
        let plural = |w: &str| {
            ts[i + last]
                .text
                .strip_suffix('s')
                .is_some_and(|t| t.eq_ignore_ascii_case(w))
        };
        if words[..last].iter().enumerate().all(|(k, w)| same(k, w))
            && plural(words[last])
            && ts
                .get(end)
                .is_some_and(|t| kb.lexicon.given_names.contains(t.text))
        {
            return Some((end, title.employer));
        }
    }
    None
}

/// How sure a rule is of the class it gives; resolution keeps the surest.
#[must_use]
pub fn strength(rule: &str) -> u8 {
    match rule {
        "gazetteer" => 6,
        "org-suffix" | "place-suffix" | "title-person" | "person-cue" | "byline-person" => 5,
        "org-prefix"
        | "title-place"
        | "government-phrase"
        | "country-acts"
        | "descriptor"
        | "organization-context" => 4,
        "given-name" | "speaker-name" => 3,
        "acronym" | "title-org" | "place-preposition" => 2,
        _ => 1,
    }
}

struct Ctx<'a> {
    kb: &'a Knowledge,
    /// Names seen away from sentence starts, to tell "General Motors said" from "But Ford".
    known: HashSet<String>,
    /// Words the article itself writes in lower case ("auto" in "the auto industry").
    lower: HashSet<&'a str>,
}

/// Finds proper-name mentions in every sentence.
#[must_use]
pub fn detect(doc: &Document, sentences: &[Sentence], kb: &Knowledge) -> Vec<Mention> {
    let lower = sentences
        .iter()
        .flat_map(|s| s.tokens.iter().map(|t| t.span.slice(&doc.text)))
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .collect();
    let mut ctx = Ctx {
        kb,
        known: HashSet::new(),
        lower,
    };
    // What the article writes elsewhere decides two joins: a hyphenated name written
    // before another name word ("Borg-Warner Corp", "Jean-Francois Theodore") is one name
    // wherever it occurs ("talks with Borg-Warner"), and a name the article also writes
    // on its own is not the first half of "X and Y Corp" ("the Clerks union and Norfolk
    // Western Corp resumed talks" after "Norfolk Western Corp said").
    let mut seen = Seen::default();
    for s in sentences {
        let ts = toks(doc, s);
        for (a, b) in runs(kb, &ts, &Seen::default()) {
            for k in a..b {
                if ts[k].text == "-" && k > a && k + 1 < b {
                    seen.hyphenated.insert(join(&ts, k - 1, k + 2));
                }
            }
            // Not half of an "X and Y" ("Harper and Row" splits in this pass).
            let and_before = a >= 2 && ts[a - 1].text == "and" && is_name_word(ts[a - 2].text);
            let and_after = ts.get(b).is_some_and(|t| t.text == "and")
                && ts.get(b + 1).is_some_and(|t| is_name_word(t.text));
            if !and_before && !and_after {
                let a = a + usize::from(ts[a].text == "The" && b > a + 1);
                seen.alone.insert(join(&ts, a, b));
            }
        }
    }
    // Pass 1: names that do not start a sentence are reliable evidence of what is a name.
    for s in sentences {
        let ts = toks(doc, s);
        for (a, b) in runs(kb, &ts, &seen) {
            if !is_initial(&ts, a) {
                let text = &doc.text[ts[a].span.start..ts[b - 1].span.end];
                ctx.known
                    .insert(text.trim_start_matches("The ").to_string());
            }
        }
    }
    let mut out = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let ts = toks(doc, s);
        for (a, b) in runs(kb, &ts, &seen) {
            segment(&ctx, doc, &ts, a, b, si, &mut out);
        }
    }
    out
}

/// What an article writes elsewhere, for the joins that depend on it.
#[derive(Default)]
struct Seen {
    /// Hyphenated compounds written before another name word ("Borg-Warner Corp").
    hyphenated: HashSet<String>,
    /// Every whole run the article writes (a leading "The" dropped) but for the halves
    /// of an "X and Y".
    alone: HashSet<String>,
}

/// Maximal runs `[a, b)` of name tokens; "&", "of" after an organization head, and
/// connectors inside a gazetteer name join runs; an abbreviation's period stays with it,
/// and so does a middle initial's ("Irwin L. Jacobs"). A hyphen joins two capitalized
/// words when a name word follows ("Jean-Francois Theodore", "Borg-Warner Corp") or the
/// article wrote the same compound so elsewhere (`seen.hyphenated`); otherwise it separates
/// two names ("GM-CAW talks", "the Chrysler-Fiat merger").
fn runs(kb: &Knowledge, ts: &[Tok<'_>], seen: &Seen) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ts.len() {
        // A leading initial: "H. Neil Nichols".
        let initial = i + 2 < ts.len()
            && ts[i].text.chars().count() == 1
            && ts[i].text.chars().all(char::is_uppercase)
            && ts[i + 1].text == "."
            && adjacent(ts, i + 1)
            && is_name_word(ts[i + 2].text)
            && ts.get(i + 3).is_some_and(|t| is_name_word(t.text));
        if !is_name_word(ts[i].text) && !initial {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = if initial { i + 2 } else { i + 1 };
        loop {
            // A name word, or an abbreviation's own period ("Corp.").
            if j < ts.len()
                && (is_name_word(ts[j].text)
                    || (ts[j].text == "." && adjacent(ts, j) && is_abbrev(kb, ts[j - 1].text)))
            {
                j += 1;
                // A legal form's period closes the name unless another form follows
                // ("EF Hutton Group Inc. Emery said": the wire's sentence ended there;
                // "Samsung Co. Ltd." goes on).
                if ts[j - 1].text == "."
                    && kb.lexicon.legal_suffixes.contains(ts[j - 2].text)
                    && ts.get(j).is_some_and(|t| {
                        is_name_word(t.text) && !kb.lexicon.legal_suffixes.contains(t.text)
                    })
                {
                    break;
                }
            } else if j < ts.len()
                && ts[j].text.chars().all(|c| c.is_ascii_digit())
                && kb.lexicon.branch_words.contains(ts[j - 1].text)
            {
                // "Local 594": a branch's number.
                j += 1;
            } else if j + 1 < ts.len()
                && ts[j + 1].text.chars().all(|c| c.is_ascii_digit())
                && ts[j].text.chars().all(|c| c.is_ascii_lowercase())
                && kb.lexicon.is_branch_word(ts[j].text)
            {
                // "United Steelworkers of America local 480": the branch, written in lower case.
                j += 2;
            } else if and_occupation(kb, ts, start, j) {
                // "National Association of Broadcast Employees and Technicians".
                j += 2;
            } else if let Some(end) = bracketed_through(kb, ts, start, j) {
                // "<China Entertainment and Land Investment Co Ltd>": a wire's brackets
                // hold one name.
                j = end;
            } else if and_in_name(kb, ts, start, j, seen) {
                // "Goodyear Tire and Rubber Co", "Procter and Gamble Co".
                j += 2;
            } else if name_particle(kb, ts, start, j) {
                // "Rodrigo de Rato", "Ludwig van Beethoven".
                j += 2;
            } else if j > start
                && j + 2 < ts.len()
                && kb.lexicon.name_particles.contains(ts[j].text)
                && ts[j + 1].text == "-"
                && adjacent(ts, j + 1)
                && adjacent(ts, j + 2)
                && is_name_word(ts[j + 2].text)
            {
                // "Mohammed Mustafa al-Jibouri".
                j += 3;
            } else if inner_possessive(kb, ts, j) || middle_initial(ts, j) {
                // "Foster's Group", "Irwin L. Jacobs".
                j += 2;
            } else if let Some(end) = hyphen_through(kb, ts, start, j, &seen.hyphenated) {
                j = end;
            } else if j + 1 < ts.len()
                && (ts[j].text == "&"
                    || (ts[j].text == "of"
                        && (kb.lexicon.org_heads.contains(ts[j - 1].text)
                            || kb.lexicon.is_occupation(ts[j - 1].text)))
                    // "Presidential Commission on Good Government", "Bank for
                    // International Settlements" (not "the Commission on Monday").
                    || (matches!(ts[j].text, "on" | "for")
                        && kb.lexicon.org_heads.contains(ts[j - 1].text)
                        && !kb.lexicon.calendar.contains(&ts[j + 1].text.to_lowercase())))
                && is_name_word(ts[j + 1].text)
            {
                j += 2;
            } else if let Some(end) = of_place_suffix(kb, ts, j) {
                j = end;
            } else if let Some(end) = gazetteer_through(kb, ts, start, j) {
                j = end;
            } else {
                break;
            }
        }
        out.push((start, j));
        i = j;
    }
    out
}

/// Whether the name ending before token `b` takes an organization's title in the
/// possessive: "Foster's chief executive".
fn possessive_title(kb: &Knowledge, ts: &[Tok<'_>], b: usize) -> bool {
    ts.get(b).is_some_and(|t| matches!(t.text, "'s" | "’s"))
        && (b + 1..(b + 4).min(ts.len()))
            .any(|k| title_at(kb, ts, k).is_some_and(|(_, e)| e == Employer::Org))
}

/// When the run from `start` opens right after a wire's "<" and a lower-case connector
/// at `j` ("and", "des", "of") is followed by name words up to the closing ">", the
/// token index of that ">" ("<Regie Nationale des Usines Renault>").
fn bracketed_through(kb: &Knowledge, ts: &[Tok<'_>], start: usize, j: usize) -> Option<usize> {
    if start == 0 || ts[start - 1].text != "<" || j >= ts.len() {
        return None;
    }
    if !kb.lexicon.name_connectors.contains(ts[j].text) {
        return None;
    }
    let close = (j + 1..(j + 8).min(ts.len())).find(|&k| ts[k].text == ">")?;
    let inside = (j + 1..close).all(|k| {
        let t = ts[k].text;
        is_name_word(t) || kb.lexicon.name_connectors.contains(t) || (t == "." && adjacent(ts, k))
    });
    let last = ts[close - 1].text;
    (inside && close > j + 1 && (is_name_word(last) || last == ".")).then_some(close)
}

/// Whether "and" at `j` is inside a company's name: one capitalized word and a legal
/// suffix follow ("Goodyear Tire and Rubber Co"), or two that are no known name of their
/// own ("Oil and Natural Gas Corporation"), or for a union one word, an occupation
/// and "Union" ("Transport and General Workers Union"); and neither side is a name of
/// its own: the words before it are no gazetteer's canonical or one-word name, are not
/// closed by a suffix ("GM Corp and Rubber Co") and hold no "of" ("Brotherhood of
/// Railway Clerks and Norfolk Western Corp"), and the article writes neither side alone
/// elsewhere (`seen`), but for a founder's name before "and Sons Co".
fn and_in_name(kb: &Knowledge, ts: &[Tok<'_>], start: usize, j: usize, seen: &Seen) -> bool {
    let lex = &kb.lexicon;
    let suffix_at = |k: usize| {
        ts.get(k)
            .is_some_and(|t| lex.legal_suffixes.contains(t.text))
    };
    let occupation_at = |k: usize| ts.get(k).is_some_and(|t| lex.is_occupation(t.text));
    // "Railway and Harbours Workers Union": a union's trades, whatever the first one is.
    let union = occupation_at(j + 2) && suffix_at(j + 3);
    if j <= start || j + 2 >= ts.len() || ts[j].text != "and" || !is_name_word(ts[j + 1].text) {
        return false;
    }
    // The right side's last word: its legal suffix.
    let end = if suffix_at(j + 2) {
        j + 3
    } else if union
        || (ts.get(j + 2).is_some_and(|t| is_name_word(t.text))
            && suffix_at(j + 3)
            && kb.gazetteer.get(&join(ts, j + 1, j + 3)).is_none()
            && kb.gazetteer.get(&join(ts, j + 1, j + 4)).is_none())
    {
        j + 4
    } else {
        return false;
    };
    let left = join(ts, start, j);
    // "Abdulla Fouad and Sons Co", "Harper and Row Publishers Inc", "Morgan Grenfell and
    // Co Ltd": a founder's name and a common word or a legal form are one name even where
    // the article writes the founder alone.
    let word = ts[j + 1].text;
    let eponym = lex.is_common(word)
        || lex.is_common(word.strip_suffix('s').unwrap_or(word))
        || lex.legal_suffixes.contains(word);
    // A lone word before "and" is too often a demonym or a founder ("British and
    // Commonwealth Shipping Co"); a left side of two words or an acronym is a name.
    let left_named = seen.alone.contains(&left)
        && (j > start + 1 || ts[start].text.chars().all(|c| c.is_uppercase()));
    let written_alone = |a: usize, b: usize| seen.alone.contains(&join(ts, a, b));
    (!kb.lexicon.org_suffixes.contains_key(ts[j - 1].text) || j == start + 1 || union)
        // A gazetteer's short form of a longer name ("Goodyear Tire") may go on.
        && kb
            .gazetteer
            .get(&left)
            .is_none_or(|e| e.canonical != left && left.contains(' '))
        && (union || !(start..j).any(|k| ts[k].text == "of"))
        && (eponym || !left_named)
        && !written_alone(j + 1, end)
        && (eponym || !written_alone(j + 1, end - 1))
}

/// Whether "and" at `j` joins one more occupation to an association's name that already
/// holds one ("Association of Broadcast Employees and Technicians").
fn and_occupation(kb: &Knowledge, ts: &[Tok<'_>], start: usize, j: usize) -> bool {
    let lex = &kb.lexicon;
    j > start + 1
        && j + 1 < ts.len()
        && ts[j].text == "and"
        && lex.is_occupation(ts[j + 1].text)
        && lex.is_occupation(ts[j - 1].text)
        && (start..j).any(|k| lex.association_heads.contains(ts[k].text))
}

/// Whether the lower-case word at `j` is a particle inside a person's name, between two
/// capitalized words: "Rodrigo de Rato", "Nick Van den Brul" ("of" and "and" are not).
fn name_particle(kb: &Knowledge, ts: &[Tok<'_>], start: usize, j: usize) -> bool {
    j > start
        && j + 1 < ts.len()
        && kb.lexicon.name_particles.contains(ts[j].text)
        && is_name_word(ts[j + 1].text)
        && !is_all_caps(ts[j - 1].text)
}

/// Whether a calendar word at `a` opens an organization's name: "May Department Stores"
/// (an organization suffix closes the run, and the next word is no name of its own).
fn calendar_named(kb: &Knowledge, ts: &[Tok<'_>], a: usize, b: usize) -> bool {
    b - a >= 3
        && kb.lexicon.org_suffixes.contains_key(ts[b - 1].text)
        && kb.gazetteer.get(ts[a + 1].text).is_none()
}

/// Whether an organization's title follows token `b`, after lower-case words at most:
/// "SVZ labour relations manager Gerrard Zeebregts".
fn title_follows(kb: &Knowledge, ts: &[Tok<'_>], b: usize) -> bool {
    (b..(b + 4).min(ts.len()))
        .take_while(|&k| k == b || ts[k - 1].text.chars().all(char::is_lowercase))
        .any(|k| title_at(kb, ts, k).is_some_and(|(_, e)| e == Employer::Org))
}

/// Whether tokens `j`, `j + 1` are a middle initial ("L", ".") between two name words.
fn middle_initial(ts: &[Tok<'_>], j: usize) -> bool {
    j > 0
        && j + 2 < ts.len()
        && ts[j].text.chars().count() == 1
        && ts[j].text.chars().all(char::is_uppercase)
        && ts[j + 1].text == "."
        && adjacent(ts, j + 1)
        && is_name_word(ts[j - 1].text)
        && is_name_word(ts[j + 2].text)
}

/// When token `j` is a hyphen inside a compound name (see [`runs`], which started the
/// name at `start`), the index past the compound's second word. Two all-caps words stay
/// apart ("GM-CAW"): they are acronyms. A lower-case second part that is no common word
/// continues a name of two words or more ("Yoo Ji-chang"), never a lone one
/// ("Detroit-based").
fn hyphen_through(
    kb: &Knowledge,
    ts: &[Tok<'_>],
    start: usize,
    j: usize,
    hyphenated: &HashSet<String>,
) -> Option<usize> {
    if j == 0 || j + 1 >= ts.len() || ts[j].text != "-" {
        return None;
    }
    let (left, right) = (ts[j - 1].text, ts[j + 1].text);
    let tight = adjacent(ts, j) && adjacent(ts, j + 1);
    let syllable =
        j - 1 > start && right.chars().all(char::is_lowercase) && !kb.lexicon.is_common(right);
    if syllable && tight && is_name_word(left) {
        return Some(j + 2);
    }
    if !tight
        || !is_name_word(left)
        || !is_name_word(right)
        || (is_all_caps(left) && is_all_caps(right))
    {
        return None;
    }
    let name_follows = ts.get(j + 2).is_some_and(|t| is_name_word(t.text));
    // "Wal-Mart", "Rolls-Royce": one name, unless a part is a name of its own ("US-Japan",
    // "London-Frankfurt") or a word for what two parties do follows ("Dixon-Cyclops merger").
    let parts_unknown = kb.gazetteer.get(left).is_none() && kb.gazetteer.get(right).is_none();
    let pair_noun = ts
        .get(j + 2)
        .is_some_and(|t| kb.lexicon.pair_nouns.contains(&t.text.to_lowercase()));
    (name_follows || hyphenated.contains(&join(ts, j - 1, j + 2)) || (parts_unknown && !pair_noun))
        .then_some(j + 2)
}

/// When "of" at `j` starts a place that an organization suffix closes ("General Motors of
/// Canada Ltd"), or follows an organization suffix ("United Steelworkers of America"), the
/// index past the name.
fn of_place_suffix(kb: &Knowledge, ts: &[Tok<'_>], j: usize) -> Option<usize> {
    if j == 0 || ts.get(j)?.text != "of" {
        return None;
    }
    let after_suffix = kb.lexicon.org_suffixes.contains_key(ts[j - 1].text);
    let limit = (j + 1 + kb.gazetteer.max_words).min(ts.len());
    (j + 2..=limit).rev().find_map(|end| {
        let place = kb.gazetteer.get(&join(ts, j + 1, end))?;
        if kb.coarse(&place.class) != "Place" {
            return None;
        }
        if after_suffix {
            // "United Steelworkers of America", "Prudential Insurance Co of America"; but
            // "Janney Montgomery Scott Inc of Philadelphia" is a firm in a city.
            return (place.class != "City").then_some(end);
        }
        let suffix = ts.get(end)?.text;
        kb.lexicon
            .org_suffixes
            .contains_key(suffix)
            .then_some(end + 1)
    })
}

/// Whether the possessive at `j` is inside a name: "Foster's Group", "Worker's Union",
/// "Waterside Workers' Federation", "Barnard's Retail Consulting Group" (capitalized
/// words that an organization suffix closes follow it).
fn inner_possessive(kb: &Knowledge, ts: &[Tok<'_>], j: usize) -> bool {
    let plural = |j: usize| {
        matches!(ts.get(j).map(|t| t.text), Some("'" | "’")) && ts[j - 1].text.ends_with('s')
    };
    j > 0
        && (matches!(ts.get(j).map(|t| t.text), Some("'s" | "’s")) || plural(j))
        && adjacent(ts, j)
        // "Tremont Motors Corp's Harrow Trucks": a whole name owns another.
        && (plural(j) || !kb.lexicon.org_suffixes.contains_key(ts[j - 1].text.trim_end_matches('.')))
        // "Mr Mittal's LNM Holdings": a person owns the company; the names are two.
        && !(j >= 2 && kb.lexicon.honorifics.contains(ts[j - 2].text))
        && (j + 1..(j + 4).min(ts.len()))
            .take_while(|&k| is_name_word(ts[k].text))
            .any(|k| {
                kb.lexicon.org_suffixes.contains_key(ts[k].text)
                    // "Moscow's Sovlink Securities" is a Moscow firm, not one name.
                    && (k == j + 1 || kb.gazetteer.get(ts[j - 1].text).is_none())
            })
        // "Pearson's Financial Times": a known name of two words or more follows.
        && !(j + 3..=(j + 4).min(ts.len())).any(|m| {
            (j + 1..m).all(|k| is_name_word(ts[k].text))
                && kb.gazetteer.get(&join(ts, j + 1, m)).is_some()
        })
}

fn adjacent(ts: &[Tok<'_>], j: usize) -> bool {
    ts[j - 1].span.end == ts[j].span.start
}

fn is_abbrev(kb: &Knowledge, word: &str) -> bool {
    kb.lexicon.abbreviations.contains(word) || (word.chars().count() == 1 && is_capitalized(word))
}

/// When a lower-case connector at `j` continues a gazetteer name that starts at `start`
/// ("The Globe and Mail"), the token index just past that name.
fn gazetteer_through(kb: &Knowledge, ts: &[Tok<'_>], start: usize, j: usize) -> Option<usize> {
    if j >= ts.len() || !kb.lexicon.name_connectors.contains(ts[j].text) {
        return None;
    }
    let limit = (start + kb.gazetteer.max_words + 2).min(ts.len());
    (j + 1..=limit).rev().find(|&end| {
        let name = join(ts, start, end);
        kb.gazetteer.get(&name).is_some()
    })
}

/// The text of tokens `[a, b)` with single spaces where the article has white space.
pub(crate) fn join(ts: &[Tok<'_>], a: usize, b: usize) -> String {
    let mut s = String::new();
    for k in a..b {
        if k > a && ts[k - 1].span.end < ts[k].span.start {
            s.push(' ');
        }
        s.push_str(ts[k].text);
    }
    s
}

fn push(
    out: &mut Vec<Mention>,
    ts: &[Tok<'_>],
    range: std::ops::Range<usize>,
    class: &str,
    kind: MentionKind,
    si: usize,
    rule: &str,
) {
    let std::ops::Range { start: a, end: b } = range;
    if a >= b {
        return;
    }
    out.push(Mention {
        span: Span::new(ts[a].span.start, ts[b - 1].span.end),
        surface: join(ts, a, b),
        class: class.to_string(),
        kind,
        sentence: si,
        rule: rule.to_string(),
        targets: Vec::new(),
        target_aliases: Vec::new(),
    });
}

/// Cleans one run and emits its mentions.
fn segment(
    ctx: &Ctx<'_>,
    doc: &Document,
    ts: &[Tok<'_>],
    mut a: usize,
    b: usize,
    si: usize,
    out: &mut Vec<Mention>,
) {
    let kb = ctx.kb;
    let lex = &kb.lexicon;
    let _ = doc;
    // A programme after a news outlet's possessive ("CTV's Power Play") is no entity, but a
    // byline ("a report from CTV Toronto's Tom Hayes") names a reporter.
    let after_possessive = a >= 2 && matches!(ts[a - 1].text, "'s" | "’s");
    // Leading determiners, and ordinary words that are capitalized only because they start
    // the sentence ("But", "Earlier", "Workers"), unless the article uses the same words as
    // a name elsewhere.
    while a < b {
        let word = ts[a].text;
        let full = join(ts, a, b);
        let gaz_full = kb.gazetteer.get(&full).is_some();
        // "Waste Management Inc has a bid" where the article writes "Waste Management"
        // elsewhere: a name the article knows starts here, so its first word stays.
        let known_start = (a + 2..b).any(|k| ctx.known.contains(&join(ts, a, k)));
        if gaz_full || ctx.known.contains(&full) || known_start {
            break;
        }
        // "Transport & General Workers Union": a word joined by "&" is part of the name.
        if ts.get(a + 1).is_some_and(|t| t.text == "&") {
            break;
        }
        let determiner = matches!(word, "The" | "A" | "An");
        let initial_common = is_initial(ts, a)
            && !ctx.known.contains(word)
            && (lex.is_common(word)
                || contraction_of_common(kb, word)
                || ctx.lower.contains(word.to_lowercase().as_str()));
        let calendar = lex.calendar.contains(&word.to_lowercase()) && !calendar_named(kb, ts, a, b);
        // "National UAW labor contracts": a sentence's first word that only says which
        // level of an acronym's organization is meant.
        let level = is_initial(ts, a) && a + 2 == b && is_all_caps(ts[a + 1].text) && {
            let low = word.to_lowercase();
            lex.national_modifiers.contains(&low) || lex.regional_modifiers.contains(&low)
        };
        // "Postal Clerks Union", "Letter Carriers Union of Canada": a trade's word before
        // its members' plural and the union's word is part of the name ("Three United
        // Steelworkers" is not).
        let union_word = |k: usize| ts.get(k).is_some_and(|t| lex.is_union_word(t.text));
        let union_trade = b > a + 2
            && ts[a + 1].text.ends_with('s')
            && (lex.is_occupation(ts[a + 1].text) || union_word(a + 2))
            && (a + 2..b).any(union_word);
        if determiner || (initial_common && !union_trade) || calendar || level {
            a += 1;
        } else {
            break;
        }
    }
    // Split at calendar words and known non-entities anywhere inside.
    let mut start = a;
    let mut k = a;
    while k < b {
        let word = ts[k].text;
        let named = k == start && calendar_named(kb, ts, k, b);
        if named {
        } else if lex.calendar.contains(&word.to_lowercase()) && k > start {
            piece(ctx, ts, start, k, si, after_possessive && start == a, out);
            start = k + 1;
        } else if lex.calendar.contains(&word.to_lowercase()) {
            start = k + 1;
        }
        k += 1;
    }
    if start < b {
        piece(ctx, ts, start, b, si, after_possessive && start == a, out);
    }
}

fn contraction_of_common(kb: &Knowledge, word: &str) -> bool {
    word.split(['\'', '’'])
        .next()
        .is_some_and(|w| w != word && kb.lexicon.is_common(w))
}

/// A cleaned run: drop non-entities, split at a title, then type what is left.
fn piece(
    ctx: &Ctx<'_>,
    ts: &[Tok<'_>],
    a: usize,
    b: usize,
    si: usize,
    after_possessive: bool,
    out: &mut Vec<Mention>,
) {
    let kb = ctx.kb;
    if a >= b {
        return;
    }
    // "Mr Demel", "Sen. David Boren": the courtesy title goes, a person remains.
    let honorific_end = if a + 1 < b
        && ts[a + 1].text == "."
        && kb.lexicon.honorifics.contains(&format!("{}.", ts[a].text))
    {
        Some(a + 2)
    } else if kb.lexicon.honorifics.contains(ts[a].text) {
        Some(a + 1)
    } else {
        None
    };
    if let Some(start) = honorific_end {
        if start < b {
            push(
                out,
                ts,
                start..b,
                "Person",
                MentionKind::Name,
                si,
                "person-cue",
            );
        }
        return;
    }
    let text = join(ts, a, b);
    if kb.lexicon.not_entities.contains(&text) {
        return;
    }
    // A lone ordinary word ("Bank", "Union", "He") is no name unless the gazetteer says so.
    if b - a == 1
        && kb.lexicon.is_common(ts[a].text)
        && kb.gazetteer.get(&text).is_none()
        && !is_all_caps(ts[a].text)
        && !possessive_title(kb, ts, b)
    {
        return;
    }
    // A title that began before the run and ends inside it is no part of the name:
    // "Chancellor of the Exchequer Nigel Lawson".
    let title_end = (a.saturating_sub(3)..a)
        .filter_map(|k| title_at(kb, ts, k).map(|(end, _)| end))
        .find(|&end| end > a && end < b);
    if let Some(end) = title_end.filter(|_| kb.gazetteer.get(&text).is_none()) {
        return piece(ctx, ts, end, b, si, false, out);
    }
    // Drop a known non-entity prefix ("Dow Jones industrial...").
    for end in (a + 1..b).rev() {
        if kb.lexicon.not_entities.contains(&join(ts, a, end)) {
            return piece(ctx, ts, end, b, si, false, out);
        }
    }
    if kb.gazetteer.get(&text).is_none() {
        // Split at the first title inside the run: "U.S. President Barack Obama".
        for k in a..b {
            if let Some((end, employer)) = title_at(kb, ts, k) {
                if end > b {
                    continue;
                }
                employer_part(ctx, ts, a, k, employer, si, out);
                if end < b {
                    push(
                        out,
                        ts,
                        end..b,
                        "Person",
                        MentionKind::Name,
                        si,
                        "title-person",
                    );
                }
                return;
            }
        }
    }
    if after_possessive && a >= 2 {
        let owner = out.iter().rev().find(|m| m.span.end == ts[a - 2].span.end);
        if let Some(owner) = owner.filter(|m| m.class == "NewsMediaOrganization") {
            let owner_start = ts
                .iter()
                .position(|t| t.span.start == owner.span.start)
                .unwrap_or(a - 2);
            let before = preceding_words(ts, owner_start, 4);
            let byline = kb
                .lexicon
                .byline_cues
                .iter()
                .any(|c| before.ends_with(c.as_str()));
            if byline || kb.lexicon.given_names.contains(ts[a].text) {
                push(
                    out,
                    ts,
                    a..b,
                    "Person",
                    MentionKind::Name,
                    si,
                    "byline-person",
                );
            }
            return;
        }
    }
    let (class, rule) = classify(ctx, ts, a, b);
    if class.is_empty() {
        return;
    }
    if !matches!(
        rule,
        "gazetteer" | "org-suffix" | "place-suffix" | "org-prefix"
    ) {
        // "U.S. Officials", "U.S. Budget": a known place followed by ordinary words.
        for end in (a + 1..b).rev() {
            if let Some(e) = kb.gazetteer.get(&join(ts, a, end)) {
                if kb.gazetteer.places.contains_key(&e.canonical)
                    && (end..b).all(|k| kb.lexicon.is_common(ts[k].text))
                {
                    let class = intern(&e.class);
                    push(out, ts, a..end, class, MentionKind::Name, si, "gazetteer");
                    return;
                }
            }
        }
    }
    let kind = if b - a == 1 && is_all_caps(ts[a].text) && !ts[a].text.contains('.') {
        MentionKind::Acronym
    } else {
        MentionKind::Name
    };
    push(out, ts, a..b, class, kind, si, rule);
}

/// Up to `n` lower-cased words before token `end`, space separated.
pub(crate) fn preceding_words(ts: &[Tok<'_>], end: usize, n: usize) -> String {
    let from = end.saturating_sub(n);
    ts[from..end]
        .iter()
        .map(|t| t.text.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words before a title: a known place or organization ("Ontario", "GM"), or title
/// modifiers ("Industry", "Economic Development") that are no entity.
fn employer_part(
    ctx: &Ctx<'_>,
    ts: &[Tok<'_>],
    a: usize,
    k: usize,
    employer: Employer,
    si: usize,
    out: &mut Vec<Mention>,
) {
    let kb = ctx.kb;
    // "Assistant U.S. Trade Representative": words that qualify the title come first.
    let a = (a..k)
        .find(|&i| {
            !kb.lexicon
                .title_qualifiers
                .contains(&ts[i].text.to_lowercase())
        })
        .unwrap_or(k);
    // The longest known prefix is the employer; the rest qualifies the title.
    for end in (a + 1..=k).rev() {
        let text = join(ts, a, end);
        if let Some(entry) = kb.gazetteer.get(&text) {
            push(
                out,
                ts,
                a..end,
                &entry.class.clone(),
                MentionKind::Name,
                si,
                "gazetteer",
            );
            return;
        }
        if ctx.known.contains(&text) || (end == a + 1 && is_all_caps(ts[a].text)) {
            let (class, rule) = classify(ctx, ts, a, end);
            if !class.is_empty() {
                push(out, ts, a..end, class, kind_of(ts, a, end), si, rule);
            }
            return;
        }
    }
    if a >= k {
        return;
    }
    match employer {
        Employer::City => push(out, ts, a..k, "City", MentionKind::Name, si, "title-place"),
        Employer::State => push(out, ts, a..k, "State", MentionKind::Name, si, "title-place"),
        Employer::Org => {
            let (class, rule) = classify(ctx, ts, a, k);
            let all_common = (a..k).all(|i| kb.lexicon.is_common(ts[i].text));
            if !class.is_empty() && !all_common {
                let rule = if rule == "default" { "title-org" } else { rule };
                push(out, ts, a..k, class, kind_of(ts, a, k), si, rule);
            }
        }
        Employer::Government => {}
    }
}

fn kind_of(ts: &[Tok<'_>], a: usize, b: usize) -> MentionKind {
    if b - a == 1 && is_all_caps(ts[a].text) && !ts[a].text.contains('.') {
        MentionKind::Acronym
    } else {
        MentionKind::Name
    }
}

/// The class of the name `[a, b)` and the rule that decided it; an empty class means
/// "not an entity" (a lone demonym such as "Italian").
fn classify(ctx: &Ctx<'_>, ts: &[Tok<'_>], a: usize, b: usize) -> (&'static str, &'static str) {
    let kb = ctx.kb;
    let lex = &kb.lexicon;
    let text = join(ts, a, b);
    if let Some(e) = kb.gazetteer.get_any_case(&text) {
        return (intern(&e.class), "gazetteer");
    }
    let last = ts[b - 1].text;
    let single = b - a == 1;
    if single {
        let w = ts[a].text;
        let singular = w.strip_suffix('s').unwrap_or(w);
        if kb.gazetteer.demonyms.contains_key(w) || kb.gazetteer.demonyms.contains_key(singular) {
            return ("", "demonym");
        }
    }
    if lex.place_suffixes.contains(last) && !single {
        return ("Place", "place-suffix");
    }
    // "Metal Workers Federation", "Association of Flight Attendants": a union.
    // "United Metalworkers": a trade's workers in one word close a union's name.
    if !single && (union_name(lex, ts, a, b) || is_trade_workers(last)) {
        return ("WorkersUnion", "union-name");
    }
    // The suffix may be the last token or, for "Corp.", the last two.
    let last2 = if b - a >= 2 {
        format!("{}{}", ts[b - 2].text, last)
    } else {
        String::new()
    };
    if let Some(class) = lex
        .org_suffixes
        .get(last)
        .or_else(|| lex.org_suffixes.get(&last2))
    {
        if !single {
            return (intern(class), "org-suffix");
        }
    }
    // "Chrysler Canada", "CTV Toronto": a known organization followed by more words.
    for end in (a + 1..b).rev() {
        if let Some(e) = kb.gazetteer.get(&join(ts, a, end)) {
            if !kb.gazetteer.places.contains_key(&e.canonical) {
                return (intern(&e.class), "org-prefix");
            }
        }
    }
    let before = if a > 0 { ts[a - 1].text } else { "" };
    // "what it called TWA's attempt": an acronym after "called" or "named" is no person.
    if lex.person_cues.contains(before) && !(single && is_all_caps(ts[a].text)) {
        return ("Person", "person-cue");
    }
    // A lower-case title right before the name: "CAW president Ken Lewenza".
    if a > 0
        && (a.saturating_sub(5)..a).any(|k| title_at(kb, ts, k).is_some_and(|(end, _)| end == a))
    {
        return ("Person", "title-person");
    }
    if lex.given_names.contains(ts[a].text) && b - a <= 3 && !single {
        return ("Person", "given-name");
    }
    // "carmaker Fiat", "Miner Highland Gold said": a descriptor names the class.
    if a > 0 {
        let two = if a > 1 {
            format!("{} {}", ts[a - 2].text, ts[a - 1].text)
        } else {
            String::new()
        };
        if let Some(class) = lex.descriptor_class(ts[a - 1].text, &two) {
            return (intern(class), "descriptor");
        }
    }
    // "the state-owned Naftohaz company", "the Teamsters union": or right after it.
    let next = ts
        .get(b)
        .filter(|t| t.text.chars().all(|c| c.is_lowercase()));
    if let Some(next) = next.filter(|_| !kb.gazetteer.demonyms.contains_key(&text)) {
        if let Some(class) = lex.descriptor_class(next.text, "") {
            return (intern(class), "descriptor");
        }
    }
    // "SVZ labour relations manager Gerrit Zandbergen", "Brenmark chief executive ...".
    if possessive_title(kb, ts, b)
        || (single && !lex.is_common(ts[a].text) && title_follows(kb, ts, b))
    {
        return ("Organization", "title-org");
    }
    if single && is_all_caps(ts[a].text) {
        return ("Organization", "acronym");
    }
    // "says Salomon Brothers analyst Jean-Claude Gruet": words that an organization's
    // title follows name the employer, however person-like they look.
    if !single && title_follows(kb, ts, b) && !kb.gazetteer.demonyms.contains_key(&text) {
        return ("Organization", "title-org");
    }
    let after = ts.get(b).map_or("", |t| t.text);
    if lex.speech_verbs.contains(after) && b - a >= 2 && b - a <= 3 {
        return ("Person", "speaker-name");
    }
    if single && matches!(before, "in" | "near" | "outside") && a > 0 {
        return ("Place", "place-preposition");
    }
    if single && lex.given_names.contains(ts[a].text) {
        return ("Person", "given-name");
    }
    // Two or three capitalized words, none an ordinary word or an acronym, with no
    // organization suffix: most often a person nobody listed ("Rinat Akhmetov").
    let person_like = (2..=3).contains(&(b - a))
        && (a..b).all(|k| {
            let w = ts[k].text;
            !is_all_caps(w)
                && !lex.is_common(w)
                && kb.gazetteer.get(w).is_none()
                && !kb.gazetteer.demonyms.contains_key(w)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        });
    if person_like {
        return ("Person", "default-person");
    }
    ("Organization", "default")
}

/// Whether tokens `a..b` name an association of an occupation: a union.
fn union_name(lex: &Lexicon, ts: &[Tok<'_>], a: usize, b: usize) -> bool {
    let words = &ts[a..b];
    words.iter().any(|t| lex.association_heads.contains(t.text))
        && words.iter().any(|t| lex.is_occupation(t.text))
}

/// Class names as `'static` strs (the ontology's classes are a small closed set).
fn intern(class: &str) -> &'static str {
    const CLASSES: [&str; 11] = [
        "Person",
        "Organization",
        "Corporation",
        "WorkersUnion",
        "GovernmentOrganization",
        "EducationalOrganization",
        "NewsMediaOrganization",
        "Place",
        "Country",
        "State",
        "City",
    ];
    CLASSES
        .iter()
        .find(|c| **c == class)
        .copied()
        .unwrap_or("Organization")
}

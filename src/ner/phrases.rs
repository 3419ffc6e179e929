//! Mentions that are not plain proper names: government phrases, countries acting as their
//! governments, nominals ("the union", "the two automakers") and pronouns ("he", "their").

use super::names::{title_at, toks, Tok};
use crate::model::{Document, Mention, MentionKind, Sentence, Span};
use crate::ontology::{Employer, Knowledge, Lexicon};

fn remove_overlapping(mentions: &mut Vec<Mention>, span: Span) {
    mentions.retain(|m| !m.span.overlaps(&span));
}

fn overlaps_any(mentions: &[Mention], span: Span) -> bool {
    mentions.iter().any(|m| m.span.overlaps(&span))
}

/// A government modifier at token `i` ("federal", "Canadian", "Ontario", "U.S."):
/// the canonical government name and the modifier's written form.
fn modifier(
    kb: &Knowledge,
    ts: &[Tok<'_>],
    i: usize,
    country: Option<&str>,
    region: Option<&str>,
) -> Option<String> {
    let lex = &kb.lexicon;
    let gaz = &kb.gazetteer;
    let word = ts[i].text;
    let lower = word.to_lowercase();
    let place = if lex.national_modifiers.contains(&lower) {
        country?.to_string()
    } else if lex.regional_modifiers.contains(&lower) {
        region?.to_string()
    } else if let Some(p) = gaz.demonyms.get(word) {
        p.clone()
    } else {
        let e = gaz.get(word)?;
        if !matches!(e.class.as_str(), "Country" | "State") {
            return None;
        }
        e.canonical.clone()
    };
    Some(lex.government_name(&place))
}

/// "the federal and Ontario governments", "the Canadian government", "government of
/// Canada", "both governments", "the government".
pub fn add_governments(
    doc: &Document,
    sentences: &[Sentence],
    kb: &Knowledge,
    country: Option<&str>,
    region: Option<&str>,
    mentions: &mut Vec<Mention>,
) {
    let lex = &kb.lexicon;
    let mut found = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let ts = toks(doc, s);
        for (i, t) in ts.iter().enumerate() {
            let lower = t.text.to_lowercase();
            if !lex.government_nouns.contains(&lower) {
                continue;
            }
            let plural = lower.ends_with('s');
            // "the federal and Ontario governments": "federal" is Ontario's country.
            let local_country = (i.saturating_sub(6)..i)
                .filter_map(|j| kb.gazetteer.get(ts[j].text))
                .filter(|e| e.class == "State")
                .find_map(|e| kb.gazetteer.country_of(&e.canonical).map(str::to_string));
            let country = local_country.as_deref().or(country);
            // Modifiers to the left, joined by "and" or commas.
            let mut targets = Vec::new();
            let mut aliases = Vec::new();
            let mut start = i;
            let mut k = i;
            while k > 0 {
                let j = k - 1;
                if let Some(gov) = modifier(kb, &ts, j, country, region) {
                    aliases.push(format!(
                        "{} {}",
                        ts[j].text,
                        if plural { "government" } else { t.text }
                    ));
                    targets.push(gov);
                    start = j;
                    k = j;
                    if k > 0
                        && matches!(ts[k - 1].text, "and" | "," | "&")
                        && k >= 2
                        && modifier(kb, &ts, k - 2, country, region).is_some()
                    {
                        k -= 1;
                    }
                } else {
                    break;
                }
            }
            // "government of Canada"
            let mut end = i + 1;
            if targets.is_empty() && ts.get(i + 1).is_some_and(|n| n.text == "of") {
                if let Some(gov) = ts
                    .get(i + 2)
                    .and_then(|_| modifier(kb, &ts, i + 2, None, None))
                {
                    targets.push(gov);
                    aliases.push(format!("{} of {}", t.text, ts[i + 2].text));
                    end = i + 3;
                }
            }
            // Determiner: "the", "both", "both the", "the two".
            let mut det = start;
            while det > 0
                && matches!(
                    ts[det - 1].text.to_lowercase().as_str(),
                    "the" | "both" | "two" | "these" | "those" | "this" | "its" | "their"
                )
            {
                det -= 1;
            }
            if targets.is_empty() {
                if det == start {
                    continue; // bare "government funding": a modifier, not a mention
                }
                // A nominal: resolution finds which government(s) it means.
                let plural = plural
                    || (det..start)
                        .any(|k| matches!(ts[k].text.to_lowercase().as_str(), "both" | "two"));
                found.push(Mention {
                    span: Span::new(ts[det].span.start, t.span.end),
                    surface: doc.text[ts[det].span.start..t.span.end].to_string(),
                    class: "GovernmentOrganization".into(),
                    kind: MentionKind::Nominal,
                    sentence: si,
                    rule: if plural {
                        "nominal-plural".into()
                    } else {
                        "nominal".into()
                    },
                    targets: Vec::new(),
                    target_aliases: Vec::new(),
                });
                continue;
            }
            targets.reverse();
            aliases.reverse();
            let mut uniq = Vec::new();
            let mut uniq_aliases = Vec::new();
            for (t, a) in targets.into_iter().zip(aliases) {
                if !uniq.contains(&t) {
                    uniq.push(t);
                    uniq_aliases.push(a);
                }
            }
            let span = Span::new(ts[det].span.start, ts[end - 1].span.end);
            found.push(Mention {
                span,
                surface: doc.text[span.start..span.end].to_string(),
                class: "GovernmentOrganization".into(),
                kind: MentionKind::Name,
                sentence: si,
                rule: "government-phrase".into(),
                target_aliases: uniq_aliases,
                targets: uniq,
            });
        }
    }
    for m in found {
        remove_overlapping(mentions, m.span);
        mentions.push(m);
    }
}

/// A country or province followed by an action verb ("Canada announced", "the U.S. and
/// Canada said") or by a possessive action noun ("Canada's decision") acts as its government;
/// so does a capital city, for its country's ("Ottawa said", "Rome's provision of a loan").
pub fn add_acting_places(
    doc: &Document,
    sentences: &[Sentence],
    kb: &Knowledge,
    mentions: &mut [Mention],
) {
    let lex = &kb.lexicon;
    for (si, s) in sentences.iter().enumerate() {
        let ts = toks(doc, s);
        let idx_after = |end: usize| ts.iter().position(|t| t.span.start >= end);
        // The place whose government a mention stands for when it acts: a country or
        // state itself, a capital city its country ("Ottawa said").
        let governed = |m: &Mention| -> Option<String> {
            if m.rule != "gazetteer" {
                return None;
            }
            let canonical = kb
                .gazetteer
                .get(&m.surface)
                .map_or_else(|| m.surface.clone(), |e| e.canonical.clone());
            match m.class.as_str() {
                "Country" | "State" => Some(canonical),
                "City" => kb.gazetteer.places.get(&canonical)?.seat_of.clone(),
                _ => None,
            }
        };
        // Places of this sentence, in order.
        let places: Vec<(usize, String)> = (0..mentions.len())
            .filter(|&m| mentions[m].sentence == si)
            .filter_map(|m| governed(&mentions[m]).map(|g| (m, g)))
            .collect();
        let mut acting: Vec<(usize, String)> = Vec::new();
        let mut group: Vec<(usize, String)> = Vec::new();
        for (m, governed) in &places {
            let m = *m;
            group.push((m, governed.clone()));
            let Some(i) = idx_after(mentions[m].span.end) else {
                continue;
            };
            // "Turkey has agreed": auxiliaries may stand before the verb.
            let verb_at = (i..ts.len())
                .find(|&k| !lex.actor_auxiliaries.contains(ts[k].text))
                .unwrap_or(i);
            let next = ts[i].text;
            if matches!(next, "and" | ",") {
                // Part of a coordination: decided by what follows the last member.
                if places
                    .iter()
                    .any(|(p, _)| idx_after(mentions[*p].span.start) == Some(i + 1))
                {
                    continue;
                }
            }
            // "Canada's decision", "Turkey's current $18.6bn loan agreement".
            let acts = lex.actor_verbs.contains(ts[verb_at].text)
                || (matches!(next, "'s" | "’s")
                    && (i + 1..(i + 6).min(ts.len()))
                        .any(|k| lex.actor_possessions.contains(ts[k].text)));
            if acts {
                acting.append(&mut group);
            }
            group.clear();
            // "a joint venture agreement with Italy", "a loan from Germany": a party to a
            // deal, talks or a loan is a government too. Not a capital: "talks with the
            // London market" are no talks with the British government.
            if mentions[m].class != "City" && party_after(lex, &ts, &mentions[m]) {
                acting.push((m, governed.clone()));
            }
        }
        for (m, governed) in acting {
            let mention = &mut mentions[m];
            mention.targets = vec![lex.government_name(&governed)];
            mention.target_aliases = Vec::new();
            mention.class = "GovernmentOrganization".into();
            mention.rule = "country-acts".into();
        }
    }
}

/// "the union", "the two automakers", "his company", "he", "their", and "it" after a
/// speech verb or "that" ("the company said it would buy"), or at the start of a sentence
/// ("It said", "It plans to buy"); never before an expletive's verb ("It is likely").
pub fn add_nominals_and_pronouns(
    doc: &Document,
    sentences: &[Sentence],
    kb: &Knowledge,
    mentions: &mut Vec<Mention>,
) {
    let lex = &kb.lexicon;
    let mut found = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let ts = toks(doc, s);
        let lower: Vec<String> = ts.iter().map(|t| t.text.to_lowercase()).collect();
        let mut i = 0;
        while i < ts.len() {
            let mut matched = None;
            // Determiner (or possessive) + nominal head.
            'dets: for det in lex
                .nominal_determiners
                .iter()
                .chain(lex.possessive_determiners.iter())
            {
                let dw: Vec<&str> = det.split(' ').collect();
                if i + dw.len() >= ts.len()
                    || !dw.iter().enumerate().all(|(k, w)| lower[i + k] == *w)
                {
                    continue;
                }
                // "the German group", "the Miami-based airline", "the struggling
                // carmaker": up to two describing words between the determiner and the head.
                // Where the head may start, the most modifiers first ("the airline
                // industry": "airline" is a head as well as a modifier).
                let mut heads = vec![i + dw.len()];
                for _ in 0..MAX_NOMINAL_MODIFIERS {
                    let h = heads[heads.len() - 1];
                    match nominal_modifier_len(kb, &ts, &lower, h) {
                        Some(n) if h + n < ts.len() => heads.push(h + n),
                        _ => break,
                    }
                }
                for &h in heads.iter().rev() {
                    for nom in &lex.nominals {
                        if nom.class == "GovernmentOrganization" {
                            continue; // handled with government phrases
                        }
                        let hw: Vec<&str> = nom.head.split(' ').collect();
                        if h + hw.len() <= ts.len()
                            && hw.iter().enumerate().all(|(k, w)| lower[h + k] == *w)
                        {
                            let end = h + hw.len();
                            let possessive = lex.possessive_determiners.contains(det.as_str());
                            let two = dw.iter().any(|w| matches!(*w, "two" | "both"));
                            let rule = match (nom.plural || two, possessive) {
                                (true, _) => "nominal-plural",
                                (false, true) => "nominal-possessive",
                                (false, false) => "nominal",
                            };
                            matched = Some((end, nom.class.clone(), rule, h));
                            break 'dets;
                        }
                    }
                }
            }
            // A bare head before a title or a member noun: "union president Bob White",
            // "union bargainers", "company spokesman".
            if matched.is_none()
                && lex.nominal_heads.contains(&lower[i])
                && (i == 0 || !lex.nominal_determiners.contains(&lower[i - 1]))
            {
                for nom in &lex.nominals {
                    if nom.plural || nom.class == "GovernmentOrganization" || nom.head.contains(' ')
                    {
                        continue;
                    }
                    let next = i + 1;
                    if lower[i] == nom.head
                        && next < ts.len()
                        && (lex.member_nouns.contains(&lower[next])
                            || title_at(kb, &ts, next).is_some())
                    {
                        matched = Some((next, nom.class.clone(), "nominal-modifier", i));
                        break;
                    }
                }
            }
            if let Some((end, class, rule, head)) = matched {
                // "The Denver-based airline": a place named inside a describing word keeps
                // its own mention, and the nominal is the head alone.
                let full = Span::new(ts[i].span.start, ts[end - 1].span.end);
                let span = if overlaps_any(mentions, full) {
                    Span::new(ts[head].span.start, ts[end - 1].span.end)
                } else {
                    full
                };
                // "the conglomerate Canadian Pacific": an apposition, not a reference back.
                let apposition = ts.get(end).is_some_and(|t| {
                    mentions
                        .iter()
                        .any(|m| m.span.start == t.span.start && m.kind == MentionKind::Name)
                });
                if !overlaps_any(mentions, span) && !apposition {
                    found.push(Mention {
                        span,
                        surface: doc.text[span.start..span.end].to_string(),
                        class,
                        kind: MentionKind::Nominal,
                        sentence: si,
                        rule: rule.into(),
                        targets: Vec::new(),
                        target_aliases: Vec::new(),
                    });
                }
                i = end;
                continue;
            }
            let (class, rule) = if lex.person_pronouns.contains(&lower[i])
                && !matches!(lower[i].as_str(), "her" | "him")
            {
                ("Person", "pronoun")
            } else if lex.group_pronouns.contains(&lower[i])
                && (i + 1..(i + 4).min(ts.len()))
                    .any(|k| lex.group_pronoun_heads.contains(&lower[k]))
            {
                ("Organization", "group-pronoun")
            } else if lower[i] == "its"
                && ((i + 1..(i + 8).min(ts.len())).any(|k| lex.unit_nouns.contains(&lower[k]))
                    || (i + 1..(i + 3).min(ts.len()))
                        .any(|k| title_at(kb, &ts, k).is_some_and(|(_, e)| e == Employer::Org)))
            {
                // "its own European marques Opel and Saab", "its president, Peter Blampied":
                // the organization named last.
                ("Organization", "pronoun")
            } else if lex.organization_pronouns.contains(&lower[i])
                && ((i > 0
                    && (after_speech_verb(lex, &lower, i)
                        || lex.organization_pronoun_cues.contains(&lower[i - 1])))
                    || (i == 0 && ts.len() > 1 && is_word(ts[1].text)))
                && !lower
                    .get(i + 1)
                    .is_some_and(|w| lex.expletive_followers.contains(w))
            {
                // "Dunmore said it had held talks": the organization named last.
                ("Organization", "pronoun")
            } else {
                i += 1;
                continue;
            };
            if !overlaps_any(mentions, ts[i].span) {
                found.push(Mention {
                    span: ts[i].span,
                    surface: ts[i].text.to_string(),
                    class: class.into(),
                    kind: MentionKind::Pronoun,
                    sentence: si,
                    rule: rule.into(),
                    targets: Vec::new(),
                    target_aliases: Vec::new(),
                });
            }
            i += 1;
        }
    }
    mentions.extend(found);
}

/// How many describing words may stand between a nominal's determiner and its head.
const MAX_NOMINAL_MODIFIERS: usize = 2;

/// The number of tokens of a word at token `k` that only describes the organization a
/// nominal refers back to: a demonym ("German"), a word such as "troubled" or "oil" (one
/// token), or a compound such as "Miami-based" or "loss-making" (three).
fn nominal_modifier_len(
    kb: &Knowledge,
    ts: &[Tok<'_>],
    lower: &[String],
    k: usize,
) -> Option<usize> {
    let lex = &kb.lexicon;
    let word = ts.get(k)?.text;
    if ts.get(k + 1).is_some_and(|t| t.text == "-") {
        let second = lower.get(k + 2)?;
        let compound = format!("{}-{second}", lower[k]);
        return (lex.nominal_modifier_suffixes.contains(second)
            || lex.nominal_modifiers.contains(&compound))
        .then_some(3);
    }
    (kb.gazetteer.demonyms.contains_key(word) || lex.nominal_modifiers.contains(&lower[k]))
        .then_some(1)
}

/// Whether a mention follows "with", "from", "by" or "between" (and perhaps "the") that
/// follow one of `actor_partner_nouns` within four words ("agreement with Italy").
fn party_after(lex: &Lexicon, ts: &[Tok<'_>], m: &Mention) -> bool {
    let Some(mut k) = ts.iter().position(|t| t.span.start >= m.span.start) else {
        return false;
    };
    if k > 0 && ts[k - 1].text.eq_ignore_ascii_case("the") {
        k -= 1;
    }
    // "with Rhode Island authorities", "from China's CNPC": the place only modifies the
    // party.
    let next = ts
        .iter()
        .find(|t| t.span.start >= m.span.end)
        .map(|t| t.text.to_lowercase());
    if next.is_some_and(|w| {
        lex.member_nouns.contains(&w)
            || lex.government_nouns.contains(&w)
            || matches!(w.as_str(), "'s" | "’s")
    }) {
        return false;
    }
    k > 0
        && matches!(ts[k - 1].text, "with" | "from" | "by" | "between")
        && (k.saturating_sub(5)..k - 1)
            .any(|x| lex.actor_partner_nouns.contains(&ts[x].text.to_lowercase()))
}

/// Whether token `i` follows a speech verb, directly or across a few time words ("said
/// on Monday it", "said in a statement it").
fn after_speech_verb(lex: &Lexicon, lower: &[String], i: usize) -> bool {
    const MAX_BETWEEN: usize = 4;
    let start = i.saturating_sub(MAX_BETWEEN + 1);
    (start..i).rev().any(|k| {
        lex.speech_verbs.contains(&lower[k])
            && lower[k + 1..i]
                .iter()
                .all(|w| lex.speech_time_words.contains(w) || lex.calendar.contains(w))
    })
}

/// Whether a token is a lower-case word (no punctuation, no capital).
fn is_word(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_lowercase)
        && t.chars().all(|c| c.is_alphabetic() || c == '\'')
}

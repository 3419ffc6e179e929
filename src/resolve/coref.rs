//! Links nominals and pronouns to the entities they refer back to: "the union" to the last
//! union named, "the two automakers" to the last group of companies named together, "he" to
//! the last person, "their" to the last group of organizations.

use crate::model::{Entity, Mention, MentionKind, MentionLink};
use crate::ontology::Knowledge;
use std::collections::{BTreeSet, HashMap};

/// How many times more often than the entity named last another entity of the class must
/// have been named for a definite nominal to refer to it instead.
const SALIENCE_RATIO: usize = 2;

/// Fills `refers` for nominal and pronoun mentions, and records each link on its entity.
///
/// Groups ("the companies", "both governments") come first from coordinations ("GM and
/// Chrysler", "the federal and Ontario governments"), then from entities of one class named
/// in the same sentence.
pub fn link(
    text: &str,
    mentions: &[Mention],
    entities: &mut [Entity],
    refers: &mut [Vec<usize>],
    kb: &Knowledge,
) {
    // (class, entity, the name mention it was last named by), most recent last.
    let mut last_by_class: Vec<(String, usize, usize)> = Vec::new();
    let mut groups: Vec<Vec<usize>> = Vec::new(); // coordinations, most recent last
    let mut weak_groups: Vec<Vec<usize>> = Vec::new(); // same-sentence co-mentions
    let mut sentence = usize::MAX;
    let mut in_sentence: Vec<usize> = Vec::new();
    let mut chain: Vec<usize> = Vec::new();
    let mut chain_end = usize::MAX;
    // entity -> how many times a name has named it so far.
    let mut named: HashMap<usize, usize> = HashMap::new();

    for (i, m) in mentions.iter().enumerate() {
        if m.sentence != sentence {
            if in_sentence.len() >= 2 {
                weak_groups.push(std::mem::take(&mut in_sentence));
            }
            in_sentence.clear();
            chain.clear();
            sentence = m.sentence;
        }
        match m.kind {
            MentionKind::Name | MentionKind::Acronym => {
                for &e in &refers[i] {
                    *named.entry(e).or_insert(0) += 1;
                    last_by_class.push((entities[e].class.clone(), e, i));
                    if !in_sentence.contains(&e) {
                        in_sentence.push(e);
                    }
                }
                if refers[i].len() >= 2 {
                    groups.push(refers[i].clone());
                }
                // Coordination: "X and Y", "X, Y and Z", "X and the Y".
                let joined = chain_end <= m.span.start
                    && matches!(
                        text[chain_end..m.span.start]
                            .trim_end_matches("the ")
                            .trim(),
                        "and" | "," | ", and" | "&" | "or" | "and the"
                    );
                if !joined {
                    chain.clear();
                }
                for &e in &refers[i] {
                    if !chain.contains(&e) {
                        chain.push(e);
                    }
                }
                chain_end = m.span.end;
                if chain.len() >= 2 {
                    if joined {
                        groups.pop_if(|g| {
                            g.len() < chain.len() && g.iter().all(|e| chain.contains(e))
                        });
                    }
                    groups.push(chain.clone());
                }
                continue;
            }
            MentionKind::Nominal | MentionKind::Pronoun => {}
        }
        let want = m.class.as_str();
        let fits = |e: usize| {
            let c = entities[e].class.as_str();
            c == want || (want == "Organization" && kb.is_a(c, "Organization"))
        };
        let plural = m.rule == "nominal-plural" || m.rule == "group-pronoun";
        // (entity, the mention it was found through), for the merge record.
        let found: Vec<(usize, Option<usize>)> = if plural {
            let current: Vec<usize> = in_sentence.iter().copied().filter(|&e| fits(e)).collect();
            groups
                .iter()
                .rev()
                .find(|g| g.iter().all(|&e| fits(e)))
                .cloned()
                .or_else(|| (current.len() >= 2).then_some(current))
                .or_else(|| {
                    weak_groups
                        .iter()
                        .rev()
                        .map(|g| g.iter().copied().filter(|&e| fits(e)).collect::<Vec<_>>())
                        .find(|g| g.len() >= 2)
                })
                .unwrap_or_default()
                .into_iter()
                .map(|e| (e, None))
                .collect()
        } else {
            // An organization of unknown kind may be the company a "the carrier" names, when
            // no company was named before.
            let loose = |e: usize| want == "Corporation" && entities[e].class == "Organization";
            let strict = last_by_class.iter().any(|(_, e, _)| fits(*e));
            let fits = |e: usize| if strict { fits(e) } else { loose(e) };
            let recent = last_by_class.iter().rev().find(|(_, e, _)| fits(*e));
            // A pronoun whose sentence names no entity of its class before it prefers the
            // first one of the latest sentence that does, the subject there more often than
            // not ("Kestrel said it was studying Nanhai's offer. It also said ...": Kestrel,
            // not Nanhai). Inside one sentence the last one named stays ("Fiat's partner GM
            // said it").
            let recent = match recent {
                Some(&(_, _, by))
                    if m.kind == MentionKind::Pronoun && mentions[by].sentence != m.sentence =>
                {
                    let latest = mentions[by].sentence;
                    last_by_class
                        .iter()
                        .find(|(_, e, b)| fits(*e) && mentions[*b].sentence == latest)
                        .or(recent)
                }
                _ => recent,
            };
            // The entity the story is about wins over the one named last when it has been
            // named at least twice as often ("Alitalia ... Alitalia ... Lufthansa ... the
            // carrier" is Alitalia): a definite description names the topic. Not so a
            // possessive one: "his company" is the company of the man just named.
            let times = |e: usize| named.get(&e).copied().unwrap_or(0);
            let definite =
                m.kind == MentionKind::Nominal && m.surface.to_lowercase().starts_with("the ");
            let pick = match recent {
                Some(r) if definite => last_by_class
                    .iter()
                    .rev()
                    .filter(|(_, e, _)| fits(*e))
                    .max_by_key(|(_, e, _)| times(*e))
                    .filter(|s| times(s.1) >= SALIENCE_RATIO * times(r.1))
                    .or(recent),
                _ => recent,
            }
            .map(|&(_, e, by)| (e, Some(by)));
            // Nothing before: a nominal may point forward to the first entity of its class.
            let pick = pick.or_else(|| {
                (m.kind == MentionKind::Nominal)
                    .then(|| {
                        refers[i + 1..]
                            .iter()
                            .enumerate()
                            .flat_map(|(k, es)| es.iter().map(move |&e| (e, i + 1 + k)))
                            .find(|&(e, _)| entities[e].class == want)
                            .map(|(e, by)| (e, Some(by)))
                    })
                    .flatten()
            });
            pick.into_iter().collect()
        };
        for &(e, by) in &found {
            let rule = match m.kind {
                MentionKind::Pronoun if plural => "pronoun-group",
                MentionKind::Pronoun => "pronoun",
                _ if plural => "nominal-group",
                _ if by.is_some_and(|by| by > i) => "nominal-forward",
                _ => "nominal",
            };
            // The name the mention was linked through ("CAW" for "the union"), else the
            // entity's canonical name.
            let linked_to = by
                .and_then(|by| mentions.get(by))
                .filter(|b| matches!(b.kind, MentionKind::Name | MentionKind::Acronym))
                .map_or_else(|| entities[e].name.clone(), |b| b.surface.clone());
            entities[e].mentions.push(MentionLink {
                span: m.span,
                surface: m.surface.clone(),
                rule: rule.to_string(),
                linked_to,
            });
            if m.class == "Person" {
                last_by_class.push((entities[e].class.clone(), e, by.unwrap_or(i)));
            }
        }
        refers[i] = found.into_iter().map(|(e, _)| e).collect();
    }
    for e in entities.iter_mut() {
        let unique: BTreeSet<MentionLink> = e.mentions.drain(..).collect();
        e.mentions = unique.into_iter().collect();
    }
}

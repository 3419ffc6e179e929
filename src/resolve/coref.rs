//! Links nominals and pronouns to the entities they refer back to: "the union" to the last
//! union named, "the two automakers" to the last group of companies named together, "he" to
//! the last person, "their" to the last group of organizations.

use crate::model::{Entity, Mention, MentionKind, MentionLink};
use crate::ontology::Knowledge;
use std::collections::BTreeSet;

/// Fills `refers` for nominal and pronoun mentions, and records each link on its entity.
pub fn link(mentions: &[Mention], entities: &mut [Entity], refers: &mut [Vec<usize>], kb: &Knowledge) {
    let mut last_by_class: Vec<(String, usize)> = Vec::new(); // (class, entity), most recent last
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new(); // (coarse-ish class, entities)
    let mut sentence = usize::MAX;
    let mut in_sentence: Vec<usize> = Vec::new();

    let close_sentence = |in_sentence: &mut Vec<usize>, groups: &mut Vec<(String, Vec<usize>)>, entities: &[Entity]| {
        for class in ["Corporation", "GovernmentOrganization", "Organization"] {
            let mut members: Vec<usize> = Vec::new();
            for &e in in_sentence.iter() {
                let c = &entities[e].class;
                let fits = if class == "Organization" { kb.is_a(c, "Organization") } else { c == class };
                if fits && !members.contains(&e) {
                    members.push(e);
                }
            }
            if members.len() >= 2 {
                groups.push((class.to_string(), members));
            }
        }
        in_sentence.clear();
    };

    for (i, m) in mentions.iter().enumerate() {
        if m.sentence != sentence {
            close_sentence(&mut in_sentence, &mut groups, entities);
            sentence = m.sentence;
        }
        match m.kind {
            MentionKind::Name | MentionKind::Acronym => {
                for &e in &refers[i] {
                    last_by_class.push((entities[e].class.clone(), e));
                    in_sentence.push(e);
                }
                // A multi-entity mention is a group by itself.
                if refers[i].len() >= 2 {
                    groups.push((m.class.clone(), refers[i].clone()));
                }
                continue;
            }
            MentionKind::Nominal | MentionKind::Pronoun => {}
        }
        let plural = m.rule == "nominal-plural" || m.rule == "group-pronoun";
        let found: Vec<usize> = if plural {
            let want = m.class.as_str();
            groups
                .iter()
                .rev()
                .find(|(c, _)| c == want || (want == "Organization" && kb.is_a(c, "Organization")))
                .map(|(_, g)| g.clone())
                .unwrap_or_default()
        } else {
            let want = m.class.as_str();
            let pick = last_by_class
                .iter()
                .rev()
                .find(|(c, _)| c == want || (want == "Organization" && kb.is_a(c, "Organization")))
                .map(|(_, e)| *e);
            // Nothing before: a nominal may point forward to the first entity of its class.
            let pick = pick.or_else(|| {
                (m.kind == MentionKind::Nominal)
                    .then(|| {
                        mentions[i + 1..]
                            .iter()
                            .enumerate()
                            .flat_map(|(k, _)| refers[i + 1 + k].iter().copied())
                            .find(|&e| entities[e].class == want)
                    })
                    .flatten()
            });
            pick.into_iter().collect()
        };
        for &e in &found {
            let rule = match m.kind {
                MentionKind::Pronoun => "pronoun",
                _ => "nominal",
            };
            entities[e].mentions.push(MentionLink { span: m.span, surface: m.surface.clone(), rule: rule.to_string() });
            if m.class == "Person" {
                last_by_class.push((entities[e].class.clone(), e));
            }
            in_sentence.push(e);
        }
        refers[i] = found;
    }
    for e in entities.iter_mut() {
        let unique: BTreeSet<MentionLink> = e.mentions.drain(..).collect();
        e.mentions = unique.into_iter().collect();
    }
}

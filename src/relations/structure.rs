//! Relations that names state by themselves: an organization named after another one plus a
//! place ("Chrysler Canada", "CTV Toronto", "General Motors of Canada") or a numbered
//! branch ("UAW Local 594") is its national or local arm, and a news outlet
//! named after another plus a programme word ("CTV Newsnet") is one of its channels.

use crate::model::{Entity, Mention, Relation, Sentence};
use crate::ontology::Knowledge;
use crate::resolve::entity_iri;
use std::collections::BTreeMap;

const RULE: &str = "name-prefix-subsidiary";

/// Whether the end of a name is a numbered branch: a branch word, in either case, and a
/// number ("Local 594", "local 480").
fn is_branch(kb: &Knowledge, rest: &str) -> bool {
    let mut words = rest.split(' ');
    kb.lexicon.is_branch_word(words.next().unwrap_or(""))
        && words
            .next()
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Adds `subsidiaryOf` relations between the organizations of one article. The parent may
/// be named only inside the child's name ("CTV Toronto" in an article that never says "CTV"
/// alone): when the gazetteer knows it, it is added as an entity.
pub fn subsidiaries(
    entities: &mut Vec<Entity>,
    kb: &Knowledge,
    mentions: &[Mention],
    refers: &[Vec<usize>],
    sentences: &[Sentence],
    out: &mut BTreeMap<(String, String, String, usize), Relation>,
) {
    for i in 0..entities.len() {
        let child = entities[i].clone();
        if kb.coarse(&child.class) != "Organization" {
            continue;
        }
        let words: Vec<&str> = child.name.split(' ').collect();
        // The longest proper prefix that names an organization.
        let parent = (1..words.len()).rev().find_map(|n| {
            let prefix = words[..n].join(" ");
            let rest = words[n..].join(" ");
            let known = entities
                .iter()
                .position(|e| {
                    (e.name == prefix || e.aliases.contains(&prefix))
                        && e.iri != child.iri
                        && kb.coarse(&e.class) == "Organization"
                })
                .map(|p| (Some(p), entities[p].class.clone()));
            let gazetteer = || {
                kb.gazetteer
                    .get(&prefix)
                    .filter(|g| kb.coarse(&g.class) == "Organization" && g.canonical == prefix)
                    .map(|g| (None, g.class.clone()))
            };
            // "United Steelworkers of America local 480": a numbered branch names its
            // union, known or not.
            let branch_of = || is_branch(kb, &rest).then(|| (None, child.class.clone()));
            known
                .or_else(gazetteer)
                .or_else(branch_of)
                .map(|(index, class)| (index, prefix, class, rest))
        });
        let Some((index, name, class, rest)) = parent else {
            continue;
        };
        // "General Motors of Canada" is "General Motors Canada".
        let rest = rest.strip_prefix("of ").unwrap_or(&rest);
        let place = kb
            .gazetteer
            .get(rest)
            .is_some_and(|e| kb.gazetteer.places.contains_key(&e.canonical));
        let media = child.class == "NewsMediaOrganization" && class == "NewsMediaOrganization";
        let branch = is_branch(kb, rest);
        if !(place || media || branch) {
            continue;
        }
        // Evidence: the first sentence that names the child.
        let Some(m) = (0..mentions.len()).find(|&m| refers[m].contains(&i)) else {
            continue;
        };
        let Some(sentence) = sentences.get(mentions[m].sentence) else {
            continue;
        };
        let parent_iri = match index {
            Some(p) => entities[p].iri.clone(),
            None => {
                let iri = entity_iri(&name);
                entities.push(Entity {
                    iri: iri.clone(),
                    name,
                    class,
                    aliases: Default::default(),
                    mentions: Vec::new(),
                    class_guessed: false,
                });
                iri
            }
        };
        let key = (
            child.iri.clone(),
            "subsidiaryOf".to_string(),
            parent_iri.clone(),
            sentence.span.start,
        );
        out.entry(key).or_insert_with(|| Relation {
            subject: child.iri.clone(),
            property: "subsidiaryOf".into(),
            object: Some(parent_iri),
            amount: None,
            title: None,
            evidence: sentence.span,
            rule: RULE.into(),
            confidence: if place || branch { 0.8 } else { 0.6 },
            hedge: None,
        });
    }
}

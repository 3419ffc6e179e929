//! Relations that names state by themselves: an organization named after another one plus a
//! place ("Chrysler Canada", "CTV Toronto") is its national or local arm, and a news outlet
//! named after another plus a programme word ("CTV Newsnet") is one of its channels.

use crate::model::{Entity, Mention, Relation, Sentence};
use crate::ontology::Knowledge;
use std::collections::BTreeMap;

const RULE: &str = "name-prefix-subsidiary";

/// Adds `subsidiaryOf` relations between the organizations of one article.
pub fn subsidiaries(
    entities: &[Entity],
    kb: &Knowledge,
    mentions: &[Mention],
    refers: &[Vec<usize>],
    sentences: &[Sentence],
    out: &mut BTreeMap<(String, String, String, usize), Relation>,
) {
    for (i, child) in entities.iter().enumerate() {
        if kb.coarse(&child.class) != "Organization" {
            continue;
        }
        for parent in entities {
            if parent.iri == child.iri || kb.coarse(&parent.class) != "Organization" {
                continue;
            }
            let Some(rest) = child.name.strip_prefix(&parent.name).and_then(|r| r.strip_prefix(' ')) else { continue };
            let place = kb.gazetteer.get(rest).is_some_and(|e| kb.gazetteer.places.contains_key(&e.canonical));
            let media = child.class == "NewsMediaOrganization" && parent.class == "NewsMediaOrganization";
            if !(place || media) {
                continue;
            }
            // Evidence: the first sentence that names the child.
            let Some(m) = (0..mentions.len()).find(|&m| refers[m].contains(&i)) else { continue };
            let Some(sentence) = sentences.get(mentions[m].sentence) else { continue };
            let key = (child.iri.clone(), "subsidiaryOf".to_string(), parent.iri.clone(), sentence.span.start);
            out.entry(key).or_insert_with(|| Relation {
                subject: child.iri.clone(),
                property: "subsidiaryOf".into(),
                object: Some(parent.iri.clone()),
                amount: None,
                title: None,
                evidence: sentence.span,
                rule: RULE.into(),
                confidence: if place { 0.8 } else { 0.6 },
            });
        }
    }
}

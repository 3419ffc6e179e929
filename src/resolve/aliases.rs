//! Merges the proper-name mentions of an article into entities.
//!
//! Two names are one entity when they share a key (the gazetteer's canonical name, or the
//! name without a leading "The" and a legal suffix such as "Corp." or "SpA"), when one is the
//! acronym of the other ("CAW" / "Canadian Auto Workers"), when one is the surname of a person
//! named in full ("Lewenza" / "Ken Lewenza"), or when they differ by a typo ("Generals
//! Motors", "Chrysler Canda"). Government phrases name their governments directly.

use super::entity_iri;
use crate::model::{Entity, Mention, MentionKind, MentionLink};
use crate::ner::names::strength;
use crate::ontology::Knowledge;
use petgraph::unionfind::UnionFind;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One name form before merging.
#[derive(Debug, Clone)]
struct Form {
    key: String,
    class: String,
    strength: u8,
    gazetteer: bool,
    /// Indices of the mentions with this form.
    mentions: Vec<usize>,
    /// Which rule made each mention part of the form.
    rules: Vec<String>,
    surfaces: Vec<String>,
}

/// Merges name mentions into entities. Returns the entities and, per mention, the entities
/// it names (empty for nominals and pronouns, which `coref` handles).
#[must_use]
pub fn merge(mentions: &[Mention], kb: &Knowledge) -> (Vec<Entity>, Vec<Vec<usize>>) {
    let mut forms: Vec<Form> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    // (mention, form) pairs; a government phrase names several forms.
    let mut named: Vec<(usize, usize)> = Vec::new();
    let mut add = |key: String,
                   class: &str,
                   strength_: u8,
                   gaz: bool,
                   m: usize,
                   rule: &str,
                   surface: String,
                   forms: &mut Vec<Form>| {
        let f = *by_key.entry(key.clone()).or_insert_with(|| {
            forms.push(Form {
                key,
                class: class.to_string(),
                strength: 0,
                gazetteer: false,
                mentions: vec![],
                rules: vec![],
                surfaces: vec![],
            });
            forms.len() - 1
        });
        let form = &mut forms[f];
        if strength_ > form.strength {
            form.strength = strength_;
            form.class = class.to_string();
        }
        form.gazetteer |= gaz;
        form.mentions.push(m);
        form.rules.push(rule.to_string());
        form.surfaces.push(surface);
        f
    };
    for (i, m) in mentions.iter().enumerate() {
        if !matches!(m.kind, MentionKind::Name | MentionKind::Acronym) {
            continue;
        }
        if !m.targets.is_empty() {
            for (k, target) in m.targets.iter().enumerate() {
                let alias = m.target_aliases.get(k).cloned().unwrap_or_default();
                let f = add(
                    target.clone(),
                    &m.class,
                    strength(&m.rule),
                    true,
                    i,
                    &m.rule,
                    alias,
                    &mut forms,
                );
                named.push((i, f));
            }
            continue;
        }
        let gaz = kb.gazetteer.get(&m.surface);
        let key = gaz.map_or_else(|| core_name(&m.surface, kb), |e| e.canonical.clone());
        let class = gaz
            .map_or(m.class.as_str(), |e| e.class.as_str())
            .to_string();
        let s = if gaz.is_some() {
            strength("gazetteer")
        } else {
            strength(&m.rule)
        };
        let f = add(
            key,
            &class,
            s,
            gaz.is_some(),
            i,
            &m.rule,
            m.surface.clone(),
            &mut forms,
        );
        named.push((i, f));
    }

    let n = forms.len();
    let mut uf = UnionFind::<usize>::new(n);
    let mut why: Vec<Option<&'static str>> = vec![None; n];
    let coarse = |f: &Form| kb.coarse(&f.class).to_string();

    // Acronyms: "CAW" = "Canadian Auto Workers".
    for a in 0..n {
        let fa = &forms[a];
        if fa.gazetteer || !is_acronym(&fa.key) {
            continue;
        }
        let target = (0..n).find(|&b| {
            b != a && coarse(&forms[b]) == "Organization" && initials(&forms[b].key, kb) == fa.key
        });
        if let Some(b) = target {
            uf.union(a, b);
            why[a] = Some("acronym");
        }
    }
    // Surnames: "Lewenza" = "Ken Lewenza" (only when one person has that surname).
    for a in 0..n {
        let fa = &forms[a];
        if fa.key.contains(' ') || (coarse(fa) != "Person" && fa.strength > strength("acronym")) {
            continue;
        }
        let people: Vec<usize> = (0..n)
            .filter(|&b| {
                b != a
                    && coarse(&forms[b]) == "Person"
                    && forms[b].key.contains(' ')
                    && forms[b].key.rsplit(' ').next() == Some(fa.key.as_str())
            })
            .collect();
        let distinct: BTreeSet<&str> = people.iter().map(|&b| forms[b].key.as_str()).collect();
        if distinct.len() == 1 {
            uf.union(a, people[0]);
            why[a] = Some("surname");
        }
    }
    // Typos: same number of words, each differing by at most one edit, two in all.
    for a in 0..n {
        for b in a + 1..n {
            let (fa, fb) = (&forms[a], &forms[b]);
            if (fa.gazetteer && fb.gazetteer) || coarse(fa) != coarse(fb) || uf.equiv(a, b) {
                continue;
            }
            if is_typo(&fa.key, &fb.key) {
                uf.union(a, b);
                let minor =
                    if fa.mentions.len() < fb.mentions.len() || (fb.gazetteer && !fa.gazetteer) {
                        a
                    } else {
                        b
                    };
                why[minor] = Some("misspelling");
            }
        }
    }

    // Build one entity per cluster.
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for f in 0..n {
        clusters.entry(uf.find(f)).or_default().push(f);
    }
    let mut entities = Vec::new();
    let mut entity_of_form = vec![0usize; n];
    for members in clusters.values() {
        let best_class = members
            .iter()
            .map(|&f| &forms[f])
            .max_by_key(|f| (f.strength, f.mentions.len()))
            .map(|f| f.class.clone())
            .unwrap_or_default();
        // A name that is some person's surname is that person.
        let class = if members.iter().any(|&f| why[f] == Some("surname")) {
            "Person".to_string()
        } else {
            best_class
        };
        let name = canonical(
            members.iter().map(|&f| &forms[f]).collect(),
            &why,
            members,
            &class,
        );
        let mut aliases = BTreeSet::new();
        let mut links = Vec::new();
        for &f in members {
            let form = &forms[f];
            for (k, &m) in form.mentions.iter().enumerate() {
                let surface = &form.surfaces[k];
                if !surface.is_empty() && surface != &name {
                    aliases.insert(surface.clone());
                }
                let rule = why[f].map_or_else(
                    || {
                        if form.key == name {
                            "same-name".to_string()
                        } else {
                            form.rules[k].clone()
                        }
                    },
                    str::to_string,
                );
                links.push(MentionLink {
                    span: mentions[m].span,
                    surface: mentions[m].surface.clone(),
                    rule,
                });
            }
            if form.key != name {
                aliases.insert(form.key.clone());
            }
        }
        links.sort();
        links.dedup();
        for &f in members {
            entity_of_form[f] = entities.len();
        }
        entities.push(Entity {
            iri: entity_iri(&name),
            name,
            class,
            aliases,
            mentions: links,
        });
    }
    let mut refers = vec![Vec::new(); mentions.len()];
    for (m, f) in named {
        let e = entity_of_form[f];
        if !refers[m].contains(&e) {
            refers[m].push(e);
        }
    }
    (entities, refers)
}

/// The canonical name of a cluster: the gazetteer's name if any, else the form with the
/// most words (persons) or the most mentions (others), never an acronym when another form
/// exists, never a misspelling.
fn canonical(
    forms: Vec<&Form>,
    why: &[Option<&'static str>],
    members: &[usize],
    class: &str,
) -> String {
    let mut scored: Vec<(bool, bool, bool, usize, usize, &str)> = forms
        .iter()
        .zip(members)
        .map(|(f, &idx)| {
            (
                f.gazetteer,
                why[idx] != Some("misspelling"),
                !is_acronym(&f.key),
                if class == "Person" {
                    f.key.split(' ').count()
                } else {
                    f.mentions.len()
                },
                f.key.len(),
                f.key.as_str(),
            )
        })
        .collect();
    scored.sort();
    scored.last().map(|s| s.5.to_string()).unwrap_or_default()
}

/// The name without a leading "The" and trailing legal-form words ("Corp.", "SpA", "union").
#[must_use]
pub fn core_name(surface: &str, kb: &Knowledge) -> String {
    let mut words: Vec<&str> = surface.split_whitespace().collect();
    if words.len() > 1 && words[0] == "The" {
        words.remove(0);
    }
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| kb.lexicon.legal_suffixes.contains(*w))
    {
        words.pop();
    }
    words.join(" ")
}

fn is_acronym(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters)
        && !s.contains(' ')
        && s.chars().all(|c| c.is_uppercase() || c == '&' || c == '.')
}

/// Initials of the capitalized words of a name ("Canadian Auto Workers" -> "CAW").
fn initials(name: &str, kb: &Knowledge) -> String {
    name.split_whitespace()
        .filter(|w| !kb.lexicon.name_connectors.contains(*w))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

fn is_typo(a: &str, b: &str) -> bool {
    let wa: Vec<&str> = a.split(' ').collect();
    let wb: Vec<&str> = b.split(' ').collect();
    if wa.len() != wb.len() || a.len() < 6 || b.len() < 6 {
        return false;
    }
    let mut total = 0;
    for (x, y) in wa.iter().zip(&wb) {
        if x == y {
            continue;
        }
        // A differing word must be long enough that one edit is a typo, not another word.
        if x.chars().count() < 5 || y.chars().count() < 5 || x.chars().next() != y.chars().next() {
            return false;
        }
        let d = edit_distance(x, y);
        if d > 1 {
            return false;
        }
        total += d;
    }
    (1..=2).contains(&total)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_single_edits_in_long_words() {
        assert!(is_typo("Generals Motors", "General Motors"));
        assert!(is_typo("Chrysler Canda", "Chrysler Canada"));
        assert!(!is_typo("CTV Toronto", "CTV Newsnet"));
        assert!(
            !is_typo("John Gray", "Joan Gray"),
            "short words differ by meaning, not typo"
        );
        assert!(!is_typo("Austria", "Australia"));
    }

    #[test]
    fn acronym_initials_skip_connectors() {
        let kb = crate::ner::tests::kb();
        assert_eq!(initials("Canadian Auto Workers", &kb), "CAW");
        assert_eq!(initials("Bank of England", &kb), "BE");
        assert!(is_acronym("CAW"));
        assert!(!is_acronym("Chrysler"));
    }
}

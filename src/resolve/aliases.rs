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
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One name form before merging.
#[derive(Debug, Clone)]
struct Form {
    key: String,
    class: String,
    strength: u8,
    gazetteer: bool,
    /// Indices of the mentions with this form.
    mentions: Vec<usize>,
    /// Per mention: how its surface became this form's key (`canonical-name`, `gazetteer`,
    /// `legal-suffix`, or the rule of a government phrase).
    reasons: Vec<String>,
    surfaces: Vec<String>,
}

/// Why two forms are one entity (the rule names of `ng:mergeRule`).
const ACRONYM: &str = "acronym";
const SURNAME: &str = "surname";
const MISSPELLING: &str = "misspelling";
const CASE_VARIANT: &str = "case-variant";
const SHORT_NAME: &str = "short-name";
const HEAD_WORD: &str = "head-word";
const MIDDLE_INITIAL: &str = "middle-initial";
/// A lone word that is no one's surname but the first name of one person named in full
/// ("Mr Kim" after "Kim Yungmin", family name first).
const FIRST_NAME: &str = "first-name";
/// A lone surname shared by several people, linked to the nearest one named before it.
const SURNAME_NEAREST: &str = "surname-nearest";

/// Merges name mentions into entities. Returns the entities and, per mention, the entities
/// it names (empty for nominals and pronouns, which `coref` handles).
///
/// Every [`MentionLink`] says which rule linked the mention and to which name form, so the
/// graph can answer why two names are one node.
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
                   reason: &str,
                   surface: String,
                   forms: &mut Vec<Form>| {
        let f = *by_key.entry(key.clone()).or_insert_with(|| {
            forms.push(Form {
                key,
                class: class.to_string(),
                strength: 0,
                gazetteer: false,
                mentions: vec![],
                reasons: vec![],
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
        form.reasons.push(reason.to_string());
        form.surfaces.push(surface);
        f
    };
    // "The European Community (EC)": an acronym the article spells out itself is that
    // name, whatever the gazetteer expands it to (its "EC" is the European Commission).
    let gazetteer_key = |surface: &str| kb.gazetteer.get_any_case(surface).map(|g| &g.canonical);
    let defined: HashSet<&str> = mentions
        .windows(2)
        .filter(|w| {
            w[0].kind == MentionKind::Name
                && w[1].kind == MentionKind::Acronym
                && w[1].span.start == w[0].span.end + 2
                && initials(&w[0].surface, kb) == w[1].surface
                && gazetteer_key(&w[0].surface) != gazetteer_key(&w[1].surface)
        })
        .map(|w| w[1].surface.as_str())
        .collect();
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
        let gaz = kb
            .gazetteer
            .get_any_case(&m.surface)
            .filter(|_| !defined.contains(m.surface.as_str()));
        let key = gaz.map_or_else(|| core_name(&m.surface, kb), |e| e.canonical.clone());
        let reason = if key == m.surface {
            "canonical-name"
        } else if gaz.is_some() {
            "gazetteer"
        } else {
            "legal-suffix"
        };
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
            reason,
            m.surface.clone(),
            &mut forms,
        );
        named.push((i, f));
    }

    let n = forms.len();
    let mut uf = UnionFind::<usize>::new(n);
    // Merge decisions: (form, form, rule).
    let mut edges: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut misspelled = vec![false; n];
    let coarse = |f: &Form| kb.coarse(&f.class).to_string();
    // An organization, or a name whose class is only a guess ("Dome" guessed a person).
    let org_like =
        |f: usize| coarse(&forms[f]) == "Organization" || forms[f].strength <= strength("acronym");

    // Typos: same number of words, each differing by at most one edit, two in all; a
    // person's given names never differ.
    for a in 0..n {
        for b in a + 1..n {
            let (fa, fb) = (&forms[a], &forms[b]);
            if (fa.gazetteer && fb.gazetteer) || coarse(fa) != coarse(fb) || uf.equiv(a, b) {
                continue;
            }
            let person = coarse(fa) == "Person";
            if is_typo(&fa.key, &fb.key) && !(person && different_people(&fa.key, &fb.key, kb)) {
                uf.union(a, b);
                edges.push((a, b, MISSPELLING));
                // The misspelling is the form that is not in the gazetteer, else the rarer.
                let minor = if fa.gazetteer != fb.gazetteer {
                    if fa.gazetteer {
                        b
                    } else {
                        a
                    }
                } else if fa.mentions.len() < fb.mentions.len() {
                    a
                } else {
                    b
                };
                misspelled[minor] = true;
            }
        }
    }
    // Case variants: "CYCLOPS" in a wire headline is the "Cyclops" of the story.
    for a in 0..n {
        for b in a + 1..n {
            let (fa, fb) = (&forms[a], &forms[b]);
            if (fa.gazetteer && fb.gazetteer) || uf.equiv(a, b) {
                continue;
            }
            if fa.key.to_lowercase() == fb.key.to_lowercase() {
                uf.union(a, b);
                edges.push((a, b, CASE_VARIANT));
            }
        }
    }
    // Acronyms: "CAW" = "Canadian Auto Workers", "AMC" = "American Motors Corp", when one
    // organization has those initials (of its name with or without the legal suffix).
    // A gazetteer's organization written as its acronym ("SAIC") counts too, for a name
    // the gazetteer does not know.
    for a in 0..n {
        let fa = &forms[a];
        let acronym = if fa.gazetteer {
            fa.surfaces.iter().find(|s| is_acronym(s)).cloned()
        } else {
            Some(fa.key.clone()).filter(|k| is_acronym(k))
        };
        let Some(acronym) = acronym else {
            continue;
        };
        let targets: Vec<usize> = (0..n)
            .filter(|&b| {
                b != a
                    && !(fa.gazetteer && forms[b].gazetteer)
                    && coarse(&forms[b]) == "Organization"
                    && std::iter::once(&forms[b].key)
                        .chain(&forms[b].surfaces)
                        .any(|name| initials(name, kb) == acronym)
            })
            .collect();
        let clusters: BTreeSet<usize> = targets.iter().map(|&b| uf.find(b)).collect();
        if clusters.len() == 1 {
            uf.union(a, targets[0]);
            edges.push((a, targets[0], ACRONYM));
        }
    }
    // Short names: "Dome" = "Dome Petroleum", "USAir" = "USAir Group", when exactly one
    // organization's name starts with those words and what follows is no place
    // ("General Motors Canada" is another company than "General Motors").
    for a in 0..n {
        let fa = &forms[a];
        // A gazetteer's organization by the name it was written with ("TransCanada").
        let short: Vec<&String> = if fa.gazetteer {
            fa.surfaces.iter().filter(|s| !is_acronym(s)).collect()
        } else {
            // An acronym too: "BMC" = "BMC Industries".
            vec![&fa.key]
        };
        // A person's name that begins an organization's is the organization ("Walt
        // Disney" / "Walt Disney Co"), unless a title or a cue said person.
        let named_like_person = coarse(fa) == "Person" && fa.strength <= strength("given-name");
        if !org_like(a) && !named_like_person {
            continue;
        }
        let longer: Vec<usize> = (0..n)
            .filter(|&b| {
                let fb = &forms[b];
                b != a
                    && !fb.gazetteer
                    && !misspelled[b]
                    && org_like(b)
                    && (coarse(fa) == "Organization" || coarse(fb) == "Organization")
                    && short.iter().any(|s| {
                        // "Foster" / "Foster's Group" too.
                        let rest = fb.key.strip_prefix(s.as_str()).and_then(|r| {
                            r.strip_prefix(' ')
                                .or_else(|| r.strip_prefix("'s "))
                                .or_else(|| r.strip_prefix("’s "))
                        });
                        rest.is_some_and(|r| {
                            !r.is_empty()
                                && !names_a_place(r, kb)
                                // "KWU Local 1182" is a branch of the KWU, not the KWU.
                                && !r
                                    .split(' ')
                                    .next()
                                    .is_some_and(|w| kb.lexicon.branch_words.contains(w))
                        })
                    })
            })
            .collect();
        let clusters: BTreeSet<usize> = longer.iter().map(|&b| uf.find(b)).collect();
        if clusters.len() == 1 && !uf.equiv(a, longer[0]) {
            uf.union(a, longer[0]);
            edges.push((a, longer[0], SHORT_NAME));
        }
    }
    // Head words: "Commission" = "European Commission", "Rover" = "MG Rover", when one
    // word names no organization of its own and ends exactly one organization's name.
    for a in 0..n {
        let fa = &forms[a];
        if fa.gazetteer || fa.key.contains(' ') || is_acronym(&fa.key) {
            continue;
        }
        if !org_like(a) {
            continue;
        }
        let suffix = format!(" {}", fa.key);
        let longer: Vec<usize> = (0..n)
            .filter(|&b| {
                b != a
                    && org_like(b)
                    && (coarse(fa) == "Organization" || coarse(&forms[b]) == "Organization")
                    && forms[b].key.ends_with(&suffix)
            })
            .collect();
        let clusters: BTreeSet<usize> = longer.iter().map(|&b| uf.find(b)).collect();
        if clusters.len() == 1 && !uf.equiv(a, longer[0]) {
            uf.union(a, longer[0]);
            edges.push((a, longer[0], HEAD_WORD));
        }
    }
    // Middle initials: "Carl Icahn" = "Carl C. Icahn".
    let bare: Vec<Vec<&str>> = forms
        .iter()
        .map(|f| {
            f.key
                .split(' ')
                .filter(|w| !(w.len() == 2 && w.ends_with('.')))
                .collect()
        })
        .collect();
    for a in 0..n {
        for b in a + 1..n {
            let (fa, fb) = (&forms[a], &forms[b]);
            if coarse(fa) != "Person" || coarse(fb) != "Person" || uf.equiv(a, b) {
                continue;
            }
            if fa.key != fb.key && bare[a].len() >= 2 && bare[a] == bare[b] {
                uf.union(a, b);
                edges.push((a, b, MIDDLE_INITIAL));
            }
        }
    }
    // Surnames: "Lewenza" = "Ken Lewenza" when one person has that surname. When several
    // do ("John Smith", "Mary Smith"), each lone "Smith" goes to the one named last before
    // it, and never makes the two people one.
    let mut reassigned: BTreeMap<usize, usize> = BTreeMap::new(); // mention -> form
    for a in 0..n {
        let fa = &forms[a];
        if fa.key.contains(' ') || (coarse(fa) != "Person" && fa.strength > strength("acronym")) {
            continue;
        }
        // "Taft" already merged into "Taft Broadcasting" is that company, whoever else is
        // called Taft ("Dudley Taft").
        let in_company = (0..n).any(|b| {
            uf.equiv(a, b)
                && coarse(&forms[b]) == "Organization"
                && forms[b].strength > strength("acronym")
        });
        if in_company {
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
        let clusters: BTreeSet<usize> = people.iter().map(|&b| uf.find(b)).collect();
        let firsts: Vec<usize> = (0..n)
            .filter(|&b| {
                b != a
                    && coarse(&forms[b]) == "Person"
                    && forms[b].key.contains(' ')
                    && forms[b].key.split(' ').next() == Some(fa.key.as_str())
            })
            .collect();
        let first_clusters: BTreeSet<usize> = firsts.iter().map(|&b| uf.find(b)).collect();
        if clusters.len() == 1 {
            uf.union(a, people[0]);
            edges.push((a, people[0], SURNAME));
        } else if clusters.is_empty() && first_clusters.len() == 1 && coarse(fa) == "Person" {
            uf.union(a, firsts[0]);
            edges.push((a, firsts[0], FIRST_NAME));
        } else if clusters.len() > 1 && !uf.equiv(a, people[0]) {
            for &m in &fa.mentions {
                let start = mentions[m].span.start;
                let nearest = people
                    .iter()
                    .flat_map(|&b| forms[b].mentions.iter().map(move |&k| (k, b)))
                    .filter(|&(k, _)| mentions[k].span.start < start)
                    .max_by_key(|&(k, _)| mentions[k].span.start);
                if let Some((_, b)) = nearest {
                    reassigned.insert(m, b);
                }
            }
        }
    }

    // Build one entity per cluster.
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for f in 0..n {
        clusters.entry(uf.find(f)).or_default().push(f);
    }
    let mut entities = Vec::new();
    let mut entity_of_form: Vec<Option<usize>> = vec![None; n];
    for members in clusters.values() {
        let kept = |f: usize| {
            forms[f]
                .mentions
                .iter()
                .filter(|m| !reassigned.contains_key(m))
                .count()
        };
        if members.iter().all(|&f| kept(f) == 0) {
            continue; // every mention went to a person named in full
        }
        let (best_class, best_strength) = members
            .iter()
            .map(|&f| &forms[f])
            .max_by_key(|f| (f.strength, f.mentions.len()))
            .map(|f| (f.class.clone(), f.strength))
            .unwrap_or_default();
        // A name that is some person's surname is that person.
        let surname = edges
            .iter()
            .any(|&(a, b, rule)| rule == SURNAME && members.contains(&a) && members.contains(&b));
        let class = if surname {
            "Person".to_string()
        } else {
            best_class
        };
        let class_guessed = !surname && best_strength <= strength("acronym");
        let name = canonical(
            members.iter().map(|&f| &forms[f]).collect(),
            &misspelled,
            members,
            &class,
        );
        let explained = explain(members, &forms, &edges, &name);
        let mut aliases = BTreeSet::new();
        let mut links = Vec::new();
        for &f in members {
            let form = &forms[f];
            for (k, &m) in form.mentions.iter().enumerate() {
                if reassigned.contains_key(&m) {
                    continue;
                }
                let surface = &form.surfaces[k];
                if !surface.is_empty() && surface != &name {
                    aliases.insert(surface.clone());
                }
                let (rule, linked_to) = match explained.get(&f) {
                    Some((rule, partner)) => ((*rule).to_string(), forms[*partner].key.clone()),
                    None => (form.reasons[k].clone(), form.key.clone()),
                };
                links.push(MentionLink {
                    span: mentions[m].span,
                    surface: mentions[m].surface.clone(),
                    rule,
                    linked_to,
                });
            }
            if form.key != name && kept(f) > 0 {
                aliases.insert(form.key.clone());
            }
        }
        for &f in members {
            entity_of_form[f] = Some(entities.len());
        }
        entities.push(Entity {
            iri: entity_iri(&name),
            name,
            class,
            aliases,
            mentions: links,
            class_guessed,
        });
    }
    let mut refers = vec![Vec::new(); mentions.len()];
    for (m, f) in named {
        let Some(e) = reassigned
            .get(&m)
            .map_or(entity_of_form[f], |&b| entity_of_form[b])
        else {
            continue;
        };
        if !refers[m].contains(&e) {
            refers[m].push(e);
        }
    }
    for (&m, &b) in &reassigned {
        let Some(e) = entity_of_form[b] else { continue };
        let entity = &mut entities[e];
        if mentions[m].surface != entity.name {
            entity.aliases.insert(mentions[m].surface.clone());
        }
        entity.mentions.push(MentionLink {
            span: mentions[m].span,
            surface: mentions[m].surface.clone(),
            rule: SURNAME_NEAREST.to_string(),
            linked_to: forms[b].key.clone(),
        });
    }
    for entity in &mut entities {
        entity.mentions.sort();
        entity.mentions.dedup();
    }
    (entities, refers)
}

/// For each form of a cluster other than the canonical one, the merge rule and the form it
/// was merged with, found by walking the merge decisions outward from the canonical form
/// (so "Generals Motors" is explained as a misspelling of "General Motors", and "GM" as
/// the acronym of the form it was matched with).
fn explain(
    members: &[usize],
    forms: &[Form],
    edges: &[(usize, usize, &'static str)],
    name: &str,
) -> BTreeMap<usize, (&'static str, usize)> {
    let mut out = BTreeMap::new();
    let Some(&root) = members.iter().find(|&&f| forms[f].key == name) else {
        return out;
    };
    let mut queue = std::collections::VecDeque::from([root]);
    let mut seen = BTreeSet::from([root]);
    while let Some(f) = queue.pop_front() {
        for &(a, b, rule) in edges {
            let other = if a == f {
                b
            } else if b == f {
                a
            } else {
                continue;
            };
            if seen.insert(other) {
                out.insert(other, (rule, f));
                queue.push_back(other);
            }
        }
    }
    out
}

/// The canonical name of a cluster: the gazetteer's name if any, else the form with the
/// most words (persons) or the most mentions (others), never an acronym when another form
/// exists, never a misspelling, and in capitals only when no form is written otherwise.
fn canonical(forms: Vec<&Form>, misspelled: &[bool], members: &[usize], class: &str) -> String {
    let mut scored: Vec<(bool, bool, bool, bool, usize, usize, &str)> = forms
        .iter()
        .zip(members)
        .map(|(f, &idx)| {
            (
                f.gazetteer,
                !misspelled[idx],
                !is_acronym(&f.key),
                f.key.chars().any(char::is_lowercase),
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
    scored.last().map(|s| s.6.to_string()).unwrap_or_default()
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
        // "Waterside Workers' Union" -> "Waterside Workers".
        if let Some(last) = words.last_mut() {
            *last = last.trim_end_matches(['\'', '’']);
        }
    }
    words.join(" ")
}

/// Whether the words after an organization's short name name a place ("Canada", "of
/// Canada", "Europe"): then the longer name is a regional company of its own.
fn names_a_place(rest: &str, kb: &Knowledge) -> bool {
    let rest = rest.strip_prefix("of ").unwrap_or(rest);
    let rest = core_name(rest, kb);
    kb.gazetteer
        .get(&rest)
        .is_some_and(|e| kb.coarse(&e.class) == "Place")
        || rest.split(' ').any(|w| {
            kb.gazetteer
                .get(w)
                .is_some_and(|e| kb.coarse(&e.class) == "Place")
        })
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

/// Whether two person names that look alike name different people: their given names (all
/// words but the surname) differ, or both are known given names ("Maria" / "Marie").
fn different_people(a: &str, b: &str, kb: &Knowledge) -> bool {
    let wa: Vec<&str> = a.split(' ').collect();
    let wb: Vec<&str> = b.split(' ').collect();
    if wa.len() == 1 && wb.len() == 1 {
        return kb.lexicon.given_names.contains(a) && kb.lexicon.given_names.contains(b);
    }
    wa.len() != wb.len() || wa[..wa.len() - 1] != wb[..wb.len() - 1]
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

    use crate::model::Span;

    /// A name mention at byte `start` (spans only need to be ordered).
    fn name(surface: &str, class: &str, rule: &str, start: usize) -> Mention {
        Mention {
            span: Span::new(start, start + surface.len()),
            surface: surface.into(),
            class: class.into(),
            kind: if is_acronym(surface) {
                MentionKind::Acronym
            } else {
                MentionKind::Name
            },
            sentence: start / 100,
            rule: rule.into(),
            targets: vec![],
            target_aliases: vec![],
        }
    }

    fn person(surface: &str, start: usize) -> Mention {
        let rule = if surface.contains(' ') {
            "given-name"
        } else {
            "speaker-name"
        };
        name(surface, "Person", rule, start)
    }

    /// The entity a mention refers to, by name.
    fn entity_of<'e>(entities: &'e [Entity], refers: &[Vec<usize>], m: usize) -> &'e Entity {
        assert_eq!(refers[m].len(), 1, "mention {m} refers to {:?}", refers[m]);
        &entities[refers[m][0]]
    }

    /// The (rule, linked_to) recorded for the mention at `start` on `entity`.
    fn link_at(entity: &Entity, start: usize) -> (String, String) {
        let link = entity
            .mentions
            .iter()
            .find(|l| l.span.start == start)
            .unwrap_or_else(|| panic!("no link at {start} on {}", entity.name));
        (link.rule.clone(), link.linked_to.clone())
    }

    #[test]
    fn two_people_sharing_a_surname_stay_two_and_a_lone_surname_goes_to_the_nearest() {
        let kb = crate::ner::tests::kb();
        let mentions = vec![
            person("John Abernathy", 0),
            person("Mary Abernathy", 100),
            person("Abernathy", 200),
            person("John Abernathy", 300),
            person("Abernathy", 400),
        ];
        let (entities, refers) = merge(&mentions, &kb);
        let names: Vec<&str> = entities.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.contains(&"John Abernathy") && names.contains(&"Mary Abernathy"));
        let mary = entity_of(&entities, &refers, 2);
        assert_eq!(mary.name, "Mary Abernathy");
        assert_eq!(
            link_at(mary, 200),
            ("surname-nearest".into(), "Mary Abernathy".into())
        );
        let john = entity_of(&entities, &refers, 4);
        assert_eq!(john.name, "John Abernathy");
        assert_eq!(
            link_at(john, 400),
            ("surname-nearest".into(), "John Abernathy".into())
        );
        assert_ne!(refers[0], refers[1]);
    }

    #[test]
    fn a_shared_surname_before_any_full_name_is_not_merged_into_either() {
        let kb = crate::ner::tests::kb();
        let mentions = vec![
            person("Abernathy", 0),
            person("John Abernathy", 100),
            person("Mary Abernathy", 200),
        ];
        let (entities, refers) = merge(&mentions, &kb);
        assert_eq!(entities.len(), 3);
        let lone = entity_of(&entities, &refers, 0);
        assert_eq!(lone.name, "Abernathy");
        assert!(!lone.aliases.contains("John Abernathy"));
        assert!(!lone.aliases.contains("Mary Abernathy"));
    }

    #[test]
    fn the_surname_of_the_only_person_so_named_is_that_person() {
        let kb = crate::ner::tests::kb();
        let mentions = vec![person("Priya Venkataraman", 0), person("Venkataraman", 100)];
        let (entities, refers) = merge(&mentions, &kb);
        assert_eq!(entities.len(), 1);
        let e = entity_of(&entities, &refers, 1);
        assert_eq!(e.name, "Priya Venkataraman");
        assert_eq!(
            link_at(e, 100),
            ("surname".into(), "Priya Venkataraman".into())
        );
        assert_eq!(
            link_at(e, 0),
            ("canonical-name".into(), "Priya Venkataraman".into())
        );
    }

    #[test]
    fn given_names_one_letter_apart_are_different_people() {
        let kb = crate::ner::tests::kb();
        let mentions = vec![person("Maria Kowalczyk", 0), person("Marie Kowalczyk", 100)];
        let (entities, _) = merge(&mentions, &kb);
        assert_eq!(entities.len(), 2, "{entities:?}");
        // The same typo test merges companies.
        let mentions = vec![
            name("Brightwater Industries", "Corporation", "org-suffix", 0),
            name("Brightwatter Industries", "Corporation", "org-suffix", 100),
            name("Brightwater Industries", "Corporation", "org-suffix", 200),
        ];
        let (entities, refers) = merge(&mentions, &kb);
        assert_eq!(entities.len(), 1);
        let e = entity_of(&entities, &refers, 1);
        assert_eq!(e.name, "Brightwater Industries");
        assert_eq!(
            link_at(e, 100),
            ("misspelling".into(), "Brightwater Industries".into())
        );
    }

    #[test]
    fn a_person_surname_typo_with_the_same_given_name_is_one_person() {
        let kb = crate::ner::tests::kb();
        let mentions = vec![
            person("Tomas Halvorsen", 0),
            person("Tomas Halvorson", 100),
            person("Tomas Halvorsen", 200),
        ];
        let (entities, _) = merge(&mentions, &kb);
        assert_eq!(entities.len(), 1, "{entities:?}");
        assert_eq!(entities[0].name, "Tomas Halvorsen");
    }

    #[test]
    fn an_acronym_links_to_its_expansion_and_the_suffix_rule_is_recorded() {
        let kb = crate::ner::tests::kb();
        let mentions = vec![
            name("Kestrel Dynamics Corp.", "Corporation", "org-suffix", 0),
            name("KD", "Organization", "acronym", 100),
        ];
        let (entities, refers) = merge(&mentions, &kb);
        assert_eq!(entities.len(), 1);
        let e = entity_of(&entities, &refers, 1);
        assert_eq!(e.name, "Kestrel Dynamics");
        assert!(e.aliases.contains("KD") && e.aliases.contains("Kestrel Dynamics Corp."));
        assert_eq!(
            link_at(e, 100),
            ("acronym".into(), "Kestrel Dynamics".into())
        );
        assert_eq!(
            link_at(e, 0),
            ("legal-suffix".into(), "Kestrel Dynamics".into())
        );
    }

    /// The names of the entities `merge` makes of `mentions`, sorted.
    fn merged_names(mentions: &[Mention]) -> Vec<String> {
        let kb = crate::ner::tests::kb();
        let (entities, _) = merge(mentions, &kb);
        let mut names: Vec<String> = entities.iter().map(|e| e.name.clone()).collect();
        names.sort();
        names
    }

    #[test]
    fn an_acronym_may_keep_the_legal_suffix_initial() {
        let kb = crate::ner::tests::kb();
        let mentions = vec![
            name("Norvane Motors Corp", "Corporation", "org-suffix", 0),
            name("NMC", "Organization", "acronym", 100),
        ];
        let (entities, refers) = merge(&mentions, &kb);
        assert_eq!(entities.len(), 1);
        let e = entity_of(&entities, &refers, 1);
        assert_eq!(e.name, "Norvane Motors");
        assert_eq!(link_at(e, 100).0, "acronym");
    }

    #[test]
    fn a_headline_in_capitals_names_the_same_entity_and_the_label_keeps_the_story_case() {
        let kb = crate::ner::tests::kb();
        let mentions = vec![
            name("KELVOR", "Person", "tagger", 0),
            name("Kelvor Corp", "Corporation", "org-suffix", 100),
            name("Kelvor", "Organization", "default", 200),
        ];
        let (entities, refers) = merge(&mentions, &kb);
        assert_eq!(entities.len(), 1, "{entities:?}");
        let e = entity_of(&entities, &refers, 0);
        assert_eq!(e.name, "Kelvor");
        assert_eq!(
            e.class, "Corporation",
            "the suffix is stronger than the tagger"
        );
        assert_eq!(link_at(e, 0).0, "case-variant");
    }

    #[test]
    fn a_short_name_is_the_one_organization_it_starts_unless_a_place_follows() {
        let mentions = vec![
            name("Draxa Petroleum Ltd", "Corporation", "org-suffix", 0),
            name("Draxa", "Person", "default-person", 100),
        ];
        assert_eq!(merged_names(&mentions), ["Draxa Petroleum"]);
        // "Talmor Motors Canada" is the Canadian arm, not another name of Talmor Motors.
        let mentions = vec![
            name("Talmor Motors Canada", "Organization", "default", 0),
            name("Talmor Motors", "Organization", "default", 100),
        ];
        assert_eq!(
            merged_names(&mentions),
            ["Talmor Motors", "Talmor Motors Canada"]
        );
        // Two organizations start with the word: it is neither.
        let mentions = vec![
            name("Draxa Petroleum Ltd", "Corporation", "org-suffix", 0),
            name("Draxa Mines Ltd", "Corporation", "org-suffix", 100),
            name("Draxa", "Organization", "default", 200),
        ];
        assert_eq!(merged_names(&mentions).len(), 3);
    }

    #[test]
    fn a_lone_head_word_is_the_one_organization_it_ends() {
        let mentions = vec![
            name(
                "Varnish Commission",
                "GovernmentOrganization",
                "org-suffix",
                0,
            ),
            name("Commission", "Organization", "default", 100),
        ];
        assert_eq!(merged_names(&mentions), ["Varnish Commission"]);
    }

    #[test]
    fn a_middle_initial_does_not_make_another_person() {
        let mentions = vec![
            person("Orrin Q. Talbot", 0),
            person("Orrin Talbot", 100),
            person("Talbot", 200),
        ];
        assert_eq!(merged_names(&mentions), ["Orrin Q. Talbot"]);
        // Different given names stay different people.
        let mentions = vec![person("Orrin Q. Talbot", 0), person("Edna Talbot", 100)];
        assert_eq!(merged_names(&mentions).len(), 2);
    }

    #[test]
    fn a_lone_family_name_written_first_is_its_person() {
        let mentions = vec![person("Park Jiwoon", 0), person("Park", 100)];
        assert_eq!(merged_names(&mentions), ["Park Jiwoon"]);
        // When the word is someone's surname, the surname wins.
        let mentions = vec![
            person("Park Jiwoon", 0),
            person("Edna Park", 100),
            person("Park", 200),
        ];
        let kb = crate::ner::tests::kb();
        let (entities, refers) = merge(&mentions, &kb);
        assert_eq!(entity_of(&entities, &refers, 2).name, "Edna Park");
    }

    #[test]
    fn an_acronym_that_two_organizations_share_links_to_neither() {
        let kb = crate::ner::tests::kb();
        let mentions = vec![
            name("Kestrel Dynamics Corp.", "Corporation", "org-suffix", 0),
            name("Kingsbridge Dairy Corp.", "Corporation", "org-suffix", 100),
            name("KD", "Organization", "acronym", 200),
        ];
        let (entities, refers) = merge(&mentions, &kb);
        assert_eq!(entities.len(), 3);
        assert_eq!(entity_of(&entities, &refers, 2).name, "KD");
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

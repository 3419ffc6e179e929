//! Applies the relation rules to sentence templates.
//!
//! Two passes over the article: first the `worksFor` rules, so that every later rule knows
//! whom a person speaks for; then every other rule, in text order, keeping track of the
//! governments in context ("Chrysler has been given 30 days" names no one: the deadline comes
//! from the governments the article was just talking about).

use super::amounts;
use super::learned;
use super::quotes::{self, Quote};
use super::structure;
use super::template::Template;
use crate::model::{Amount, Document, Entity, Quotation, Relation, Sentence};
use crate::ner::Mentions;
use crate::ontology::{Employer, Knowledge, ObjectMode, RelationRule, RuleSet, SubjectMode};
use crate::resolve::{entity_iri, Resolution};
use regex::Captures;
use std::collections::{BTreeMap, HashMap};

const WORKS_FOR: &str = "worksFor";

/// The rule id prefix of the pair model's statements.
const LEARNED: &str = "learned-";

/// Relations and quotations of one article. May add entities (the government that a title
/// such as "U.S. President" implies) to `resolution.entities`.
#[must_use]
pub fn extract(
    doc: &Document,
    sentences: &[Sentence],
    found: &Mentions,
    resolution: &mut Resolution,
    kb: &Knowledge,
) -> (Vec<Relation>, Vec<Quotation>) {
    let templates: Vec<Template> = sentences
        .iter()
        .map(|s| Template::new(&doc.text, s, &found.mentions, &resolution.refers))
        .collect();
    let quotes = quotes::find(
        doc,
        sentences,
        &found.mentions,
        &resolution.refers,
        &resolution.entities,
        kb,
    );
    let texts = templates
        .iter()
        .map(|t| {
            // "China's CNPC", "Spain's Iberia": a place's possessive before a name only
            // describes it, so the compact templates leave it out.
            let described = without_place_possessives(t, &resolution.entities, kb);
            let mut texts = kb.rules.compact(&described);
            if described != t.text && !texts.contains(&described) {
                texts.push(described);
            }
            texts.push(t.text.clone());
            texts
        })
        .collect();
    let mut engine = Engine {
        doc,
        sentences,
        entities: &mut resolution.entities,
        kb,
        country: found.country.clone(),
        templates,
        texts,
        quotes,
        employer: HashMap::new(),
        out: BTreeMap::new(),
    };
    engine.run();
    engine.learned();
    structure::subsidiaries(
        engine.entities,
        kb,
        &found.mentions,
        &resolution.refers,
        sentences,
        &mut engine.out,
    );
    let quotations = engine
        .quotes
        .iter()
        .map(|q| Quotation {
            span: q.span,
            speaker: q.speaker.map(|e| engine.entities[e].iri.clone()),
            rule: q.rule.clone(),
        })
        .collect();
    let relations = engine.out.into_values().collect();
    (relations, quotations)
}

/// The template without the possessives of places that stand right before another name
/// ("⟦0⟧'s ⟦1⟧" -> "⟦1⟧" when slot 0 is a place).
fn without_place_possessives(t: &Template, entities: &[Entity], kb: &Knowledge) -> String {
    let mut out = t.text.clone();
    for (k, slot) in t.slots.iter().enumerate() {
        let place = !slot.entities.is_empty()
            && slot
                .entities
                .iter()
                .all(|&e| kb.coarse(&entities[e].class) == "Place");
        if place {
            for apostrophe in ["'s ⟦", "’s ⟦"] {
                out = out.replace(&format!("⟦{k}⟧{apostrophe}"), "⟦");
            }
        }
    }
    out
}

/// The hedge cue of the statement read from bytes `start..end` of template `text`, if
/// the words before, inside and after make it hypothetical.
fn hedge_of(rs: &RuleSet, text: &str, start: usize, end: usize) -> Option<String> {
    rs.hypothetical(
        &Template::words_only(&text[..start]),
        &Template::words_only(&text[start..end]),
        &Template::words_only(&text[end..]),
    )
}

/// Whether a negation cue inside bytes `start..end` of template `text`, or within the
/// negation window before them, negates the statement read there.
fn negated(rs: &RuleSet, text: &str, start: usize, end: usize) -> bool {
    let mut from = start.saturating_sub(rs.scoring.negation_window);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    rs.is_negated(&Template::words_only(&text[from..end]))
}

/// What a statement comes from: a rule, or the pair model's label.
#[derive(Clone, Copy)]
struct Source<'a> {
    id: &'a str,
    property: &'a str,
    confidence: f64,
}

impl<'a> Source<'a> {
    fn of(rule: &'a RelationRule) -> Self {
        Self {
            id: &rule.id,
            property: &rule.property,
            confidence: rule.confidence,
        }
    }
}

/// Where a match was found and how much that lowers its confidence.
struct Evidence {
    /// Index of the sentence.
    sentence: usize,
    /// Product of the hedge and long-range factors.
    factor: f64,
    /// The sentence's hedge cue, if any.
    hedge: Option<String>,
}

struct Engine<'a> {
    doc: &'a Document,
    sentences: &'a [Sentence],
    entities: &'a mut Vec<Entity>,
    kb: &'a Knowledge,
    country: Option<String>,
    templates: Vec<Template>,
    /// Per sentence, the texts the rules read: its compact templates (most compact
    /// first, when the compactions change it), then its template.
    texts: Vec<Vec<String>>,
    quotes: Vec<Quote>,
    /// person entity -> the organization they work for (first one stated).
    employer: HashMap<usize, usize>,
    /// (subject, property, object or value, evidence start) -> relation with the best confidence.
    out: BTreeMap<(String, String, String, usize), Relation>,
}

impl Engine<'_> {
    fn run(&mut self) {
        let kb = self.kb;
        let rules: Vec<&RelationRule> = kb.rules.rules.iter().collect();
        for si in 0..self.sentences.len() {
            for rule in &rules {
                if rule.property == WORKS_FOR {
                    self.apply(rule, si, &[]);
                }
            }
        }
        let mut context: Vec<usize> = Vec::new();
        for si in 0..self.sentences.len() {
            let here = self.sentence_governments(si);
            let govs = if here.is_empty() {
                context.clone()
            } else {
                here.clone()
            };
            for rule in &rules {
                if rule.property != WORKS_FOR {
                    self.apply(rule, si, &govs);
                }
            }
            if !here.is_empty() {
                context = here;
            }
        }
    }

    fn coarse(&self, e: usize) -> &str {
        self.kb.coarse(&self.entities[e].class)
    }

    /// Whether entity `e` may fill a slot of `classes`: classes it is an instance of, coarse
    /// ("Organization") or finer ("WorkersUnion"); none: any. An
    /// entity typed a place by a guess only becomes an organization when the slot needs
    /// one: "Qwest has bid $6.3bn for MCI" makes a bidder of Qwest, whatever the tagger
    /// read. (A guessed person stays one: "Ann Ito, a member of the X party" is no unit
    /// of a party; nor is a guessed organization made a person.)
    /// Only a sure rule retypes, and none of worksFor: "X of Brownsville" is the place a
    /// person is from as often as a firm, and "X's Y" is a film's title as often as a unit.
    fn fits(&mut self, rule: &RelationRule, classes: &[String], e: usize) -> bool {
        let class = &self.entities[e].class;
        if classes.is_empty() || classes.iter().any(|c| self.kb.is_a(class, c)) {
            return true;
        }
        let retypes = rule.confidence >= self.kb.rules.scoring.retype_confidence
            && rule.property != WORKS_FOR;
        let entity = &mut self.entities[e];
        let Some(class) = classes
            .iter()
            .find(|c| c.as_str() == "Organization")
            .filter(|_| {
                retypes && entity.class_guessed && self.kb.coarse(&entity.class) == "Place"
            })
        else {
            return false;
        };
        entity.class.clone_from(class);
        entity.class_guessed = false;
        true
    }

    fn is_government(&self, e: usize) -> bool {
        self.entities[e].class == "GovernmentOrganization"
    }

    /// The organization a person acts for, or the entity itself.
    fn acting_for(&self, e: usize) -> usize {
        if self.coarse(e) == "Person" {
            self.employer.get(&e).copied().unwrap_or(e)
        } else {
            e
        }
    }

    /// Governments named in a sentence, directly or through the people who work for them.
    fn sentence_governments(&self, si: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for slot in &self.templates[si].slots {
            for &e in &slot.entities {
                let g = self.acting_for(e);
                if self.is_government(g) && !out.contains(&g) {
                    out.push(g);
                }
            }
        }
        out
    }

    /// The entity named "Government of <place>", added when the article has none.
    fn government_of(&mut self, place: &str) -> usize {
        let name = self.kb.lexicon.government_name(place);
        if let Some(i) = self.entities.iter().position(|e| e.name == name) {
            return i;
        }
        self.entities.push(Entity {
            iri: entity_iri(&name),
            name,
            class: "GovernmentOrganization".into(),
            aliases: Default::default(),
            mentions: Vec::new(),
            class_guessed: false,
        });
        self.entities.len() - 1
    }

    fn group(&self, si: usize, caps: &Captures<'_>, name: &str) -> Vec<usize> {
        let t = &self.templates[si];
        let Some(m) = caps.name(name) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for k in Template::slots_in(m.as_str()) {
            if let Some(slot) = t.slots.get(k) {
                for &e in &slot.entities {
                    if !out.contains(&e) {
                        out.push(e);
                    }
                }
            }
        }
        out
    }

    /// The organization (not a government) the story is about so far: the one named most
    /// often before byte `before` of `text` (sentence `si`'s template or compact template)
    /// and in the sentences before it; ties go to the one named first.
    fn last_organization(&self, si: usize, text: &str, before: usize) -> Option<usize> {
        self.story_organization(si, text, before, |_| true)
    }

    /// The union the story is about so far: like [`Self::last_organization`], among unions.
    fn story_union(&self, si: usize, text: &str, before: usize) -> Option<usize> {
        self.story_organization(si, text, before, |c| self.kb.is_a(c, "WorkersUnion"))
    }

    /// Like [`Self::last_organization`], among the organizations whose class `fits`.
    fn story_organization(
        &self,
        si: usize,
        text: &str,
        before: usize,
        fits: impl Fn(&str) -> bool,
    ) -> Option<usize> {
        let organization = |e: usize| {
            let class = &self.entities[e].class;
            self.coarse(e) == "Organization"
                && !self.kb.is_a(class, "GovernmentOrganization")
                && fits(class)
        };
        let here = Template::slots_in(&text[..before]);
        let earlier = self.templates[..si].iter().flat_map(|t| t.slots.iter());
        let current = here.iter().filter_map(|&k| self.templates[si].slots.get(k));
        // entity -> (mentions, first position)
        let mut seen: HashMap<usize, (usize, usize)> = HashMap::new();
        for (pos, slot) in earlier.chain(current).enumerate() {
            for &e in slot.entities.iter().filter(|&&e| organization(e)) {
                let entry = seen.entry(e).or_insert((0, pos));
                entry.0 += 1;
            }
        }
        seen.into_iter()
            .max_by_key(|&(_, (count, first))| (count, std::cmp::Reverse(first)))
            .map(|(e, _)| e)
    }

    /// The entity that the latest fact of `property` stated before sentence `si` relates
    /// to `e` (either way round): "Corsair rejected the bid" rejects the bid that the article
    /// last said someone made for Corsair.
    fn counterpart(&self, e: usize, property: &str, si: usize) -> Option<usize> {
        let here = self.sentences[si].span.start;
        let iri = &self.entities[e].iri;
        let (_, other) = self
            .out
            .values()
            .filter(|r| r.property == property && r.hedge.is_none() && r.evidence.start < here)
            .filter_map(|r| {
                let o = r.object.as_ref()?;
                if &r.subject == iri {
                    Some((r.evidence.start, o))
                } else if o == iri {
                    Some((r.evidence.start, &r.subject))
                } else {
                    None
                }
            })
            .max_by_key(|&(start, _)| start)?;
        self.entities.iter().position(|x| &x.iri == other)
    }

    /// Who says sentence `si` around bytes `start..end` of `text` (its template or
    /// compact template).
    fn speaker(&self, si: usize, text: &str, start: usize, end: usize) -> Vec<usize> {
        let t = &self.templates[si];
        let rs = &self.kb.rules;
        let slot_entities = |k: &str| -> Vec<usize> {
            k.parse::<usize>()
                .ok()
                .and_then(|k| t.slots.get(k))
                .map(|s| s.entities.clone())
                .unwrap_or_default()
        };
        let before = rs
            .speaker_before_verb
            .captures_iter(text)
            .filter(|c| c.get(0).is_some_and(|m| m.end() <= end))
            .filter_map(|c| c.get(1).map(|g| (g.start(), g.as_str().to_string())))
            .filter(|(pos, _)| *pos < start)
            .last();
        if let Some((_, k)) = before {
            return slot_entities(&k);
        }
        let after = rs
            .speaker_before_verb
            .captures_iter(&text[end..])
            .chain(rs.speaker_after_verb.captures_iter(&text[end..]))
            .filter_map(|c| c.get(1).map(|g| (g.start(), g.as_str().to_string())))
            .min();
        if let Some((_, k)) = after {
            return slot_entities(&k);
        }
        // Inside a quotation: its speaker.
        let span = self.sentences[si].span;
        self.quotes
            .iter()
            .find(|q| q.outer.overlaps(&span))
            .and_then(|q| q.speaker)
            .into_iter()
            .collect()
    }

    /// Applies `rule` to sentence `si`: to its template, and to its compact templates when
    /// the rule set's compactions change it. All name the same slots, so a fact read from
    /// both is one statement.
    ///
    /// The compact templates are read first, the most compact one first. A subject or
    /// object that one relates by this rule is not related again from the other texts (the
    /// template, or a compact one that keeps a relative clause) to another partner: the full one
    /// would take it from words the compact one left out ("X, which owns a stake in Y,
    /// began talks with Z" is X's talks, not Y's; "talks with US bank Z" are talks with
    /// Z, not the US).
    fn apply(&mut self, rule: &RelationRule, si: usize, context: &[usize]) {
        // A loose rule only guesses what no surer rule read in the sentence.
        if rule.fallback && rule.property != WORKS_FOR && self.stated_in(si, &rule.property) {
            return;
        }
        let texts = std::mem::take(&mut self.texts[si]);
        let mut taken = Vec::new();
        let first_of_several = |k: usize| k == 0 && texts.len() > 1;
        for (k, text) in texts.iter().enumerate() {
            self.apply_to(rule, si, context, text, &mut taken, first_of_several(k));
        }
        self.texts[si] = texts;
    }

    /// Reads the pairs of names the rules left unrelated with the pair model (see
    /// [`learned`]): a statement when a property beats `none`, unless the sentence
    /// negates it between or before the two names; hedged when it is hypothetical. A
    /// person gets a learned employer only when the rules gave none.
    fn learned(&mut self) {
        let Some(model) = self.kb.pairs.clone() else {
            return;
        };
        let kb = self.kb;
        let rs = &kb.rules;
        for si in 0..self.templates.len() {
            let t = self.templates[si].clone();
            let spans = learned::marker_spans(&t.text);
            for (i, j, a, b) in learned::slot_pairs(&t, &spans, self.entities, kb) {
                let (ca, cb) = (&self.entities[a].class, &self.entities[b].class);
                let f = learned::features(&t, &spans, i, j, ca, cb);
                let Some((label, margin)) = model.predict(&f) else {
                    continue;
                };
                let (Some(&sa), Some(&sb)) = (spans.get(i), spans.get(j)) else {
                    continue;
                };
                let (start, end) = (sa.0.min(sb.0), sa.1.max(sb.1));
                if negated(rs, &t.text, start, end) {
                    continue;
                }
                let hedge = hedge_of(rs, &t.text, start, end);
                let property = label.to_string();
                let (s, o) = if property == WORKS_FOR {
                    if self.coarse(a) != "Person" || self.employer.contains_key(&a) {
                        continue;
                    }
                    (a, self.employer_entity(b, None))
                } else {
                    let (pa, pb) = (self.acting_for(a), self.acting_for(b));
                    match (self.agent(pa), self.agent(pb)) {
                        (Some(s), Some(o)) => (s, o),
                        _ => continue,
                    }
                };
                if s == o
                    || !kb.allows(&property, false, &self.entities[s].class)
                    || !kb.allows(&property, true, &self.entities[o].class)
                    || self.related(s, o, &property)
                    || self.partnered_in(si, &property, s, o)
                {
                    continue;
                }
                if property == WORKS_FOR {
                    self.employer.insert(s, o);
                }
                let id = format!("{LEARNED}{property}");
                let ctx = Evidence {
                    sentence: si,
                    factor: if hedge.is_some() {
                        rs.scoring.hedged
                    } else {
                        1.0
                    },
                    hedge,
                };
                let source = Source {
                    id: &id,
                    property: &property,
                    confidence: model.confidence(margin),
                };
                self.emit(source, s, Some(o), None, None, &ctx);
            }
        }
    }

    /// Whether a rule statement of `property` read from sentence `si` already gives `s` or
    /// `o` a partner: "X, which owns a stake in Y, began talks with Z" are X's talks, so
    /// the pair model does not add Y's.
    fn partnered_in(&self, si: usize, property: &str, s: usize, o: usize) -> bool {
        let span = self.sentences[si].span;
        let (si, oi) = (&self.entities[s].iri, &self.entities[o].iri);
        self.out.values().any(|r| {
            r.property == property
                && span.contains(&r.evidence)
                && !r.rule.starts_with(LEARNED)
                && [Some(&r.subject), r.object.as_ref()]
                    .into_iter()
                    .flatten()
                    .any(|x| x == si || x == oi)
        })
    }

    /// Whether a statement already relates `s` to `o` by `property` (either way round
    /// for a symmetric property).
    fn related(&self, s: usize, o: usize, property: &str) -> bool {
        let (si, oi) = (&self.entities[s].iri, &self.entities[o].iri);
        let symmetric = self.kb.is_symmetric(property);
        self.out.values().any(|r| {
            r.property == property
                && r.object.as_ref().is_some_and(|ro| {
                    (&r.subject == si && ro == oi) || (symmetric && &r.subject == oi && ro == si)
                })
        })
    }

    /// Whether a statement of `property` was already read from sentence `si`.
    fn stated_in(&self, si: usize, property: &str) -> bool {
        let span = self.sentences[si].span;
        self.out
            .values()
            .any(|r| r.property == property && span.contains(&r.evidence))
    }

    /// Applies `rule` to one template text. `taken`: the objects the compact template
    /// related (filled when `compact`, respected otherwise).
    fn apply_to(
        &mut self,
        rule: &RelationRule,
        si: usize,
        context: &[usize],
        text: &str,
        taken: &mut Vec<(usize, usize)>,
        compact: bool,
    ) {
        let kb = self.kb;
        let rs = &kb.rules;
        let scoring = &rs.scoring;
        for caps in rule.regex.captures_iter(text) {
            let Some(whole) = caps.get(0) else { continue };
            // A hypothetical statement ("If no deal is reached, ...", "... could lend ...",
            // "would lend ... if") is kept as a possibility: hedged and less trusted.
            let hedge = if rule.ignore_hedges {
                None
            } else {
                hedge_of(rs, text, whole.start(), whole.end())
            };
            if !rule.allow_negation && negated(rs, text, whole.start(), whole.end()) {
                continue;
            }
            let mut factor = if hedge.is_some() { scoring.hedged } else { 1.0 };
            let words = Template::words_only(whole.as_str())
                .split_whitespace()
                .filter(|w| *w != "X")
                .count();
            if words > scoring.long_match_words {
                factor *= scoring.long_match;
            }
            let evidence_ctx = Evidence {
                sentence: si,
                factor,
                hedge: hedge.clone(),
            };
            let objects: Vec<usize> = match rule.object {
                ObjectMode::Group => self.group(si, &caps, "o"),
                // Known only once the subjects are: see the pairs below.
                ObjectMode::Counterpart => Vec::new(),
                ObjectMode::LastOrganization => self
                    .last_organization(si, text, whole.start())
                    .into_iter()
                    .collect(),
                ObjectMode::StoryEmployer => self
                    .story_organization(si, text, whole.start(), |c| !kb.is_a(c, "WorkersUnion"))
                    .into_iter()
                    .collect(),
                ObjectMode::StoryUnion => self
                    .story_union(si, text, whole.start())
                    .into_iter()
                    .collect(),
                ObjectMode::GroupOrSpeaker => {
                    let named = self.group(si, &caps, "o");
                    if named.is_empty() {
                        self.speaker(si, text, whole.start(), whole.end())
                    } else {
                        named
                    }
                }
                ObjectMode::TitleGovernment | ObjectMode::DemonymGovernment => {
                    // "the French finance minister": the demonym's country, else (for a
                    // title government) the article's.
                    let demonym = caps.name("title").and_then(|t| {
                        t.as_str()
                            .split_whitespace()
                            .find_map(|w| self.kb.gazetteer.demonyms.get(w).cloned())
                    });
                    let fallback = (rule.object == ObjectMode::TitleGovernment)
                        .then(|| self.country.clone())
                        .flatten();
                    let Some(country) = demonym.or(fallback) else {
                        continue;
                    };
                    vec![self.government_of(&country)]
                }
            };
            let mut subjects = match rule.subject {
                SubjectMode::Group => self.group(si, &caps, "s"),
                SubjectMode::Speaker => self.speaker(si, text, whole.start(), whole.end()),
                SubjectMode::StoryUnion => self
                    .story_union(si, text, whole.start())
                    .into_iter()
                    .collect(),
                SubjectMode::LastOrganization => self
                    .last_organization(si, text, whole.start())
                    .into_iter()
                    .filter(|e| !objects.contains(e))
                    .collect(),
                SubjectMode::ContextGovernment => context
                    .iter()
                    .copied()
                    .filter(|g| !objects.contains(g))
                    .collect(),
                SubjectMode::SpeakerOrContext => {
                    let sp: Vec<usize> = self
                        .speaker(si, text, whole.start(), whole.end())
                        .into_iter()
                        .map(|e| self.acting_for(e))
                        .filter(|&e| self.is_government(e))
                        .collect();
                    if sp.is_empty() {
                        context.to_vec()
                    } else {
                        sp
                    }
                }
            };
            if rule.property != WORKS_FOR {
                subjects = subjects.into_iter().map(|e| self.acting_for(e)).collect();
                subjects.dedup();
            }
            subjects.retain(|&e| self.fits(rule, &rule.s_class, e));
            let title = caps.name("title").map(|m| {
                let stop = &self.kb.lexicon.title_stop_words;
                let words: Vec<&str> = m.as_str().split_whitespace().collect();
                let skip = words
                    .iter()
                    .take_while(|w| stop.contains(&w.to_lowercase()))
                    .count();
                words[skip..].join(" ")
            });
            // An employer named before a clause: "E&Y said that Chancellor of the Exchequer
            // Gordon Brown's forecasts" and "officials told Reuters that Minister X" give
            // no job at E&Y or Reuters; "Acme said president Ann Ito" is Acme's president.
            let o_before_title = caps
                .name("o")
                .zip(caps.name("title"))
                .is_some_and(|(o, t)| o.end() <= t.start());
            if o_before_title
                && title.as_deref().is_some_and(|t| {
                    let words: Vec<&str> = t.split(' ').collect();
                    words.contains(&"that")
                        || (words
                            .iter()
                            .any(|w| self.kb.lexicon.speech_verbs.contains(*w))
                            && self.kb.lexicon.title_employer(t) != Some(Employer::Org))
                })
            {
                continue;
            }
            if rule.property == "numberOfEmployees" {
                let Some(count) = caps.name("count").and_then(|m| amounts::number(m.as_str()))
                else {
                    continue;
                };
                for &s in &subjects {
                    self.emit(
                        Source::of(rule),
                        s,
                        None,
                        Some(Amount {
                            value: count,
                            currency: None,
                        }),
                        None,
                        &evidence_ctx,
                    );
                }
                continue;
            }
            let amount = caps.name("amount").and_then(|m| {
                let home = self
                    .country
                    .as_deref()
                    .and_then(|c| self.kb.gazetteer.places.get(c))
                    .and_then(|p| p.currency.as_deref());
                amounts::money(m.as_str(), home, &self.kb.lexicon.currency_words).map(
                    |(value, currency)| Amount {
                        value,
                        currency: Some(currency),
                    },
                )
            });
            // "Both X and Y held talks with Z", "firms including X and Y have been in
            // talks with unions": each with a third party, not with each other.
            let distributive = caps.name("s").is_some() && {
                let rest = text[whole.end()..].trim_start();
                rest.starts_with("with ")
                    && !rest.starts_with("with each other")
                    && !rest.starts_with("with one another")
            };
            let mut pairs = Vec::new();
            if rule.pairwise {
                if !distributive {
                    for (i, &a) in subjects.iter().enumerate() {
                        for &b in &subjects[i + 1..] {
                            pairs.push((a, b));
                        }
                    }
                }
            } else if let (ObjectMode::Counterpart, Some(property)) =
                (rule.object, rule.counterpart.as_deref())
            {
                for &s in &subjects {
                    if let Some(o) = self.counterpart(s, property, si) {
                        pairs.push((s, o));
                    }
                }
            } else {
                for &s in &subjects {
                    for &o in &objects {
                        pairs.push((s, o));
                    }
                }
            }
            for (s, o) in pairs {
                // The rule's classes are those of the names as written ("Ireland's Ryanair"
                // is no unit of a government); the ontology's domain and range are checked on
                // the parties they stand for.
                if !self.fits(rule, &rule.o_class, o) {
                    continue;
                }
                // "talks with Polish Prime Minister Ann Ito": a person stands for the
                // organization they work for where the property takes no person, and on
                // either side of a symmetric property (as a subject does everywhere).
                let o = if rule.property != WORKS_FOR
                    && (kb.is_symmetric(&rule.property)
                        || !kb.allows(&rule.property, true, &self.entities[o].class))
                {
                    self.acting_for(o)
                } else {
                    o
                };
                let (s, o) = if rule.property == WORKS_FOR {
                    (s, self.employer_entity(o, title.as_deref()))
                } else {
                    match (self.agent(s), self.agent(o)) {
                        (Some(s), Some(o)) => (s, o),
                        _ => continue,
                    }
                };
                if s == o
                    || !kb.allows(&rule.property, false, &self.entities[s].class)
                    || !kb.allows(&rule.property, true, &self.entities[o].class)
                {
                    continue;
                }
                if compact {
                    taken.push((s, o));
                } else if taken.iter().any(|&(ts, to)| (to == o) != (ts == s)) {
                    continue;
                }
                if rule.property == WORKS_FOR {
                    // One employer per person: the first, surest statement wins.
                    if self.coarse(s) != "Person"
                        || (rule.fallback && self.employer.get(&s).is_some_and(|&e| e != o))
                    {
                        continue;
                    }
                    self.employer.entry(s).or_insert(o);
                }
                self.emit(
                    Source::of(rule),
                    s,
                    Some(o),
                    amount.clone(),
                    title.clone(),
                    &evidence_ctx,
                );
            }
        }
    }

    /// The party to a relation other than `worksFor` that entity `e` stands for: a country
    /// or state is its government ("talks with the United States"), and no other place is
    /// an agent of anything ("Boston said").
    fn agent(&mut self, e: usize) -> Option<usize> {
        if let Some(g) = self.country_government(e) {
            return Some(g);
        }
        (self.coarse(e) != "Place").then_some(e)
    }

    /// The government of a country or state entity ("Government of Canada" for Canada).
    fn country_government(&mut self, e: usize) -> Option<usize> {
        matches!(self.entities[e].class.as_str(), "Country" | "State").then(|| {
            let name = self.entities[e].name.clone();
            self.government_of(&name)
        })
    }

    /// A person works for a country's or province's government, not for the place; a mayor
    /// works for the city.
    fn employer_entity(&mut self, o: usize, title: Option<&str>) -> usize {
        if let Some(g) = self.country_government(o) {
            return g;
        }
        let class = self.entities[o].class.clone();
        let mayor_like =
            title.is_some_and(|t| self.kb.lexicon.title_employer(t) == Some(Employer::City));
        match class.as_str() {
            "City"
                if !mayor_like
                    && self
                        .kb
                        .gazetteer
                        .places
                        .contains_key(&self.entities[o].name) =>
            {
                let name = self.entities[o].name.clone();
                self.government_of(&name)
            }
            _ => o,
        }
    }

    fn emit(
        &mut self,
        rule: Source<'_>,
        s: usize,
        o: Option<usize>,
        amount: Option<Amount>,
        title: Option<String>,
        ctx: &Evidence,
    ) {
        let evidence = self.sentences[ctx.sentence].span;
        // A subject or object that the sentence does not name (a quotation's speaker, a
        // government from context, a person's employer) is inferred: less sure.
        let named = |e: usize| {
            self.templates[ctx.sentence]
                .slots
                .iter()
                .any(|slot| slot.entities.contains(&e))
        };
        let mut confidence = rule.confidence * ctx.factor;
        if !named(s) || o.is_some_and(|o| !named(o)) {
            confidence *= self.kb.rules.scoring.outside_sentence;
        }
        let confidence = ((confidence * 1000.0).round() / 1000.0).clamp(0.0, 1.0);
        let (mut s_iri, mut o_iri) = (
            self.entities[s].iri.clone(),
            o.map(|o| self.entities[o].iri.clone()),
        );
        let symmetric = self.kb.is_symmetric(rule.property);
        if let (true, Some(oi)) = (symmetric, o_iri.as_ref()) {
            if *oi < s_iri {
                let oi = oi.clone();
                o_iri = Some(std::mem::replace(&mut s_iri, oi));
            }
        }
        let value_key = o_iri.clone().unwrap_or_else(|| {
            amount
                .as_ref()
                .map_or(String::new(), |a| a.value.to_string())
        });
        let key = (
            s_iri.clone(),
            rule.property.to_string(),
            value_key,
            evidence.start,
        );
        let relation = Relation {
            subject: s_iri,
            property: rule.property.to_string(),
            object: o_iri,
            amount,
            title,
            evidence,
            rule: rule.id.to_string(),
            confidence,
            hedge: ctx.hedge.clone(),
        };
        // A fact beats a possibility, then the surer statement wins.
        let rank = |r: &Relation| (r.hedge.is_none(), r.confidence);
        match self.out.get(&key) {
            Some(old) if rank(old) >= rank(&relation) => {}
            _ => {
                self.out.insert(key, relation);
            }
        }
        let _ = self.doc;
    }
}

//! Runs the extraction stages on one document:
//! text -> mentions (`ner`) -> entities (`resolve`) -> relations and quotations (`relations`).
//!
//! Pure: no files, no printing. `graph` writes the result.

use crate::model::{ArticleGraph, Document, Sentence};
use crate::ontology::Knowledge;
use crate::{ner, relations, resolve, text};

/// The extraction pipeline, configured once and run on many documents.
#[derive(Debug, Clone)]
pub struct Pipeline<'k> {
    knowledge: &'k Knowledge,
    min_confidence: f64,
}

impl<'k> Pipeline<'k> {
    /// A pipeline driven by `knowledge` (the loaded ontology and rules).
    #[must_use]
    pub fn new(knowledge: &'k Knowledge) -> Self {
        Self {
            knowledge,
            min_confidence: 0.0,
        }
    }

    /// Drops relations whose confidence is below `min`.
    #[must_use]
    pub fn with_min_confidence(mut self, min: f64) -> Self {
        self.min_confidence = min;
        self
    }

    /// The pairs of names of one article that the pair model reads (see
    /// [`relations::learned`]), with their features: what `train-relations` labels.
    #[must_use]
    pub fn pair_candidates(&self, document: &Document) -> Vec<relations::learned::Candidate> {
        let (sentences, found, resolution) = self.entities(document);
        relations::learned::candidates(document, &sentences, &found, &resolution, self.knowledge)
    }

    /// The stages before relations: sentences, mentions and entities.
    fn entities(&self, document: &Document) -> (Vec<Sentence>, ner::Mentions, resolve::Resolution) {
        let kb = self.knowledge;
        let sentences = text::split(&document.text, &kb.lexicon.abbreviations);
        let found = ner::detect(document, &sentences, kb);
        let resolution = resolve::resolve(&document.text, &found.mentions, kb);
        (sentences, found, resolution)
    }

    /// Extracts the entities, relations and quotations of one article.
    #[must_use]
    pub fn extract(&self, document: &Document) -> ArticleGraph {
        let kb = self.knowledge;
        let (sentences, found, mut resolution) = self.entities(document);
        let (mut relations, quotations) =
            relations::extract(document, &sentences, &found, &mut resolution, kb);
        relations.retain(|r| r.confidence >= self.min_confidence);
        relations.sort_by(|a, b| {
            (&a.subject, &a.property, &a.object, a.evidence, &a.rule).cmp(&(
                &b.subject,
                &b.property,
                &b.object,
                b.evidence,
                &b.rule,
            ))
        });
        let mut entities = resolution.entities;
        entities.sort_by(|a, b| a.iri.cmp(&b.iri));
        // Two clusters can slug to one IRI ("US" and "U.S."): keep one node, merge names.
        let mut merged: Vec<crate::model::Entity> = Vec::with_capacity(entities.len());
        for e in entities {
            match merged.last_mut() {
                Some(last) if last.iri == e.iri => {
                    last.aliases.extend(e.aliases);
                    // Record why: the names are one node because they spell one IRI.
                    for mut link in e.mentions {
                        if link.linked_to == e.name {
                            link.rule = "same-iri".to_string();
                            link.linked_to.clone_from(&last.name);
                        }
                        last.mentions.push(link);
                    }
                    last.mentions.sort();
                    last.mentions.dedup();
                    if e.name != last.name {
                        last.aliases.insert(e.name);
                    }
                }
                _ => merged.push(e),
            }
        }
        ArticleGraph {
            document: document.clone(),
            entities: merged,
            relations,
            quotations,
        }
    }
}

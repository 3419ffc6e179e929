//! A trained named-entity tagger: an averaged perceptron over BIO tags (PER, ORG, LOC,
//! MISC), decoded greedily left to right with the BIO constraint (an `I-X` only after
//! `B-X` or `I-X`).
//!
//! Input: one document as sentences of words. Output: one tag per word. Features
//! ([`features`]) are word forms, shapes, affixes, the neighbouring words, gazetteer and
//! lexicon hits from the ontology (places, organizations, demonyms, given names, common
//! words, titles, organization suffixes), document-level facts (the word also written in
//! lower case, a headline word also written in mixed case elsewhere) and the previous
//! two tags plus the type this document already gave the same word. The word lists are
//! copied into the model file when it is trained ([`WordLists`]), so a model does not
//! change behaviour when the ontology is edited later.
//!
//! The weights live in one model file ([`format`], under `ontology/models/`), trained by
//! [`train`] (`newsgraph train-ner`) and read at run time with [`Tagger::load`].

pub mod features;
pub mod format;
pub mod train;

use crate::error::Result;
pub use features::WordLists;
use features::{DocFeatures, Resources, TokenKey};
use std::collections::HashMap;
use std::path::Path;

/// The tags, by index.
pub const TAGS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];
/// Number of tags.
pub const NT: usize = TAGS.len();
/// The entity types, by index (0 is "no entity").
pub const TYPES: [&str; 5] = ["O", "PER", "ORG", "LOC", "MISC"];
/// The "previous tag" before a sentence's first word.
const START_TAG: u8 = NT as u8;

/// The entity type index of a tag (0 for `O`).
#[must_use]
pub fn type_of(tag: u8) -> u8 {
    tag.div_ceil(2)
}

/// Whether `tag` may follow `prev` under BIO.
#[must_use]
pub fn allowed(prev: u8, tag: u8) -> bool {
    let inside = tag > 0 && tag.is_multiple_of(2);
    !inside || prev == tag || prev + 1 == tag
}

/// The index of a tag name.
#[must_use]
pub fn tag_index(tag: &str) -> Option<u8> {
    TAGS.iter().position(|t| *t == tag).map(|i| i as u8)
}

/// Quantized weights by feature hash: an open-addressing table (linear probing) whose
/// slots hold the key and the nine weights together, so a lookup costs one cache line.
#[derive(Debug, Clone)]
pub struct Weights {
    slots: Vec<Slot>,
    mask: usize,
    len: usize,
}

#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    /// 0 marks an empty slot; keys are never 0 (see [`Weights::key`]).
    key: u64,
    w: [i16; NT],
}

impl Weights {
    /// An empty table sized for `n` features.
    #[must_use]
    pub fn with_capacity(n: usize) -> Self {
        let cap = (n.max(8) * 4 / 3).next_power_of_two();
        Self {
            slots: vec![Slot::default(); cap],
            mask: cap - 1,
            len: 0,
        }
    }

    fn key(hash: u64) -> u64 {
        hash.max(1)
    }

    /// Adds `w` to the feature's weights (inserting it when new).
    pub fn add(&mut self, hash: u64, w: &[i16; NT]) {
        if (self.len + 1) * 5 > self.slots.len() * 4 {
            self.grow();
        }
        let key = Self::key(hash);
        let mut i = (key as usize) & self.mask;
        loop {
            let slot = &mut self.slots[i];
            if slot.key == key {
                for (a, b) in slot.w.iter_mut().zip(w) {
                    *a = a.saturating_add(*b);
                }
                return;
            }
            if slot.key == 0 {
                *slot = Slot { key, w: *w };
                self.len += 1;
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        let cap = old.len() * 2;
        self.slots = vec![Slot::default(); cap];
        self.mask = cap - 1;
        for slot in old.into_iter().filter(|s| s.key != 0) {
            let mut i = (slot.key as usize) & self.mask;
            while self.slots[i].key != 0 {
                i = (i + 1) & self.mask;
            }
            self.slots[i] = slot;
        }
    }

    /// The weights of a feature, if it has any.
    #[inline]
    #[must_use]
    pub fn get(&self, hash: u64) -> Option<&[i16; NT]> {
        let key = Self::key(hash);
        let mut i = (key as usize) & self.mask;
        loop {
            let slot = &self.slots[i];
            if slot.key == key {
                return Some(&slot.w);
            }
            if slot.key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Number of features.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no features.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every (key, weights) pair, sorted by key (deterministic output).
    #[must_use]
    pub fn entries(&self) -> Vec<(u64, [i16; NT])> {
        let mut v: Vec<(u64, [i16; NT])> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| (s.key, s.w))
            .collect();
        v.sort_unstable_by_key(|e| e.0);
        v
    }

    fn score(&self, hashes: &[u64], scores: &mut [i32; NT]) {
        for &h in hashes {
            if let Some(w) = self.get(h) {
                for (s, &x) in scores.iter_mut().zip(w) {
                    *s += i32::from(x);
                }
            }
        }
    }
}

/// Where a model came from, as written in its file header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// `key: value` lines, in order (trained-on, command, version, dev-f1...).
    pub fields: Vec<(String, String)>,
}

impl Header {
    /// The value of a field.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A loaded tagger: weights plus the ontology word lists its features read.
///
/// With two stages, the first tags the document and the second sees, besides the same
/// features, the first stage's tags around each word and the types the first stage gave
/// the same word elsewhere in the document, before and after it (stacking).
#[derive(Debug, Clone)]
pub struct Tagger {
    stages: Vec<Weights>,
    lists: WordLists,
    resources: Resources,
    /// The model file's header.
    pub header: Header,
}

impl Tagger {
    /// Builds a tagger from its stages' weights and the word lists its features read.
    #[must_use]
    pub fn new(stages: Vec<Weights>, lists: WordLists, header: Header) -> Self {
        Self {
            resources: Resources::new(&lists),
            stages,
            lists,
            header,
        }
    }

    /// Reads a model file; errors name the file and what is wrong with it.
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|source| crate::Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let (header, stages, lists) = format::read(path, &bytes)?;
        Ok(Self::new(stages, lists, header))
    }

    /// Parses a model from its bytes; `path` names it in errors.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Self> {
        let (header, stages, lists) = format::read(path, bytes)?;
        Ok(Self::new(stages, lists, header))
    }

    /// Number of features with weights, over all stages.
    #[must_use]
    pub fn features(&self) -> usize {
        self.stages.iter().map(Weights::len).sum()
    }

    /// The model file's bytes.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        format::write(&self.header, &self.stages, &self.lists)
    }

    /// Tags one document, given as sentences of words: one tag per word.
    #[must_use]
    pub fn tag(&self, sentences: &[Vec<&str>]) -> Vec<Vec<&'static str>> {
        let lengths: Vec<usize> = sentences.iter().map(Vec::len).collect();
        let tags = self.tag_indices(sentences, &lengths);
        let mut it = tags.into_iter();
        lengths
            .iter()
            .map(|&n| it.by_ref().take(n).map(|t| TAGS[usize::from(t)]).collect())
            .collect()
    }

    /// Tag indices of the whole document, in document order.
    fn tag_indices(&self, sentences: &[Vec<&str>], lengths: &[usize]) -> Vec<u8> {
        let feats = features::document(sentences, &self.resources);
        let mut tags = Vec::new();
        for (k, weights) in self.stages.iter().enumerate() {
            let extra = (k > 0).then(|| features::stacked(&feats.keys, lengths, &tags));
            tags = decode(weights, lengths, &feats, extra.as_ref());
        }
        tags
    }
}

/// Greedy left-to-right decoding of one document with one stage's weights.
fn decode(
    weights: &Weights,
    lengths: &[usize],
    feats: &DocFeatures,
    extra: Option<&DocFeatures>,
) -> Vec<u8> {
    let mut history = History::default();
    let mut dynamic = Vec::with_capacity(8);
    let mut t = 0;
    let mut out = Vec::with_capacity(feats.keys.len());
    for &len in lengths {
        let (mut prev, mut prev2) = (START_TAG, START_TAG);
        for _ in 0..len {
            let key = &feats.keys[t];
            features::dynamic(key, prev, prev2, history.get(key), &mut dynamic);
            let mut scores = [0i32; NT];
            weights.score(feats.of(t), &mut scores);
            if let Some(extra) = extra {
                weights.score(extra.of(t), &mut scores);
            }
            weights.score(&dynamic, &mut scores);
            let tag = best(&scores, prev);
            history.record(key, tag);
            out.push(tag);
            prev2 = prev;
            prev = tag;
            t += 1;
        }
    }
    out
}

/// The best tag allowed after `prev` (ties go to the lower index, so `O` first).
fn best<S: PartialOrd + Copy>(scores: &[S; NT], prev: u8) -> u8 {
    let prev = if prev == START_TAG { 0 } else { prev };
    let mut best = 0u8;
    for t in 1..NT as u8 {
        if allowed(prev, t) && scores[usize::from(t)] > scores[usize::from(best)] {
            best = t;
        }
    }
    best
}

/// Entity types already given to each capitalized word of the document.
#[derive(Debug, Default)]
struct History {
    counts: HashMap<u64, [u16; TYPES.len()], features::PassThroughState>,
}

impl History {
    /// The type given most often so far (ties: the lower index, `O` first).
    fn get(&self, key: &TokenKey) -> Option<u8> {
        if !key.capitalized {
            return None;
        }
        let c = self.counts.get(&key.lower)?;
        let mut best = 0;
        for k in 1..c.len() {
            if c[k] > c[best] {
                best = k;
            }
        }
        Some(best as u8)
    }

    fn record(&mut self, key: &TokenKey, tag: u8) {
        if key.capitalized {
            let c = self.counts.entry(key.lower).or_default();
            let k = usize::from(type_of(tag));
            c[k] = c[k].saturating_add(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_constraint_and_types() {
        assert!(allowed(0, 1)); // O -> B-PER
        assert!(!allowed(0, 2)); // O -> I-PER
        assert!(allowed(1, 2)); // B-PER -> I-PER
        assert!(allowed(2, 2));
        assert!(!allowed(3, 2)); // B-ORG -> I-PER
        assert_eq!(type_of(0), 0);
        assert_eq!(TYPES[usize::from(type_of(4))], "ORG");
        assert_eq!(TYPES[usize::from(type_of(7))], "MISC");
        assert_eq!(tag_index("I-LOC"), Some(6));
        // I-PER scores highest but may not follow O: the best allowed tag wins.
        let scores = [1, 0, 9, 5, 0, 0, 0, 0, 0];
        assert_eq!(best(&scores, 0), 3);
        assert_eq!(best(&scores, 1), 2);
        assert_eq!(best(&scores, START_TAG), 3);
    }

    #[test]
    fn weights_table_adds_and_finds() {
        let mut w = Weights::with_capacity(2);
        for h in 0..100u64 {
            w.add(h * 7919, &[h as i16; NT]);
        }
        w.add(7919, &[1; NT]);
        assert_eq!(w.len(), 100);
        assert_eq!(w.get(7919), Some(&[2; NT]));
        assert_eq!(w.get(5), None);
        // Hash 0 and 1 share the key 1.
        assert_eq!(w.get(0).map(|x| x[0]), Some(0));
        let e = w.entries();
        assert!(e.windows(2).all(|p| p[0].0 < p[1].0));
    }
}

//! Features of a token in its sentence and document, as 64-bit hashes.
//!
//! Hashes are computed with a fixed function (FNV-1a plus a 64-bit finalizer), so a
//! model file written on one machine reads the same everywhere. Static features depend
//! only on the words (and the ontology's word lists); the few dynamic ones depend on the
//! tags already predicted and are computed while decoding ([`dynamic`]).

use crate::ontology::Knowledge;
use std::collections::{HashMap, HashSet};

/// A hasher for keys that are already well-mixed 64-bit hashes: passes them through.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

/// `HashMap` state for [`PassThrough`].
pub(crate) type PassThroughState = std::hash::BuildHasherDefault<PassThrough>;

/// FNV-1a with a finalizer, for string keys (faster than SipHash; the keys are word
/// forms from the ontology, not attacker-chosen).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        mix(self.0)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// `HashMap` state for [`Fnv`].
pub(crate) type FnvState = std::hash::BuildHasherDefault<Fnv>;

/// FNV-1a over bytes, finalized.
#[must_use]
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

/// The murmur3 64-bit finalizer.
#[must_use]
pub(crate) fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x
}

/// A feature from a template id and one value.
#[must_use]
pub(crate) fn f1(template: u64, a: u64) -> u64 {
    mix(template.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ a)
}

/// A feature from a template id and two values.
#[must_use]
pub(crate) fn f2(template: u64, a: u64, b: u64) -> u64 {
    mix(f1(template, a) ^ b.rotate_left(23))
}

/// A feature from a template id and three values.
#[must_use]
fn f3(template: u64, a: u64, b: u64, c: u64) -> u64 {
    mix(f2(template, a, b) ^ c.rotate_left(41))
}

/// The word lists a model's features read, stored in the model file so that the model
/// behaves the same whatever the ontology says later. Sorted (deterministic files).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordLists {
    /// Distributional word classes: (word form, class at three granularities).
    pub clusters: Vec<(String, [u16; 3])>,
    /// Gazetteer phrases, lower-cased, with class bits (1 place, 2 organization, 4 demonym).
    pub phrases: Vec<(String, u8)>,
    /// Given names, lower-cased.
    pub given_names: Vec<String>,
    /// Ordinary lower-case words and calendar words.
    pub common_words: Vec<String>,
    /// Single words of job titles and honorifics, lower-cased ("minister", "mr.").
    pub title_words: Vec<String>,
    /// Name-final words of organizations, lower-cased ("corp", "union").
    pub org_suffixes: Vec<String>,
}

fn sorted(set: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = set.into_iter().collect();
    v.sort();
    v.dedup();
    v
}

impl WordLists {
    /// Takes the gazetteers (places, organizations, demonyms), given names, common and
    /// calendar words, title words and organization suffixes of the ontology, plus
    /// word classes.
    #[must_use]
    pub fn from_knowledge(kb: &Knowledge, clusters: Vec<(String, [u16; 3])>) -> Self {
        let gaz = &kb.gazetteer;
        let mut phrases: HashMap<String, u8> = HashMap::new();
        let mut add = |phrase: &str, bit: u8| {
            let words: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
            if !words.is_empty() {
                *phrases.entry(words.join(" ")).or_insert(0) |= bit;
            }
        };
        for (name, entry) in &gaz.names {
            let place = gaz.places.contains_key(&entry.canonical);
            add(name, if place { GAZ_LOC } else { GAZ_ORG });
        }
        for demonym in gaz.demonyms.keys() {
            add(demonym, GAZ_DEMONYM);
        }
        let mut phrases: Vec<(String, u8)> = phrases.into_iter().collect();
        phrases.sort();
        let lex = &kb.lexicon;
        let lower = |s: &String| s.to_lowercase();
        let mut clusters = clusters;
        clusters.sort();
        WordLists {
            clusters,
            phrases,
            given_names: sorted(lex.given_names.iter().map(lower)),
            common_words: sorted(lex.common_words.iter().chain(&lex.calendar).cloned()),
            title_words: sorted(
                lex.titles
                    .iter()
                    .flat_map(|t| t.words.split_whitespace().map(str::to_lowercase))
                    .chain(lex.honorifics.iter().map(lower)),
            ),
            org_suffixes: sorted(
                lex.org_suffixes
                    .keys()
                    .chain(&lex.legal_suffixes)
                    .map(lower),
            ),
        }
    }
}

/// The word lists as lookup tables.
#[derive(Debug, Clone, Default)]
pub struct Resources {
    /// Gazetteer phrase (lower-cased words joined by one space) -> class bits.
    phrases: HashMap<String, u8, FnvState>,
    /// Longest phrase, in words.
    max_words: usize,
    given_names: HashSet<String, FnvState>,
    common_words: HashSet<String, FnvState>,
    title_words: HashSet<String, FnvState>,
    org_suffixes: HashSet<String, FnvState>,
    /// Distributional word classes at three granularities, by word form.
    clusters: HashMap<String, [u16; 3], FnvState>,
}

const GAZ_LOC: u8 = 1;
const GAZ_ORG: u8 = 2;
const GAZ_DEMONYM: u8 = 4;

impl Resources {
    /// Builds the lookup tables.
    #[must_use]
    pub fn new(lists: &WordLists) -> Self {
        let mut r = Resources::default();
        for (phrase, bits) in &lists.phrases {
            r.add_phrase(phrase, *bits);
        }
        let set = |v: &[String]| v.iter().cloned().collect::<HashSet<String, FnvState>>();
        r.given_names = set(&lists.given_names);
        r.common_words = set(&lists.common_words);
        r.title_words = set(&lists.title_words);
        r.org_suffixes = set(&lists.org_suffixes);
        r.set_clusters(&lists.clusters);
        r
    }

    /// Adds distributional word classes (word form -> class at three granularities).
    pub fn set_clusters(&mut self, clusters: &[(String, [u16; 3])]) {
        self.clusters = clusters.iter().cloned().collect();
    }

    /// The classes of a word: its own form, else title case (for headline capitals),
    /// else lower case.
    fn cluster(&self, word: &str, lower: &str) -> Option<[u16; 3]> {
        self.clusters
            .get(word)
            .or_else(|| self.clusters.get(&title_case(lower)))
            .or_else(|| self.clusters.get(lower))
            .copied()
    }

    fn add_phrase(&mut self, phrase: &str, bit: u8) {
        let words: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return;
        }
        self.max_words = self.max_words.max(words.len());
        *self.phrases.entry(words.join(" ")).or_insert(0) |= bit;
    }
}

// Template ids. Changing any of them changes every hash: retrain the model.
const T_BIAS: u64 = 1;
const T_LOWER: u64 = 2;
const T_FORM: u64 = 3;
const T_PREFIX: u64 = 4;
const T_SUFFIX: u64 = 5;
const T_SHAPE: u64 = 6;
const T_SSHAPE: u64 = 7;
const T_LOWER_AT: u64 = 8;
const T_SSHAPE_AT: u64 = 9;
const T_BIGRAM_L: u64 = 10;
const T_BIGRAM_R: u64 = 11;
const T_SHAPE3: u64 = 12;
const T_SSHAPE_LEFT_WORD: u64 = 13;
const T_SSHAPE_RIGHT_WORD: u64 = 14;
const T_FIRST: u64 = 15;
const T_CAPS_SENT: u64 = 16;
const T_GAZ: u64 = 17;
const T_GAZ_AT: u64 = 18;
const T_GIVEN: u64 = 19;
const T_GIVEN_PREV: u64 = 20;
const T_COMMON: u64 = 21;
const T_TITLE_PREV: u64 = 22;
const T_ORG_SUFFIX_AT: u64 = 23;
const T_LOWER_IN_DOC: u64 = 24;
const T_TITLE_IN_DOC: u64 = 25;
const T_TABLE: u64 = 26;
const T_CAPS_SENT_LOWER: u64 = 27;
const T_SUFFIX_PREV: u64 = 28;
const T_LENGTH: u64 = 29;
const T_GAZ_SPAN: u64 = 30;
const T_DOC_PREV: u64 = 31;
const T_DOC_NEXT: u64 = 32;
const T_CLUSTER: u64 = 33;
const T_CLUSTER_AT: u64 = 34;
const T_CLUSTER_SHAPE: u64 = 35;
const T_S_TAG: u64 = 36;
const T_S_TAG_AT: u64 = 37;
const T_S_TRIGRAM: u64 = 38;
const T_S_DOC: u64 = 39;
const T_S_DOC_SELF: u64 = 47;
const T_S_DOC_SSHAPE: u64 = 48;
const T_TOPIC: u64 = 49;
const T_PREV_TAG: u64 = 40;
const T_PREV_TAGS: u64 = 41;
const T_PREV_TAG_LOWER: u64 = 42;
const T_PREV_TAG_SSHAPE: u64 = 43;
const T_HISTORY: u64 = 44;
const T_HISTORY_CAPS: u64 = 45;
const T_HISTORY_SSHAPE: u64 = 46;

/// Per-token facts the dynamic features need.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenKey {
    /// Hash of the lower-cased word.
    pub lower: u64,
    /// Hash of the short shape.
    pub sshape: u64,
    /// Whether the word starts with an upper-case letter (history is kept for these).
    pub capitalized: bool,
    /// Whether the sentence is a headline in capitals.
    pub caps_sentence: bool,
}

/// The static features of every token of a document, flattened.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocFeatures {
    /// All feature hashes; token `t`'s are `hashes[offsets[t]..offsets[t + 1]]`.
    pub hashes: Vec<u64>,
    /// Offsets, one more than there are tokens.
    pub offsets: Vec<usize>,
    /// Per token, in document order.
    pub keys: Vec<TokenKey>,
}

impl DocFeatures {
    /// The static features of token `t` (document order).
    pub fn of(&self, t: usize) -> &[u64] {
        &self.hashes[self.offsets[t]..self.offsets[t + 1]]
    }
}

/// spaCy-style shape: X for upper, x for lower, d for digit, other characters kept; runs
/// longer than four are cut at four. `short` collapses every run to one character.
fn shape(word: &str, short: bool) -> String {
    let mut out = String::new();
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
        } else {
            run = 1;
            last = s;
        }
        if (short && run == 1) || (!short && run <= 4) {
            out.push(s);
        }
    }
    out
}

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn is_all_caps(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase)
}

/// The first `n` characters (all of them when shorter).
fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The last `n` characters.
fn suffix(s: &str, n: usize) -> &str {
    let count = s.chars().count();
    if count <= n {
        return s;
    }
    match s.char_indices().nth(count - n) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

/// Title case of an all-caps word ("JAPAN" -> "Japan").
fn title_case(lower: &str) -> String {
    let mut chars = lower.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

const NONE: u64 = 0x5555;
const START: u64 = 0x7777;
const END: u64 = 0x9999;

/// Computes the static features of a document given as sentences of words.
pub(crate) fn document(sentences: &[Vec<&str>], res: &Resources) -> DocFeatures {
    // Document-level facts: which lower-case forms occur written in lower case, and
    // which capitalized forms occur in mixed-case (non-headline) sentences, not first.
    let mut lower_forms: HashSet<&str, FnvState> = HashSet::default();
    let mut cased_forms: HashSet<&str, FnvState> = HashSet::default();
    let caps: Vec<bool> = sentences.iter().map(|s| caps_sentence(s)).collect();
    for (s, &is_caps) in sentences.iter().zip(&caps) {
        for (i, w) in s.iter().enumerate() {
            if w.chars().next().is_some_and(char::is_lowercase) {
                lower_forms.insert(*w);
            } else if !is_caps && i > 0 && is_capitalized(w) {
                cased_forms.insert(*w);
            }
        }
    }

    // The words around the other occurrences of each capitalized word ("Mr X" there
    // tells about "X" here): lower-cased word hash -> (position, left, right) hashes.
    let mut contexts: HashMap<u64, Vec<(usize, u64, u64)>, PassThroughState> = HashMap::default();
    let mut position = 0;
    for s in sentences {
        for (i, w) in s.iter().enumerate() {
            if is_capitalized(w) {
                let side = |j: Option<usize>| {
                    j.and_then(|j| s.get(j))
                        .map_or(START, |n| hash_str(&n.to_lowercase()))
                };
                contexts
                    .entry(hash_str(&w.to_lowercase()))
                    .or_default()
                    .push((position + i, side(i.checked_sub(1)), side(Some(i + 1))));
            }
        }
        position += s.len();
    }

    // The document's first word ("SOCCER", "CRICKET", "BONN"): a topic for the whole
    // document, which tells e.g. club names (ORG) from countries (LOC) in result tables.
    let topic = sentences
        .first()
        .and_then(|s| s.first())
        .map_or(NONE, |w| hash_str(&w.to_lowercase()));

    let mut out = DocFeatures::default();
    out.offsets.push(0);
    let mut position = 0;
    for (s, &is_caps) in sentences.iter().zip(&caps) {
        let lower: Vec<String> = s.iter().map(|w| w.to_lowercase()).collect();
        let lh: Vec<u64> = lower.iter().map(|w| hash_str(w)).collect();
        let sshape: Vec<u64> = s.iter().map(|w| hash_str(&shape(w, true))).collect();
        let gaz = gazetteer_marks(&lower, res);
        let classes: Vec<Option<[u16; 3]>> = s
            .iter()
            .zip(&lower)
            .map(|(w, l)| res.cluster(w, l))
            .collect();
        let digits = s
            .iter()
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
            .count();
        let table = s.len() >= 3 && digits * 3 >= s.len();
        let at = |v: &[u64], i: usize, d: isize| -> u64 {
            let j = i as isize + d;
            if j < 0 {
                START
            } else if j as usize >= v.len() {
                END
            } else {
                v[j as usize]
            }
        };
        for (i, &word) in s.iter().enumerate() {
            let h = &mut out.hashes;
            let low = lower[i].as_str();
            let ss = sshape[i];
            h.push(f1(T_BIAS, 0));
            h.push(f1(T_LOWER, lh[i]));
            h.push(f1(T_FORM, hash_str(word)));
            for n in 1..=4 {
                h.push(f2(T_PREFIX, n, hash_str(prefix(low, n as usize))));
                h.push(f2(T_SUFFIX, n, hash_str(suffix(low, n as usize))));
            }
            h.push(f1(T_SHAPE, hash_str(&shape(word, false))));
            h.push(f1(T_SSHAPE, ss));
            h.push(f1(T_LENGTH, word.chars().count().min(12) as u64));
            for d in [-2isize, -1, 1, 2] {
                h.push(f2(T_LOWER_AT, d as u64, at(&lh, i, d)));
                h.push(f2(T_SSHAPE_AT, d as u64, at(&sshape, i, d)));
            }
            h.push(f2(T_BIGRAM_L, at(&lh, i, -1), lh[i]));
            h.push(f2(T_BIGRAM_R, lh[i], at(&lh, i, 1)));
            h.push(f3(T_SHAPE3, at(&sshape, i, -1), ss, at(&sshape, i, 1)));
            h.push(f2(T_SSHAPE_LEFT_WORD, ss, at(&lh, i, -1)));
            h.push(f2(T_SSHAPE_RIGHT_WORD, ss, at(&lh, i, 1)));
            let prev_suffix = if i > 0 {
                hash_str(suffix(&lower[i - 1], 3))
            } else {
                START
            };
            h.push(f2(T_SUFFIX_PREV, prev_suffix, ss));
            if i == 0 {
                h.push(f1(T_FIRST, ss));
            }
            if is_caps {
                h.push(f1(T_CAPS_SENT, ss));
                h.push(f1(T_CAPS_SENT_LOWER, lh[i]));
            }
            if table {
                h.push(f1(T_TABLE, ss));
            }
            for (d, marks) in [
                (-1isize, at_marks(&gaz, i, -1)),
                (0, gaz[i]),
                (1, at_marks(&gaz, i, 1)),
            ] {
                if marks.bits != 0 {
                    h.push(f2(T_GAZ_AT, d as u64, u64::from(marks.bits)));
                }
            }
            if gaz[i].bits != 0 {
                h.push(f2(T_GAZ, u64::from(gaz[i].bits), ss));
                h.push(f2(
                    T_GAZ_SPAN,
                    u64::from(gaz[i].begin),
                    gaz[i].len.min(4) as u64,
                ));
            }
            if let Some(c) = classes[i] {
                for (level, &id) in c.iter().enumerate() {
                    h.push(f2(T_CLUSTER, level as u64, u64::from(id)));
                }
                h.push(f2(T_CLUSTER_SHAPE, u64::from(c[1]), ss));
            }
            for d in [-1isize, 1] {
                let j = i as isize + d;
                let c = (j >= 0)
                    .then(|| classes.get(j as usize).copied().flatten())
                    .flatten();
                if let Some(c) = c {
                    h.push(f3(T_CLUSTER_AT, d as u64, 1, u64::from(c[1])));
                    h.push(f3(T_CLUSTER_AT, d as u64, 2, u64::from(c[2])));
                }
            }
            if res.given_names.contains(low) {
                h.push(f1(T_GIVEN, ss));
            }
            if i > 0 && res.given_names.contains(&lower[i - 1]) {
                h.push(f1(T_GIVEN_PREV, ss));
            }
            if res.common_words.contains(low) {
                h.push(f1(T_COMMON, ss));
            }
            if i > 0 && res.title_words.contains(&lower[i - 1]) {
                h.push(f1(T_TITLE_PREV, ss));
            }
            for d in [0usize, 1, 2] {
                if lower
                    .get(i + d)
                    .is_some_and(|w| res.org_suffixes.contains(w))
                {
                    h.push(f1(T_ORG_SUFFIX_AT, d as u64));
                }
            }
            let capitalized = is_capitalized(word);
            if capitalized {
                h.push(f2(T_TOPIC, topic, ss));
            }
            if capitalized && lower_forms.contains(low) {
                h.push(f1(T_LOWER_IN_DOC, u64::from(i == 0)));
            }
            if is_all_caps(word) && word.chars().count() > 1 {
                let titled = title_case(low);
                let seen = cased_forms.contains(titled.as_str()) || cased_forms.contains(word);
                h.push(f1(T_TITLE_IN_DOC, u64::from(seen)));
            }
            if capitalized {
                if let Some(others) = contexts.get(&lh[i]) {
                    let mut seen: Vec<u64> = Vec::new();
                    for &(_, left, right) in others.iter().filter(|o| o.0 != position + i) {
                        for f in [f1(T_DOC_PREV, left), f1(T_DOC_NEXT, right)] {
                            if seen.len() < 12 && !seen.contains(&f) {
                                seen.push(f);
                            }
                        }
                    }
                    out.hashes.extend(seen);
                }
            }
            out.offsets.push(out.hashes.len());
            out.keys.push(TokenKey {
                lower: lh[i],
                sshape: ss,
                capitalized,
                caps_sentence: is_caps,
            });
        }
        position += s.len();
    }
    out
}

/// Whether a sentence is written in capitals (a headline): it has letters and at least
/// two thirds of its words with letters are all caps.
fn caps_sentence(s: &[&str]) -> bool {
    let alpha = s
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let caps = s.iter().filter(|w| is_all_caps(w)).count();
    alpha > 0 && caps * 3 >= alpha * 2 && caps >= 1
}

#[derive(Debug, Clone, Copy, Default)]
struct Marks {
    /// Class bits of the longest gazetteer phrase covering the token.
    bits: u8,
    /// Whether the token begins that phrase.
    begin: bool,
    /// Length of the phrase in words.
    len: usize,
}

fn at_marks(m: &[Marks], i: usize, d: isize) -> Marks {
    let j = i as isize + d;
    if j < 0 {
        Marks::default()
    } else {
        m.get(j as usize).copied().unwrap_or_default()
    }
}

/// Longest gazetteer match at each position, leftmost first.
fn gazetteer_marks(lower: &[String], res: &Resources) -> Vec<Marks> {
    let mut marks = vec![Marks::default(); lower.len()];
    let mut i = 0;
    while i < lower.len() {
        let mut best: Option<(usize, u8)> = None;
        let max = res.max_words.min(lower.len() - i);
        let mut phrase = String::new();
        for n in 1..=max {
            if n > 1 {
                phrase.push(' ');
            }
            phrase.push_str(&lower[i + n - 1]);
            if let Some(&bits) = res.phrases.get(&phrase) {
                best = Some((n, bits));
            }
        }
        match best {
            Some((n, bits)) => {
                for (k, m) in marks[i..i + n].iter_mut().enumerate() {
                    *m = Marks {
                        bits,
                        begin: k == 0,
                        len: n,
                    };
                }
                i += n;
            }
            None => i += 1,
        }
    }
    marks
}

/// Second-stage features from a first-stage tagging of the whole document (`prior`, one
/// tag per token in document order): the tags at and around each token, and, for a
/// capitalized word, the entity type the first stage gave most often to its other
/// occurrences anywhere in the document.
pub(crate) fn stacked(keys: &[TokenKey], lengths: &[usize], prior: &[u8]) -> DocFeatures {
    let type_of = |t: u8| t.div_ceil(2);
    let mut types: HashMap<u64, [u16; 5], PassThroughState> = HashMap::default();
    for (key, &tag) in keys.iter().zip(prior) {
        if key.capitalized {
            let c = types.entry(key.lower).or_default();
            c[usize::from(type_of(tag))] += 1;
        }
    }
    let mut out = DocFeatures::default();
    out.offsets.push(0);
    let mut start = 0;
    for &len in lengths {
        for i in 0..len {
            let t = start + i;
            let at = |d: isize| -> u64 {
                let j = i as isize + d;
                if j < 0 {
                    START
                } else if j as usize >= len {
                    END
                } else {
                    u64::from(prior[start + j as usize])
                }
            };
            let h = &mut out.hashes;
            let own = u64::from(prior[t]);
            h.push(f1(T_S_TAG, own));
            for d in [-2isize, -1, 1, 2] {
                h.push(f2(T_S_TAG_AT, d as u64, at(d)));
            }
            h.push(f3(T_S_TRIGRAM, at(-1), own, at(1)));
            let key = &keys[t];
            if key.capitalized {
                if let Some(c) = types.get(&key.lower) {
                    let mut others = *c;
                    let mine = usize::from(type_of(prior[t]));
                    others[mine] = others[mine].saturating_sub(1);
                    let total: u16 = others.iter().sum();
                    if total > 0 {
                        let mut best = 0;
                        for k in 1..others.len() {
                            if others[k] > others[best] {
                                best = k;
                            }
                        }
                        let unanimous = others[best] == total;
                        h.push(f2(T_S_DOC, best as u64, u64::from(unanimous)));
                        h.push(f2(T_S_DOC_SELF, best as u64, mine as u64));
                        h.push(f2(T_S_DOC_SSHAPE, best as u64, key.sshape));
                    }
                }
            }
            out.offsets.push(out.hashes.len());
        }
        start += len;
    }
    out
}

/// The features that depend on earlier predictions: the previous two tags, and the
/// entity type most often given to the same (capitalized) word earlier in the document.
pub(crate) fn dynamic(
    key: &TokenKey,
    prev: u8,
    prev2: u8,
    history: Option<u8>,
    out: &mut Vec<u64>,
) {
    out.clear();
    let (p1, p2) = (u64::from(prev), u64::from(prev2));
    out.push(f1(T_PREV_TAG, p1));
    out.push(f2(T_PREV_TAGS, p2, p1));
    out.push(f2(T_PREV_TAG_LOWER, p1, key.lower));
    out.push(f2(T_PREV_TAG_SSHAPE, p1, key.sshape));
    if let Some(kind) = history {
        let k = u64::from(kind);
        out.push(f1(T_HISTORY, k));
        out.push(f2(T_HISTORY_CAPS, k, u64::from(key.caps_sentence)));
        out.push(f2(T_HISTORY_SSHAPE, k, key.sshape));
    } else {
        out.push(f1(T_HISTORY, NONE));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_prefixes_and_suffixes() {
        assert_eq!(shape("McDonald's", false), "XxXxxxx'x");
        assert_eq!(shape("McDonald's", true), "XxXx'x");
        assert_eq!(shape("1996-08-22", true), "d-d-d");
        assert_eq!(shape("U.S.", true), "X.X.");
        assert_eq!(prefix("élan", 2), "él");
        assert_eq!(suffix("élan", 3), "lan");
        assert_eq!(suffix("ab", 3), "ab");
        assert_eq!(title_case("japan"), "Japan");
    }

    #[test]
    fn headlines_are_caps_sentences() {
        assert!(caps_sentence(&[
            "SOCCER", "-", "JAPAN", "GET", "LUCKY", "WIN", ","
        ]));
        assert!(!caps_sentence(&["The", "EU", "rejected", "it"]));
        assert!(!caps_sentence(&["1996-08-22"]));
    }

    #[test]
    fn gazetteer_marks_prefer_the_longest_phrase() {
        let mut res = Resources::default();
        res.add_phrase("New York", GAZ_LOC);
        res.add_phrase("New York Times", GAZ_ORG);
        res.add_phrase("York", GAZ_LOC);
        let words: Vec<String> = ["the", "new", "york", "times", "in", "york"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let m = gazetteer_marks(&words, &res);
        let bits: Vec<u8> = m.iter().map(|m| m.bits).collect();
        assert_eq!(bits, vec![0, GAZ_ORG, GAZ_ORG, GAZ_ORG, 0, GAZ_LOC]);
        assert!(m[1].begin && !m[2].begin && m[5].begin);
    }

    #[test]
    fn stacked_features_see_the_first_stage_types_elsewhere_in_the_document() {
        let res = Resources::default();
        let doc = document(&[vec!["SMITH", "WINS"], vec!["John", "Smith", "won"]], &res);
        // First stage: B-PER O | B-PER I-PER O
        let st = stacked(&doc.keys, &[2, 3], &[1, 0, 1, 2, 0]);
        assert_eq!(st.offsets.len(), 6);
        // The headline's "SMITH" sees the PER given to "Smith" in the body, unanimously.
        assert!(st.of(0).contains(&f2(T_S_DOC, 1, 1)));
        // "WINS" occurs once: nothing to see elsewhere.
        assert!(!st.of(1).iter().any(|&h| h == f2(T_S_DOC, 0, 1)));
        assert!(st.of(1).len() < st.of(0).len());
        // "won" is not capitalized: only its own and neighbouring tags.
        assert_eq!(st.of(4).len(), 6);
    }

    #[test]
    fn word_classes_fall_back_to_title_and_lower_case() {
        let mut res = Resources::default();
        res.set_clusters(&[("Japan".into(), [1, 2, 3]), ("said".into(), [4, 5, 6])]);
        assert_eq!(res.cluster("JAPAN", "japan"), Some([1, 2, 3]));
        assert_eq!(res.cluster("Said", "said"), Some([4, 5, 6]));
        assert_eq!(res.cluster("Xyzzy", "xyzzy"), None);
        let with = document(&[vec!["JAPAN", "wins"]], &res);
        let without = document(&[vec!["JAPAN", "wins"]], &Resources::default());
        assert!(with.of(0).len() > without.of(0).len());
    }

    #[test]
    fn features_are_deterministic_and_context_sensitive() {
        let res = Resources::default();
        let a = document(&[vec!["Peter", "Blackburn", "said"]], &res);
        let b = document(&[vec!["Peter", "Blackburn", "said"]], &res);
        let c = document(&[vec!["Peter", "Smith", "said"]], &res);
        assert_eq!(a.hashes, b.hashes);
        assert_eq!(a.keys.len(), 3);
        // "said" differs in its left neighbour only.
        assert_ne!(a.of(2), c.of(2));
        assert_eq!(a.of(2)[..3], c.of(2)[..3]);
        // Fixed hash function: the value must never change between builds.
        assert_eq!(hash_str(""), mix(0xcbf2_9ce4_8422_2325));
    }
}

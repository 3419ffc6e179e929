//! Training: the averaged perceptron (Collins 2002) with greedy decoding, on documents
//! of gold-tagged sentences. Documents are shuffled every epoch with a fixed seed, so a
//! run is reproducible; after each epoch the averaged weights are quantized exactly as
//! the model file stores them and scored on the development set, and the best epoch is
//! kept.

use super::features::{self, DocFeatures, Resources};
use super::{best, format, tag_index, Header, History, Tagger, Weights, WordLists, NT, START_TAG};
use crate::error::Result;
use crate::ner::conll::{self, Doc, Score};
use crate::ontology::Knowledge;
use std::collections::HashMap;
use std::io::Write;
use std::time::Instant;

/// What to train and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Passes over the training documents.
    pub epochs: usize,
    /// Seed of the shuffle.
    pub seed: u64,
    /// Header fields to record (training data, command, version, notes).
    pub header: Vec<(String, String)>,
    /// Distributional word classes for the features (stored in the model).
    pub clusters: Vec<(String, [u16; 3])>,
    /// 1 for a single tagger, 2 to stack a second stage on the first one's tags.
    pub stages: usize,
    /// Folds for the first-stage tags the second stage trains on.
    pub folds: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            epochs: 8,
            seed: 0x5eed,
            header: Vec::new(),
            clusters: Vec::new(),
            stages: 2,
            folds: 5,
        }
    }
}

/// Reads a word-class file (`word<TAB>class<TAB>class<TAB>class`, `#` comments), as
/// `scripts/word_clusters.py` writes it.
pub fn read_clusters(path: &std::path::Path) -> Result<Vec<(String, [u16; 3])>> {
    let text = std::fs::read_to_string(path).map_err(|source| crate::Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let ids: Vec<u16> = cols.iter().skip(1).filter_map(|c| c.parse().ok()).collect();
        if cols.len() != 4 || ids.len() != 3 {
            return Err(crate::Error::BadInput {
                path: path.to_path_buf(),
                reason: format!("line {}: expected word and three class numbers", i + 1),
            });
        }
        out.push((cols[0].to_string(), [ids[0], ids[1], ids[2]]));
    }
    out.sort();
    Ok(out)
}

/// splitmix64: a tiny, fixed PRNG so the shuffle is the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        features::mix(self.0)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// A training document: features, interned, and gold tags (IOB2).
struct Example {
    feats: DocFeatures,
    sentence_lengths: Vec<usize>,
    gold: Vec<u8>,
}

/// The gold tags of a sentence in IOB2 (IOB1 input is converted through its chunks).
fn iob2(sentence: &conll::Sentence) -> Vec<u8> {
    let tags: Vec<&str> = sentence.iter().map(|t| t.tag.as_str()).collect();
    let mut out = vec![0u8; tags.len()];
    for c in conll::chunks(&tags) {
        let (b, i) = (format!("B-{}", c.kind), format!("I-{}", c.kind));
        // Types outside PER/ORG/LOC/MISC stay O: the model has no tag for them.
        if let (Some(b), Some(i)) = (tag_index(&b), tag_index(&i)) {
            out[c.start] = b;
            for t in &mut out[c.start + 1..c.end] {
                *t = i;
            }
        }
    }
    out
}

/// Perceptron parameters with lazy averaging.
struct Params {
    index: HashMap<u64, u32, features::PassThroughState>,
    keys: Vec<u64>,
    w: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u32>,
    now: u32,
}

impl Params {
    fn intern(&mut self, hash: u64) -> u32 {
        if let Some(&i) = self.index.get(&hash) {
            return i;
        }
        let i = self.keys.len() as u32;
        self.index.insert(hash, i);
        self.keys.push(hash);
        self.w.extend([0.0; NT]);
        self.totals.extend([0.0; NT]);
        self.stamps.extend([0; NT]);
        i
    }

    fn score(&self, feats: &[u32], scores: &mut [f32; NT]) {
        for &f in feats {
            let row = &self.w[f as usize * NT..f as usize * NT + NT];
            for (s, x) in scores.iter_mut().zip(row) {
                *s += x;
            }
        }
    }

    fn update(&mut self, feats: &[u32], tag: u8, delta: f32) {
        for &f in feats {
            let i = f as usize * NT + usize::from(tag);
            self.totals[i] += f64::from(self.now - self.stamps[i]) * f64::from(self.w[i]);
            self.stamps[i] = self.now;
            self.w[i] += delta;
        }
    }

    /// The averaged weights, quantized to i16 with one scale for the whole model.
    fn averaged(&self) -> (Weights, f64) {
        let now = f64::from(self.now.max(1));
        let avg: Vec<f64> = (0..self.w.len())
            .map(|i| {
                (self.totals[i] + f64::from(self.now - self.stamps[i]) * f64::from(self.w[i])) / now
            })
            .collect();
        let max = avg.iter().fold(0.0f64, |m, x| m.max(x.abs())).max(1e-9);
        let scale = f64::from(i16::MAX - 1) / max;
        let mut weights = Weights::with_capacity(self.keys.len());
        for (f, &key) in self.keys.iter().enumerate() {
            let mut q = [0i16; NT];
            for (t, x) in q.iter_mut().enumerate() {
                // |avg * scale| <= i16::MAX - 1 by the choice of scale.
                *x = (avg[f * NT + t] * scale).round() as i16;
            }
            if q.iter().any(|&x| x != 0) {
                weights.add(key, &q);
            }
        }
        (weights, scale)
    }
}

/// Scores a tagger on gold documents.
#[must_use]
pub fn evaluate(tagger: &Tagger, docs: &[Doc]) -> Score {
    let mut score = Score::default();
    for doc in docs {
        let tags = tagger.tag(&doc.words());
        for (s, p) in doc.sentences.iter().zip(&tags) {
            let gold: Vec<&str> = s.iter().map(|t| t.tag.as_str()).collect();
            score.add(&gold, p);
        }
    }
    score
}

/// One stage's training set: each document with its extra (stacked) features.
type StageData<'a> = [(&'a Example, Option<&'a DocFeatures>)];

/// Trains one stage; `dev_f1` scores candidate weights. Returns the best epoch's
/// weights, their dev F1, the epoch and the quantization scale.
fn train_stage(
    data: &StageData<'_>,
    opts: &Options,
    dev_f1: &dyn Fn(&Weights) -> f64,
    label: &str,
    progress: &mut dyn Write,
) -> Result<(Weights, f64, usize, f64)> {
    let mut params = Params {
        index: HashMap::default(),
        keys: Vec::new(),
        w: Vec::new(),
        totals: Vec::new(),
        stamps: Vec::new(),
        now: 0,
    };
    let intern_all = |params: &mut Params, f: &DocFeatures| -> Vec<u32> {
        f.hashes.iter().map(|&h| params.intern(h)).collect()
    };
    let statics: Vec<(Vec<u32>, Option<Vec<u32>>)> = data
        .iter()
        .map(|(ex, extra)| {
            let s = intern_all(&mut params, &ex.feats);
            let e = extra.map(|x| intern_all(&mut params, x));
            (s, e)
        })
        .collect();
    let mut rng = Rng(opts.seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut best_model: Option<(Weights, f64, usize, f64)> = None;
    let mut dynamic = Vec::with_capacity(8);
    let mut feats: Vec<u32> = Vec::with_capacity(128);
    for epoch in 1..=opts.epochs.max(1) {
        let t0 = Instant::now();
        rng.shuffle(&mut order);
        let mut errors = 0usize;
        for &d in &order {
            let (ex, extra) = (&data[d].0, &data[d].1);
            let (st, ext) = &statics[d];
            let mut history = History::default();
            let mut t = 0;
            for &len in &ex.sentence_lengths {
                let (mut prev, mut prev2) = (START_TAG, START_TAG);
                for _ in 0..len {
                    params.now += 1;
                    let key = &ex.feats.keys[t];
                    features::dynamic(key, prev, prev2, history.get(key), &mut dynamic);
                    feats.clear();
                    feats.extend_from_slice(&st[ex.feats.offsets[t]..ex.feats.offsets[t + 1]]);
                    if let (Some(x), Some(e)) = (extra, ext) {
                        feats.extend_from_slice(&e[x.offsets[t]..x.offsets[t + 1]]);
                    }
                    for &h in &dynamic {
                        feats.push(params.intern(h));
                    }
                    let mut scores = [0f32; NT];
                    params.score(&feats, &mut scores);
                    let guess = best(&scores, prev);
                    let gold = ex.gold[t];
                    if guess != gold {
                        errors += 1;
                        params.update(&feats, gold, 1.0);
                        params.update(&feats, guess, -1.0);
                    }
                    history.record(key, guess);
                    prev2 = prev;
                    prev = guess;
                    t += 1;
                }
            }
        }
        let (weights, scale) = params.averaged();
        let f1 = dev_f1(&weights);
        writeln!(
            progress,
            "{label} epoch {epoch}: {errors} training errors, {} features, dev F1 {f1:.2} [{:.1} s]",
            weights.len(),
            t0.elapsed().as_secs_f64()
        )?;
        if best_model.as_ref().is_none_or(|(_, b, ..)| f1 > *b) {
            best_model = Some((weights, f1, epoch, scale));
        }
    }
    let Some(model) = best_model else {
        unreachable!("at least one epoch runs");
    };
    Ok(model)
}

/// Trains on `train`, reports each epoch's development F1 to `progress`, and returns the
/// tagger of the best epoch with its header filled in.
///
/// With `opts.stages == 2`, the first stage's tags for the training documents come from
/// `opts.folds` models each trained without the document's fold (jackknifing), so the
/// second stage learns how far to trust first-stage tags on unseen text.
pub fn train(
    train: &[Doc],
    dev: &[Doc],
    kb: &Knowledge,
    opts: &Options,
    progress: &mut dyn Write,
) -> Result<Tagger> {
    let lists = WordLists::from_knowledge(kb, opts.clusters.clone());
    let resources = Resources::new(&lists);
    let started = Instant::now();
    let examples: Vec<Example> = train
        .iter()
        .map(|doc| Example {
            feats: features::document(&doc.words(), &resources),
            sentence_lengths: doc.sentences.iter().map(Vec::len).collect(),
            gold: doc.sentences.iter().flat_map(iob2).collect(),
        })
        .collect();
    let tokens: usize = examples.iter().map(|e| e.gold.len()).sum();
    writeln!(
        progress,
        "train-ner: {} documents, {tokens} tokens ({:.1} s)",
        examples.len(),
        started.elapsed().as_secs_f64()
    )?;
    let tagger = |stages: Vec<Weights>| Tagger::new(stages, lists.clone(), Header::default());
    let quiet = &mut std::io::sink();

    let one: Vec<(&Example, Option<&DocFeatures>)> = examples.iter().map(|e| (e, None)).collect();
    let (first, f1_first, epoch_first, scale_first) = train_stage(
        &one,
        opts,
        &|w| evaluate(&tagger(vec![w.clone()]), dev).overall.f1(),
        "stage 1",
        progress,
    )?;
    let mut stages = vec![first];
    let mut fields: Vec<(String, String)> = vec![(
        "stage-1".into(),
        format!("dev F1 {f1_first:.2} at epoch {epoch_first}, scale {scale_first:.6}"),
    )];
    let mut f1 = f1_first;
    if opts.stages >= 2 {
        let folds = opts.folds.max(2);
        let mut prior: Vec<Vec<u8>> = vec![Vec::new(); examples.len()];
        for k in 0..folds {
            let part: Vec<(&Example, Option<&DocFeatures>)> = examples
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds != k)
                .map(|(_, e)| (e, None))
                .collect();
            let (w, fold_f1, fold_epoch, _) = train_stage(
                &part,
                opts,
                &|w| evaluate(&tagger(vec![w.clone()]), dev).overall.f1(),
                "fold",
                quiet,
            )?;
            writeln!(
                progress,
                "fold {}/{folds}: dev F1 {fold_f1:.2} at epoch {fold_epoch}",
                k + 1
            )?;
            for (i, ex) in examples.iter().enumerate().filter(|(i, _)| i % folds == k) {
                prior[i] = super::decode(&w, &ex.sentence_lengths, &ex.feats, None);
            }
        }
        let extras: Vec<DocFeatures> = examples
            .iter()
            .zip(&prior)
            .map(|(ex, p)| features::stacked(&ex.feats.keys, &ex.sentence_lengths, p))
            .collect();
        let two: Vec<(&Example, Option<&DocFeatures>)> = examples
            .iter()
            .zip(&extras)
            .map(|(e, x)| (e, Some(x)))
            .collect();
        let first = stages[0].clone();
        let (second, f1_second, epoch_second, scale_second) = train_stage(
            &two,
            opts,
            &|w| {
                evaluate(&tagger(vec![first.clone(), w.clone()]), dev)
                    .overall
                    .f1()
            },
            "stage 2",
            progress,
        )?;
        fields.push((
            "stage-2".into(),
            format!("dev F1 {f1_second:.2} at epoch {epoch_second}, scale {scale_second:.6}, {folds}-fold stacking"),
        ));
        if f1_second > f1_first {
            stages.push(second);
            f1 = f1_second;
        } else {
            writeln!(
                progress,
                "stage 2 does not beat stage 1 on dev: keeping one stage"
            )?;
        }
    }
    let mut header = Header {
        fields: opts.header.clone(),
    };
    header.fields.extend(fields);
    header.fields.extend([
        ("epochs".into(), opts.epochs.to_string()),
        ("seed".into(), format!("{:#x}", opts.seed)),
        ("dev-f1".into(), format!("{f1:.2}")),
        ("stages".into(), stages.len().to_string()),
        (
            "features".into(),
            stages.iter().map(Weights::len).sum::<usize>().to_string(),
        ),
        ("word-classes".into(), opts.clusters.len().to_string()),
    ]);
    // Round-trip through the file format so the returned tagger is exactly what is saved.
    let bytes = format::write(&header, &stages, &lists);
    let (header, stages, lists) = format::read(std::path::Path::new("<trained model>"), &bytes)?;
    Ok(Tagger::new(stages, lists, header))
}

#[cfg(test)]
mod tests {
    use super::super::type_of;
    use super::*;
    use std::path::Path;

    /// A tiny hand-made corpus: people after "Mr", places after "in".
    fn corpus() -> Vec<Doc> {
        let mut text = String::new();
        let people = ["Smith", "Jones", "Brown", "Taylor", "Wilson", "Evans"];
        let places = ["Paris", "Berlin", "Madrid", "Rome", "Vienna", "Oslo"];
        for (p, l) in people.iter().zip(places) {
            text.push_str("-DOCSTART- O\n\n");
            text.push_str(&format!(
                "Mr O\n{p} B-PER\nwent O\nto O\n{l} B-LOC\n. O\n\n"
            ));
            text.push_str(&format!("{p} B-PER\nlikes O\n{l} B-LOC\n. O\n\n"));
        }
        conll::read(Path::new("tiny.conll"), &text).unwrap()
    }

    #[test]
    fn learns_a_tiny_corpus_reproducibly() {
        let kb = crate::ontology::Knowledge::builtin().unwrap();
        let docs = corpus();
        let opts = Options {
            epochs: 5,
            ..Options::default()
        };
        let mut log = Vec::new();
        let a = train(&docs, &docs, &kb, &opts, &mut log).unwrap();
        let log = String::from_utf8(log).unwrap();
        assert!(log.contains("epoch 5:"), "{log}");
        let score = evaluate(&a, &docs);
        assert!(score.overall.f1() > 95.0, "{}", score.report());
        let b = train(&docs, &docs, &kb, &opts, &mut Vec::new()).unwrap();
        assert_eq!(
            a.to_bytes(),
            b.to_bytes(),
            "same data and seed give the same model"
        );
        assert!(a.header.get("dev-f1").is_some());
    }

    #[test]
    fn iob1_gold_is_read_as_iob2() {
        let docs = conll::read(Path::new("t"), "A I-ORG\nB I-ORG\nC I-LOC\nd O\ne I-PER").unwrap();
        let tags: Vec<&str> = iob2(&docs[0].sentences[0])
            .iter()
            .map(|&t| super::super::TAGS[usize::from(t)])
            .collect();
        assert_eq!(tags, ["B-ORG", "I-ORG", "B-LOC", "O", "B-PER"]);
        assert_eq!(type_of(tag_index("B-LOC").unwrap()), 3);
    }
}

//! A learned reader of the relation between two names of one sentence, for the pairs the
//! rules leave unrelated.
//!
//! The rules are precise but each reads one wording; news says "AMC, which builds Renault
//! cars in Kenosha, broke off its talks on Monday with the UAW" in many more ways than
//! patterns can list. An averaged perceptron, trained on hand-annotated articles
//! (`newsgraph train-relations`), reads every pair of slots of a sentence template: the
//! classes of the two entities, their order, the words between them and around them, and
//! how many other names stand between. It answers with a property or `none`; a property
//! whose score beats `none` becomes a statement with the rule id `learned-<property>` and a
//! confidence below the rules' (see [`PairModel::confidence`]), so a user can filter the
//! guesses out. Negated and hypothetical sentences are handled as for the rules.
//!
//! The model file (`ontology/models/relations.json`) is data: the labels and, for each
//! feature, one weight per label.

use super::template::Template;
use crate::error::{Error, Result};
use crate::model::{Document, Entity, Sentence, Span};
use crate::ner::Mentions;
use crate::ontology::Knowledge;
use crate::resolve::Resolution;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The label of a pair that states no relation.
pub const NONE: &str = "none";

/// At most this many slots of one sentence are paired (the pairs grow with its square).
const MAX_SLOTS: usize = 16;

/// At most this many words between a place and the next name make the place a
/// description of that name ("US investment bank X").
const MAX_DESCRIPTOR_WORDS: usize = 2;

/// Words read before the first and after the second name of a pair.
const CONTEXT_WORDS: usize = 3;

/// The trained weights.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PairModel {
    /// What the model was trained on, and by which command.
    pub note: String,
    /// The labels: `none` and the relation properties.
    pub labels: Vec<String>,
    /// Feature -> one weight per label (in `labels` order).
    pub weights: BTreeMap<String, Vec<f32>>,
    /// The highest confidence a learned statement gets (its margin over `none` decides
    /// how close it comes).
    pub max_confidence: f64,
    /// How far a label must beat `none` to be stated.
    #[serde(default)]
    pub min_margin: f32,
}

impl PairModel {
    /// Parses a model file.
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        let model: Self = serde_json::from_str(text).map_err(|e| Error::Model {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let width = model.labels.len();
        if !model.labels.iter().any(|l| l == NONE) {
            return Err(Error::Model {
                path: path.to_path_buf(),
                message: format!("no {NONE:?} label"),
            });
        }
        if let Some((f, _)) = model.weights.iter().find(|(_, w)| w.len() != width) {
            return Err(Error::Model {
                path: path.to_path_buf(),
                message: format!("feature {f:?} does not have {width} weights"),
            });
        }
        Ok(model)
    }

    /// The best label other than `none` and its margin over `none`, when it beats it.
    #[must_use]
    pub fn predict(&self, features: &[String]) -> Option<(&str, f32)> {
        let mut scores = vec![0f32; self.labels.len()];
        for f in features {
            if let Some(w) = self.weights.get(f) {
                for (s, w) in scores.iter_mut().zip(w) {
                    *s += w;
                }
            }
        }
        let none = self.labels.iter().position(|l| l == NONE)?;
        let (best, score) = scores
            .iter()
            .enumerate()
            .filter(|&(k, _)| k != none)
            .max_by(|a, b| a.1.total_cmp(b.1))?;
        let margin = score - scores[none];
        (margin > self.min_margin.max(0.0)).then(|| (self.labels[best].as_str(), margin))
    }

    /// The confidence of a statement whose label beat `none` by `margin`: up to
    /// `max_confidence`, half of it at a margin of zero.
    #[must_use]
    pub fn confidence(&self, margin: f32) -> f64 {
        self.max_confidence / (1.0 + (-f64::from(margin) / MARGIN_SCALE).exp())
    }
}

/// The margin at which a learned statement's confidence is about 73% of the maximum.
const MARGIN_SCALE: f64 = 10.0;

/// The pairs of slots a sentence's template offers the model: (first slot, second slot,
/// entity of the first, entity of the second), both orders, distinct entities, no city or
/// region (a country or a state stands for its government). `spans`: the template's
/// [`marker_spans`], worked out once per sentence.
#[must_use]
pub fn slot_pairs(
    t: &Template,
    spans: &[(usize, usize)],
    entities: &[Entity],
    kb: &Knowledge,
) -> Vec<(usize, usize, usize, usize)> {
    let usable = |e: usize| {
        let class = entities[e].class.as_str();
        kb.coarse(class) != "Place" || matches!(class, "Country" | "State")
    };
    let n = t.slots.len().min(MAX_SLOTS);
    // "US bank Wells Fargo", "China's CNPC": a place right before another name, with at
    // most two words between, only describes it.
    let describes = |k: usize| {
        // (A country before "bank X" may have been read as its government already.)
        let place = t.slots[k].entities.iter().all(|&e| {
            let class = entities[e].class.as_str();
            kb.coarse(class) == "Place" || class == "GovernmentOrganization"
        });
        place
            && spans.get(k).zip(spans.get(k + 1)).is_some_and(|(a, b)| {
                let gap = &t.text[a.1..b.0];
                gap.split_whitespace().count() <= MAX_DESCRIPTOR_WORDS
                    && gap
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '\'' | '’' | '-'))
            })
    };
    let mut out = Vec::new();
    for i in 0..n {
        for j in 0..n {
            if i == j || describes(i) || describes(j) {
                continue;
            }
            for &a in &t.slots[i].entities {
                for &b in &t.slots[j].entities {
                    if a != b && usable(a) && usable(b) {
                        out.push((i, j, a, b));
                    }
                }
            }
        }
    }
    out
}

/// Byte ranges of the slot markers of a template, in slot order.
pub fn marker_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        match c {
            '⟦' => start = Some(at),
            '⟧' => {
                if let Some(s) = start.take() {
                    out.push((s, at + c.len_utf8()));
                }
            }
            _ => {}
        }
    }
    out
}

/// The words of a piece of template: lower-case letter runs, `<num>` for numbers and
/// `<slot>` for another name.
fn words(part: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut number = false;
    let mut inside = false;
    let flush = |word: &mut String, number: &mut bool, out: &mut Vec<String>| {
        if *number {
            out.push("<num>".into());
        } else if !word.is_empty() {
            out.push(std::mem::take(word));
        }
        word.clear();
        *number = false;
    };
    for c in part.chars() {
        if inside {
            if c == '⟧' {
                inside = false;
                out.push("<slot>".into());
            }
            continue;
        }
        if c == '⟦' {
            flush(&mut word, &mut number, &mut out);
            inside = true;
        } else if c.is_alphabetic() || (c == '\'' && !word.is_empty()) {
            word.extend(c.to_lowercase());
        } else if c.is_ascii_digit() {
            if !word.is_empty() {
                flush(&mut word, &mut number, &mut out);
            }
            number = true;
        } else if !(number && matches!(c, '.' | ',')) {
            flush(&mut word, &mut number, &mut out);
        }
    }
    flush(&mut word, &mut number, &mut out);
    out
}

/// The features of the pair (slot `a`, slot `b`) of template `t` (whose [`marker_spans`]
/// are `spans`), whose entities are of classes `class_a` and `class_b`.
#[must_use]
pub fn features(
    t: &Template,
    spans: &[(usize, usize)],
    a: usize,
    b: usize,
    class_a: &str,
    class_b: &str,
) -> Vec<String> {
    let (Some(&sa), Some(&sb)) = (spans.get(a), spans.get(b)) else {
        return Vec::new();
    };
    let forward = sa.0 < sb.0;
    let (lo, hi) = if forward { (sa, sb) } else { (sb, sa) };
    let order = if forward { "ab" } else { "ba" };
    let between = words(&t.text[lo.1..hi.0]);
    let before = words(&t.text[..lo.0]);
    let after = words(&t.text[hi.1..]);
    let slots_between = between.iter().filter(|w| *w == "<slot>").count();
    let mut f = vec![
        "bias".to_string(),
        format!("cls={class_a}>{class_b}"),
        format!("ord={order}"),
        format!("ord-cls={order}|{class_a}>{class_b}"),
        format!("slots={}", slots_between.min(3)),
        format!("dist={}", (between.len() / 4).min(6)),
    ];
    let pair = format!("{order}|{class_a}>{class_b}");
    let mut seen: HashMap<&str, ()> = HashMap::new();
    for w in &between {
        if seen.insert(w.as_str(), ()).is_none() {
            f.push(format!("bw={w}"));
            f.push(format!("bw-{order}={w}"));
            f.push(format!("bw-cls={pair}|{w}"));
        }
    }
    // The words right after the first name and right before the second: the verb of the
    // first, the preposition of the second.
    for (k, w) in between.iter().take(2).enumerate() {
        f.push(format!("b{k}={w}"));
    }
    for (k, w) in between.iter().rev().take(2).enumerate() {
        f.push(format!("e{k}={w}"));
    }
    if !before.iter().any(|w| w == "<slot>") {
        f.push(format!("first={}", if forward { "a" } else { "b" }));
    }
    for pair in between.windows(2) {
        f.push(format!("bb={}_{}", pair[0], pair[1]));
    }
    if let (Some(first), Some(last)) = (between.first(), between.last()) {
        f.push(format!("bf={first}"));
        f.push(format!("bl={last}"));
        f.push(format!("bl-cls={order}|{class_a}>{class_b}|{last}"));
    } else {
        f.push("adjacent".into());
    }
    for w in before.iter().rev().take(CONTEXT_WORDS) {
        f.push(format!("pre={w}"));
    }
    if let Some(w) = before.last() {
        f.push(format!("pre1={w}"));
    }
    for w in after.iter().take(CONTEXT_WORDS) {
        f.push(format!("post={w}"));
    }
    if let Some(w) = after.first() {
        f.push(format!("post1={w}"));
    }
    f
}

/// A pair of names of one sentence, as training reads it.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The sentence.
    pub sentence: Span,
    /// The first entity's name and aliases.
    pub subject: Vec<String>,
    /// The second entity's name and aliases.
    pub object: Vec<String>,
    /// Features, from [`features`].
    pub features: Vec<String>,
}

/// Every pair the model would read in an article (see [`slot_pairs`]), with the names of
/// the two entities, for labelling against a gold file.
#[must_use]
pub fn candidates(
    doc: &Document,
    sentences: &[Sentence],
    found: &Mentions,
    resolution: &Resolution,
    kb: &Knowledge,
) -> Vec<Candidate> {
    let names = |e: &Entity| {
        let mut n = vec![e.name.clone()];
        n.extend(e.aliases.iter().cloned());
        n
    };
    let mut out = Vec::new();
    for s in sentences {
        let t = Template::new(&doc.text, s, &found.mentions, &resolution.refers);
        let spans = marker_spans(&t.text);
        for (i, j, a, b) in slot_pairs(&t, &spans, &resolution.entities, kb) {
            let (ea, eb) = (&resolution.entities[a], &resolution.entities[b]);
            out.push(Candidate {
                sentence: s.span,
                subject: names(ea),
                object: names(eb),
                features: features(&t, &spans, i, j, &ea.class, &eb.class),
            });
        }
    }
    out
}

/// One training example: the features of a pair and its gold label.
#[derive(Debug, Clone)]
pub struct Example {
    /// Features, from [`features`].
    pub features: Vec<String>,
    /// `none` or a property.
    pub label: String,
}

/// Trains an averaged perceptron on `examples` for `epochs` passes, shuffled with `seed`.
/// Weights whose magnitude stays below `min_weight` are dropped.
#[must_use]
pub fn train(examples: &[Example], epochs: usize, seed: u64, min_weight: f32) -> PairModel {
    let mut labels: Vec<String> = examples.iter().map(|e| e.label.clone()).collect();
    labels.push(NONE.into());
    labels.sort();
    labels.dedup();
    let index: HashMap<&str, usize> = labels
        .iter()
        .enumerate()
        .map(|(k, l)| (l.as_str(), k))
        .collect();
    let none = index[NONE];
    let width = labels.len();
    // feature -> (weights, running sums for the average)
    let mut w: HashMap<&str, (Vec<f64>, Vec<f64>)> = HashMap::new();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut state = seed | 1;
    let mut step = 1f64;
    for _ in 0..epochs {
        // Fisher-Yates with a xorshift generator: the same seed, the same model.
        for k in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let r = usize::try_from(state % (k as u64 + 1)).unwrap_or(0);
            order.swap(k, r);
        }
        for &x in &order {
            let ex = &examples[x];
            let mut scores = vec![0f64; width];
            for f in &ex.features {
                if let Some((ws, _)) = w.get(f.as_str()) {
                    for (s, v) in scores.iter_mut().zip(ws) {
                        *s += v;
                    }
                }
            }
            // Ties go to `none`.
            let mut best = none;
            for (k, &s) in scores.iter().enumerate() {
                if s > scores[best] {
                    best = k;
                }
            }
            let gold = index[ex.label.as_str()];
            if best != gold {
                for f in &ex.features {
                    let (ws, sums) = w
                        .entry(f.as_str())
                        .or_insert_with(|| (vec![0.0; width], vec![0.0; width]));
                    ws[gold] += 1.0;
                    ws[best] -= 1.0;
                    sums[gold] += step;
                    sums[best] -= step;
                }
            }
            step += 1.0;
        }
    }
    let weights = w
        .into_iter()
        .filter_map(|(f, (ws, sums))| {
            let avg: Vec<f32> = ws
                .iter()
                .zip(&sums)
                .map(|(v, s)| {
                    let a = v - s / step;
                    ((a * 1000.0).round() / 1000.0) as f32
                })
                .collect();
            avg.iter()
                .any(|v| v.abs() >= min_weight)
                .then(|| (f.to_string(), avg))
        })
        .collect();
    PairModel {
        note: String::new(),
        labels,
        weights,
        max_confidence: DEFAULT_MAX_CONFIDENCE,
        min_margin: 0.0,
    }
}

/// Writes a model as JSON with one feature per line, so that a retrained model's diff
/// reads feature by feature.
pub fn write_model(model: &PairModel, out: &mut impl std::io::Write) -> Result<()> {
    writeln!(out, "{{")?;
    writeln!(out, "  \"note\": {},", json(&model.note))?;
    writeln!(out, "  \"labels\": {},", json(&model.labels))?;
    writeln!(out, "  \"max_confidence\": {},", model.max_confidence)?;
    writeln!(out, "  \"min_margin\": {},", model.min_margin)?;
    writeln!(out, "  \"weights\": {{")?;
    let last = model.weights.len().saturating_sub(1);
    for (k, (feature, w)) in model.weights.iter().enumerate() {
        let comma = if k == last { "" } else { "," };
        writeln!(out, "    {}: {}{comma}", json(feature), json(w))?;
    }
    writeln!(out, "  }}")?;
    writeln!(out, "}}")?;
    Ok(())
}

/// A value as compact JSON.
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The highest confidence of a learned statement, below the rules' usual 0.6 to 0.9.
pub const DEFAULT_MAX_CONFIDENCE: f64 = 0.6;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relations::template::Slot;

    fn template(text: &str, slots: usize) -> Template {
        Template {
            text: text.into(),
            slots: (0..slots)
                .map(|k| Slot {
                    mention: k,
                    entities: vec![k],
                })
                .collect(),
        }
    }

    #[test]
    fn words_mark_names_and_numbers() {
        assert_eq!(
            words("began talks on 3.5 bln with ⟦2⟧'s unit"),
            vec!["began", "talks", "on", "<num>", "bln", "with", "<slot>", "s", "unit"]
        );
    }

    #[test]
    fn features_read_order_words_between_and_context() {
        let t = template("Later ⟦0⟧ held talks with ⟦1⟧ and ⟦2⟧ on Monday", 3);
        let f = features(
            &t,
            &marker_spans(&t.text),
            0,
            1,
            "Corporation",
            "WorkersUnion",
        );
        for want in [
            "cls=Corporation>WorkersUnion",
            "ord=ab",
            "bw=talks",
            "bl=with",
            "pre1=later",
            "post1=and",
            "slots=0",
        ] {
            assert!(f.iter().any(|x| x == want), "{want} missing from {f:?}");
        }
        let back = features(
            &t,
            &marker_spans(&t.text),
            2,
            0,
            "WorkersUnion",
            "Corporation",
        );
        assert!(back.iter().any(|x| x == "ord=ba"));
        assert!(back.iter().any(|x| x == "slots=1"));
    }

    #[test]
    fn a_trained_model_reads_what_it_was_taught() {
        let t = template("⟦0⟧ held talks with ⟦1⟧", 2);
        let u = template("⟦0⟧ reported profits as ⟦1⟧ watched", 2);
        let talks = features(
            &t,
            &marker_spans(&t.text),
            0,
            1,
            "Corporation",
            "WorkersUnion",
        );
        let none = features(
            &u,
            &marker_spans(&u.text),
            0,
            1,
            "Corporation",
            "WorkersUnion",
        );
        let mut examples = Vec::new();
        for _ in 0..5 {
            examples.push(Example {
                features: talks.clone(),
                label: "negotiatesWith".into(),
            });
            examples.push(Example {
                features: none.clone(),
                label: NONE.into(),
            });
        }
        let model = train(&examples, 5, 7, 0.0);
        assert_eq!(model.predict(&talks).map(|p| p.0), Some("negotiatesWith"));
        assert_eq!(model.predict(&none), None);
        let (_, margin) = model.predict(&talks).unwrap_or(("", 0.0));
        let c = model.confidence(margin);
        assert!(c > model.max_confidence / 2.0 && c <= model.max_confidence);
        let text = serde_json::to_string(&model).unwrap_or_default();
        let back = PairModel::parse(Path::new("m.json"), &text).map(|m| m.labels);
        assert_eq!(back.ok(), Some(model.labels.clone()));
    }
}

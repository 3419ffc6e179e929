//! The committed NER model on the CoNLL-2003 development set (eng.testa), which sits in
//! shared/ beside the repository (it is research data and never committed). The test
//! fails, naming the path, when the file is missing.

use newsgraph::app::{self, NerConllConfig};
use newsgraph::ner::tagger::Tagger;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn model() -> PathBuf {
    root().join("ontology/models/ner.bin")
}

#[test]
fn committed_model_scores_above_the_floor_on_conll_dev() {
    let testa = root().join("../shared/benchmarks/conll2003/eng.testa");
    assert!(
        testa.is_file(),
        "{} is missing: the CoNLL-2003 files must be in shared/benchmarks/conll2003/",
        testa.display()
    );
    let config = NerConllConfig {
        conll: testa,
        model: model(),
    };
    let mut out = Vec::new();
    let bench = app::ner_conll(&config, &mut out).unwrap();
    let report = String::from_utf8(out).unwrap();
    assert_eq!(bench.score.tokens, 51_362, "{report}");
    assert_eq!(bench.score.overall.gold, 5_942, "{report}");
    assert!(bench.score.overall.f1() > 85.0, "{report}");
    for kind in ["PER", "ORG", "LOC", "MISC"] {
        assert!(bench.score.by_type[kind].f1() > 70.0, "{kind}: {report}");
    }
    assert!(report.contains("overall_f1: "), "{report}");
}

#[test]
fn committed_model_header_names_its_training_data() {
    let tagger = Tagger::load(&model()).unwrap();
    assert_eq!(tagger.header.get("trained-on"), Some("eng.train"));
    assert!(tagger
        .header
        .get("command")
        .is_some_and(|c| c.contains("train-ner")));
    assert!(tagger
        .header
        .get("note")
        .is_some_and(|n| n.contains("research")));
}

#[test]
fn a_corrupt_model_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("ner.bin");
    let mut bytes = std::fs::read(model()).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 0xff;
    std::fs::write(&bad, bytes).unwrap();
    let err = Tagger::load(&bad).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains(&bad.display().to_string()) && msg.contains("corrupt"),
        "{msg}"
    );
}

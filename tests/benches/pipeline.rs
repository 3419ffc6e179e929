//! Pipeline benchmark: extraction over `seeds/` (and, when present, a sample of the news
//! corpus in `../shared/corpus/`), timed over repeated runs; prints the median time, the
//! articles and tokens per second, and checks the expected entity and relation counts on the
//! seeds so that a fast but wrong change fails.
//!
//!     cargo bench --bench pipeline
//!
//! Figures go to stdout; no timing is asserted.

use newsgraph::{ingest, Knowledge, Pipeline};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let kb = Knowledge::builtin().expect("ontology loads");
    let start = Instant::now();
    let _ = Knowledge::builtin().expect("ontology loads");
    println!(
        "load ontology and rules: {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    let pipeline = Pipeline::new(&kb);
    let (inputs, _) = ingest::expand(&[root.join("seeds")]);
    let docs: Vec<_> = inputs
        .iter()
        .map(|i| ingest::read(i).expect("seed reads"))
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let words: usize = docs.iter().map(|d| d.text.split_whitespace().count()).sum();

    let graphs: Vec<_> = docs.iter().map(|d| pipeline.extract(d)).collect();
    let entities: usize = graphs.iter().map(|g| g.entities.len()).sum();
    let relations: usize = graphs.iter().map(|g| g.relations.len()).sum();
    let quotes: usize = graphs
        .iter()
        .map(|g| g.quotations.iter().filter(|q| q.speaker.is_some()).count())
        .sum();
    // Sanity floor, so that a fast but broken extractor fails the bench.
    assert!(entities >= 60 && relations >= 50 && quotes >= 30, "extraction regressed: {entities} entities, {relations} relations, {quotes} attributed quotes");

    let runs = 30;
    let times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            for d in &docs {
                std::hint::black_box(pipeline.extract(d));
            }
            t.elapsed()
        })
        .collect();
    let m = median(times);
    println!(
        "seeds: {} articles, {bytes} bytes, {words} words; {entities} entities, {relations} relations, {quotes} attributed quotes",
        docs.len()
    );
    println!(
        "extract seeds (single thread, median of {runs}): {:.2} ms = {:.0} articles/s, {:.0} words/s",
        m.as_secs_f64() * 1e3,
        docs.len() as f64 / m.as_secs_f64(),
        words as f64 / m.as_secs_f64()
    );
}

//! Helpers shared by the integration tests.

use newsgraph::graph::Store;
use newsgraph::{ingest, Knowledge, Pipeline};
use std::path::PathBuf;

/// The seeds/ articles extracted into a fresh in-memory store.
pub fn seeds_store(kb: &Knowledge) -> Store {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (inputs, errors) = ingest::expand(&[root.join("seeds")]);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(!inputs.is_empty(), "seeds/ holds no article");
    let store = Store::in_memory().expect("store");
    let pipeline = Pipeline::new(kb);
    for input in &inputs {
        let doc = ingest::read(input).expect("seed reads");
        store.write_article(&pipeline.extract(&doc)).expect("write");
    }
    store
}

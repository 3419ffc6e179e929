//! newsgraph: reads news articles and builds a knowledge graph of who did what to whom.
//!
//! The pipeline flows one way, one module per stage:
//! [`ingest`] -> [`text`] -> [`ner`] -> [`resolve`] -> [`relations`] -> [`graph`] -> [`export`].
//! [`pipeline`] ties the extraction stages together; [`ontology`] loads the data that drives
//! them; [`query`] runs SPARQL over the store; [`serve`] is the SPARQL HTTP endpoint;
//! [`app`] holds the commands the binary runs.
#![deny(clippy::print_stdout)]

pub mod app;
pub mod error;
pub mod export;
pub mod gold;
pub mod graph;
pub mod ingest;
pub mod model;
pub mod ner;
pub mod ontology;
pub mod pipeline;
pub mod query;
pub mod relations;
pub mod resolve;
pub mod serve;
pub mod text;

pub use error::{Error, Result};
pub use model::{ArticleGraph, DocId, Document, Entity, Mention, Quotation, Relation, Span};
pub use ontology::Knowledge;
pub use pipeline::Pipeline;

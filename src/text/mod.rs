//! Text stage: splits a [`Document`](crate::model::Document) into sentences and tokens.
//!
//! Consumes the raw article text; produces [`Sentence`]s whose [`Token`]s carry byte spans
//! into the original text. Knows nothing about entities.

pub mod sentences;
pub mod tokens;

pub use sentences::split;
pub use tokens::tokenize;

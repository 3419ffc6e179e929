//! Relation extraction: entities + sentences -> relations and quotations.
//!
//! - [`template`]: rewrites a sentence with its mentions as slots `⟦n⟧`;
//! - [`engine`]: applies the rules of `ontology/rules/relations.json` to the templates, works
//!   out speakers, the governments in context and who works for whom, and reads amounts;
//! - [`learned`]: a trained reader of the pairs of names the rules leave unrelated;
//! - [`quotes`]: finds direct quotations and attributes them to their speakers;
//! - [`structure`]: relations that names themselves state ("Chrysler Canada" is a
//!   subsidiary of "Chrysler").

pub mod amounts;
pub mod engine;
pub mod learned;
pub mod quotes;
pub mod structure;
pub mod template;

pub use engine::extract;

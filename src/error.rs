//! The library's error type.

use std::path::PathBuf;

/// Everything that can go wrong in newsgraph's library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An input article is not usable (not UTF-8, binary, empty...).
    #[error("{path}: {reason}")]
    BadInput {
        /// The article's path (or `-` for standard input).
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// An ontology or rule file is malformed.
    #[error("{path}:{line}: {message}")]
    Ontology {
        /// The file.
        path: PathBuf,
        /// 1-based line (0 when unknown).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A trained model file (the NER tagger, the pair reader) is missing pieces, corrupt or
    /// of another version.
    #[error("{path}: not a usable newsgraph model: {message}")]
    Model {
        /// The model file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A SPARQL query could not be parsed or evaluated.
    #[error("SPARQL query error: {0}")]
    Query(String),
    /// The RDF store failed.
    #[error("store error: {0}")]
    Store(String),
    /// Writing an export failed.
    #[error("export error: {0}")]
    Export(String),
    /// Any other I/O error without a known path.
    #[error(transparent)]
    Other(#[from] std::io::Error),
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

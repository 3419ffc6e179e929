//! Reads article files (or standard input) into [`Document`]s.
//!
//! This is the only stage that touches article files. It consumes command-line paths,
//! expands directories, and produces one [`Document`] per article with its text kept
//! byte-exact (no newline or BOM normalization: every later [`Span`](crate::Span) indexes
//! into this text) and the SHA-256 of its bytes. It rejects inputs that are not usable
//! articles (empty, binary, not UTF-8) with an [`Error::BadInput`] naming the path. What is
//! extracted from the text is left to [`pipeline`](crate::pipeline).

use crate::error::{Error, Result};
use crate::model::{DocId, Document};
use sha2::{Digest, Sha256};
use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// One input to read: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// An article file.
    Path(PathBuf),
    /// Standard input (given as `-` on the command line).
    Stdin,
}

impl Input {
    /// The path to show in messages (`-` for standard input).
    #[must_use]
    pub fn display_path(&self) -> &Path {
        match self {
            Self::Path(path) => path,
            Self::Stdin => Path::new("-"),
        }
    }
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.display_path().display())
    }
}

/// Expands command-line arguments into the inputs to read.
///
/// Files are kept as given; directories are walked recursively in sorted order, skipping
/// hidden entries (names starting with `.`) and not following symbolic links to
/// directories; `-` means standard input. Paths that do not exist or cannot be listed
/// are returned as errors (naming the path) next to the inputs that could be found, so
/// the caller can report them and go on.
#[must_use]
pub fn expand(args: &[PathBuf]) -> (Vec<Input>, Vec<Error>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match fs::metadata(arg) {
            Ok(meta) if meta.is_dir() => walk(arg, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::Path(arg.clone())),
            Err(source) => errors.push(Error::Io {
                path: arg.clone(),
                source,
            }),
        }
    }
    (inputs, errors)
}

/// Appends the files under `dir` (recursively, sorted by name) to `inputs`.
fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<Error>) {
    let entries = match fs::read_dir(dir).and_then(|it| it.collect::<io::Result<Vec<_>>>()) {
        Ok(entries) => entries,
        Err(source) => {
            errors.push(Error::Io {
                path: dir.to_path_buf(),
                source,
            });
            return;
        }
    };
    let mut entries: Vec<_> = entries
        .into_iter()
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
        .collect();
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => walk(&path, inputs, errors),
            // A symbolic link is read when it points to a file; links to directories
            // are not followed (they could loop).
            Ok(kind) if kind.is_symlink() => match fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => inputs.push(Input::Path(path)),
                Err(source) => errors.push(Error::Io { path, source }),
            },
            Ok(_) => inputs.push(Input::Path(path)),
            Err(source) => errors.push(Error::Io { path, source }),
        }
    }
}

/// Reads one input into a [`Document`].
///
/// The document id is the file name (`000_70f9813e3bf348d2.txt`); standard input gets
/// `stdin-` followed by the first 12 hex digits of the SHA-256 of its bytes.
pub fn read(input: &Input) -> Result<Document> {
    match input {
        Input::Path(path) => {
            let bytes = fs::read(path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            document_from_bytes(doc_id(path), path, bytes)
        }
        Input::Stdin => {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|source| Error::Io {
                    path: PathBuf::from("-"),
                    source,
                })?;
            let id = DocId(format!("stdin-{}", &sha256_hex(&bytes)[..12]));
            document_from_bytes(id, Path::new("-"), bytes)
        }
    }
}

/// The document id of an article file: its file name.
#[must_use]
pub fn doc_id(path: &Path) -> DocId {
    let name = path
        .file_name()
        .map_or_else(|| path.to_string_lossy(), |name| name.to_string_lossy());
    DocId(name.into_owned())
}

/// Checks that `bytes` are a usable article and builds its [`Document`].
///
/// Fails with [`Error::BadInput`] naming `path` when the bytes are empty or only
/// whitespace, contain a NUL byte (binary), or are not UTF-8 (the message gives the byte
/// offset of the first invalid sequence). The text is kept byte-exact.
pub fn document_from_bytes(id: DocId, path: &Path, bytes: Vec<u8>) -> Result<Document> {
    let bad = |reason: String| Error::BadInput {
        path: path.to_path_buf(),
        reason,
    };
    if bytes.is_empty() {
        return Err(bad("empty file".into()));
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(bad(format!(
            "binary file (NUL byte at byte offset {offset})"
        )));
    }
    let sha256 = sha256_hex(&bytes);
    let text = String::from_utf8(bytes).map_err(|e| {
        bad(format!(
            "not valid UTF-8 (invalid byte sequence at byte offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    if text.trim().is_empty() {
        return Err(bad("contains only whitespace".into()));
    }
    Ok(Document { id, text, sha256 })
}

/// Lower-case hex SHA-256 of `bytes`.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        // Writing to a String cannot fail.
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(result: Result<Document>) -> String {
        match result {
            Err(Error::BadInput { path, reason }) => {
                assert_eq!(path, Path::new("a/x.txt"));
                reason
            }
            other => panic!("expected BadInput, got {other:?}"),
        }
    }

    fn from(bytes: &[u8]) -> Result<Document> {
        document_from_bytes(DocId("x.txt".into()), Path::new("a/x.txt"), bytes.to_vec())
    }

    #[test]
    fn good_text_is_kept_byte_exact_with_its_sha256() {
        let doc = from(b"Hello\r\nworld\n").unwrap();
        assert_eq!(doc.text, "Hello\r\nworld\n");
        assert_eq!(doc.id, DocId("x.txt".into()));
        assert_eq!(doc.sha256.len(), 64);
        assert_eq!(doc.sha256, sha256_hex(b"Hello\r\nworld\n"));
    }

    #[test]
    fn sha256_of_empty_input_is_the_known_digest() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn empty_input_is_rejected() {
        assert!(reason(from(b"")).contains("empty"));
    }

    #[test]
    fn whitespace_only_input_is_rejected() {
        assert!(reason(from(b" \n\t\r\n ")).contains("whitespace"));
    }

    #[test]
    fn binary_input_is_rejected_with_the_nul_offset() {
        let r = reason(from(b"abc\0def"));
        assert!(r.contains("binary"), "{r}");
        assert!(r.contains("offset 3"), "{r}");
    }

    #[test]
    fn non_utf8_input_is_rejected_with_the_byte_offset() {
        let r = reason(from(b"caf\xe9 au lait"));
        assert!(r.contains("UTF-8"), "{r}");
        assert!(r.contains("offset 3"), "{r}");
    }

    #[test]
    fn missing_path_is_reported_by_name() {
        let (inputs, errors) = expand(&[PathBuf::from("/nonexistent/newsgraph/x.txt")]);
        assert!(inputs.is_empty());
        assert_eq!(errors.len(), 1);
        assert!(errors[0]
            .to_string()
            .contains("/nonexistent/newsgraph/x.txt"));
    }

    #[test]
    fn directories_are_walked_sorted_skipping_hidden_entries() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::create_dir(dir.path().join(".git")).unwrap();
        for name in ["b.txt", "a.txt", ".hidden.txt", "sub/c.txt", ".git/d.txt"] {
            fs::write(dir.path().join(name), "text").unwrap();
        }
        let (inputs, errors) = expand(&[dir.path().to_path_buf(), PathBuf::from("-")]);
        assert!(errors.is_empty());
        let names: Vec<String> = inputs
            .iter()
            .map(|i| match i {
                Input::Path(p) => p
                    .strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                Input::Stdin => "-".into(),
            })
            .collect();
        assert_eq!(names, ["a.txt", "b.txt", "sub/c.txt", "-"]);
    }

    #[test]
    fn read_uses_the_file_name_as_id() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("000_70f9813e3bf348d2.txt");
        fs::write(&path, "Some news.").unwrap();
        let doc = read(&Input::Path(path)).unwrap();
        assert_eq!(doc.id.0, "000_70f9813e3bf348d2.txt");
    }

    #[test]
    fn unreadable_file_is_an_io_error_naming_it() {
        let err = read(&Input::Path(PathBuf::from("/nonexistent/n.txt"))).unwrap_err();
        assert!(matches!(err, Error::Io { .. }));
        assert!(err.to_string().contains("/nonexistent/n.txt"));
    }
}

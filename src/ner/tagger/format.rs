//! The model file: a text header, then the quantized weights in binary, then a checksum.
//!
//! ```text
//! newsgraph-ner-model 1
//! trained-on: CoNLL-2003 English eng.train ...
//! command: newsgraph train-ner ...
//! version: newsgraph 0.1.0
//! ...more `key: value` lines...
//! ---
//! <u32 LE stage count>, then per stage:
//!   <u32 LE feature count>
//!   per feature, sorted by key: <u64 LE key> <u16 LE mask of non-zero tags> <i16 LE per set bit>
//! <u32 LE word-class count> per word, sorted: <u8 length> <UTF-8 bytes> <3 x u16 LE classes>
//! <u32 LE phrase count> per gazetteer phrase: <u8 length> <UTF-8 bytes> <u8 class bits>
//! four word lists (given names, common words, title words, organization suffixes), each
//!   <u32 LE count> per word: <u8 length> <UTF-8 bytes>
//! <u64 LE FNV-1a checksum of everything between the `---` line and the checksum>
//! ```
//!
//! Zero weights are not stored, so the file holds only what training learned.

use super::{Header, Weights, WordLists, NT};
use crate::error::{Error, Result};
use std::path::Path;

const MAGIC: &str = "newsgraph-ner-model 1";
const SEPARATOR: &[u8] = b"\n---\n";

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Serializes a model. Header values must be single lines.
#[must_use]
pub fn write(header: &Header, stages: &[Weights], lists: &WordLists) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC.as_bytes());
    for (k, v) in &header.fields {
        out.push(b'\n');
        out.extend_from_slice(k.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(v.replace('\n', " ").as_bytes());
    }
    out.extend_from_slice(SEPARATOR);
    let body_start = out.len();
    out.extend_from_slice(&(stages.len() as u32).to_le_bytes());
    for weights in stages {
        let entries: Vec<(u64, [i16; NT])> = weights
            .entries()
            .into_iter()
            .filter(|(_, w)| w.iter().any(|&x| x != 0))
            .collect();
        out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        for (key, w) in &entries {
            out.extend_from_slice(&key.to_le_bytes());
            let mask: u16 = w
                .iter()
                .enumerate()
                .filter(|(_, &x)| x != 0)
                .fold(0, |m, (i, _)| m | (1 << i));
            out.extend_from_slice(&mask.to_le_bytes());
            for &x in w.iter().filter(|&&x| x != 0) {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
    }
    let fits = |w: &str| w.len() < 256;
    let put = |out: &mut Vec<u8>, w: &str| {
        out.push(w.len() as u8);
        out.extend_from_slice(w.as_bytes());
    };
    let clusters: Vec<_> = lists.clusters.iter().filter(|(w, _)| fits(w)).collect();
    out.extend_from_slice(&(clusters.len() as u32).to_le_bytes());
    for (word, ids) in clusters {
        put(&mut out, word);
        for id in ids {
            out.extend_from_slice(&id.to_le_bytes());
        }
    }
    let phrases: Vec<_> = lists.phrases.iter().filter(|(w, _)| fits(w)).collect();
    out.extend_from_slice(&(phrases.len() as u32).to_le_bytes());
    for (phrase, bits) in phrases {
        put(&mut out, phrase);
        out.push(*bits);
    }
    for list in [
        &lists.given_names,
        &lists.common_words,
        &lists.title_words,
        &lists.org_suffixes,
    ] {
        let words: Vec<_> = list.iter().filter(|w| fits(w)).collect();
        out.extend_from_slice(&(words.len() as u32).to_le_bytes());
        for w in words {
            put(&mut out, w);
        }
    }
    let sum = fnv(&out[body_start..]);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// Parses a model; `path` names the file in errors.
pub fn read(path: &Path, bytes: &[u8]) -> Result<(Header, Vec<Weights>, WordLists)> {
    let bad = |message: String| Error::Model {
        path: path.to_path_buf(),
        message,
    };
    let split = bytes
        .windows(SEPARATOR.len())
        .position(|w| w == SEPARATOR)
        .ok_or_else(|| bad("no header/body separator line `---`".into()))?;
    let head = std::str::from_utf8(&bytes[..split])
        .map_err(|_| bad("the header is not UTF-8 text".into()))?;
    let mut lines = head.lines();
    let magic = lines.next().unwrap_or("");
    if magic != MAGIC {
        return Err(bad(format!(
            "first line is {magic:?}, expected {MAGIC:?} (another format or version)"
        )));
    }
    let mut header = Header::default();
    for line in lines {
        let (k, v) = line
            .split_once(": ")
            .ok_or_else(|| bad(format!("header line {line:?} is not `key: value`")))?;
        header.fields.push((k.to_string(), v.to_string()));
    }
    let body = &bytes[split + SEPARATOR.len()..];
    if body.len() < 12 {
        return Err(bad("the weights are missing (file truncated?)".into()));
    }
    let (data, sum) = body.split_at(body.len() - 8);
    let expected = u64::from_le_bytes(sum.try_into().map_err(|_| bad("short checksum".into()))?);
    if fnv(data) != expected {
        return Err(bad(
            "checksum mismatch: the file is corrupt or truncated".into()
        ));
    }
    let mut r = Reader { data, pos: 0, path };
    let n_stages = r.u32()?;
    if !(1..=4).contains(&n_stages) {
        return Err(bad(format!("{n_stages} stages (expected 1 to 4)")));
    }
    let mut stages = Vec::new();
    for _ in 0..n_stages {
        let count = r.u32()?;
        let mut weights = Weights::with_capacity(count as usize);
        for _ in 0..count {
            let key = u64::from_le_bytes(r.array::<8>()?);
            let mask = u16::from_le_bytes(r.array::<2>()?);
            if mask >> NT != 0 {
                return Err(bad(format!(
                    "feature {key:#x} has weights for unknown tags"
                )));
            }
            let mut w = [0i16; NT];
            for (i, x) in w.iter_mut().enumerate() {
                if mask & (1 << i) != 0 {
                    *x = i16::from_le_bytes(r.array::<2>()?);
                }
            }
            weights.add(key, &w);
        }
        stages.push(weights);
    }
    let mut lists = WordLists::default();
    for _ in 0..r.u32()? {
        let w = r.word()?;
        let mut ids = [0u16; 3];
        for id in &mut ids {
            *id = u16::from_le_bytes(r.array::<2>()?);
        }
        lists.clusters.push((w, ids));
    }
    for _ in 0..r.u32()? {
        let w = r.word()?;
        let [bits] = r.array::<1>()?;
        lists.phrases.push((w, bits));
    }
    for list in [
        &mut lists.given_names,
        &mut lists.common_words,
        &mut lists.title_words,
        &mut lists.org_suffixes,
    ] {
        for _ in 0..r.u32()? {
            list.push(r.word()?);
        }
    }
    if r.pos != data.len() {
        return Err(bad(format!(
            "{} bytes left after the weights and word lists",
            data.len() - r.pos
        )));
    }
    Ok((header, stages, lists))
}

/// Reads the binary body, naming the file in errors.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    path: &'a Path,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let s = self
            .data
            .get(self.pos..self.pos + n)
            .ok_or_else(|| Error::Model {
                path: self.path.to_path_buf(),
                message: format!("the body ends early at byte {}", self.pos),
            })?;
        self.pos += n;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array::<4>()?))
    }

    fn word(&mut self) -> Result<String> {
        let [len] = self.array::<1>()?;
        let bytes = self.take(usize::from(len))?;
        std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|_| Error::Model {
                path: self.path.to_path_buf(),
                message: format!("a word-list entry at byte {} is not UTF-8", self.pos),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Header, Weights, WordLists) {
        let header = Header {
            fields: vec![
                ("trained-on".into(), "a tiny hand-made sample".into()),
                ("version".into(), "test".into()),
            ],
        };
        let mut w = Weights::with_capacity(4);
        w.add(42, &[1, 0, 0, -3, 0, 0, 0, 0, 7]);
        w.add(7, &[0, 0, 0, 0, 0, 0, 0, 0, 0]);
        w.add(u64::MAX, &[i16::MAX; NT]);
        let lists = WordLists {
            clusters: vec![("Ltd".into(), [4, 5, 6]), ("Monday".into(), [1, 2, 3])],
            phrases: vec![("new york".into(), 1)],
            given_names: vec!["peter".into()],
            common_words: vec!["the".into(), "zebra".into()],
            title_words: vec![],
            org_suffixes: vec!["corp".into()],
        };
        (header, w, lists)
    }

    #[test]
    fn round_trip_drops_zero_rows() {
        let (header, w, lists) = sample();
        let bytes = write(&header, &[w.clone(), w], &lists);
        let (h2, mut stages, c2) = read(Path::new("m.bin"), &bytes).unwrap();
        assert_eq!(stages.len(), 2);
        let w2 = stages.remove(1);
        assert_eq!(h2, header);
        assert_eq!(c2, lists);
        assert_eq!(w2.len(), 2);
        assert_eq!(w2.get(42), Some(&[1, 0, 0, -3, 0, 0, 0, 0, 7]));
        assert_eq!(w2.get(7), None);
        assert_eq!(w2.get(u64::MAX), Some(&[i16::MAX; NT]));
        assert_eq!(
            bytes,
            write(&h2, &[stages.remove(0), w2], &c2),
            "deterministic"
        );
    }

    #[test]
    fn corrupt_truncated_or_foreign_files_are_named_errors() {
        let (header, w, lists) = sample();
        let bytes = write(&header, &[w], &lists);
        let mut flipped = bytes.clone();
        let n = flipped.len();
        flipped[n - 12] ^= 0x40;
        for (bad, what) in [
            (flipped, "checksum"),
            (bytes[..bytes.len() - 3].to_vec(), "checksum"),
            (b"PK\x03\x04 zip".to_vec(), "separator"),
            (b"other-model 2\n---\n123456789012".to_vec(), "first line"),
        ] {
            let err = read(Path::new("ontology/models/ner.bin"), &bad).unwrap_err();
            let msg = err.to_string();
            assert!(msg.contains("ontology/models/ner.bin"), "{msg}");
            assert!(msg.contains(what), "{what}: {msg}");
        }
    }
}

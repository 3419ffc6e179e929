//! The commands (`build`, `export`, `query`) as library functions over validated configs.
//!
//! The binary parses arguments into these configs and calls the functions; tests call
//! them directly. They tie the stages together: [`crate::ingest`] -> [`Pipeline`] ->
//! [`Store`], then [`crate::export`] and [`crate::query`].
//! They write only to the sinks they are given (results to `out`, progress to a
//! stderr-like sink) and to the files the config names, always atomically (temp file in
//! the same directory, then rename). Exit codes are left to the binary.

use crate::error::{Error, Result};
use crate::export::{self, ExportFormat};
use crate::gold;
use crate::graph::Store;
use crate::ingest;
use crate::model::DocId;
use crate::ner::{conll, tagger};
use crate::ontology::Knowledge;
use crate::pipeline::Pipeline;
use crate::query::{self, ResultsFormat};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// What `build` does: read these inputs into this store.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    /// The store directory (created if missing).
    pub store: PathBuf,
    /// The loaded ontology and rules.
    pub knowledge: Knowledge,
    /// Files, directories, or `-` for standard input.
    pub inputs: Vec<PathBuf>,
    /// When set, write `PREFIX.ttl`, `PREFIX.nt`, `PREFIX.dot` and `PREFIX.svg` after
    /// building.
    pub exports: Option<PathBuf>,
}

/// What `build` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildReport {
    /// Articles read, extracted and stored.
    pub ok: usize,
    /// Inputs that were reported and skipped (paths as given).
    pub failed: Vec<PathBuf>,
    /// Articles in the store afterwards (including earlier builds).
    pub articles: usize,
    /// Quads in the store afterwards.
    pub quads: usize,
    /// Export files written.
    pub exports: Vec<PathBuf>,
}

impl BuildReport {
    /// Whether every input was stored.
    #[must_use]
    pub fn succeeded(&self) -> bool {
        self.failed.is_empty()
    }
}

/// What `export` does.
#[derive(Debug, Clone)]
pub struct ExportConfig {
    /// The store directory (must exist).
    pub store: PathBuf,
    /// The output format.
    pub format: ExportFormat,
    /// The output file (written atomically), or directory for a directory format;
    /// standard output when `None`.
    pub output: Option<PathBuf>,
    /// The ontology, for the property labels of the DOT picture.
    pub knowledge: Knowledge,
    /// For DOT: the part of the graph to draw and the layout.
    pub view: export::dot::View,
}

/// What `query` does.
#[derive(Debug, Clone)]
pub struct QueryConfig {
    /// The store directory (must exist).
    pub store: PathBuf,
    /// The SPARQL query text.
    pub query: String,
    /// How to write the results.
    pub format: ResultsFormat,
}

/// Reads every input, extracts its graph and stores it; a bad input is reported on
/// `progress` by name and skipped, and the batch goes on.
///
/// Fails only when the store cannot be opened or the exports cannot be written; per-input
/// failures are in [`BuildReport::failed`].
pub fn build(config: &BuildConfig, progress: &mut impl Write) -> Result<BuildReport> {
    let store = Store::open(&config.store)?;
    let pipeline = Pipeline::new(&config.knowledge);
    let mut report = BuildReport::default();

    let (inputs, errors) = ingest::expand(&config.inputs);
    for error in errors {
        note(progress, format_args!("error: {error}"));
        report.failed.push(error_path(&error));
    }

    let total = inputs.len();
    let mut seen: BTreeMap<DocId, PathBuf> = BTreeMap::new();
    for (i, input) in inputs.iter().enumerate() {
        let name = input.display_path().to_path_buf();
        let step = format!("[{}/{total}] {}", i + 1, name.display());
        let stored = ingest::read(input).and_then(|doc| {
            if let Some(first) = seen.get(&doc.id) {
                return Err(Error::BadInput {
                    path: name.clone(),
                    reason: format!(
                        "same article id {} as {} (file names must be unique)",
                        doc.id,
                        first.display()
                    ),
                });
            }
            seen.insert(doc.id.clone(), name.clone());
            let graph = pipeline.extract(&doc);
            store.write_article(&graph)?;
            Ok(graph)
        });
        match stored {
            Ok(graph) => {
                report.ok += 1;
                note(
                    progress,
                    format_args!(
                        "{step}: {} entities, {} relations, {} quotations",
                        graph.entities.len(),
                        graph.relations.len(),
                        graph.quotations.len()
                    ),
                );
            }
            Err(error) => {
                note(
                    progress,
                    format_args!("{step}: skipped: {}", reason(&error)),
                );
                report.failed.push(name);
            }
        }
    }

    report.articles = store.article_count()?;
    report.quads = store.quad_count()?;
    let attempted = report.ok + report.failed.len();
    let failed = match report.failed.len() {
        0 => String::new(),
        n => format!(" ({n} failed)"),
    };
    note(
        progress,
        format_args!(
            "stored {} of {attempted} inputs{failed}; store {}: {} articles, {} quads",
            report.ok,
            config.store.display(),
            report.articles,
            report.quads
        ),
    );

    if let Some(prefix) = &config.exports {
        report.exports = write_exports(&store, &config.knowledge, prefix, progress)?;
    }
    Ok(report)
}

/// Writes a progress line. Progress goes to a terminal-like sink whose failure must not
/// stop a build, so write errors are ignored on purpose.
fn note(progress: &mut impl Write, line: std::fmt::Arguments<'_>) {
    let _ = writeln!(progress, "{line}");
}

/// The part of an error worth showing after the input's name.
fn reason(error: &Error) -> String {
    match error {
        Error::BadInput { reason, .. } => reason.clone(),
        Error::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

fn error_path(error: &Error) -> PathBuf {
    match error {
        Error::BadInput { path, .. } | Error::Io { path, .. } => path.clone(),
        _ => PathBuf::new(),
    }
}

/// Human labels of the properties used in the store, from the ontology.
pub fn property_labels(store: &Store, knowledge: &Knowledge) -> Result<BTreeMap<String, String>> {
    let mut labels = BTreeMap::new();
    for local in store.property_names()? {
        if let Some(label) = knowledge.property_label(&local) {
            labels.insert(local, label.to_owned());
        }
    }
    Ok(labels)
}

/// `PREFIX` + `.` + `extension`, keeping non-UTF-8 paths intact.
fn with_suffix(prefix: &Path, extension: &str) -> PathBuf {
    let mut name = OsString::from(prefix.as_os_str());
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

/// Writes `PREFIX.ttl`, `PREFIX.nt`, `PREFIX.dot` and, when Graphviz is installed,
/// `PREFIX.svg`; returns the files written. Without Graphviz, one line on `progress`
/// says how to get the picture.
pub fn write_exports(
    store: &Store,
    knowledge: &Knowledge,
    prefix: &Path,
    progress: &mut impl Write,
) -> Result<Vec<PathBuf>> {
    write_exports_with(store, knowledge, prefix, progress, "dot")
}

/// [`write_exports`] with the Graphviz program to run (tests pass a missing one).
fn write_exports_with(
    store: &Store,
    knowledge: &Knowledge,
    prefix: &Path,
    progress: &mut impl Write,
    graphviz: &str,
) -> Result<Vec<PathBuf>> {
    let labels = property_labels(store, knowledge)?;
    let mut written = Vec::new();
    for format in [
        ExportFormat::Turtle,
        ExportFormat::NTriples,
        ExportFormat::Dot,
    ] {
        let path = with_suffix(prefix, format.extension());
        write_atomically(&path, |out| export::write(store, format, out, &labels))?;
        written.push(path);
    }
    let dot = with_suffix(prefix, ExportFormat::Dot.extension());
    let svg = with_suffix(prefix, "svg");
    if render_svg(graphviz, &dot, &svg)? {
        written.push(svg);
    } else {
        note(
            progress,
            format_args!(
                "note: Graphviz is not installed, so {} was not written; to get the picture: \
                 apt-get install graphviz, then dot -Tsvg {} -o {}",
                svg.display(),
                dot.display(),
                svg.display()
            ),
        );
    }
    for path in &written {
        note(progress, format_args!("wrote {}", path.display()));
    }
    Ok(written)
}

/// Runs `graphviz -Tsvg` (`dot`) into a temporary file renamed over `svg`. `Ok(false)`
/// when the program is not installed.
fn render_svg(graphviz: &str, dot: &Path, svg: &Path) -> Result<bool> {
    let temp = temp_path(svg);
    let output = Command::new(graphviz)
        .arg("-Tsvg")
        .arg(dot)
        .arg("-o")
        .arg(&temp)
        .output();
    let output = match output {
        Ok(output) => output,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(source) => {
            return Err(Error::Io {
                path: PathBuf::from(graphviz),
                source,
            })
        }
    };
    if !output.status.success() {
        let _ = fs::remove_file(&temp);
        return Err(Error::Export(format!(
            "dot -Tsvg {} failed ({}): {}",
            dot.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    fs::rename(&temp, svg).map_err(|source| {
        let _ = fs::remove_file(&temp);
        Error::Io {
            path: svg.to_path_buf(),
            source,
        }
    })?;
    Ok(true)
}

/// A hidden temporary name next to `path` (same directory, so renaming is atomic).
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Writes a file atomically: `write` fills a temporary file in the same directory, which
/// is then renamed over `path`. On failure the temporary file is removed and `path` is
/// left as it was. Missing parent directories are created.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
) -> Result<()> {
    let io_error = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(io_error)?;
    }
    let temp = temp_path(path);
    let result = (|| {
        let file = File::create(&temp).map_err(io_error)?;
        let mut out = BufWriter::new(file);
        write(&mut out)?;
        let file = out.into_inner().map_err(|e| io_error(e.into_error()))?;
        file.sync_all().map_err(io_error)?;
        fs::rename(&temp, path).map_err(io_error)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Writes the store in `config.format` to `config.output` (atomically) or to `out`.
///
/// A directory format (Neo4j) needs `config.output`, the directory to write its files
/// into (each replaced atomically).
pub fn export(config: &ExportConfig, out: &mut impl Write) -> Result<()> {
    if config.format.is_directory() && config.output.is_none() {
        return Err(Error::Export(format!(
            "the {} format writes several files: give an output directory with -o DIR",
            config.format
        )));
    }
    let store = Store::open_existing(&config.store)?;
    let labels = property_labels(&store, &config.knowledge)?;
    if config.format.is_directory() {
        let dir = config.output.as_deref().unwrap_or(Path::new("."));
        for (name, bytes) in export::write_dir(&store, &labels, &config.knowledge)? {
            write_atomically(&dir.join(name), |file| Ok(file.write_all(&bytes)?))?;
        }
        return Ok(());
    }
    let write = |out: &mut dyn Write| -> Result<()> {
        if config.format == ExportFormat::Dot {
            export::dot::write_view(&store, &labels, &config.view, out)?;
            Ok(())
        } else {
            export::write(&store, config.format, out, &labels)
        }
    };
    match &config.output {
        Some(path) => write_atomically(path, |file| write(file)),
        None => write(out),
    }
}

/// Runs `config.query` on the store and writes the results to `out`.
pub fn query(config: &QueryConfig, out: &mut impl Write) -> Result<()> {
    let store = Store::open_existing(&config.store)?;
    query::run(&store, &config.query, config.format, out)
}

/// What `train-ner` does.
#[derive(Debug, Clone)]
pub struct TrainNerConfig {
    /// Training documents (CoNLL columns).
    pub train: PathBuf,
    /// Development documents, scored after each epoch; the best epoch is kept.
    pub dev: PathBuf,
    /// Training options (epochs, seed, header fields).
    pub options: tagger::train::Options,
    /// The model file to write (atomically).
    pub output: PathBuf,
    /// The ontology whose word lists the features read.
    pub knowledge: Knowledge,
}

/// Trains the NER tagger and writes the model file; returns the file's size in bytes.
/// Progress (one line per epoch with the development F1) goes to `progress`.
pub fn train_ner(config: &TrainNerConfig, progress: &mut impl Write) -> Result<u64> {
    let train = conll::read_file(&config.train)?;
    let dev = conll::read_file(&config.dev)?;
    let tagger = tagger::train::train(&train, &dev, &config.knowledge, &config.options, progress)?;
    let bytes = tagger.to_bytes();
    write_atomically(&config.output, |file| Ok(file.write_all(&bytes)?))?;
    Ok(bytes.len() as u64)
}

/// What `train-relations` does.
#[derive(Debug, Clone)]
pub struct TrainRelationsConfig {
    /// (gold file, directory holding the texts of its `documents`).
    pub sets: Vec<(PathBuf, PathBuf)>,
    /// Passes over the examples.
    pub epochs: usize,
    /// Seed of the per-epoch shuffle.
    pub seed: u64,
    /// Weights smaller than this (in every label) are left out of the file.
    pub min_weight: f32,
    /// How far a label must beat `none` to be stated.
    pub min_margin: f32,
    /// Recorded in the model file.
    pub note: String,
    /// The model file to write (atomically).
    pub output: PathBuf,
    /// The ontology the pipeline runs with.
    pub knowledge: Knowledge,
}

/// What `train-relations` read and wrote.
#[derive(Debug, Clone, Copy)]
pub struct TrainedRelations {
    /// Name pairs read.
    pub examples: usize,
    /// Pairs labelled with a relation.
    pub positives: usize,
    /// Features kept.
    pub features: usize,
}

/// Trains the pair model on annotated articles (gold files in the format of
/// `gold/FORMAT.md`) and writes it. A pair of names of one sentence is labelled with a
/// gold relation when the two entities carry the gold parties' names (as `score.py`
/// compares them) and the sentence holds the relation's evidence; else `none`.
pub fn train_relations(
    config: &TrainRelationsConfig,
    progress: &mut impl Write,
) -> Result<TrainedRelations> {
    use crate::relations::learned::{self, Example};
    let pipeline = Pipeline::new(&config.knowledge);
    let symmetric = |p: &str| config.knowledge.is_symmetric(p);
    let mut examples = Vec::new();
    for (gold_path, dir) in &config.sets {
        let gold = gold::Gold::read(gold_path)?;
        for name in &gold.documents {
            let path = dir.join(name);
            let bytes = fs::read(&path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            let doc = ingest::document_from_bytes(DocId(name.clone()), &path, bytes)?;
            let before = examples.len();
            for c in pipeline.pair_candidates(&doc) {
                let sentence = gold::squash(c.sentence.slice(&doc.text));
                let label = gold
                    .relation_between(name, &sentence, &c.subject, &c.object, symmetric)
                    .unwrap_or(learned::NONE)
                    .to_string();
                examples.push(Example {
                    features: c.features,
                    label,
                });
            }
            writeln!(
                progress,
                "{}: {} pairs",
                path.display(),
                examples.len() - before
            )?;
        }
    }
    let positives = examples.iter().filter(|e| e.label != learned::NONE).count();
    writeln!(
        progress,
        "training on {} pairs ({positives} with a relation), {} epochs",
        examples.len(),
        config.epochs
    )?;
    let mut model = learned::train(&examples, config.epochs, config.seed, config.min_weight);
    model.note.clone_from(&config.note);
    model.min_margin = config.min_margin;
    write_atomically(&config.output, |file| {
        learned::write_model(&model, file)?;
        Ok(())
    })?;
    Ok(TrainedRelations {
        examples: examples.len(),
        positives,
        features: model.weights.len(),
    })
}

/// What `ner --conll` does.
#[derive(Debug, Clone)]
pub struct NerConllConfig {
    /// Gold documents (CoNLL columns).
    pub conll: PathBuf,
    /// The model file (it carries the word lists it was trained with).
    pub model: PathBuf,
}

/// What `ner --conll` measured.
#[derive(Debug, Clone)]
pub struct NerBenchmark {
    /// Entity-level scores.
    pub score: conll::Score,
    /// Seconds spent tagging (features and decoding), one thread.
    pub tagging_seconds: f64,
    /// Seconds spent loading the model.
    pub load_seconds: f64,
}

impl NerBenchmark {
    /// Tokens tagged per second.
    #[must_use]
    pub fn tokens_per_second(&self) -> f64 {
        self.score.tokens as f64 / self.tagging_seconds.max(1e-9)
    }
}

/// Tags a CoNLL file with the model and writes conlleval's report plus the speed to
/// `out`. Only tagging is timed, on the calling thread.
pub fn ner_conll(config: &NerConllConfig, out: &mut impl Write) -> Result<NerBenchmark> {
    let docs = conll::read_file(&config.conll)?;
    let t0 = Instant::now();
    let model = tagger::Tagger::load(&config.model)?;
    let load_seconds = t0.elapsed().as_secs_f64();
    let words: Vec<Vec<Vec<&str>>> = docs.iter().map(conll::Doc::words).collect();
    let t1 = Instant::now();
    let tags: Vec<Vec<Vec<&str>>> = words.iter().map(|w| model.tag(w)).collect();
    let tagging_seconds = t1.elapsed().as_secs_f64();
    let mut score = conll::Score::default();
    for (doc, doc_tags) in docs.iter().zip(&tags) {
        for (s, p) in doc.sentences.iter().zip(doc_tags) {
            let gold: Vec<&str> = s.iter().map(|t| t.tag.as_str()).collect();
            score.add(&gold, p);
        }
    }
    let bench = NerBenchmark {
        score,
        tagging_seconds,
        load_seconds,
    };
    let trained_on = model.header.get("trained-on").unwrap_or("(not recorded)");
    writeln!(
        out,
        "model: {} (trained on {trained_on})",
        config.model.display()
    )?;
    write!(out, "{}", bench.score.report())?;
    writeln!(
        out,
        "speed: {:.0} tokens/s ({} tokens in {:.3} s, single thread; model loaded in {:.3} s)",
        bench.tokens_per_second(),
        bench.score.tokens,
        bench.tagging_seconds,
        bench.load_seconds
    )?;
    writeln!(out, "tokens_per_second: {:.0}", bench.tokens_per_second())?;
    writeln!(out, "overall_f1: {:.2}", bench.score.overall.f1())?;
    Ok(bench)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::fixture;

    fn config(dir: &Path, inputs: &[&str]) -> BuildConfig {
        BuildConfig {
            store: dir.join("db"),
            knowledge: Knowledge::builtin().unwrap(),
            inputs: inputs.iter().map(|i| dir.join(i)).collect(),
            exports: None,
        }
    }

    #[test]
    fn build_reports_each_input_and_skips_bad_ones() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("in")).unwrap();
        fs::write(dir.path().join("in/a.txt"), "Some news.").unwrap();
        fs::write(dir.path().join("in/b.txt"), "").unwrap();
        let mut progress = Vec::new();
        let report = build(&config(dir.path(), &["in", "nosuch.txt"]), &mut progress).unwrap();
        let progress = String::from_utf8(progress).unwrap();
        assert_eq!(report.ok, 1);
        assert_eq!(report.articles, 1);
        assert!(!report.succeeded());
        assert_eq!(
            report.failed,
            [dir.path().join("nosuch.txt"), dir.path().join("in/b.txt")]
        );
        assert!(progress.contains("nosuch.txt"), "{progress}");
        assert!(progress.contains("[2/2] "), "{progress}");
        assert!(
            progress.contains("b.txt: skipped: empty file"),
            "{progress}"
        );
        assert!(
            progress.contains("stored 1 of 3 inputs (2 failed)"),
            "{progress}"
        );
    }

    #[test]
    fn two_files_with_the_same_name_are_not_merged_silently() {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["x", "y"] {
            fs::create_dir(dir.path().join(sub)).unwrap();
            fs::write(dir.path().join(sub).join("a.txt"), "Some news.").unwrap();
        }
        let mut progress = Vec::new();
        let report = build(&config(dir.path(), &["x", "y"]), &mut progress).unwrap();
        assert_eq!(report.ok, 1);
        assert_eq!(report.failed, [dir.path().join("y/a.txt")]);
        assert!(String::from_utf8(progress)
            .unwrap()
            .contains("same article id a.txt"));
    }

    #[test]
    fn exports_without_graphviz_say_how_to_get_the_picture() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::in_memory().unwrap();
        store.write_article(&fixture::article("a.txt")).unwrap();
        let prefix = dir.path().join("out/seeds");
        let mut progress = Vec::new();
        let written = write_exports_with(
            &store,
            &Knowledge::builtin().unwrap(),
            &prefix,
            &mut progress,
            "newsgraph-test-no-such-dot",
        )
        .unwrap();
        let names: Vec<_> = written
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["seeds.ttl", "seeds.nt", "seeds.dot"]);
        let progress = String::from_utf8(progress).unwrap();
        let hints: Vec<_> = progress
            .lines()
            .filter(|l| l.contains("apt-get install graphviz"))
            .collect();
        assert_eq!(hints.len(), 1, "{progress}");
        assert!(hints[0].contains("dot -Tsvg"), "{progress}");
        assert!(!dir.path().join("out/seeds.svg").exists());
    }

    #[test]
    fn a_failed_atomic_write_leaves_the_old_file_and_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("graph.ttl");
        fs::write(&path, "old").unwrap();
        let result = write_atomically(&path, |out| {
            out.write_all(b"half")?;
            Err(Error::Export("boom".into()))
        });
        assert!(result.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        write_atomically(&path, |out| Ok(out.write_all(b"new")?)).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn export_prefix_gets_each_extension() {
        assert_eq!(
            with_suffix(Path::new("exports/seeds"), "ttl"),
            Path::new("exports/seeds.ttl")
        );
        assert_eq!(
            with_suffix(Path::new("exports/v1.2"), "nt"),
            Path::new("exports/v1.2.nt")
        );
    }
}

//! The `newsgraph` binary: parse arguments -> validated config -> call the library ->
//! exit code (0 ok, 1 when an article or the command failed, 2 for usage errors).

mod cli;

use anyhow::Context as _;
use clap::{CommandFactory as _, Parser as _};
use cli::{Args, Command, StoreArg};
use newsgraph::app::{
    self, BuildConfig, ExportConfig, NerConllConfig, QueryConfig, TrainNerConfig,
    TrainRelationsConfig,
};
use newsgraph::export::ExportFormat;
use newsgraph::serve;
use newsgraph::Knowledge;
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            report(&err);
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> anyhow::Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match args.command {
        Command::Build(args) => {
            let config = BuildConfig {
                store: store_dir(&args.store),
                knowledge: knowledge(args.ontology.as_deref())?,
                inputs: args.paths,
                exports: args.exports,
            };
            let report = app::build(&config, &mut io::stderr().lock())
                .with_context(|| format!("while building into {}", config.store.display()))?;
            if report.succeeded() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::Export(args) => {
            let format = match (args.format, &args.output) {
                (Some(format), _) => format,
                (None, Some(path)) => guess_format(path),
                (None, None) => usage_error(
                    "--format is required when writing to standard output (or give -o FILE \
                     with a known extension: .ttl, .nt, .nq, .trig, .jsonld, .rdf, .dot, .graphml, .gexf, .cyjs)",
                ),
            };
            if format.is_directory() && args.output.is_none() {
                usage_error(&format!(
                    "--format {format} writes several files: give the output directory with -o DIR"
                ));
            }
            let dot_only = args.focus.is_some()
                || args.top.is_some()
                || args.layout != newsgraph::export::dot::Layout::Auto;
            if dot_only && format != ExportFormat::Dot {
                usage_error(&format!(
                    "--focus, --depth, --top and --layout apply to --format dot only, not {format}"
                ));
            }
            let mut view = newsgraph::export::dot::View::all().with_layout(args.layout);
            if let Some(name) = args.focus {
                view = view.with_focus(name, args.depth);
            }
            if let Some(n) = args.top {
                view = view.with_top(n);
            }
            let config = ExportConfig {
                store: store_dir(&args.store),
                format,
                output: args.output,
                knowledge: knowledge(args.ontology.as_deref())?,
                view,
            };
            app::export(&config, &mut out).context("while exporting")?;
            ExitCode::SUCCESS
        }
        Command::Query(args) => {
            let query = match (args.query, &args.file) {
                (Some(query), _) => query,
                (None, Some(file)) => read_query(file)?,
                // clap enforces exactly one of QUERY and --file.
                (None, None) => anyhow::bail!("give a QUERY or -f FILE"),
            };
            let config = QueryConfig {
                store: store_dir(&args.store),
                query,
                format: args.format,
            };
            app::query(&config, &mut out)?;
            ExitCode::SUCCESS
        }
        Command::TrainNer(args) => {
            let clusters = match &args.clusters {
                Some(path) => newsgraph::ner::tagger::train::read_clusters(path)
                    .with_context(|| format!("while reading --clusters {}", path.display()))?,
                None => Vec::new(),
            };
            let mut options = newsgraph::ner::tagger::train::Options {
                epochs: args.epochs,
                seed: args.seed,
                stages: usize::from(args.stages),
                clusters,
                ..Default::default()
            };
            let name = |p: &Path| {
                p.file_name()
                    .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
            };
            options
                .header
                .push(("trained-on".into(), name(&args.train)));
            options.header.push(("dev-data".into(), name(&args.dev)));
            if let Some(path) = &args.clusters {
                options
                    .header
                    .push(("word-classes-from".into(), name(path)));
            }
            if let Some(note) = args.note {
                options.header.push(("note".into(), note));
            }
            let command: Vec<String> = std::env::args().skip(1).collect();
            options
                .header
                .push(("command".into(), format!("newsgraph {}", command.join(" "))));
            options.header.push((
                "version".into(),
                format!("newsgraph {}", env!("CARGO_PKG_VERSION")),
            ));
            let config = TrainNerConfig {
                train: args.train,
                dev: args.dev,
                options,
                output: args.output,
                knowledge: knowledge(args.ontology.as_deref())?,
            };
            let size = app::train_ner(&config, &mut io::stderr().lock())
                .context("while training the NER tagger")?;
            writeln!(
                io::stderr(),
                "wrote {} ({size} bytes)",
                config.output.display()
            )?;
            ExitCode::SUCCESS
        }
        Command::TrainRelations(args) => {
            let command: Vec<String> = std::env::args().skip(1).collect();
            let config = TrainRelationsConfig {
                sets: args.sets,
                epochs: args.epochs,
                seed: args.seed,
                min_weight: args.min_weight,
                min_margin: args.min_margin,
                note: format!(
                    "newsgraph {}: newsgraph {}",
                    env!("CARGO_PKG_VERSION"),
                    command.join(" ")
                ),
                output: args.output,
                knowledge: knowledge(args.ontology.as_deref())?,
            };
            let trained = app::train_relations(&config, &mut io::stderr().lock())
                .context("while training the pair model")?;
            writeln!(
                io::stderr(),
                "wrote {} ({} pairs, {} with a relation, {} features)",
                config.output.display(),
                trained.examples,
                trained.positives,
                trained.features
            )?;
            ExitCode::SUCCESS
        }
        Command::Ner(args) => {
            let config = NerConllConfig {
                conll: args.conll,
                model: ner_model(args.model),
            };
            app::ner_conll(&config, &mut out).context("while benchmarking the NER tagger")?;
            ExitCode::SUCCESS
        }
        Command::Serve(args) => {
            let config = serve::ServeConfig {
                store: store_dir(&args.store),
                bind: args.bind,
                settings: serve::Settings {
                    timeout: std::time::Duration::from_secs(args.timeout),
                    max_results: (args.max_results > 0).then_some(args.max_results),
                    max_body: args.max_body,
                    allow_updates: args.allow_updates,
                },
                max_connections: usize::try_from(args.max_connections).unwrap_or(usize::MAX),
            };
            serve::run(&config, |addresses| {
                for address in addresses {
                    eprintln!("listening on http://{address}/");
                }
            })
            .with_context(|| format!("while serving {}", config.store.display()))?;
            ExitCode::SUCCESS
        }
    };
    out.flush()?;
    Ok(code)
}

/// `--store`, else `$NEWSGRAPH_STORE`, else `./newsgraph.db`.
fn store_dir(arg: &StoreArg) -> PathBuf {
    arg.store
        .clone()
        .or_else(|| {
            std::env::var_os("NEWSGRAPH_STORE")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(|| PathBuf::from("newsgraph.db"))
}

/// `--model`, else `$NEWSGRAPH_NER_MODEL`, else `ontology/models/ner.bin` in the current
/// directory, else the one in the source tree this binary was built from.
fn ner_model(arg: Option<PathBuf>) -> PathBuf {
    arg.or_else(|| {
        std::env::var_os("NEWSGRAPH_NER_MODEL")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
    .unwrap_or_else(|| {
        let local = PathBuf::from("ontology/models/ner.bin");
        if local.exists() {
            local
        } else {
            Path::new(env!("CARGO_MANIFEST_DIR")).join(local)
        }
    })
}

fn knowledge(dir: Option<&Path>) -> anyhow::Result<Knowledge> {
    Ok(match dir {
        Some(dir) => Knowledge::load(dir)
            .with_context(|| format!("while loading --ontology {}", dir.display()))?,
        None => Knowledge::builtin().context("while loading the built-in ontology")?,
    })
}

/// The export format of an output file name, or a usage error naming the flags.
fn guess_format(path: &Path) -> ExportFormat {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    ExportFormat::from_extension(extension).unwrap_or_else(|| {
        usage_error(&format!(
            "cannot guess the format from -o {} (known extensions: .ttl, .nt, .nq, .trig, \
             .jsonld, .rdf, .dot, .graphml, .gexf, .cyjs); pass --format",
            path.display()
        ))
    })
}

fn read_query(file: &Path) -> anyhow::Result<String> {
    let mut text = String::new();
    if file.as_os_str() == "-" {
        io::stdin()
            .read_to_string(&mut text)
            .context("while reading the query from standard input")?;
    } else {
        text = std::fs::read_to_string(file)
            .with_context(|| format!("while reading the query file -f {}", file.display()))?;
    }
    Ok(text)
}

/// Prints a usage error of `newsgraph export` the way clap does and exits with code 2.
fn usage_error(message: &str) -> ! {
    let mut command = Args::command();
    command.build();
    let kind = clap::error::ErrorKind::ArgumentConflict;
    match command.find_subcommand_mut("export") {
        Some(export) => export.error(kind, message).exit(),
        None => command.error(kind, message).exit(),
    }
}

/// Prints the error and each distinct cause, one per line.
fn report(err: &anyhow::Error) {
    let mut stderr = io::stderr().lock();
    let mut shown: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause.to_string();
        // Our errors already include their source's text ("path: No such file"): skip
        // causes that only repeat what was printed.
        if shown.iter().any(|s| s.contains(&text)) {
            continue;
        }
        let _ = if shown.is_empty() {
            writeln!(stderr, "error: {text}")
        } else {
            writeln!(stderr, "  caused by: {text}")
        };
        shown.push(text);
    }
}

/// Whether writing to a closed pipe (`newsgraph export | head`) caused the error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let io = cause.downcast_ref::<io::Error>().or_else(|| {
            match cause.downcast_ref::<newsgraph::Error>() {
                Some(newsgraph::Error::Other(e) | newsgraph::Error::Io { source: e, .. }) => {
                    Some(e)
                }
                _ => None,
            }
        });
        io.is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

//! The `newsgraph` binary: parse arguments -> validated config -> call the library ->
//! exit code (0 ok, 1 when an article or the command failed, 2 for usage errors).

mod cli;

use anyhow::Context as _;
use clap::{CommandFactory as _, Parser as _};
use cli::{Args, Command, StoreArg};
use newsgraph::app::{self, BuildConfig, ExportConfig, QueryConfig};
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
                     with a known extension: .ttl, .nt, .nq, .trig, .dot, .graphml, .gexf, .cyjs)",
                ),
            };
            if format.is_directory() && args.output.is_none() {
                usage_error(&format!(
                    "--format {format} writes several files: give the output directory with -o DIR"
                ));
            }
            let config = ExportConfig {
                store: store_dir(&args.store),
                format,
                output: args.output,
                knowledge: knowledge(args.ontology.as_deref())?,
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
             .dot, .graphml, .gexf, .cyjs); pass --format",
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

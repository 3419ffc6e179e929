//! Command-line declarations (clap derive types only). `main.rs` turns them into the
//! validated configs of [`newsgraph::app`].

use clap::{Args as ClapArgs, Parser, Subcommand};
use newsgraph::export::ExportFormat;
use newsgraph::query::ResultsFormat;
use std::path::PathBuf;

/// Builds a knowledge graph of who did what to whom from news articles, stored as RDF.
#[derive(Debug, Parser)]
#[command(name = "newsgraph", version, about, propagate_version = true)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles, extract entities, relations and quotations, and store them.
    #[command(after_help = "Examples:
  newsgraph build seeds/
  newsgraph build --store my.db --exports exports/seeds seeds/
  cat article.txt | newsgraph build -")]
    Build(BuildArgs),
    /// Write the whole graph as Turtle, N-Triples, N-Quads, TriG, Graphviz DOT, GraphML,
    /// GEXF, Neo4j import files or Cytoscape.js JSON.
    #[command(after_help = "Examples:
  newsgraph export --format turtle -o graph.ttl
  newsgraph export -o graph.nt
  newsgraph export -o graph.graphml
  newsgraph export --format neo4j -o neo4j-import/
  newsgraph export --format dot | dot -Tsvg -o graph.svg")]
    Export(ExportArgs),
    /// Run a SPARQL query; the default graph is the union of all articles.
    #[command(after_help = "Examples:
  newsgraph query 'SELECT ?name WHERE { ?p a ng:Person ; rdfs:label ?name }'
  newsgraph query -f q.rq --format csv

Queries must declare their prefixes, e.g.
  PREFIX ng: <https://w3id.org/newsgraph/ontology#>
  PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>")]
    Query(QueryArgs),
    /// Serve the store as a SPARQL 1.1 endpoint over HTTP (read-only unless told).
    #[command(after_help = "Examples:
  newsgraph serve
  newsgraph serve --store my.db --bind 127.0.0.1:8000 --timeout 30
  curl 'http://127.0.0.1:7878/query' -H 'Accept: text/csv' \\
       --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5'

Open http://127.0.0.1:7878/ in a browser for a query page. Queries get a time limit
(--timeout), results a size limit (--max-results); SERVICE calls to other endpoints
are refused; updates get 403 unless --allow-updates is given.")]
    Serve(ServeArgs),
}

/// The store option shared by every subcommand.
#[derive(Debug, ClapArgs)]
pub struct StoreArg {
    /// Store directory [default: $NEWSGRAPH_STORE, else ./newsgraph.db]
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,
}

/// Options of `newsgraph build`.
#[derive(Debug, ClapArgs)]
pub struct BuildArgs {
    /// Store to write into.
    #[command(flatten)]
    pub store: StoreArg,
    /// Load the ontology and rules from this directory instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub ontology: Option<PathBuf>,
    /// After building, write PREFIX.ttl, PREFIX.nt, PREFIX.dot and PREFIX.svg.
    #[arg(long, value_name = "PREFIX")]
    pub exports: Option<PathBuf>,
    /// Article files or directories (walked recursively); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// Options of `newsgraph export`.
#[derive(Debug, ClapArgs)]
pub struct ExportArgs {
    /// Store to read.
    #[command(flatten)]
    pub store: StoreArg,
    /// Output format: turtle, ntriples, nquads, trig, dot, graphml, gexf, neo4j (a
    /// directory: needs -o DIR) or cytoscape [default: guessed from -o]
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<ExportFormat>,
    /// Output file, replaced atomically; the directory for --format neo4j
    /// [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Load the ontology (property labels for DOT) from this directory.
    #[arg(long, value_name = "DIR")]
    pub ontology: Option<PathBuf>,
}

/// Options of `newsgraph query`.
#[derive(Debug, ClapArgs)]
pub struct QueryArgs {
    /// Store to read.
    #[command(flatten)]
    pub store: StoreArg,
    /// Results format for SELECT and ASK: table, csv, tsv or json.
    #[arg(long, value_name = "FORMAT", default_value = "table")]
    pub format: ResultsFormat,
    /// The SPARQL query.
    #[arg(
        value_name = "QUERY",
        required_unless_present = "file",
        conflicts_with = "file"
    )]
    pub query: Option<String>,
    /// Read the query from this file (`-` for standard input).
    #[arg(short, long, value_name = "FILE")]
    pub file: Option<PathBuf>,
}

/// Options of `newsgraph serve`.
#[derive(Debug, ClapArgs)]
pub struct ServeArgs {
    /// Store to serve.
    #[command(flatten)]
    pub store: StoreArg,
    /// Address to listen on; anything but a loopback address exposes the store to the
    /// network.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:7878")]
    pub bind: String,
    /// Cancel a query that runs longer than this many seconds (answer 503).
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
    /// Refuse (400) results with more than N rows or triples; 0 for no limit.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_results: usize,
    /// Refuse (413) request bodies larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 1024 * 1024)]
    pub max_body: usize,
    /// Serve at most N connections at once (more wait for a free slot).
    #[arg(long, value_name = "N", default_value_t = 32, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_connections: u64,
    /// Run SPARQL updates (POST application/sparql-update or update=); without it the
    /// store is opened read-only and updates get 403.
    #[arg(long)]
    pub allow_updates: bool,
}

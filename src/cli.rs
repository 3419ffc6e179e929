//! Command-line declarations (clap derive types only). `main.rs` turns them into the
//! validated configs of [`newsgraph::app`].

use clap::{Args as ClapArgs, Parser, Subcommand};
use newsgraph::export::dot::Layout;
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
    /// Write the whole graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML,
    /// Graphviz DOT, GraphML, GEXF, Neo4j import files or Cytoscape.js JSON.
    #[command(after_help = "Examples:
  newsgraph export --format turtle -o graph.ttl
  newsgraph export -o graph.nt
  newsgraph export -o graph.graphml
  newsgraph export --format neo4j -o neo4j-import/
  newsgraph export -o graph.jsonld
  newsgraph export --format dot | dot -Tsvg -o graph.svg
  newsgraph export -o gm.dot --focus 'General Motors' --depth 2
  newsgraph export -o hubs.dot --top 50

DOT files name their Graphviz layout: dot for small graphs, sfdp (seconds instead of
minutes) past 80 entities or 160 relations, so `dot -Tsvg FILE` renders either.")]
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
    /// Train the named-entity tagger on CoNLL-format files and write the model file.
    #[command(
        name = "train-ner",
        after_help = "Example:
  newsgraph train-ner --train ../shared/benchmarks/conll2003/eng.train \\
      --dev ../shared/benchmarks/conll2003/eng.testa --epochs 8 -o ontology/models/ner.bin"
    )]
    TrainNer(TrainNerArgs),
    /// Train the pair model (the learned reader of relations between two names of a
    /// sentence) on hand-annotated articles and write the model file.
    #[command(
        name = "train-relations",
        after_help = "Each --set is a gold file (the format of gold/FORMAT.md) and the directory that holds the texts of its \"documents\". A pair of names of one sentence is labelled with a gold relation when the two entities carry the gold parties' names and the sentence holds the relation's evidence, else none. scripts/train_relations.sh trains the committed model.

Example:
  newsgraph train-relations --set ../shared/gold/seeds.gold.json=seeds \\
      --set tests/gold/corpus.gold.json=/tmp/corpus-texts -o ontology/models/relations.json"
    )]
    TrainRelations(TrainRelationsArgs),
    /// Tag a CoNLL-format file with the trained tagger and print conlleval-style
    /// precision, recall and F1 per type and overall, and the speed.
    #[command(after_help = "Example:
  newsgraph ner --conll ../shared/benchmarks/conll2003/eng.testb")]
    Ner(NerArgs),
}

/// Options of `newsgraph train-ner`.
#[derive(Debug, ClapArgs)]
pub struct TrainNerArgs {
    /// Training data: CoNLL columns (word first, NER tag last), `-DOCSTART-` between documents.
    #[arg(long, value_name = "FILE")]
    pub train: PathBuf,
    /// Development data, scored after every epoch; the best epoch is kept.
    #[arg(long, value_name = "FILE")]
    pub dev: PathBuf,
    /// Passes over the training data.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub epochs: usize,
    /// Seed of the per-epoch shuffle.
    #[arg(long, value_name = "N", default_value_t = 0x5eed)]
    pub seed: u64,
    /// Word classes for the features (`word<TAB>class<TAB>class<TAB>class`, as written
    /// by scripts/word_clusters.py); stored in the model file.
    #[arg(long, value_name = "FILE")]
    pub clusters: Option<PathBuf>,
    /// 1 for one tagger, 2 to stack a second tagger on the first one's tags.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub stages: u8,
    /// A note recorded in the model header (e.g. the training data's terms of use).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The model file to write.
    #[arg(
        short,
        long,
        value_name = "FILE",
        default_value = "ontology/models/ner.bin"
    )]
    pub output: PathBuf,
    /// Load the ontology (gazetteers, word lists) from this directory.
    #[arg(long, value_name = "DIR")]
    pub ontology: Option<PathBuf>,
}

/// Options of `newsgraph train-relations`.
#[derive(Debug, ClapArgs)]
pub struct TrainRelationsArgs {
    /// A gold file and the directory of its texts, as GOLD.json=DIR; repeat for more.
    #[arg(long = "set", value_name = "GOLD=DIR", required = true, value_parser = parse_set)]
    pub sets: Vec<(PathBuf, PathBuf)>,
    /// Passes over the examples.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub epochs: usize,
    /// Seed of the per-epoch shuffle.
    #[arg(long, value_name = "N", default_value_t = 0x5eed)]
    pub seed: u64,
    /// State a relation only when its label beats none by more than this.
    #[arg(long, value_name = "M", default_value_t = 0.0)]
    pub min_margin: f32,
    /// Leave out features whose weights all stay below this.
    #[arg(long, value_name = "W", default_value_t = 0.05)]
    pub min_weight: f32,
    /// The model file to write.
    #[arg(
        short,
        long,
        value_name = "FILE",
        default_value = "ontology/models/relations.json"
    )]
    pub output: PathBuf,
    /// Load the ontology (gazetteers, word lists) from this directory.
    #[arg(long, value_name = "DIR")]
    pub ontology: Option<PathBuf>,
}

/// Reads `GOLD=DIR`.
fn parse_set(text: &str) -> Result<(PathBuf, PathBuf), String> {
    let (gold, dir) = text
        .split_once('=')
        .ok_or_else(|| format!("expected GOLD.json=DIR, got {text:?}"))?;
    if gold.is_empty() || dir.is_empty() {
        return Err(format!("expected GOLD.json=DIR, got {text:?}"));
    }
    Ok((PathBuf::from(gold), PathBuf::from(dir)))
}

/// Options of `newsgraph ner`.
#[derive(Debug, ClapArgs)]
pub struct NerArgs {
    /// Gold CoNLL file to tag and score.
    #[arg(long, value_name = "FILE")]
    pub conll: PathBuf,
    /// Model file [default: $NEWSGRAPH_NER_MODEL, else ontology/models/ner.bin]
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
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
    /// Output format: turtle, ntriples, nquads, trig, jsonld, rdfxml, dot, graphml, gexf,
    /// neo4j (a directory: needs -o DIR) or cytoscape [default: guessed from -o]
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<ExportFormat>,
    /// Output file, replaced atomically; the directory for --format neo4j
    /// [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Load the ontology (property labels for DOT) from this directory.
    #[arg(long, value_name = "DIR")]
    pub ontology: Option<PathBuf>,
    /// DOT only: draw just this entity (a name or alias, any case) and its neighbourhood.
    #[arg(long, value_name = "NAME")]
    pub focus: Option<String>,
    /// DOT only: how many relations away from --focus to go.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "focus")]
    pub depth: usize,
    /// DOT only: draw just the N entities with the most relations (after --focus).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// DOT only: Graphviz layout to name in the file: auto, dot, sfdp or neato.
    #[arg(long, value_name = "LAYOUT", default_value = "auto")]
    pub layout: Layout,
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

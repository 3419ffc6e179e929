//! Runs SPARQL against the [`Store`] and writes the results in a chosen format.
//!
//! Consumes a query string, produces text on any [`Write`]: SELECT and ASK results as an
//! aligned table (for people) or as SPARQL CSV, TSV or JSON (through oxigraph's
//! `QueryResultsSerializer`); CONSTRUCT and DESCRIBE results as RDF (Turtle with the
//! usual prefixes for the table format, N-Triples otherwise). The default graph is the
//! union of all article graphs (see [`Store::query`]). Reading the query (argument, file)
//! is left to the caller.
//!
//! For the SPARQL endpoint, [`evaluate`] gives an [`Answer`] whose [`AnswerKind`] picks
//! the [`ResponseFormat`]s it can be written in, with a result-size limit and typed
//! [`Failure`]s.

use crate::error::{Error, Result};
use crate::export::PREFIXES;
use crate::graph::{QueryOptions, Store};
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{Term, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, QuerySolution};
use std::collections::HashSet;
use std::fmt;
use std::io::Write;
use std::str::FromStr;

/// How to write query results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ResultsFormat {
    /// An aligned text table with a header row and a row count.
    #[default]
    Table,
    /// SPARQL 1.1 CSV results.
    Csv,
    /// SPARQL 1.1 TSV results.
    Tsv,
    /// SPARQL 1.1 JSON results.
    Json,
}

impl ResultsFormat {
    /// Every format, in the order shown in help texts.
    pub const ALL: [Self; 4] = [Self::Table, Self::Csv, Self::Tsv, Self::Json];

    /// The canonical name (`table`, `csv`, `tsv`, `json`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Csv => "csv",
            Self::Tsv => "tsv",
            Self::Json => "json",
        }
    }

    /// The format with this name (case-insensitive).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    fn serializer_format(self) -> Option<QueryResultsFormat> {
        match self {
            Self::Table => None,
            Self::Csv => Some(QueryResultsFormat::Csv),
            Self::Tsv => Some(QueryResultsFormat::Tsv),
            Self::Json => Some(QueryResultsFormat::Json),
        }
    }
}

impl fmt::Display for ResultsFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ResultsFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_name(s).ok_or_else(|| {
            format!("unknown results format '{s}' (expected one of: table, csv, tsv, json)")
        })
    }
}

/// Why a query or update failed, in the categories the SPARQL endpoint answers
/// differently (400, 403, 503...). Converts into [`Error::Query`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// The query or update does not parse; the parser's message, with line and column.
    Syntax(String),
    /// The request is unusable for another reason (e.g. a dataset IRI is not an IRI).
    BadRequest(String),
    /// The query calls `SERVICE` with this IRI; no query is sent to other hosts.
    ServiceRefused(String),
    /// The query was cancelled through its [`Cancel`](crate::graph::Cancel) handle (a time limit).
    Cancelled,
    /// The results hold more rows (or triples) than this limit.
    TooManyResults(usize),
    /// Any other evaluation or store failure.
    Evaluation(String),
}

impl Failure {
    /// Maps oxigraph's evaluation error (`SERVICE` and cancellation get their own kinds).
    pub(crate) fn from_evaluation(error: QueryEvaluationError) -> Self {
        match error {
            QueryEvaluationError::UnsupportedService(name) => {
                Self::ServiceRefused(name.into_string())
            }
            QueryEvaluationError::Cancelled => Self::Cancelled,
            other => Self::Evaluation(other.to_string()),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax(message) | Self::BadRequest(message) | Self::Evaluation(message) => {
                f.write_str(message)
            }
            Self::ServiceRefused(iri) => write!(
                f,
                "SERVICE <{iri}> refused: this endpoint never sends queries to other hosts"
            ),
            Self::Cancelled => f.write_str("the query was cancelled"),
            Self::TooManyResults(limit) => write!(
                f,
                "the results hold more than {limit} rows (or triples); add a LIMIT to the query"
            ),
        }
    }
}

impl std::error::Error for Failure {}

impl From<Failure> for Error {
    fn from(failure: Failure) -> Self {
        Self::Query(failure.to_string())
    }
}

/// A media type the SPARQL endpoint answers in: SPARQL results formats for SELECT and
/// ASK, RDF formats for CONSTRUCT and DESCRIBE. The single place that knows their media
/// types (content negotiation in [`serve`](crate::serve) goes through it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResponseFormat {
    /// SPARQL 1.1 Query Results JSON.
    Json,
    /// SPARQL Query Results XML.
    Xml,
    /// SPARQL 1.1 Query Results CSV.
    Csv,
    /// SPARQL 1.1 Query Results TSV.
    Tsv,
    /// Turtle, with the usual prefixes.
    Turtle,
    /// N-Triples.
    NTriples,
    /// JSON-LD 1.1 (expanded IRIs).
    JsonLd,
    /// RDF/XML.
    RdfXml,
}

/// What a query returns, which decides the formats it can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnswerKind {
    /// SELECT: a table of solutions.
    Solutions,
    /// ASK: true or false.
    Boolean,
    /// CONSTRUCT or DESCRIBE: RDF triples.
    Graph,
}

impl ResponseFormat {
    /// Every format; for each kind of answer, the first one that fits is the default.
    pub const ALL: [Self; 8] = [
        Self::Json,
        Self::Xml,
        Self::Csv,
        Self::Tsv,
        Self::Turtle,
        Self::NTriples,
        Self::JsonLd,
        Self::RdfXml,
    ];

    /// The IANA media type written in `Content-Type`.
    #[must_use]
    pub const fn media_type(self) -> &'static str {
        match self {
            Self::Json => "application/sparql-results+json",
            Self::Xml => "application/sparql-results+xml",
            Self::Csv => "text/csv",
            Self::Tsv => "text/tab-separated-values",
            Self::Turtle => "text/turtle",
            Self::NTriples => "application/n-triples",
            Self::JsonLd => "application/ld+json",
            Self::RdfXml => "application/rdf+xml",
        }
    }

    /// Other media types clients ask for that mean this format.
    #[must_use]
    pub const fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::Json => &["application/json"],
            Self::Xml => &["application/xml", "text/xml"],
            Self::Turtle => &["application/x-turtle"],
            Self::NTriples => &["text/plain"],
            Self::Csv | Self::Tsv | Self::JsonLd | Self::RdfXml => &[],
        }
    }

    /// Whether this format can hold an answer of `kind`.
    #[must_use]
    pub const fn fits(self, kind: AnswerKind) -> bool {
        let graph = matches!(
            self,
            Self::Turtle | Self::NTriples | Self::JsonLd | Self::RdfXml
        );
        graph == matches!(kind, AnswerKind::Graph)
    }

    /// The format whose media type (or alias) is `media_type`, ignoring parameters and
    /// case.
    #[must_use]
    pub fn from_media_type(media_type: &str) -> Option<Self> {
        let base = media_type.split(';').next().unwrap_or("").trim();
        Self::ALL.into_iter().find(|f| {
            f.media_type().eq_ignore_ascii_case(base)
                || f.aliases().iter().any(|a| a.eq_ignore_ascii_case(base))
        })
    }

    fn results_format(self) -> Option<QueryResultsFormat> {
        match self {
            Self::Json => Some(QueryResultsFormat::Json),
            Self::Xml => Some(QueryResultsFormat::Xml),
            Self::Csv => Some(QueryResultsFormat::Csv),
            Self::Tsv => Some(QueryResultsFormat::Tsv),
            Self::Turtle | Self::NTriples | Self::JsonLd | Self::RdfXml => None,
        }
    }

    fn rdf_format(self) -> Option<RdfFormat> {
        match self {
            Self::Turtle => Some(RdfFormat::Turtle),
            Self::NTriples => Some(RdfFormat::NTriples),
            Self::JsonLd => Some(RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            }),
            Self::RdfXml => Some(RdfFormat::RdfXml),
            Self::Json | Self::Xml | Self::Csv | Self::Tsv => None,
        }
    }
}

/// An evaluated query whose results have not been read yet (they are read lazily, while
/// [`Answer::write`] writes them).
pub struct Answer {
    results: QueryResults<'static>,
}

impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Answer")
            .field("kind", &self.kind())
            .finish_non_exhaustive()
    }
}

/// Parses and starts evaluating `sparql` on `store` (see [`Store::query_with`]).
pub fn evaluate(store: &Store, sparql: &str, options: &QueryOptions) -> Result<Answer, Failure> {
    Ok(Answer {
        results: store.query_with(sparql, options)?,
    })
}

impl Answer {
    /// What the query returns.
    #[must_use]
    pub fn kind(&self) -> AnswerKind {
        match self.results {
            QueryResults::Solutions(_) => AnswerKind::Solutions,
            QueryResults::Boolean(_) => AnswerKind::Boolean,
            QueryResults::Graph(_) => AnswerKind::Graph,
        }
    }

    /// Writes the results to `out` in `format` and returns how many rows (or triples)
    /// were written. Graphs are written without repeated triples.
    ///
    /// Fails with [`Failure::TooManyResults`] as soon as a row beyond `max_results`
    /// arrives (`None`: no limit), so the caller never sends a silently truncated answer;
    /// with [`Failure::Cancelled`] when the query's [`Cancel`](crate::graph::Cancel) fires meanwhile; with
    /// [`Failure::Evaluation`] when `format` does not [fit](ResponseFormat::fits).
    pub fn write(
        self,
        format: ResponseFormat,
        max_results: Option<usize>,
        out: &mut impl Write,
    ) -> Result<usize, Failure> {
        let kind = self.kind();
        if !format.fits(kind) {
            return Err(Failure::Evaluation(format!(
                "{} cannot hold {kind:?} results",
                format.media_type()
            )));
        }
        let io = |e: std::io::Error| Failure::Evaluation(format!("cannot write results: {e}"));
        let check = |count: usize| match max_results {
            Some(limit) if count > limit => Err(Failure::TooManyResults(limit)),
            _ => Ok(()),
        };
        let mut count = 0;
        match (self.results, format.results_format(), format.rdf_format()) {
            (QueryResults::Boolean(value), Some(f), _) => {
                QueryResultsSerializer::from_format(f)
                    .serialize_boolean_to_writer(&mut *out, value)
                    .map_err(io)?;
                count = 1;
            }
            (QueryResults::Solutions(solutions), Some(f), _) => {
                let variables = solutions.variables().to_vec();
                let mut writer = QueryResultsSerializer::from_format(f)
                    .serialize_solutions_to_writer(&mut *out, variables)
                    .map_err(io)?;
                for solution in solutions {
                    let solution = solution.map_err(Failure::from_evaluation)?;
                    count += 1;
                    check(count)?;
                    writer.serialize(&solution).map_err(io)?;
                }
                writer.finish().map_err(io)?;
            }
            (QueryResults::Graph(triples), _, Some(f)) => {
                let mut serializer = RdfSerializer::from_format(f);
                if matches!(format, ResponseFormat::Turtle | ResponseFormat::RdfXml) {
                    for (name, iri) in PREFIXES {
                        serializer = serializer
                            .with_prefix(*name, *iri)
                            .map_err(|e| Failure::Evaluation(format!("prefix {name}: {e}")))?;
                    }
                }
                let mut writer = serializer.for_writer(&mut *out);
                // A graph is a set, but the union default graph repeats a triple once per
                // article that holds it.
                let mut seen = HashSet::new();
                for triple in triples {
                    let triple = triple.map_err(Failure::from_evaluation)?;
                    if !seen.insert(triple.clone()) {
                        continue;
                    }
                    count += 1;
                    check(count)?;
                    writer.serialize_triple(&triple).map_err(io)?;
                }
                writer.finish().map_err(io)?;
            }
            // `fits` was checked above.
            _ => {
                return Err(Failure::Evaluation(format!(
                    "{} cannot hold {kind:?} results",
                    format.media_type()
                )))
            }
        }
        out.flush().map_err(io)?;
        Ok(count)
    }
}

/// Runs `query` on `store` and writes the results to `out` in `format`.
///
/// A query that does not parse gives [`Error::Query`] with the parser's message
/// (line:column); an evaluation failure gives [`Error::Query`] too; write failures
/// give [`Error::Other`] with the I/O error (so a closed pipe can be recognized).
pub fn run(store: &Store, query: &str, format: ResultsFormat, out: &mut impl Write) -> Result<()> {
    match store.query(query)? {
        QueryResults::Boolean(value) => match format.serializer_format() {
            Some(f) => {
                QueryResultsSerializer::from_format(f)
                    .serialize_boolean_to_writer(&mut *out, value)?;
            }
            None => writeln!(out, "{value}")?,
        },
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            match format.serializer_format() {
                Some(f) => {
                    let mut writer = QueryResultsSerializer::from_format(f)
                        .serialize_solutions_to_writer(&mut *out, variables)?;
                    for solution in solutions {
                        let solution = solution.map_err(|e| Error::Query(e.to_string()))?;
                        writer.serialize(&solution)?;
                    }
                    writer.finish()?;
                }
                None => {
                    let rows = solutions
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(|e| Error::Query(e.to_string()))?;
                    write_table(&variables, &rows, out)?;
                }
            }
        }
        QueryResults::Graph(triples) => {
            let mut serializer = RdfSerializer::from_format(RdfFormat::NTriples);
            if format == ResultsFormat::Table {
                serializer = RdfSerializer::from_format(RdfFormat::Turtle);
                for (name, iri) in PREFIXES {
                    serializer = serializer
                        .with_prefix(*name, *iri)
                        .map_err(|e| Error::Query(format!("prefix {name}: {e}")))?;
                }
            }
            let mut writer = serializer.for_writer(&mut *out);
            for triple in triples {
                let triple = triple.map_err(|e| Error::Query(e.to_string()))?;
                writer.serialize_triple(&triple)?;
            }
            writer.finish()?;
        }
    }
    out.flush()?;
    Ok(())
}

/// A term for people: prefixed IRIs, strings bare, other literals with their datatype.
fn display(term: &Term) -> String {
    let text = match term {
        Term::NamedNode(node) => shorten(node.as_str()),
        Term::Literal(literal) => {
            let datatype = literal.datatype().as_str();
            let xsd = datatype.strip_prefix("http://www.w3.org/2001/XMLSchema#");
            if let Some(language) = literal.language() {
                format!("\"{}\"@{language}", literal.value())
            } else if matches!(
                xsd,
                Some("string" | "integer" | "decimal" | "double" | "boolean")
            ) {
                literal.value().to_owned()
            } else {
                format!("\"{}\"^^{}", literal.value(), shorten(datatype))
            }
        }
        other => other.to_string(),
    };
    // Keep one row on one line.
    text.replace('\r', "")
        .replace('\n', "\\n")
        .replace('\t', " ")
}

fn shorten(iri: &str) -> String {
    for (name, namespace) in PREFIXES {
        if let Some(local) = iri.strip_prefix(namespace) {
            if !local.is_empty() && !local.contains(['/', '#']) {
                return format!("{name}:{local}");
            }
        }
    }
    format!("<{iri}>")
}

/// Writes solutions as an aligned table: header, rule, rows, then the row count.
fn write_table(
    variables: &[Variable],
    rows: &[QuerySolution],
    out: &mut impl Write,
) -> std::io::Result<()> {
    let header: Vec<String> = variables
        .iter()
        .map(|v| format!("?{}", v.as_str()))
        .collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            variables
                .iter()
                .map(|v| row.get(v).map(display).unwrap_or_default())
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &[String], out: &mut dyn Write| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(&widths).enumerate() {
            if i > 0 {
                text.push_str(" | ");
            }
            text.push_str(cell);
            if i + 1 < cells.len() {
                let pad = width.saturating_sub(cell.chars().count());
                text.extend(std::iter::repeat_n(' ', pad));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    if !header.is_empty() {
        line(&header, out)?;
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        writeln!(out, "{}", rule.join("-+-"))?;
        for row in &cells {
            line(row, out)?;
        }
    }
    let n = rows.len();
    writeln!(out, "{n} {}", if n == 1 { "row" } else { "rows" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::fixture;

    fn store() -> Store {
        let store = Store::in_memory().unwrap();
        store.write_article(&fixture::article("a.txt")).unwrap();
        store.write_article(&fixture::article("b.txt")).unwrap();
        store
    }

    fn run_str(query: &str, format: ResultsFormat) -> Result<String> {
        let mut out = Vec::new();
        run(&store(), query, format, &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }

    const LABELS: &str = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX ng: <https://w3id.org/newsgraph/ontology#>
        SELECT DISTINCT ?e ?name WHERE { ?e a ng:Person ; rdfs:label ?name } ORDER BY ?e";

    #[test]
    fn table_has_header_rule_rows_and_count() {
        let text = run_str(LABELS, ResultsFormat::Table).unwrap();
        assert_eq!(
            text,
            "?e            | ?name\n\
             --------------+------------\n\
             e:Ken_Lewenza | Ken Lewenza\n\
             1 row\n"
        );
    }

    #[test]
    fn csv_tsv_and_json_come_from_the_sparql_serializers() {
        let csv = run_str(LABELS, ResultsFormat::Csv).unwrap();
        assert_eq!(
            csv,
            "e,name\r\nhttps://w3id.org/newsgraph/entity/Ken_Lewenza,Ken Lewenza\r\n"
        );
        let tsv = run_str(LABELS, ResultsFormat::Tsv).unwrap();
        assert!(tsv.starts_with(
            "?e\t?name\n<https://w3id.org/newsgraph/entity/Ken_Lewenza>\t\"Ken Lewenza\""
        ));
        let json: serde_json::Value =
            serde_json::from_str(&run_str(LABELS, ResultsFormat::Json).unwrap()).unwrap();
        assert_eq!(json["head"]["vars"], serde_json::json!(["e", "name"]));
        assert_eq!(
            json["results"]["bindings"][0]["name"]["value"],
            "Ken Lewenza"
        );
    }

    #[test]
    fn default_graph_is_the_union_of_articles() {
        let text = run_str(
            "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://w3id.org/newsgraph/ontology#NewsArticle> }",
            ResultsFormat::Csv,
        )
        .unwrap();
        assert_eq!(text, "n\r\n2\r\n");
    }

    #[test]
    fn ask_prints_a_boolean() {
        assert_eq!(
            run_str("ASK { ?s ?p ?o }", ResultsFormat::Table).unwrap(),
            "true\n"
        );
        assert_eq!(
            run_str("ASK { ?s ?p ?o }", ResultsFormat::Json).unwrap(),
            "{\"head\":{},\"boolean\":true}"
        );
    }

    #[test]
    fn construct_writes_rdf() {
        let query =
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?p = <http://schema.org/jobTitle>) }";
        let nt = run_str(query, ResultsFormat::Csv).unwrap();
        assert!(
            nt.ends_with("<http://schema.org/jobTitle> \"president\" .\n"),
            "{nt}"
        );
        let ttl = run_str(query, ResultsFormat::Table).unwrap();
        assert!(ttl.contains("schema:jobTitle \"president\""), "{ttl}");
    }

    #[test]
    fn bad_query_is_a_query_error_with_position() {
        let err = run_str("SELECT ?x WHERE { ?x ?y", ResultsFormat::Table).unwrap_err();
        let Error::Query(message) = err else {
            panic!("expected a query error, got {err:?}")
        };
        assert!(message.contains("1:"), "{message}");
    }

    #[test]
    fn newlines_in_values_stay_on_one_table_line() {
        let text = run_str(
            "SELECT ?x WHERE { BIND(\"a\\nb\" AS ?x) }",
            ResultsFormat::Table,
        )
        .unwrap();
        assert_eq!(text, "?x\n----\na\\nb\n1 row\n");
    }

    #[test]
    fn format_names_parse() {
        for format in ResultsFormat::ALL {
            assert_eq!(format.name().parse::<ResultsFormat>(), Ok(format));
        }
        assert!("xml".parse::<ResultsFormat>().is_err());
    }
}

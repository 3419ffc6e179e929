//! The RDF store: turns each [`ArticleGraph`] into quads in an embedded oxigraph store.
//!
//! This is the one module that knows oxigraph's store API (with [`query`](crate::query),
//! which formats results). It consumes the extractor's [`ArticleGraph`]s and produces the
//! RDF contract below; serializing it is left to [`export`](crate::export).
//!
//! # RDF contract
//!
//! Each article `A` (`vocab::ARTICLE` + slug of its file name, see [`article_iri`]) owns
//! the named graph `A`, which holds every triple derived from it:
//!
//! - `A a ng:NewsArticle; ng:fileName "…"; ng:sha256 "…"`.
//! - each entity `E`: `E a ng:<class>; rdfs:label "name"; skos:altLabel "alias"…;
//!   ng:mentionedIn A`; and for each name form, nominal or pronoun linked to it in `A`, a
//!   merge record `L` ([`alias_iri`]): `E ng:hasAlias L. L a ng:AliasLink; ng:surface "GM";
//!   ng:mergeRule "acronym"; ng:linkedTo "General Motors"; prov:wasDerivedFrom A;
//!   ng:startOffset/ng:endOffset` (its first occurrence) `; ng:mentionCount n`.
//! - each relation: the direct triple `s ng:<property> o` (or, for a datatype property
//!   such as `numberOfEmployees`, `s ng:<property> 12000`), and a reified statement
//!   `St` ([`statement_iri`]) with `rdf:subject/predicate/object`, `prov:wasDerivedFrom A`,
//!   `ng:evidence` (the sentence), `ng:startOffset`/`ng:endOffset` (character offsets),
//!   `ng:rule`, `ng:confidence`, when known `schema:jobTitle`, and for money
//!   `schema:amount St-amount`, a `schema:MonetaryAmount` node (IRI = statement IRI +
//!   `-amount`) with `schema:value "3000000000"^^xsd:decimal` and `schema:currency "CAD"`.
//!   A hedged relation ("if no deal is reached, Ottawa would lend ...") is only reified:
//!   its statement carries `ng:hedgeCue "if"` and no direct triple is written.
//! - each quotation `Q` ([`quote_iri`]): `Q a ng:Quotation; schema:text "…";
//!   schema:spokenByCharacter speaker; prov:wasDerivedFrom A; ng:startOffset/endOffset;
//!   ng:rule`.
//!
//! [`Store::write_article`] replaces graph `A` in one transaction, so rebuilding an article
//! changes nothing and each article is written atomically. SPARQL queries see the union of
//! all named graphs as their default graph.

use crate::error::{Error, Result};
use crate::ingest::sha256_hex;
use crate::model::{Amount, ArticleGraph, DocId, Span};
use crate::ontology::vocab::{self, ng, prov, rdf, rdfs, schema, skos, xsd};
use crate::query::Failure;
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, Quad, Term, Triple,
};
use oxigraph::sparql::{
    CancellationToken, QueryResults, QuerySolution, SparqlEvaluator, UpdateEvaluationError,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// An oxigraph store holding one named graph per article.
pub struct Store {
    inner: oxigraph::store::Store,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating it if needed) an on-disk store in directory `path`.
    ///
    /// Only one process can have a store open at a time; a second one gets an error.
    pub fn open(path: &Path) -> Result<Self> {
        // RocksDB creates the store directory but not its parents.
        std::fs::create_dir_all(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let inner = oxigraph::store::Store::open(path)
            .map_err(|e| Error::Store(format!("cannot open store {}: {e}", path.display())))?;
        Ok(Self { inner })
    }

    /// Opens an on-disk store that must already exist (for reading commands).
    pub fn open_existing(path: &Path) -> Result<Self> {
        if !path.is_dir() {
            return Err(Error::Store(format!(
                "no store at {} (run `newsgraph build` first, or pass --store)",
                path.display()
            )));
        }
        Self::open(path)
    }

    /// Opens an existing on-disk store for reading only (for `newsgraph serve` without
    /// updates).
    ///
    /// RocksDB takes no lock in this mode, so other processes may open the same store
    /// meanwhile (`newsgraph query`, or `newsgraph build`, whose writes this handle does
    /// not see until it is reopened). Writing through it fails.
    pub fn open_read_only(path: &Path) -> Result<Self> {
        if !path.is_dir() {
            return Err(Error::Store(format!(
                "no store at {} (run `newsgraph build` first, or pass --store)",
                path.display()
            )));
        }
        let inner = oxigraph::store::Store::open_read_only(path).map_err(|e| {
            Error::Store(format!(
                "cannot open store {} read-only: {e}",
                path.display()
            ))
        })?;
        Ok(Self { inner })
    }

    /// A fresh store in memory (for tests and one-shot runs).
    pub fn in_memory() -> Result<Self> {
        let inner = oxigraph::store::Store::new().map_err(store_error)?;
        Ok(Self { inner })
    }

    /// Replaces the named graph of `article` with its triples, in one transaction.
    ///
    /// Writing the same article twice leaves the store unchanged. The quads are built
    /// (and the IRIs validated) before the transaction starts, so a bad value leaves the
    /// store untouched.
    pub fn write_article(&self, article: &ArticleGraph) -> Result<()> {
        let graph = NamedNode::new(article_iri(&article.document.id))
            .map_err(|e| Error::Store(format!("article {}: bad IRI: {e}", article.document.id)))?;
        let quads = article_quads(article)?;
        let mut transaction = self.inner.start_transaction().map_err(store_error)?;
        transaction
            .clear_graph(GraphNameRef::NamedNode(graph.as_ref()))
            .map_err(store_error)?;
        transaction.extend(&quads);
        transaction.commit().map_err(store_error)
    }

    /// How many articles (`ng:NewsArticle`s) the store holds.
    pub fn article_count(&self) -> Result<usize> {
        let mut articles = BTreeSet::new();
        for quad in self.inner.quads_for_pattern(
            None,
            Some(named(rdf::TYPE)),
            Some(named(ng::NEWS_ARTICLE).into()),
            None,
        ) {
            articles.insert(quad.map_err(store_error)?.subject.to_string());
        }
        Ok(articles.len())
    }

    /// How many quads the store holds (a triple repeated in several articles counts once
    /// per article).
    pub fn quad_count(&self) -> Result<usize> {
        self.inner.len().map_err(store_error)
    }

    /// Every quad, sorted by graph, subject, predicate and object (N-Triples forms).
    pub fn quads(&self) -> Result<Vec<Quad>> {
        let mut quads = self
            .inner
            .iter()
            .collect::<Result<Vec<_>, _>>()
            .map_err(store_error)?;
        quads.sort_by_cached_key(|q| {
            (
                q.graph_name.to_string(),
                q.subject.to_string(),
                q.predicate.to_string(),
                q.object.to_string(),
            )
        });
        Ok(quads)
    }

    /// The union of all graphs as a set of triples, deduplicated and sorted by subject,
    /// predicate and object (N-Triples forms).
    pub fn triples(&self) -> Result<Vec<Triple>> {
        let mut triples = BTreeMap::new();
        for quad in self.inner.iter() {
            let triple = Triple::from(quad.map_err(store_error)?);
            let key = (
                triple.subject.to_string(),
                triple.predicate.to_string(),
                triple.object.to_string(),
            );
            triples.entry(key).or_insert(triple);
        }
        Ok(triples.into_values().collect())
    }

    /// Local names of the ontology properties that relations in the store use, sorted.
    pub fn property_names(&self) -> Result<Vec<String>> {
        let mut names = BTreeSet::new();
        for quad in self
            .inner
            .quads_for_pattern(None, Some(named(rdf::PREDICATE)), None, None)
        {
            if let Term::NamedNode(p) = quad.map_err(store_error)?.object {
                if let Some(local) = p.as_str().strip_prefix(vocab::NG) {
                    names.insert(local.to_owned());
                }
            }
        }
        Ok(names.into_iter().collect())
    }

    /// Parses and evaluates a SPARQL query whose default graph is the union of all the
    /// named graphs (unless the query states its own dataset with `FROM`).
    ///
    /// Syntax errors come back as [`Error::Query`] with the parser's line and column.
    pub fn query(&self, sparql: &str) -> Result<QueryResults<'static>> {
        Ok(self.query_with(sparql, &QueryOptions::default())?)
    }

    /// [`Store::query`] with a dataset, a cancellation handle and typed failures (for the
    /// SPARQL endpoint).
    ///
    /// The dataset of `options` (the protocol's `default-graph-uri` / `named-graph-uri`)
    /// replaces the query's own `FROM` / `FROM NAMED` when given. `SERVICE` calls are
    /// never sent to other hosts: they fail with [`Failure::ServiceRefused`] (oxigraph is
    /// built without its HTTP client, and a test keeps it that way).
    pub fn query_with(
        &self,
        sparql: &str,
        options: &QueryOptions,
    ) -> Result<QueryResults<'static>, Failure> {
        let mut evaluator = SparqlEvaluator::new();
        if let Some(cancel) = &options.cancel {
            evaluator = evaluator.with_cancellation_token(cancel.0.clone());
        }
        let mut prepared = evaluator
            .parse_query(sparql)
            .map_err(|e| Failure::Syntax(e.to_string()))?;
        if !options.default_graphs.is_empty() || !options.named_graphs.is_empty() {
            let default = options
                .default_graphs
                .iter()
                .map(|g| dataset_iri(g, "default-graph-uri").map(GraphName::NamedNode))
                .collect::<Result<Vec<_>, _>>()?;
            let named = options
                .named_graphs
                .iter()
                .map(|g| dataset_iri(g, "named-graph-uri").map(Into::into))
                .collect::<Result<Vec<_>, _>>()?;
            let dataset = prepared.dataset_mut();
            dataset.set_default_graph(default);
            dataset.set_available_named_graphs(named);
        } else if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        prepared
            .on_store(&self.inner)
            .execute()
            .map_err(Failure::from_evaluation)
    }

    /// Parses and runs a SPARQL update (`INSERT DATA`, `DELETE WHERE`, ...).
    ///
    /// Fails on a read-only store ([`Store::open_read_only`]); syntax errors come back as
    /// [`Failure::Syntax`]. `LOAD` and `SERVICE` cannot reach other hosts.
    pub fn update(&self, sparql: &str) -> Result<(), Failure> {
        SparqlEvaluator::new()
            .parse_update(sparql)
            .map_err(|e| Failure::Syntax(e.to_string()))?
            .on_store(&self.inner)
            .execute()
            .map_err(|e| match e {
                UpdateEvaluationError::UnsupportedService(name) => {
                    Failure::ServiceRefused(name.into_string())
                }
                other => Failure::Evaluation(other.to_string()),
            })
    }

    /// Runs a SELECT query and collects its solutions.
    pub fn select(&self, sparql: &str) -> Result<Vec<QuerySolution>> {
        match self.query(sparql)? {
            QueryResults::Solutions(solutions) => solutions
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| Error::Query(e.to_string())),
            _ => Err(Error::Query("expected a SELECT query".into())),
        }
    }
}

/// How [`Store::query_with`] runs a query.
#[derive(Debug, Clone, Default)]
pub struct QueryOptions {
    /// Stops the query from another thread (a time limit).
    pub cancel: Option<Cancel>,
    /// IRIs of the graphs whose union is the default graph (empty: the query's `FROM`,
    /// else all articles).
    pub default_graphs: Vec<String>,
    /// IRIs of the graphs `GRAPH` may see (empty: the query's `FROM NAMED`, else all).
    pub named_graphs: Vec<String>,
}

/// A handle that cancels a running query: every clone cancels the same query, which
/// then fails with [`Failure::Cancelled`] at its next read of the store.
#[derive(Clone, Default)]
pub struct Cancel(CancellationToken);

impl Cancel {
    /// A handle that has not been cancelled.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels the query (idempotent).
    pub fn cancel(&self) {
        self.0.cancel();
    }

    /// Whether [`Cancel::cancel`] was called.
    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.0.is_cancelled()
    }
}

impl std::fmt::Debug for Cancel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Cancel").field(&self.is_cancelled()).finish()
    }
}

fn dataset_iri(value: &str, parameter: &str) -> Result<NamedNode, Failure> {
    NamedNode::new(value)
        .map_err(|e| Failure::BadRequest(format!("{parameter} <{value}> is not an IRI: {e}")))
}

fn store_error(e: impl std::fmt::Display) -> Error {
    Error::Store(e.to_string())
}

/// A vocabulary constant as a named node.
fn named(iri: &'static str) -> NamedNodeRef<'static> {
    // The vocab constants are absolute IRIs written by hand and checked by the tests.
    NamedNodeRef::new_unchecked(iri)
}

/// An IRI that comes from data (entity IRIs, ontology local names): validated.
fn iri(value: String) -> Result<NamedNode> {
    NamedNode::new(value.as_str()).map_err(|e| Error::Store(format!("bad IRI <{value}>: {e}")))
}

/// The article IRI: `vocab::ARTICLE` + slug of the file name.
///
/// The slug keeps ASCII letters, digits, `.`, `_` and `-`, and turns anything else into `-`.
#[must_use]
pub fn article_iri(id: &DocId) -> String {
    let slug: String =
        id.0.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                    c
                } else {
                    '-'
                }
            })
            .collect();
    format!("{}{slug}", vocab::ARTICLE)
}

/// The IRI of a reified statement: `vocab::STATEMENT` + the first 32 hex digits of the
/// SHA-256 of `"A|s|p|o|start|end|rule"`, where `p` is the full property IRI, `o` the object
/// IRI or the literal's lexical value, and `start`/`end` the evidence's byte offsets.
#[must_use]
pub fn statement_iri(
    article: &str,
    s: &str,
    p: &str,
    o: &str,
    evidence: Span,
    rule: &str,
) -> String {
    let key = format!(
        "{article}|{s}|{p}|{o}|{}|{}|{rule}",
        evidence.start, evidence.end
    );
    format!("{}{}", vocab::STATEMENT, &sha256_hex(key.as_bytes())[..32])
}

/// The IRI of a quotation: `vocab::QUOTE` + the first 32 hex digits of the SHA-256 of
/// `"A|start"` (`start` = byte offset of the quoted text).
#[must_use]
pub fn quote_iri(article: &str, start: usize) -> String {
    let key = format!("{article}|{start}");
    format!("{}{}", vocab::QUOTE, &sha256_hex(key.as_bytes())[..32])
}

/// The IRI of a merge record: `vocab::ALIAS` + the first 32 hex digits of the SHA-256 of
/// `"A|E|surface|rule|linkedTo"` (article IRI, entity IRI, the mention as written, the merge
/// rule and the name form it was linked to): the same in every build.
#[must_use]
pub fn alias_iri(
    article: &str,
    entity: &str,
    surface: &str,
    rule: &str,
    linked_to: &str,
) -> String {
    let key = format!("{article}|{entity}|{surface}|{rule}|{linked_to}");
    format!("{}{}", vocab::ALIAS, &sha256_hex(key.as_bytes())[..32])
}

/// Maps byte offsets of a text to character offsets.
struct CharOffsets {
    /// Byte offset of each character, ascending.
    starts: Vec<usize>,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        Self {
            starts: text.char_indices().map(|(i, _)| i).collect(),
        }
    }

    /// The number of characters that start before `byte` (exact on char boundaries).
    fn of(&self, byte: usize) -> usize {
        self.starts.partition_point(|&start| start < byte)
    }
}

/// Collects the quads of one article graph.
struct Quads {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Quads {
    fn add(&mut self, s: &NamedNode, p: &'static str, o: impl Into<Term>) {
        self.quads
            .push(Quad::new(s.clone(), named(p), o, self.graph.clone()));
    }
}

fn string(value: &str) -> Literal {
    Literal::new_simple_literal(value)
}

fn integer(value: usize) -> Literal {
    Literal::new_typed_literal(value.to_string(), named(xsd::INTEGER))
}

/// Lexical form of an amount: an integer when the value is (nearly) whole, otherwise at
/// most two decimals. `3e9` becomes `3000000000`.
fn decimal_lexical(amount: &Amount, what: &str) -> Result<String> {
    let value = amount.value;
    if !value.is_finite() {
        return Err(Error::Store(format!(
            "{what}: amount {value} is not a number"
        )));
    }
    let rounded = value.round();
    // 2.7 * 1e9 is not exactly whole in binary floating point: accept a relative error.
    if (value - rounded).abs() <= 1e-9 * rounded.abs().max(1.0) {
        return Ok(format!("{rounded:.0}"));
    }
    let fixed = format!("{value:.2}");
    Ok(fixed.trim_end_matches('0').trim_end_matches('.').to_owned())
}

/// Builds every quad of one article, in its named graph, following the module's contract.
///
/// Pure: no store involved, so it can be tested and reused (e.g. to preview an article).
pub fn article_quads(article: &ArticleGraph) -> Result<Vec<Quad>> {
    let doc = &article.document;
    let article_iri_str = article_iri(&doc.id);
    let a = iri(article_iri_str.clone())?;
    let mut out = Quads {
        graph: GraphName::NamedNode(a.clone()),
        quads: Vec::new(),
    };
    let offsets = CharOffsets::new(&doc.text);

    out.add(&a, rdf::TYPE, named(ng::NEWS_ARTICLE).into_owned());
    out.add(&a, ng::FILE_NAME, string(&doc.id.0));
    out.add(&a, ng::SHA256, string(&doc.sha256));

    for entity in &article.entities {
        let e = iri(entity.iri.clone())?;
        out.add(
            &e,
            rdf::TYPE,
            iri(format!("{}{}", vocab::NG, entity.class))?,
        );
        out.add(&e, rdfs::LABEL, string(&entity.name));
        for alias in &entity.aliases {
            out.add(&e, skos::ALT_LABEL, string(alias));
        }
        out.add(&e, ng::MENTIONED_IN, a.clone());
        // One merge record per (surface, rule, linked form): first occurrence and count.
        let mut records: BTreeMap<(&str, &str, &str), (Span, usize)> = BTreeMap::new();
        for link in &entity.mentions {
            let key = (
                link.surface.as_str(),
                link.rule.as_str(),
                link.linked_to.as_str(),
            );
            let record = records.entry(key).or_insert((link.span, 0));
            if link.span.start < record.0.start {
                record.0 = link.span;
            }
            record.1 += 1;
        }
        for ((surface, rule, linked_to), (span, count)) in records {
            let l = iri(alias_iri(
                &article_iri_str,
                &entity.iri,
                surface,
                rule,
                linked_to,
            ))?;
            out.add(&e, ng::HAS_ALIAS, l.clone());
            out.add(&l, rdf::TYPE, named(ng::ALIAS_LINK).into_owned());
            out.add(&l, ng::SURFACE, string(surface));
            out.add(&l, ng::MERGE_RULE, string(rule));
            out.add(&l, ng::LINKED_TO, string(linked_to));
            out.add(&l, prov::WAS_DERIVED_FROM, a.clone());
            out.add(&l, ng::START_OFFSET, integer(offsets.of(span.start)));
            out.add(&l, ng::END_OFFSET, integer(offsets.of(span.end)));
            out.add(&l, ng::MENTION_COUNT, integer(count));
        }
    }

    for relation in &article.relations {
        let what = format!("{} relation {}", doc.id, relation.property);
        let s = iri(relation.subject.clone())?;
        let p = iri(format!("{}{}", vocab::NG, relation.property))?;
        let (object, object_key): (Term, String) = match (&relation.object, &relation.amount) {
            (Some(o), _) => (iri(o.clone())?.into(), o.clone()),
            (None, Some(amount)) => {
                let lexical = decimal_lexical(amount, &what)?;
                let literal = Literal::new_typed_literal(lexical.clone(), named(xsd::INTEGER));
                (literal.into(), lexical)
            }
            (None, None) => {
                return Err(Error::Store(format!(
                    "{what}: a relation needs an object or an amount"
                )))
            }
        };
        // A hedged relation is a possibility, not a fact: reified only.
        if relation.hedge.is_none() {
            out.quads.push(Quad::new(
                s.clone(),
                p.clone(),
                object.clone(),
                out.graph.clone(),
            ));
        }

        let st = iri(statement_iri(
            &article_iri_str,
            s.as_str(),
            p.as_str(),
            &object_key,
            relation.evidence,
            &relation.rule,
        ))?;
        out.add(&st, rdf::TYPE, named(rdf::STATEMENT).into_owned());
        out.add(&st, rdf::SUBJECT, s);
        out.add(&st, rdf::PREDICATE, p);
        out.add(&st, rdf::OBJECT, object);
        out.add(&st, prov::WAS_DERIVED_FROM, a.clone());
        out.add(
            &st,
            ng::EVIDENCE,
            string(relation.evidence.slice(&doc.text)),
        );
        out.add(
            &st,
            ng::START_OFFSET,
            integer(offsets.of(relation.evidence.start)),
        );
        out.add(
            &st,
            ng::END_OFFSET,
            integer(offsets.of(relation.evidence.end)),
        );
        out.add(&st, ng::RULE, string(&relation.rule));
        out.add(&st, ng::CONFIDENCE, Literal::from(relation.confidence));
        if let Some(cue) = &relation.hedge {
            out.add(&st, ng::HEDGE_CUE, string(cue));
        }
        if let Some(amount) = &relation.amount {
            if let Some(currency) = &amount.currency {
                // The amount is a schema:MonetaryAmount node (value + currency), as
                // schema.org models money; its IRI derives from the statement's.
                let lexical = decimal_lexical(amount, &what)?;
                let money = iri(format!("{}-amount", st.as_str()))?;
                out.add(&st, schema::AMOUNT, money.clone());
                out.add(
                    &money,
                    rdf::TYPE,
                    named(schema::MONETARY_AMOUNT).into_owned(),
                );
                out.add(
                    &money,
                    schema::VALUE,
                    Literal::new_typed_literal(lexical, named(xsd::DECIMAL)),
                );
                out.add(&money, schema::CURRENCY, string(currency));
            }
        }
        if let Some(title) = &relation.title {
            out.add(&st, schema::JOB_TITLE, string(title));
        }
    }

    for quotation in &article.quotations {
        let q = iri(quote_iri(&article_iri_str, quotation.span.start))?;
        out.add(&q, rdf::TYPE, named(ng::QUOTATION).into_owned());
        out.add(&q, schema::TEXT, string(quotation.span.slice(&doc.text)));
        if let Some(speaker) = &quotation.speaker {
            out.add(&q, schema::SPOKEN_BY_CHARACTER, iri(speaker.clone())?);
        }
        out.add(&q, prov::WAS_DERIVED_FROM, a.clone());
        out.add(
            &q,
            ng::START_OFFSET,
            integer(offsets.of(quotation.span.start)),
        );
        out.add(&q, ng::END_OFFSET, integer(offsets.of(quotation.span.end)));
        out.add(&q, ng::RULE, string(&quotation.rule));
    }
    Ok(out.quads)
}

/// Test fixtures shared by the modules that need a small article graph.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::model::{Amount, ArticleGraph, DocId, Document, Entity, Quotation, Relation, Span};
    use crate::ontology::vocab;
    use std::collections::BTreeSet;

    /// The sample article: non-ASCII before every span, so character and byte offsets differ.
    pub const TEXT: &str = "Québec — «Ottawa» news.\r\nThe Government of Canada will loan $3 billion to Chrysler Canada. \
Ken Lewenza, president of the Canadian Auto Workers, said: \"We can't resolve the crisis \\ alone.\"\n";

    /// The span of `needle` in [`TEXT`].
    pub fn span(needle: &str) -> Span {
        let start = TEXT.find(needle).expect("needle in fixture text");
        Span::new(start, start + needle.len())
    }

    /// An entity IRI.
    pub fn e(slug: &str) -> String {
        format!("{}{slug}", vocab::ENTITY)
    }

    fn entity(slug: &str, name: &str, class: &str, aliases: &[&str]) -> Entity {
        Entity {
            iri: e(slug),
            name: name.into(),
            class: class.into(),
            aliases: aliases
                .iter()
                .map(|a| (*a).to_owned())
                .collect::<BTreeSet<_>>(),
            mentions: Vec::new(),
            class_guessed: false,
        }
    }

    /// A hand-built article graph: 4 entities, 3 relations (one with an amount, one with a
    /// title, one datatype), 1 quotation.
    pub fn article(file_name: &str) -> ArticleGraph {
        let document = Document {
            id: DocId(file_name.into()),
            text: TEXT.into(),
            sha256: crate::ingest::sha256_hex(TEXT.as_bytes()),
        };
        let loan = span("The Government of Canada will loan $3 billion to Chrysler Canada.");
        let works = span("Ken Lewenza, president of the Canadian Auto Workers, said:");
        ArticleGraph {
            document,
            entities: vec![
                entity(
                    "Canadian_Auto_Workers",
                    "Canadian Auto Workers",
                    "WorkersUnion",
                    &["CAW"],
                ),
                entity("Chrysler_Canada", "Chrysler Canada", "Corporation", &[]),
                entity(
                    "Government_of_Canada",
                    "Government of \"Canada\"",
                    "GovernmentOrganization",
                    &["Ottawa"],
                ),
                entity("Ken_Lewenza", "Ken Lewenza", "Person", &["Lewenza"]),
            ],
            relations: vec![
                Relation {
                    subject: e("Government_of_Canada"),
                    property: "loansTo".into(),
                    object: Some(e("Chrysler_Canada")),
                    amount: Some(Amount {
                        value: 3e9,
                        currency: Some("CAD".into()),
                    }),
                    title: None,
                    evidence: loan,
                    rule: "loan-verb".into(),
                    confidence: 0.9,
                    hedge: None,
                },
                Relation {
                    subject: e("Ken_Lewenza"),
                    property: "worksFor".into(),
                    object: Some(e("Canadian_Auto_Workers")),
                    amount: None,
                    title: Some("president".into()),
                    evidence: works,
                    rule: "title-of".into(),
                    confidence: 0.8,
                    hedge: None,
                },
                Relation {
                    subject: e("Chrysler_Canada"),
                    property: "numberOfEmployees".into(),
                    object: None,
                    amount: Some(Amount {
                        value: 9400.0,
                        currency: None,
                    }),
                    title: None,
                    evidence: loan,
                    rule: "employs".into(),
                    confidence: 0.7,
                    hedge: None,
                },
            ],
            quotations: vec![Quotation {
                span: span("We can't resolve the crisis \\ alone."),
                speaker: Some(e("Ken_Lewenza")),
                rule: "said-colon".into(),
            }],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixture;
    use super::*;

    fn store_with(names: &[&str]) -> Store {
        let store = Store::in_memory().unwrap();
        for name in names {
            store.write_article(&fixture::article(name)).unwrap();
        }
        store
    }

    fn ask(store: &Store, query: &str) -> bool {
        match store.query(query).unwrap() {
            QueryResults::Boolean(b) => b,
            _ => panic!("not an ASK query"),
        }
    }

    const PREFIXES: &str = "PREFIX ng: <https://w3id.org/newsgraph/ontology#>
        PREFIX e: <https://w3id.org/newsgraph/entity/>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX schema: <http://schema.org/>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n";

    #[test]
    fn vocab_constants_are_valid_iris() {
        for iri in [
            vocab::NG,
            vocab::ENTITY,
            vocab::ARTICLE,
            vocab::STATEMENT,
            vocab::QUOTE,
            rdf::TYPE,
            rdf::STATEMENT,
            rdf::SUBJECT,
            rdf::PREDICATE,
            rdf::OBJECT,
            rdfs::LABEL,
            skos::ALT_LABEL,
            prov::WAS_DERIVED_FROM,
            schema::AMOUNT,
            schema::CURRENCY,
            schema::TEXT,
            schema::SPOKEN_BY_CHARACTER,
            schema::JOB_TITLE,
            xsd::INTEGER,
            xsd::DECIMAL,
            xsd::DOUBLE,
            ng::NEWS_ARTICLE,
            ng::QUOTATION,
            ng::FILE_NAME,
            ng::SHA256,
            ng::EVIDENCE,
            ng::START_OFFSET,
            ng::END_OFFSET,
            ng::RULE,
            ng::CONFIDENCE,
            ng::MENTIONED_IN,
            vocab::ALIAS,
            ng::ALIAS_LINK,
            ng::HAS_ALIAS,
            ng::SURFACE,
            ng::MERGE_RULE,
            ng::LINKED_TO,
            ng::MENTION_COUNT,
            ng::HEDGE_CUE,
        ] {
            NamedNode::new(iri).unwrap();
        }
    }

    #[test]
    fn open_creates_missing_parent_directories() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/db");
        let store = Store::open(&path).unwrap();
        store.write_article(&fixture::article("a.txt")).unwrap();
        assert_eq!(store.article_count().unwrap(), 1);
        assert!(path.is_dir());
    }

    #[test]
    fn article_iri_slugs_the_file_name() {
        assert_eq!(
            article_iri(&DocId("000_70f9813e3bf348d2.txt".into())),
            "https://w3id.org/newsgraph/article/000_70f9813e3bf348d2.txt"
        );
        assert_eq!(
            article_iri(&DocId("a b/é?.txt".into())),
            "https://w3id.org/newsgraph/article/a-b---.txt"
        );
    }

    #[test]
    fn writing_the_same_article_twice_changes_nothing() {
        let store = store_with(&["a.txt"]);
        let once = store.quads().unwrap();
        store.write_article(&fixture::article("a.txt")).unwrap();
        assert_eq!(store.quads().unwrap(), once);
        assert_eq!(store.article_count().unwrap(), 1);
    }

    #[test]
    fn rewriting_an_article_drops_its_old_triples() {
        let store = store_with(&["a.txt"]);
        let mut smaller = fixture::article("a.txt");
        smaller.relations.clear();
        smaller.quotations.clear();
        store.write_article(&smaller).unwrap();
        assert!(!ask(
            &store,
            &format!("{PREFIXES} ASK {{ ?s a rdf:Statement }}")
        ));
        assert!(!ask(
            &store,
            &format!("{PREFIXES} ASK {{ ?s ng:loansTo ?o }}")
        ));
        assert!(ask(
            &store,
            &format!("{PREFIXES} ASK {{ e:Ken_Lewenza a ng:Person }}")
        ));
    }

    #[test]
    fn every_triple_of_an_article_is_in_its_named_graph() {
        let store = store_with(&["a.txt", "b.txt"]);
        let a = article_iri(&DocId("a.txt".into()));
        let b = article_iri(&DocId("b.txt".into()));
        let quads = store.quads().unwrap();
        assert!(quads.iter().all(|q| {
            let g = q.graph_name.to_string();
            g == format!("<{a}>") || g == format!("<{b}>")
        }));
        assert_eq!(
            quads.len(),
            2 * article_quads(&fixture::article("a.txt")).unwrap().len()
        );
        assert_eq!(store.article_count().unwrap(), 2);
        assert_eq!(store.quad_count().unwrap(), quads.len());
        // The union default graph: entities are shared, so triples dedupe across articles.
        assert!(store.triples().unwrap().len() < quads.len());
    }

    #[test]
    fn article_and_entities_follow_the_contract() {
        let store = store_with(&["000_x.txt"]);
        let doc = fixture::article("000_x.txt").document;
        assert!(ask(
            &store,
            &format!(
                "{PREFIXES} ASK {{ GRAPH <https://w3id.org/newsgraph/article/000_x.txt> {{
                    <https://w3id.org/newsgraph/article/000_x.txt> a ng:NewsArticle;
                        ng:fileName \"000_x.txt\"; ng:sha256 \"{}\" .
                    e:Canadian_Auto_Workers a ng:WorkersUnion; rdfs:label \"Canadian Auto Workers\";
                        skos:altLabel \"CAW\";
                        ng:mentionedIn <https://w3id.org/newsgraph/article/000_x.txt> .
                    e:Government_of_Canada rdfs:label \"Government of \\\"Canada\\\"\" .
                }} }}",
                doc.sha256
            )
        ));
    }

    #[test]
    fn a_statement_carries_all_its_provenance() {
        let store = store_with(&["a.txt"]);
        let loan =
            fixture::span("The Government of Canada will loan $3 billion to Chrysler Canada.");
        let start = fixture::TEXT[..loan.start].chars().count();
        let end = fixture::TEXT[..loan.end].chars().count();
        assert_ne!(
            start, loan.start,
            "fixture must have multi-byte characters first"
        );
        let query = format!(
            "{PREFIXES} ASK {{
                e:Government_of_Canada ng:loansTo e:Chrysler_Canada .
                ?st a rdf:Statement; rdf:subject e:Government_of_Canada; rdf:predicate ng:loansTo;
                    rdf:object e:Chrysler_Canada;
                    prov:wasDerivedFrom <https://w3id.org/newsgraph/article/a.txt>;
                    ng:evidence \"The Government of Canada will loan $3 billion to Chrysler Canada.\";
                    ng:startOffset {start}; ng:endOffset {end};
                    ng:rule \"loan-verb\"; ng:confidence 0.9e0;
                    schema:amount ?money .
                ?money a schema:MonetaryAmount; schema:value \"3000000000\"^^xsd:decimal;
                    schema:currency \"CAD\" .
                FILTER(STRSTARTS(STR(?st), \"https://w3id.org/newsgraph/statement/\"))
                FILTER(STRLEN(STR(?st)) = {})
            }}",
            vocab::STATEMENT.len() + 32
        );
        assert!(ask(&store, &query));
    }

    #[test]
    fn works_for_and_employee_counts_are_stored() {
        let store = store_with(&["a.txt"]);
        assert!(ask(
            &store,
            &format!(
                "{PREFIXES} ASK {{
                    e:Ken_Lewenza ng:worksFor e:Canadian_Auto_Workers .
                    ?st rdf:subject e:Ken_Lewenza; rdf:object e:Canadian_Auto_Workers;
                        schema:jobTitle \"president\" .
                    e:Chrysler_Canada ng:numberOfEmployees 9400 .
                    ?st2 rdf:predicate ng:numberOfEmployees; rdf:object 9400 .
                    FILTER NOT EXISTS {{ ?st2 schema:amount ?x }}
                }}"
            )
        ));
    }

    #[test]
    fn quotation_offsets_are_characters_not_bytes() {
        let store = store_with(&["a.txt"]);
        let quote = fixture::span("We can't resolve the crisis \\ alone.");
        let start = fixture::TEXT[..quote.start].chars().count();
        let end = fixture::TEXT[..quote.end].chars().count();
        let rows = store
            .select(&format!(
                "{PREFIXES} SELECT ?q ?text ?start ?end WHERE {{
                    ?q a ng:Quotation; schema:text ?text; schema:spokenByCharacter e:Ken_Lewenza;
                       prov:wasDerivedFrom <https://w3id.org/newsgraph/article/a.txt>;
                       ng:startOffset ?start; ng:endOffset ?end; ng:rule \"said-colon\" }}"
            ))
            .unwrap();
        assert_eq!(rows.len(), 1);
        let get = |v: &str| match rows[0].get(v) {
            Some(Term::Literal(l)) => l.value().to_owned(),
            other => panic!("{v}: {other:?}"),
        };
        assert_eq!(get("text"), "We can't resolve the crisis \\ alone.");
        assert_eq!(get("start"), start.to_string());
        assert_eq!(get("end"), end.to_string());
        let q = rows[0].get("q").unwrap().to_string();
        assert_eq!(
            q,
            format!(
                "<{}>",
                quote_iri("https://w3id.org/newsgraph/article/a.txt", quote.start)
            )
        );
        // The character offsets index the same text in a char-based language.
        let chars: Vec<char> = fixture::TEXT.chars().collect();
        assert_eq!(chars[start..end].iter().collect::<String>(), get("text"));
    }

    #[test]
    fn char_offsets_count_characters_before_a_byte() {
        let offsets = CharOffsets::new("aé€b");
        assert_eq!(offsets.of(0), 0);
        assert_eq!(offsets.of(1), 1);
        assert_eq!(offsets.of(3), 2);
        assert_eq!(offsets.of(6), 3);
        assert_eq!(offsets.of(7), 4);
    }

    #[test]
    fn decimal_amounts_are_written_whole_when_whole() {
        let amount = |value| Amount {
            value,
            currency: None,
        };
        assert_eq!(decimal_lexical(&amount(3e9), "x").unwrap(), "3000000000");
        assert_eq!(
            decimal_lexical(&amount(2.7 * 1e9), "x").unwrap(),
            "2700000000"
        );
        assert_eq!(decimal_lexical(&amount(1.25), "x").unwrap(), "1.25");
        assert!(decimal_lexical(&amount(f64::NAN), "x").is_err());
    }

    #[test]
    fn a_bad_iri_fails_before_touching_the_store() {
        let store = store_with(&["a.txt"]);
        let before = store.quads().unwrap();
        let mut bad = fixture::article("a.txt");
        bad.entities[0].iri = "not an iri".into();
        assert!(matches!(store.write_article(&bad), Err(Error::Store(_))));
        assert_eq!(store.quads().unwrap(), before);
    }

    #[test]
    fn statement_iris_differ_by_rule_and_evidence() {
        let a = statement_iri("A", "s", "p", "o", Span::new(0, 5), "r1");
        assert_eq!(a, statement_iri("A", "s", "p", "o", Span::new(0, 5), "r1"));
        assert_ne!(a, statement_iri("A", "s", "p", "o", Span::new(0, 5), "r2"));
        assert_ne!(a, statement_iri("A", "s", "p", "o", Span::new(1, 5), "r1"));
    }

    /// The fixture with merge records on the union: "CAW" as its acronym, twice.
    fn article_with_links(file_name: &str) -> ArticleGraph {
        let mut article = fixture::article(file_name);
        let caw = &mut article.entities[0];
        // Spans on character boundaries after multi-byte characters.
        for (start, rule, linked_to) in [
            (
                fixture::span("Ken").start,
                "acronym",
                "Canadian Auto Workers",
            ),
            (
                fixture::span("Ottawa").start,
                "acronym",
                "Canadian Auto Workers",
            ),
            (
                fixture::span("Canadian Auto").start,
                "canonical-name",
                "Canadian Auto Workers",
            ),
        ] {
            let surface = if rule == "acronym" {
                "CAW"
            } else {
                "Canadian Auto Workers"
            };
            caw.mentions.push(crate::model::MentionLink {
                span: Span::new(start, start + surface.len()),
                surface: surface.into(),
                rule: rule.into(),
                linked_to: linked_to.into(),
            });
        }
        article
    }

    #[test]
    fn merge_records_say_which_rule_linked_which_name() {
        let store = Store::in_memory().unwrap();
        store.write_article(&article_with_links("a.txt")).unwrap();
        let rows = store
            .select(&format!(
                "{PREFIXES} SELECT ?l ?rule ?to ?start ?n WHERE {{
                    e:Canadian_Auto_Workers ng:hasAlias ?l .
                    ?l a ng:AliasLink; ng:surface \"CAW\"; ng:mergeRule ?rule; ng:linkedTo ?to;
                       prov:wasDerivedFrom <https://w3id.org/newsgraph/article/a.txt>;
                       ng:startOffset ?start; ng:endOffset ?end; ng:mentionCount ?n }}"
            ))
            .unwrap();
        assert_eq!(rows.len(), 1, "one record for the two CAW mentions");
        let get = |v: &str| match rows[0].get(v) {
            Some(Term::Literal(l)) => l.value().to_owned(),
            Some(other) => other.to_string(),
            None => panic!("{v} unbound"),
        };
        assert_eq!(get("rule"), "acronym");
        assert_eq!(get("to"), "Canadian Auto Workers");
        assert_eq!(get("n"), "2");
        // The first occurrence, in characters ("é" and "—" come first).
        let first = fixture::span("Ottawa").start;
        assert_eq!(
            get("start"),
            fixture::TEXT[..first].chars().count().to_string()
        );
        let l = get("l");
        assert!(l.starts_with(&format!("<{}", vocab::ALIAS)), "{l}");
        assert_eq!(
            l,
            format!(
                "<{}>",
                alias_iri(
                    "https://w3id.org/newsgraph/article/a.txt",
                    &fixture::e("Canadian_Auto_Workers"),
                    "CAW",
                    "acronym",
                    "Canadian Auto Workers"
                )
            )
        );
        // No blank nodes anywhere: builds combine by union.
        assert!(store
            .quads()
            .unwrap()
            .iter()
            .all(|q| !q.subject.is_blank_node() && !matches!(q.object, Term::BlankNode(_))));
    }

    #[test]
    fn merge_record_iris_are_per_article_and_stable() {
        let one = article_quads(&article_with_links("a.txt")).unwrap();
        let again = article_quads(&article_with_links("a.txt")).unwrap();
        assert_eq!(one, again);
        let a = alias_iri("A", "E", "GM", "acronym", "General Motors");
        assert_ne!(a, alias_iri("B", "E", "GM", "acronym", "General Motors"));
        assert_ne!(
            a,
            alias_iri("A", "E", "GM", "misspelling", "General Motors")
        );
        assert_ne!(a, alias_iri("A", "F", "GM", "acronym", "General Motors"));
    }

    #[test]
    fn a_hedged_relation_is_reified_without_its_direct_triple() {
        let mut article = fixture::article("a.txt");
        article.relations[0].hedge = Some("if".into());
        article.relations[0].confidence = 0.3;
        let store = Store::in_memory().unwrap();
        store.write_article(&article).unwrap();
        assert!(!ask(
            &store,
            &format!("{PREFIXES} ASK {{ e:Government_of_Canada ng:loansTo e:Chrysler_Canada }}")
        ));
        assert!(ask(
            &store,
            &format!(
                "{PREFIXES} ASK {{ ?st rdf:subject e:Government_of_Canada; rdf:predicate ng:loansTo;
                    rdf:object e:Chrysler_Canada; ng:hedgeCue \"if\"; ng:confidence ?c .
                    FILTER(?c < 0.5) }}"
            )
        ));
        // The unhedged relations keep their direct triples.
        assert!(ask(
            &store,
            &format!("{PREFIXES} ASK {{ e:Ken_Lewenza ng:worksFor e:Canadian_Auto_Workers }}")
        ));
    }

    #[test]
    fn a_syntax_error_reports_line_and_column() {
        let store = Store::in_memory().unwrap();
        let Err(Error::Query(message)) = store.query("SELECT ?s WHERE {\n  ?s ?p }") else {
            panic!("expected Error::Query")
        };
        assert!(message.contains("2:"), "{message}");
    }
}

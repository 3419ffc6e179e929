//! A property-graph view of the store, shared by the GraphML, GEXF, Neo4j and
//! Cytoscape.js exports.
//!
//! [`PropertyGraph::from_store`] reads the store through SPARQL (`SELECT DISTINCT`, since
//! a fact stated by several articles appears once per article): one [`Node`] per entity
//! (name, class, aliases, IRI) and one [`Edge`] per distinct `(subject, property, object)`
//! relation between two entities, with the highest confidence of its statements, an
//! amount and the job titles. Nodes are sorted by IRI, edges by (subject, property,
//! object), so the exports are deterministic. Writing any format is left to the sibling
//! modules.

use crate::error::Result;
use crate::graph::Store;
use crate::ontology::{vocab, Knowledge};
use oxigraph::model::Term;
use std::collections::{BTreeMap, BTreeSet};

/// An entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Short id unique in the graph (`n0`, `n1`, ... in IRI order).
    pub id: String,
    /// The entity IRI.
    pub iri: String,
    /// The canonical name.
    pub label: String,
    /// Ontology class local name (`Corporation`).
    pub class: String,
    /// The coarse class (`Organization`, `Person`, `Place`) when known and different
    /// from `class`; see [`PropertyGraph::with_coarse_classes`].
    pub coarse_class: Option<String>,
    /// Other names, sorted.
    pub aliases: Vec<String>,
}

/// A relation between two entities.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Short id unique in the graph (`e0`, `e1`, ...).
    pub id: String,
    /// The subject's [`Node::id`].
    pub source: String,
    /// The object's [`Node::id`].
    pub target: String,
    /// Ontology property local name (`loansTo`).
    pub property: String,
    /// The property's human phrase (`loans to`), else its local name.
    pub label: String,
    /// The highest `ng:confidence` of the statements behind the relation.
    pub confidence: Option<f64>,
    /// The largest amount stated.
    pub amount: Option<f64>,
    /// The currency of that amount.
    pub currency: Option<String>,
    /// Job titles (`worksFor`), distinct ignoring case, `; `-joined.
    pub title: Option<String>,
}

/// Entities and the relations between them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PropertyGraph {
    /// Sorted by IRI.
    pub nodes: Vec<Node>,
    /// Sorted by (subject IRI, property, object IRI); both ends are in `nodes`.
    pub edges: Vec<Edge>,
}

const PREFIXES: &str = "PREFIX ng: <https://w3id.org/newsgraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
";

/// Ontology classes that are less informative than their subclasses.
const GENERIC_CLASSES: &[&str] = &["Organization", "Place", "Thing", "Agent"];

/// The lexical value of a literal, or the IRI of a named node.
fn value(term: Option<&Term>) -> Option<String> {
    match term? {
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        Term::Literal(l) => Some(l.value().to_owned()),
        _ => None,
    }
}

/// What the statements of one edge say.
#[derive(Default)]
struct Facts {
    confidence: Option<f64>,
    /// (amount, currency), the largest amount wins.
    amount: Option<(f64, String)>,
    titles: BTreeSet<String>,
}

impl PropertyGraph {
    /// Reads the entity graph from the store. `labels` maps property local names to
    /// human phrases (`loansTo` -> `loans to`).
    ///
    /// An entity seen with several classes is given the first specific one in name
    /// order, with several names the first in order; the others become aliases.
    pub fn from_store(store: &Store, labels: &BTreeMap<String, String>) -> Result<Self> {
        // iri -> (classes, names)
        let mut entities: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
        for row in store.select(&format!(
            "{PREFIXES} SELECT DISTINCT ?e ?class ?label WHERE {{
                ?e ng:mentionedIn ?a ; a ?class ; rdfs:label ?label }}"
        ))? {
            let (Some(e), Some(class), Some(name)) = (
                value(row.get("e")),
                value(row.get("class")),
                value(row.get("label")),
            ) else {
                continue;
            };
            let class = class
                .strip_prefix(vocab::NG)
                .map_or(class.clone(), str::to_owned);
            let entry = entities.entry(e).or_default();
            entry.0.insert(class);
            entry.1.insert(name);
        }
        let mut aliases: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for row in store.select(&format!(
            "{PREFIXES} SELECT DISTINCT ?e ?alias WHERE {{
                ?e ng:mentionedIn ?a ; skos:altLabel ?alias }}"
        ))? {
            if let (Some(e), Some(alias)) = (value(row.get("e")), value(row.get("alias"))) {
                aliases.entry(e).or_default().insert(alias);
            }
        }

        let mut graph = Self::default();
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        for (i, (iri, (classes, names))) in entities.into_iter().enumerate() {
            let class = classes
                .iter()
                .find(|c| !GENERIC_CLASSES.contains(&c.as_str()))
                .or_else(|| classes.iter().next())
                .cloned()
                .unwrap_or_default();
            let mut names = names.into_iter();
            let label = names.next().unwrap_or_default();
            let mut other: BTreeSet<String> = names.collect();
            other.extend(aliases.remove(&iri).unwrap_or_default());
            other.remove(&label);
            let id = format!("n{i}");
            ids.insert(iri.clone(), id.clone());
            graph.nodes.push(Node {
                id,
                iri,
                label,
                class,
                coarse_class: None,
                aliases: other.into_iter().collect(),
            });
        }

        let mut edges: BTreeMap<(String, String, String), Facts> = BTreeMap::new();
        for row in store.select(&format!(
            "{PREFIXES} SELECT DISTINCT ?s ?p ?o WHERE {{
                ?s ?p ?o . ?s ng:mentionedIn ?a . ?o ng:mentionedIn ?b .
                FILTER(STRSTARTS(STR(?p), STR(ng:))) }}"
        ))? {
            if let (Some(s), Some(p), Some(o)) = (
                value(row.get("s")),
                value(row.get("p")),
                value(row.get("o")),
            ) {
                if let Some(local) = p.strip_prefix(vocab::NG) {
                    edges.entry((s, local.to_owned(), o)).or_default();
                }
            }
        }
        for row in store.select(&format!(
            "{PREFIXES} SELECT DISTINCT ?s ?p ?o ?confidence ?amount ?currency ?title WHERE {{
                ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
                OPTIONAL {{ ?st ng:confidence ?confidence }}
                OPTIONAL {{ ?st schema:amount [ schema:value ?amount ; schema:currency ?currency ] }}
                OPTIONAL {{ ?st schema:jobTitle ?title }} }}"
        ))? {
            let (Some(s), Some(p), Some(o)) = (
                value(row.get("s")),
                value(row.get("p")),
                value(row.get("o")),
            ) else {
                continue;
            };
            let Some(local) = p.strip_prefix(vocab::NG) else {
                continue;
            };
            let Some(facts) = edges.get_mut(&(s, local.to_owned(), o)) else {
                continue;
            };
            if let Some(c) = number(value(row.get("confidence"))) {
                facts.confidence = Some(facts.confidence.map_or(c, |old: f64| old.max(c)));
            }
            if let Some(amount) = number(value(row.get("amount"))) {
                let currency = value(row.get("currency")).unwrap_or_default();
                let bigger = match &facts.amount {
                    Some((old, old_currency)) => {
                        amount > *old || (amount == *old && currency < *old_currency)
                    }
                    None => true,
                };
                if bigger {
                    facts.amount = Some((amount, currency));
                }
            }
            if let Some(title) = value(row.get("title")) {
                facts.titles.insert(title);
            }
        }
        for ((s, property, o), facts) in edges {
            let (Some(source), Some(target)) = (ids.get(&s), ids.get(&o)) else {
                continue;
            };
            // Articles spell the same title differently ("President", "president"): once.
            let mut seen = BTreeSet::new();
            let titles: Vec<String> = facts
                .titles
                .into_iter()
                .filter(|t| seen.insert(t.to_lowercase()))
                .collect();
            let (amount, currency) = match facts.amount {
                Some((amount, currency)) => {
                    (Some(amount), Some(currency).filter(|c| !c.is_empty()))
                }
                None => (None, None),
            };
            graph.edges.push(Edge {
                id: format!("e{}", graph.edges.len()),
                source: source.clone(),
                target: target.clone(),
                label: labels
                    .get(&property)
                    .cloned()
                    .unwrap_or_else(|| property.clone()),
                property,
                confidence: facts.confidence,
                amount,
                currency,
                title: (!titles.is_empty()).then(|| titles.join("; ")),
            });
        }
        Ok(graph)
    }

    /// Fills [`Node::coarse_class`] from the ontology (`Corporation` -> `Organization`).
    #[must_use]
    pub fn with_coarse_classes(mut self, knowledge: &Knowledge) -> Self {
        for node in &mut self.nodes {
            let coarse = knowledge.coarse(&node.class);
            node.coarse_class = (coarse != node.class).then(|| coarse.to_owned());
        }
        self
    }
}

fn number(lexical: Option<String>) -> Option<f64> {
    lexical?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

/// Escapes text for XML content and attribute values: `& < > " '` become entities,
/// tab and line breaks become character references (so attribute values keep them), and
/// characters XML 1.0 forbids (other C0 controls, U+FFFE, U+FFFF) are dropped.
#[must_use]
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::graph::fixture;

    pub(crate) fn store() -> Store {
        let store = Store::in_memory().unwrap();
        store.write_article(&fixture::article("a.txt")).unwrap();
        store.write_article(&fixture::article("b.txt")).unwrap();
        store
    }

    /// A tiny graph whose names need escaping.
    pub(crate) fn tricky() -> PropertyGraph {
        PropertyGraph {
            nodes: vec![
                Node {
                    id: "n0".into(),
                    iri: "http://x/a?b=1&c=2".into(),
                    label: "A \"quoted\" & <b>\nname\u{1}'s".into(),
                    class: "Corporation".into(),
                    coarse_class: Some("Organization".into()),
                    aliases: vec!["A, Inc.".into(), "AI".into()],
                },
                Node {
                    id: "n1".into(),
                    iri: "http://x/b".into(),
                    label: "B".into(),
                    class: "Person".into(),
                    coarse_class: None,
                    aliases: vec![],
                },
            ],
            edges: vec![Edge {
                id: "e0".into(),
                source: "n0".into(),
                target: "n1".into(),
                property: "loansTo".into(),
                label: "loans \"to\"".into(),
                confidence: Some(0.9),
                amount: Some(3e9),
                currency: Some("CAD".into()),
                title: None,
            }],
        }
    }

    #[test]
    fn xml_escape_handles_markup_quotes_newlines_and_forbidden_characters() {
        assert_eq!(
            xml_escape("a & \"b\" <c> 'd'\ne\u{1}f\u{FFFF}"),
            "a &amp; &quot;b&quot; &lt;c&gt; &apos;d&apos;&#10;ef"
        );
    }

    #[test]
    fn store_gives_sorted_nodes_with_aliases_and_edges_with_facts() {
        let labels = BTreeMap::from([("loansTo".to_owned(), "loans to".to_owned())]);
        let graph = PropertyGraph::from_store(&store(), &labels).unwrap();
        let names: Vec<&str> = graph.nodes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(
            names,
            [
                "Canadian Auto Workers",
                "Chrysler Canada",
                "Government of \"Canada\"",
                "Ken Lewenza"
            ]
        );
        assert_eq!(graph.nodes[0].aliases, ["CAW"]);
        assert_eq!(graph.nodes[0].class, "WorkersUnion");
        assert_eq!(graph.edges.len(), 2);
        let loan = &graph.edges[0];
        assert_eq!((loan.source.as_str(), loan.target.as_str()), ("n2", "n1"));
        assert_eq!(loan.property, "loansTo");
        assert_eq!(loan.label, "loans to");
        assert_eq!(loan.confidence, Some(0.9));
        assert_eq!(loan.amount, Some(3e9));
        assert_eq!(loan.currency.as_deref(), Some("CAD"));
        let works = &graph.edges[1];
        assert_eq!(works.label, "worksFor");
        assert_eq!(works.title.as_deref(), Some("president"));
        assert_eq!(works.amount, None);
    }

    #[test]
    fn coarse_classes_come_from_the_ontology() {
        let graph = PropertyGraph::from_store(&store(), &BTreeMap::new())
            .unwrap()
            .with_coarse_classes(&Knowledge::builtin().unwrap());
        assert_eq!(graph.nodes[1].coarse_class.as_deref(), Some("Organization"));
        assert_eq!(graph.nodes[3].coarse_class, None);
    }
}

//! Graphviz DOT picture of the store: entities as nodes, relations as labelled edges.
//!
//! [`graph_from_store`] reads the store through SPARQL into a petgraph [`Graph`]: one node
//! per entity (label, class, employee count) and one edge per distinct
//! `(subject, property, object)` relation between two entities, labelled with the
//! property's human label and, from the reified statements, the amounts and job titles.
//! [`Writer`] turns nodes and edges into DOT text over any [`Write`], escaping every
//! label, and [`write_store`] does both. Rendering (running `dot`) is left to the caller.

use crate::error::Result;
use crate::graph::Store;
use crate::ontology::vocab;
use oxigraph::model::Term;
use petgraph::graph::{Graph, NodeIndex};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

/// An entity as drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The entity IRI (shown as the tooltip).
    pub iri: String,
    /// Lines of the label: the name, then extra facts such as "9,400 employees".
    pub label: Vec<String>,
    /// Ontology class local name; picks the shape and colour.
    pub class: String,
}

/// A relation as drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// Ontology property local name (`loansTo`).
    pub property: String,
    /// Lines of the label: the property's human label, then amounts and job titles.
    pub label: Vec<String>,
}

/// Shape and fill colour of a class; unknown classes get a dashed white box.
fn style(class: &str) -> (&'static str, &'static str) {
    match class {
        "Person" => ("ellipse", "#fdd49e"),
        "Organization" => ("box", "#d9d9d9"),
        "Corporation" => ("box", "#9ecae1"),
        "WorkersUnion" => ("box", "#a1d99b"),
        "GovernmentOrganization" => ("box", "#fc9272"),
        "EducationalOrganization" => ("box", "#bcbddc"),
        "NewsMediaOrganization" => ("box", "#ffffb2"),
        "Place" => ("house", "#f0f0f0"),
        "Country" => ("house", "#c7e9c0"),
        "State" => ("house", "#dadaeb"),
        "City" => ("house", "#fdd0a2"),
        _ => ("box", "#ffffff"),
    }
}

/// Escapes text for a double-quoted DOT string: quotes and backslashes are escaped, a
/// line break becomes `\n`, other control characters become spaces.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escaped lines joined by DOT's centred line break.
fn label(lines: &[String]) -> String {
    lines
        .iter()
        .map(|line| escape(line))
        .collect::<Vec<_>>()
        .join("\\n")
}

/// Writes DOT text: nodes and edges as they come, the legend and closing brace on
/// [`finish`](Writer::finish).
pub struct Writer<W: Write> {
    out: W,
    started: bool,
    classes: BTreeSet<String>,
}

impl<W: Write> Writer<W> {
    /// A writer over `out`; nothing is written until the first node, edge or `finish`.
    #[must_use]
    pub fn new(out: W) -> Self {
        Self {
            out,
            started: false,
            classes: BTreeSet::new(),
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            self.out.write_all(
                b"digraph newsgraph {\n  graph [rankdir=LR];\n  node [style=filled, fontsize=11];\n  edge [fontsize=9, color=\"#555555\"];\n",
            )?;
        }
        Ok(())
    }

    /// Writes a node with id `n<index>`.
    pub fn node(&mut self, index: usize, node: &Node) -> io::Result<()> {
        self.start()?;
        let (shape, fill) = style(&node.class);
        self.classes.insert(node.class.clone());
        writeln!(
            self.out,
            "  n{index} [label=\"{}\", shape={shape}, fillcolor=\"{fill}\", tooltip=\"{}\"];",
            label(&node.label),
            escape(&node.iri)
        )
    }

    /// Writes an edge between the nodes `n<from>` and `n<to>`.
    pub fn edge(&mut self, from: usize, to: usize, edge: &Edge) -> io::Result<()> {
        self.start()?;
        writeln!(
            self.out,
            "  n{from} -> n{to} [label=\"{}\", tooltip=\"{}\"];",
            label(&edge.label),
            escape(&edge.property)
        )
    }

    /// Writes the legend (one swatch per class drawn) and the closing brace; returns the
    /// underlying writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.start()?;
        if !self.classes.is_empty() {
            self.out.write_all(
                b"  subgraph cluster_legend {\n    label=\"Legend\";\n    style=dashed;\n",
            )?;
            for (i, class) in self.classes.iter().enumerate() {
                let (shape, fill) = style(class);
                writeln!(
                    self.out,
                    "    legend{i} [label=\"{}\", shape={shape}, fillcolor=\"{fill}\"];",
                    escape(class)
                )?;
            }
            self.out.write_all(b"  }\n")?;
        }
        self.out.write_all(b"}\n")?;
        Ok(self.out)
    }
}

/// Writes a graph built by [`graph_from_store`] as DOT, nodes first, in index order.
pub fn write_graph<W: Write>(graph: &Graph<Node, Edge>, out: W) -> io::Result<W> {
    let mut writer = Writer::new(out);
    for index in graph.node_indices() {
        writer.node(index.index(), &graph[index])?;
    }
    for edge in graph.edge_indices() {
        if let Some((from, to)) = graph.edge_endpoints(edge) {
            writer.edge(from.index(), to.index(), &graph[edge])?;
        }
    }
    writer.finish()
}

/// Reads the store into DOT and writes it to `out`.
pub fn write_store<W: Write>(
    store: &Store,
    labels: &BTreeMap<String, String>,
    out: W,
) -> Result<W> {
    let graph = graph_from_store(store, labels)?;
    let mut out = write_graph(&graph, out)?;
    out.flush()?;
    Ok(out)
}

const PREFIXES: &str = "PREFIX ng: <https://w3id.org/newsgraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
";

/// The lexical value of a literal, or the IRI of a named node.
fn value(term: Option<&Term>) -> Option<String> {
    match term? {
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        Term::Literal(l) => Some(l.value().to_owned()),
        _ => None,
    }
}

/// `(subject IRI, property local name, object IRI)` of an edge.
type EdgeKey = (String, String, String);
/// Extra label lines of an edge: amounts, then job titles.
type EdgeExtras = (BTreeSet<String>, BTreeSet<String>);

/// Ontology classes that are less informative than their subclasses.
const GENERIC_CLASSES: &[&str] = &["Organization", "Place", "Thing", "Agent"];

/// Builds the entity graph: nodes sorted by IRI, edges sorted by (subject, property, object).
///
/// An entity seen with several classes (different articles may disagree) is drawn with
/// the first specific one in name order; with several names, with the first in order.
pub fn graph_from_store(
    store: &Store,
    labels: &BTreeMap<String, String>,
) -> Result<Graph<Node, Edge>> {
    // iri -> (classes, names, employee counts)
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

    let mut employees: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in store.select(&format!(
        "{PREFIXES} SELECT DISTINCT ?e ?n WHERE {{ ?e ng:numberOfEmployees ?n }}"
    ))? {
        if let (Some(e), Some(n)) = (value(row.get("e")), value(row.get("n"))) {
            employees
                .entry(e)
                .or_default()
                .insert(format!("{} employees", human_number(&n)));
        }
    }

    let mut graph = Graph::new();
    let mut index: BTreeMap<String, NodeIndex> = BTreeMap::new();
    for (iri, (classes, names)) in entities {
        let class = classes
            .iter()
            .find(|c| !GENERIC_CLASSES.contains(&c.as_str()))
            .or_else(|| classes.iter().next())
            .cloned()
            .unwrap_or_default();
        let mut lines: Vec<String> = names.into_iter().take(1).collect();
        lines.extend(employees.remove(&iri).unwrap_or_default());
        let node = graph.add_node(Node {
            iri: iri.clone(),
            label: lines,
            class,
        });
        index.insert(iri, node);
    }

    let mut edges: BTreeMap<EdgeKey, EdgeExtras> = BTreeMap::new();
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
        "{PREFIXES} SELECT DISTINCT ?s ?p ?o ?amount ?currency ?title WHERE {{
            ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
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
        let Some(extra) = edges.get_mut(&(s, local.to_owned(), o)) else {
            continue;
        };
        if let Some(amount) = value(row.get("amount")) {
            let currency = value(row.get("currency")).unwrap_or_default();
            extra.0.insert(
                format!("{} {currency}", human_number(&amount))
                    .trim_end()
                    .to_owned(),
            );
        }
        if let Some(title) = value(row.get("title")) {
            extra.1.insert(title);
        }
    }
    for ((s, property, o), (amounts, titles)) in edges {
        let (Some(&from), Some(&to)) = (index.get(&s), index.get(&o)) else {
            continue;
        };
        let mut lines = vec![labels
            .get(&property)
            .cloned()
            .unwrap_or_else(|| property.clone())];
        lines.extend(amounts);
        // Articles spell the same title differently ("President", "president"): show it once.
        let mut seen = BTreeSet::new();
        lines.extend(titles.into_iter().filter(|t| seen.insert(t.to_lowercase())));
        graph.add_edge(
            from,
            to,
            Edge {
                property,
                label: lines,
            },
        );
    }
    Ok(graph)
}

/// A number for people: `3000000000` -> `3 billion`, `9400` -> `9,400`, `2.5` -> `2.5`;
/// text that is not a number is returned as is.
#[must_use]
pub fn human_number(lexical: &str) -> String {
    let Ok(value) = lexical.trim().parse::<f64>() else {
        return lexical.to_owned();
    };
    if !value.is_finite() {
        return lexical.to_owned();
    }
    for (scale, word) in [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")] {
        if value.abs() >= scale {
            return format!("{} {word}", trim_fraction(&format!("{:.2}", value / scale)));
        }
    }
    if value.fract() != 0.0 {
        return trim_fraction(&format!("{value:.2}"));
    }
    group_thousands(&format!("{value:.0}"))
}

fn trim_fraction(fixed: &str) -> String {
    if fixed.contains('.') {
        fixed.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        fixed.to_owned()
    }
}

/// `-12345` -> `-12,345`.
fn group_thousands(digits: &str) -> String {
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", digits),
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::fixture;
    use std::process::{Command, Stdio};

    fn store() -> Store {
        let store = Store::in_memory().unwrap();
        store.write_article(&fixture::article("a.txt")).unwrap();
        store.write_article(&fixture::article("b.txt")).unwrap();
        store
    }

    fn dot(store: &Store, labels: &BTreeMap<String, String>) -> String {
        String::from_utf8(write_store(store, labels, Vec::new()).unwrap()).unwrap()
    }

    #[test]
    fn escape_handles_quotes_backslashes_and_newlines() {
        assert_eq!(escape("a \"b\"\\c\r\nd\te"), "a \\\"b\\\"\\\\c\\nd e");
    }

    #[test]
    fn one_node_per_entity_and_one_edge_per_distinct_relation() {
        let graph = graph_from_store(&store(), &BTreeMap::new()).unwrap();
        assert_eq!(graph.node_count(), 4);
        // loansTo and worksFor; numberOfEmployees has no entity object.
        assert_eq!(graph.edge_count(), 2);
        let names: Vec<&str> = graph.node_weights().map(|n| n.label[0].as_str()).collect();
        assert_eq!(
            names,
            [
                "Canadian Auto Workers",
                "Chrysler Canada",
                "Government of \"Canada\"",
                "Ken Lewenza"
            ]
        );
        let chrysler = graph.node_weights().nth(1).unwrap();
        assert_eq!(chrysler.label, ["Chrysler Canada", "9,400 employees"]);
        assert_eq!(chrysler.class, "Corporation");
    }

    #[test]
    fn edges_show_labels_amounts_and_titles() {
        let labels = BTreeMap::from([("loansTo".to_owned(), "loans to".to_owned())]);
        let text = dot(&store(), &labels);
        assert!(
            text.contains("label=\"loans to\\n3 billion CAD\""),
            "{text}"
        );
        assert!(text.contains("label=\"worksFor\\npresident\""), "{text}");
        assert!(
            text.contains("label=\"Government of \\\"Canada\\\"\""),
            "{text}"
        );
        assert!(text.contains("shape=ellipse"));
        assert!(text.contains("shape=box"));
    }

    #[test]
    fn writer_escapes_every_label() {
        let mut writer = Writer::new(Vec::new());
        writer
            .node(
                0,
                &Node {
                    iri: "http://x/\"a\"".into(),
                    label: vec!["A \"quoted\"\nname \\ here".into()],
                    class: "Person".into(),
                },
            )
            .unwrap();
        writer
            .edge(
                0,
                0,
                &Edge {
                    property: "p".into(),
                    label: vec!["line1".into(), "li\"ne2".into()],
                },
            )
            .unwrap();
        let text = String::from_utf8(writer.finish().unwrap()).unwrap();
        assert!(
            text.contains("label=\"A \\\"quoted\\\"\\nname \\\\ here\""),
            "{text}"
        );
        assert!(text.contains("tooltip=\"http://x/\\\"a\\\"\""), "{text}");
        assert!(text.contains("label=\"line1\\nli\\\"ne2\""), "{text}");
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn empty_store_is_an_empty_digraph() {
        let text = dot(&Store::in_memory().unwrap(), &BTreeMap::new());
        assert!(text.starts_with("digraph newsgraph {"));
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn human_numbers() {
        assert_eq!(human_number("3000000000"), "3 billion");
        assert_eq!(human_number("2700000000"), "2.7 billion");
        assert_eq!(human_number("1500000"), "1.5 million");
        assert_eq!(human_number("9400"), "9,400");
        assert_eq!(human_number("-123456"), "-123,456");
        assert_eq!(human_number("999"), "999");
        assert_eq!(human_number("2.50"), "2.5");
        assert_eq!(human_number("lots"), "lots");
    }

    #[test]
    fn output_renders_with_graphviz() {
        let text = dot(&store(), &BTreeMap::new());
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("Graphviz `dot` must be installed (apt-get install graphviz)");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success());
        assert!(
            output.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(String::from_utf8_lossy(&output.stdout).contains("<svg"));
    }
}

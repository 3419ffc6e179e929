//! Graphviz DOT picture of the store: entities as nodes, relations as labelled edges.
//!
//! [`graph_from_store`] reads the store through SPARQL into a petgraph [`Graph`]: one node
//! per entity (label, class, employee count) and one edge per distinct
//! `(subject, property, object)` relation between two entities, labelled with the
//! property's human label and, from the reified statements, the amounts and job titles.
//! [`Writer`] turns nodes and edges into DOT text over any [`Write`], escaping every
//! label, and [`write_store`] does both. Rendering (running `dot`) is left to the caller.
//!
//! A [`View`] cuts a readable picture out of a large graph (the neighbourhood of one
//! entity, or the most connected entities) and picks the Graphviz layout: `dot` draws
//! small graphs well but takes minutes on a few hundred labelled edges, so larger
//! graphs are written with `layout=sfdp` (a force-directed engine that finishes in
//! seconds), which plain `dot -Tsvg` honours.

use crate::error::{Error, Result};
use crate::graph::Store;
use crate::ontology::vocab;
use oxigraph::model::Term;
use petgraph::graph::{Graph, NodeIndex};
use petgraph::Direction;
use std::collections::VecDeque;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

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

/// The Graphviz layout engine named in the DOT file (`layout=...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// `dot` up to [`AUTO_DOT_MAX_NODES`] nodes and [`AUTO_DOT_MAX_EDGES`] edges, else `sfdp`.
    #[default]
    Auto,
    /// Hierarchical, left to right: the clearest picture of a small graph, slow on big ones.
    Dot,
    /// Scalable force-directed placement with overlap removal: seconds on thousands of nodes.
    Sfdp,
    /// Spring model with overlap removal: good for a few hundred nodes.
    Neato,
}

/// The largest graph that [`Layout::Auto`] still lays out with `dot`.
pub const AUTO_DOT_MAX_NODES: usize = 80;
/// See [`AUTO_DOT_MAX_NODES`].
pub const AUTO_DOT_MAX_EDGES: usize = 160;

impl Layout {
    /// Every layout, in the order shown in help texts.
    pub const ALL: [Self; 4] = [Self::Auto, Self::Dot, Self::Sfdp, Self::Neato];

    /// The name used on the command line and, but for `auto`, in the DOT file.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Dot => "dot",
            Self::Sfdp => "sfdp",
            Self::Neato => "neato",
        }
    }

    /// The engine to use for a graph of this size (`Auto` resolved; the others as they are).
    #[must_use]
    pub fn resolve(self, nodes: usize, edges: usize) -> Self {
        match self {
            Self::Auto if nodes <= AUTO_DOT_MAX_NODES && edges <= AUTO_DOT_MAX_EDGES => Self::Dot,
            Self::Auto => Self::Sfdp,
            other => other,
        }
    }

    /// The graph attributes written for this engine (`Auto` must be resolved first).
    const fn graph_attributes(self) -> &'static str {
        match self {
            Self::Auto | Self::Dot => "layout=dot, rankdir=LR",
            // prism removes node overlaps; edges drawn first keep labels readable.
            Self::Sfdp => {
                "layout=sfdp, overlap=prism, overlap_scaling=-4, splines=line, \
                 outputorder=edgesfirst, K=1.2"
            }
            Self::Neato => "layout=neato, overlap=prism, splines=line, outputorder=edgesfirst",
        }
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Layout {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<_> = Self::ALL.iter().map(|l| l.name()).collect();
                format!(
                    "unknown layout '{s}' (expected one of: {})",
                    names.join(", ")
                )
            })
    }
}

/// Which part of the graph to draw, and how.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[must_use]
pub struct View {
    focus: Option<(String, usize)>,
    top: Option<usize>,
    layout: Layout,
}

impl View {
    /// The whole graph, with the layout chosen by size.
    pub fn all() -> Self {
        Self::default()
    }

    /// Only the entities within `depth` relations (either direction) of the entity named
    /// `name` (its label or any alias, ignoring case).
    pub fn with_focus(mut self, name: impl Into<String>, depth: usize) -> Self {
        self.focus = Some((name.into(), depth));
        self
    }

    /// Only the `n` entities with the most relations (ties broken by IRI), and the
    /// relations between them. Applied after the focus.
    pub fn with_top(mut self, n: usize) -> Self {
        self.top = Some(n);
        self
    }

    /// The layout engine to name in the file.
    pub fn with_layout(mut self, layout: Layout) -> Self {
        self.layout = layout;
        self
    }

    /// Cuts `graph` down to this view. `names` maps entity IRIs to all their names.
    ///
    /// Fails when the focus names no entity, listing a few names that contain it.
    pub fn apply(
        &self,
        graph: Graph<Node, Edge>,
        names: &BTreeMap<String, BTreeSet<String>>,
    ) -> Result<Graph<Node, Edge>> {
        let mut graph = graph;
        if let Some((name, depth)) = &self.focus {
            let roots = nodes_named(&graph, names, name);
            if roots.is_empty() {
                return Err(Error::Export(no_such_entity(name, names)));
            }
            let keep = neighbourhood(&graph, &roots, *depth);
            graph = induced(&graph, &keep);
        }
        if let Some(n) = self.top {
            let mut ranked: Vec<(usize, &str, NodeIndex)> = graph
                .node_indices()
                .map(|i| (degree(&graph, i), graph[i].iri.as_str(), i))
                .collect();
            ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            let keep: BTreeSet<NodeIndex> = ranked.into_iter().take(n).map(|r| r.2).collect();
            graph = induced(&graph, &keep);
        }
        Ok(graph)
    }
}

fn degree(graph: &Graph<Node, Edge>, node: NodeIndex) -> usize {
    graph.edges_directed(node, Direction::Outgoing).count()
        + graph.edges_directed(node, Direction::Incoming).count()
}

/// The nodes whose IRI or one of whose names is `name`, ignoring case.
fn nodes_named(
    graph: &Graph<Node, Edge>,
    names: &BTreeMap<String, BTreeSet<String>>,
    name: &str,
) -> Vec<NodeIndex> {
    let wanted = name.trim().to_lowercase();
    graph
        .node_indices()
        .filter(|&i| {
            let node = &graph[i];
            node.iri.to_lowercase() == wanted
                || node
                    .label
                    .first()
                    .is_some_and(|l| l.to_lowercase() == wanted)
                || names
                    .get(&node.iri)
                    .is_some_and(|all| all.iter().any(|n| n.to_lowercase() == wanted))
        })
        .collect()
}

/// The error for a focus that names no entity, with up to five names that contain it.
fn no_such_entity(name: &str, names: &BTreeMap<String, BTreeSet<String>>) -> String {
    let needle = name.trim().to_lowercase();
    let mut close: Vec<&str> = names
        .values()
        .flatten()
        .filter(|n| !needle.is_empty() && n.to_lowercase().contains(&needle))
        .map(String::as_str)
        .collect();
    close.sort_unstable();
    close.dedup();
    close.truncate(5);
    let mut message = format!(
        "--focus: no entity is named '{name}' (names are matched against labels and aliases, \
         ignoring case)"
    );
    if !close.is_empty() {
        message.push_str(&format!("; did you mean: {}?", close.join(", ")));
    }
    message
}

/// Every node within `depth` undirected steps of `roots`.
fn neighbourhood(
    graph: &Graph<Node, Edge>,
    roots: &[NodeIndex],
    depth: usize,
) -> BTreeSet<NodeIndex> {
    let mut seen: BTreeSet<NodeIndex> = roots.iter().copied().collect();
    let mut queue: VecDeque<(NodeIndex, usize)> = roots.iter().map(|&r| (r, 0)).collect();
    while let Some((node, d)) = queue.pop_front() {
        if d == depth {
            continue;
        }
        for next in graph.neighbors_undirected(node) {
            if seen.insert(next) {
                queue.push_back((next, d + 1));
            }
        }
    }
    seen
}

/// The subgraph of the nodes in `keep` and the edges between them, in the same order.
fn induced(graph: &Graph<Node, Edge>, keep: &BTreeSet<NodeIndex>) -> Graph<Node, Edge> {
    graph.filter_map(
        |i, node| keep.contains(&i).then(|| node.clone()),
        |_, edge| Some(edge.clone()),
    )
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
    layout: Layout,
    comment: Option<String>,
}

impl<W: Write> Writer<W> {
    /// A writer over `out` for the `dot` layout; nothing is written until the first node,
    /// edge or `finish`.
    #[must_use]
    pub fn new(out: W) -> Self {
        Self {
            out,
            started: false,
            classes: BTreeSet::new(),
            layout: Layout::Dot,
            comment: None,
        }
    }

    /// Names this engine in the file (`Auto` is written as `dot`). Only the `dot` layout
    /// gets the legend box: the force-directed engines do not draw clusters.
    #[must_use]
    pub fn with_layout(mut self, layout: Layout) -> Self {
        self.layout = layout;
        self
    }

    /// A `//` comment line written before the graph (line breaks become spaces).
    #[must_use]
    pub fn with_comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into().replace(['\n', '\r'], " "));
        self
    }

    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            if let Some(comment) = &self.comment {
                writeln!(self.out, "// {comment}")?;
            }
            writeln!(
                self.out,
                "digraph newsgraph {{\n  graph [{}];\n  node [style=filled, fontsize=11];\n  edge [fontsize=9, color=\"#555555\"];",
                self.layout.graph_attributes()
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
        if !self.classes.is_empty() && matches!(self.layout, Layout::Dot | Layout::Auto) {
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

/// Writes a graph built by [`graph_from_store`] as DOT, nodes first, in index order,
/// with the layout chosen by its size.
pub fn write_graph<W: Write>(graph: &Graph<Node, Edge>, out: W) -> io::Result<W> {
    write_graph_with(graph, Layout::Auto, out)
}

/// [`write_graph`] with a layout; `Auto` is resolved by size and the choice is stated in
/// a comment at the top of the file.
pub fn write_graph_with<W: Write>(
    graph: &Graph<Node, Edge>,
    layout: Layout,
    out: W,
) -> io::Result<W> {
    let (nodes, edges) = (graph.node_count(), graph.edge_count());
    let resolved = layout.resolve(nodes, edges);
    let why = match (layout, resolved) {
        (Layout::Auto, Layout::Dot) => " (small enough for dot)",
        (Layout::Auto, _) => " (dot takes minutes on graphs this size)",
        _ => "",
    };
    // A corpus graph holds thousands of entities no relation touches. Graphviz's
    // force-directed engines pack every one of them as its own component (measured: 150 s
    // for 5,591 entities of which 700 have relations, against seconds without them), and
    // they say nothing about who did what to whom: a large picture leaves them out.
    let isolated: BTreeSet<NodeIndex> = if resolved != Layout::Dot && nodes > AUTO_DOT_MAX_NODES {
        graph
            .node_indices()
            .filter(|&i| graph.neighbors_undirected(i).next().is_none())
            .collect()
    } else {
        BTreeSet::new()
    };
    let left_out = match isolated.len() {
        0 => String::new(),
        n => format!(" ({n} entities without relations left out)"),
    };
    let comment = format!(
        "newsgraph: {nodes} entities, {edges} relations{left_out}; layout {resolved}{why}. \
         Render with: dot -Tsvg FILE -o FILE.svg"
    );
    let kept;
    let graph = if isolated.is_empty() {
        graph
    } else {
        let keep: BTreeSet<NodeIndex> = graph
            .node_indices()
            .filter(|i| !isolated.contains(i))
            .collect();
        kept = induced(graph, &keep);
        &kept
    };
    let mut writer = Writer::new(out).with_layout(resolved).with_comment(comment);
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
    write_view(store, labels, &View::all(), out)
}

/// Reads the store, cuts it to `view` and writes it as DOT to `out`.
pub fn write_view<W: Write>(
    store: &Store,
    labels: &BTreeMap<String, String>,
    view: &View,
    out: W,
) -> Result<W> {
    let graph = graph_from_store(store, labels)?;
    let graph = if view.focus.is_some() || view.top.is_some() {
        view.apply(graph, &entity_names(store)?)?
    } else {
        graph
    };
    let mut out = write_graph_with(&graph, view.layout, out)?;
    out.flush()?;
    Ok(out)
}

/// Every name (label and aliases) of every entity, by IRI.
pub fn entity_names(store: &Store) -> Result<BTreeMap<String, BTreeSet<String>>> {
    let mut names: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in store.select(&format!(
        "{PREFIXES} PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?e ?name WHERE {{
            ?e ng:mentionedIn ?a ; rdfs:label|skos:altLabel ?name }}"
    ))? {
        if let (Some(e), Some(name)) = (value(row.get("e")), value(row.get("name"))) {
            names.entry(e).or_default().insert(name);
        }
    }
    Ok(names)
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
        assert!(text.starts_with("// newsgraph: 0 entities, 0 relations; layout dot"));
        assert_eq!(text.lines().nth(1), Some("digraph newsgraph {"));
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

    /// Runs `dot -Tsvg` on `text`; fails the test on any error or warning.
    fn render(text: &str) -> String {
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
        String::from_utf8(output.stdout).unwrap()
    }

    #[test]
    fn output_renders_with_graphviz() {
        let svg = render(&dot(&store(), &BTreeMap::new()));
        assert!(svg.contains("<svg"));
    }

    /// A chain a0 - a1 - ... - a(n-1), plus a hub linked to every node.
    fn chain_with_hub(n: usize) -> Graph<Node, Edge> {
        let mut graph = Graph::new();
        let node = |name: String| Node {
            iri: format!("http://x/{name}"),
            label: vec![name],
            class: "Corporation".into(),
        };
        let edge = || Edge {
            property: "partnersWith".into(),
            label: vec!["partners with".into()],
        };
        let nodes: Vec<NodeIndex> = (0..n)
            .map(|i| graph.add_node(node(format!("a{i}"))))
            .collect();
        for pair in nodes.windows(2) {
            graph.add_edge(pair[0], pair[1], edge());
        }
        let hub = graph.add_node(node("hub".into()));
        for &n in &nodes {
            graph.add_edge(hub, n, edge());
        }
        graph
    }

    fn labels_of(graph: &Graph<Node, Edge>) -> Vec<&str> {
        graph.node_weights().map(|n| n.label[0].as_str()).collect()
    }

    #[test]
    fn focus_keeps_the_neighbourhood_up_to_depth_in_both_directions() {
        let mut graph = Graph::new();
        let node = |name: &str| Node {
            iri: format!("http://x/{name}"),
            label: vec![name.to_owned()],
            class: "Person".into(),
        };
        let edge = || Edge {
            property: "worksFor".into(),
            label: vec![],
        };
        let [a, b, c, d] = ["A", "B", "C", "D"].map(|n| graph.add_node(node(n)));
        graph.add_edge(a, b, edge());
        graph.add_edge(c, b, edge());
        graph.add_edge(c, d, edge());
        let names = BTreeMap::from([(
            "http://x/B".to_owned(),
            BTreeSet::from(["B".to_owned(), "Bee Corp".to_owned()]),
        )]);
        let one = View::all()
            .with_focus("bee corp", 1)
            .apply(graph.clone(), &names)
            .unwrap();
        assert_eq!(labels_of(&one), ["A", "B", "C"]);
        assert_eq!(one.edge_count(), 2);
        let two = View::all()
            .with_focus("B", 2)
            .apply(graph.clone(), &names)
            .unwrap();
        assert_eq!(labels_of(&two), ["A", "B", "C", "D"]);
        let zero = View::all().with_focus("b", 0).apply(graph, &names).unwrap();
        assert_eq!(labels_of(&zero), ["B"]);
        assert_eq!(zero.edge_count(), 0);
    }

    #[test]
    fn focus_on_an_unknown_name_is_an_error_that_suggests_names() {
        let graph = chain_with_hub(3);
        let names = BTreeMap::from([(
            "http://x/a1".to_owned(),
            BTreeSet::from(["Acme Motors".to_owned()]),
        )]);
        let err = View::all()
            .with_focus("Motors Inc", 1)
            .apply(graph.clone(), &names)
            .unwrap_err()
            .to_string();
        assert!(err.contains("no entity is named 'Motors Inc'"), "{err}");
        let err = View::all()
            .with_focus("motors", 1)
            .apply(graph, &names)
            .unwrap_err()
            .to_string();
        assert!(err.contains("did you mean: Acme Motors?"), "{err}");
    }

    #[test]
    fn top_keeps_the_most_connected_entities_and_their_relations() {
        let graph = chain_with_hub(6);
        let top = View::all()
            .with_top(3)
            .apply(graph, &BTreeMap::new())
            .unwrap();
        // hub has degree 6; a1..a4 have 3; a0 and a5 have 2; ties go by IRI.
        assert_eq!(labels_of(&top), ["a1", "a2", "hub"]);
        // a1-a2, hub-a1, hub-a2
        assert_eq!(top.edge_count(), 3);
    }

    #[test]
    fn small_graphs_use_dot_and_large_ones_sfdp_stated_in_the_file() {
        assert_eq!(Layout::Auto.resolve(10, 20), Layout::Dot);
        assert_eq!(
            Layout::Auto.resolve(AUTO_DOT_MAX_NODES + 1, 0),
            Layout::Sfdp
        );
        assert_eq!(
            Layout::Auto.resolve(10, AUTO_DOT_MAX_EDGES + 1),
            Layout::Sfdp
        );
        assert_eq!(Layout::Neato.resolve(1, 1), Layout::Neato);
        let small =
            String::from_utf8(write_graph(&chain_with_hub(3), Vec::new()).unwrap()).unwrap();
        assert!(
            small.starts_with("// newsgraph: 4 entities, 5 relations; layout dot"),
            "{small}"
        );
        assert!(small.contains("graph [layout=dot, rankdir=LR];"), "{small}");
        assert!(small.contains("cluster_legend"));
        let large = String::from_utf8(
            write_graph(&chain_with_hub(AUTO_DOT_MAX_NODES + 5), Vec::new()).unwrap(),
        )
        .unwrap();
        assert!(large.contains("layout sfdp (dot takes minutes"), "{large}");
        let mut sparse = chain_with_hub(AUTO_DOT_MAX_NODES + 5);
        let lonely = sparse.add_node(Node {
            iri: "http://x/lonely".into(),
            label: vec!["Lonely Corp".into()],
            class: "Corporation".into(),
        });
        assert_eq!(sparse.neighbors_undirected(lonely).count(), 0);
        let sparse = String::from_utf8(write_graph(&sparse, Vec::new()).unwrap()).unwrap();
        assert!(
            sparse.contains("(1 entities without relations left out)"),
            "{sparse}"
        );
        assert!(!sparse.contains("Lonely Corp"));
        assert!(small.contains("a0") && !small.contains("left out"));
        assert!(
            large.contains("graph [layout=sfdp, overlap=prism"),
            "{large}"
        );
        assert!(!large.contains("cluster_legend"));
        assert_eq!("SFDP".parse::<Layout>(), Ok(Layout::Sfdp));
        assert!("circo"
            .parse::<Layout>()
            .unwrap_err()
            .contains("auto, dot, sfdp, neato"));
    }

    #[test]
    fn large_graph_renders_with_plain_dot_command_through_sfdp() {
        let text =
            String::from_utf8(write_graph(&chain_with_hub(300), Vec::new()).unwrap()).unwrap();
        let svg = render(&text);
        assert!(svg.contains("<svg"));
        assert_eq!(svg.matches("class=\"node\"").count(), 301);
    }

    #[test]
    fn view_of_the_store_focuses_by_alias() {
        let store = store();
        let names = entity_names(&store).unwrap();
        assert!(names.values().any(|n| n.contains("CAW")), "{names:?}");
        let text = String::from_utf8(
            write_view(
                &store,
                &BTreeMap::new(),
                &View::all().with_focus("CAW", 1),
                Vec::new(),
            )
            .unwrap(),
        )
        .unwrap();
        assert!(text.contains("Canadian Auto Workers"), "{text}");
        assert!(text.contains("Ken Lewenza"), "{text}");
        assert!(!text.contains("Chrysler Canada"), "{text}");
    }
}

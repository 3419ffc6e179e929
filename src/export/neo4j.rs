//! Neo4j import files, from a [`PropertyGraph`].
//!
//! Three outputs: `nodes.csv` and `relationships.csv` in the header format of
//! `neo4j-admin database import` (RFC 4180 quoting, array delimiter `;`), and a Cypher
//! script of `MERGE` statements for a running database (`cypher-shell -f`). Node
//! `:LABEL`s are the class and its coarse class (`Corporation;Organization`, filled by
//! [`PropertyGraph::with_coarse_classes`]); relationship types are the property in upper
//! snake case (`loansTo` -> `LOANS_TO`). A relationship whose end was not written as a
//! node is skipped, so the import never meets a dangling id. Which files to write the
//! outputs to is left to the caller.

use super::property_graph::{Edge, Node, PropertyGraph};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The header of `nodes.csv`.
pub const NODES_HEADER: &str = "id:ID,name,class,aliases:string[],iri,:LABEL";
/// The header of `relationships.csv`.
pub const RELATIONSHIPS_HEADER: &str =
    ":START_ID,:END_ID,:TYPE,label,confidence:double,amount:double,currency,title";
/// The file names of the directory export, in the order [`Writer::finish`] returns them.
pub const FILE_NAMES: [&str; 3] = ["nodes.csv", "relationships.csv", "import.cypher"];

/// Quotes a CSV field when it needs it (RFC 4180: commas, quotes, line breaks), doubling
/// quotes inside.
#[must_use]
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// An element of a `;`-delimited array field: Neo4j cannot escape the delimiter, so a
/// `;` inside becomes `,`.
fn array_element(text: &str) -> String {
    text.replace(';', ",")
}

/// A double-quoted Cypher string literal.
#[must_use]
pub fn cypher_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Cypher label or type name, backtick-quoted unless it is a plain identifier.
#[must_use]
pub fn cypher_name(name: &str) -> String {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        name.to_owned()
    } else {
        format!("`{}`", name.replace('`', "``"))
    }
}

/// A property local name as a relationship type: `loansTo` -> `LOANS_TO`.
#[must_use]
pub fn relationship_type(property: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in property.chars() {
        if c.is_uppercase() && previous_lower {
            out.push('_');
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        if c.is_alphanumeric() {
            out.extend(c.to_uppercase());
        } else {
            out.push('_');
        }
    }
    out
}

/// A number as Cypher and CSV write it.
fn number(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// Writes `nodes.csv`, `relationships.csv` and the Cypher script to three writers.
pub struct Writer<W: Write> {
    nodes: W,
    relationships: W,
    cypher: W,
    started: bool,
    /// Node id -> (IRI, class label) of every node written.
    written: BTreeMap<String, (String, String)>,
}

impl<W: Write> Writer<W> {
    /// A writer over the three outputs, in the order of [`FILE_NAMES`].
    #[must_use]
    pub fn new(nodes: W, relationships: W, cypher: W) -> Self {
        Self {
            nodes,
            relationships,
            cypher,
            started: false,
            written: BTreeMap::new(),
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            writeln!(self.nodes, "{NODES_HEADER}")?;
            writeln!(self.relationships, "{RELATIONSHIPS_HEADER}")?;
            writeln!(
                self.cypher,
                "// newsgraph entities and relations; run with cypher-shell -f import.cypher"
            )?;
        }
        Ok(())
    }

    /// Writes a node (CSV row and `MERGE`).
    pub fn node(&mut self, node: &Node) -> io::Result<()> {
        self.start()?;
        let mut labels = vec![node.class.clone()];
        labels.extend(
            node.coarse_class
                .iter()
                .filter(|c| **c != node.class)
                .cloned(),
        );
        labels.retain(|l| !l.is_empty());
        let aliases: Vec<String> = node.aliases.iter().map(|a| array_element(a)).collect();
        let label_field: Vec<String> = labels.iter().map(|l| array_element(l)).collect();
        writeln!(
            self.nodes,
            "{},{},{},{},{},{}",
            csv_field(&node.id),
            csv_field(&node.label),
            csv_field(&node.class),
            csv_field(&aliases.join(";")),
            csv_field(&node.iri),
            csv_field(&label_field.join(";"))
        )?;
        let cypher_labels: String = labels
            .iter()
            .map(|l| format!(":{}", cypher_name(l)))
            .collect();
        let alias_list: Vec<String> = node.aliases.iter().map(|a| cypher_string(a)).collect();
        writeln!(
            self.cypher,
            "MERGE (n{cypher_labels} {{iri: {}}}) SET n.id = {}, n.name = {}, n.class = {}, n.aliases = [{}];",
            cypher_string(&node.iri),
            cypher_string(&node.id),
            cypher_string(&node.label),
            cypher_string(&node.class),
            alias_list.join(", ")
        )?;
        let first = labels.first().cloned().unwrap_or_default();
        self.written
            .insert(node.id.clone(), (node.iri.clone(), first));
        Ok(())
    }

    /// Writes a relationship (CSV row and `MATCH ... MERGE`); returns `false` and writes
    /// nothing when an end is not a node written before.
    pub fn edge(&mut self, edge: &Edge) -> io::Result<bool> {
        self.start()?;
        let (Some(source), Some(target)) = (
            self.written.get(&edge.source),
            self.written.get(&edge.target),
        ) else {
            return Ok(false);
        };
        let kind = relationship_type(&edge.property);
        writeln!(
            self.relationships,
            "{},{},{},{},{},{},{},{}",
            csv_field(&edge.source),
            csv_field(&edge.target),
            csv_field(&kind),
            csv_field(&edge.label),
            number(edge.confidence),
            number(edge.amount),
            csv_field(edge.currency.as_deref().unwrap_or("")),
            csv_field(edge.title.as_deref().unwrap_or(""))
        )?;
        let matcher = |name: &str, (iri, label): &(String, String)| {
            let label = if label.is_empty() {
                String::new()
            } else {
                format!(":{}", cypher_name(label))
            };
            format!("({name}{label} {{iri: {}}})", cypher_string(iri))
        };
        let mut sets = vec![format!("r.label = {}", cypher_string(&edge.label))];
        if let Some(c) = edge.confidence {
            sets.push(format!("r.confidence = {c:?}"));
        }
        if let Some(a) = edge.amount {
            sets.push(format!("r.amount = {a:?}"));
        }
        if let Some(c) = &edge.currency {
            sets.push(format!("r.currency = {}", cypher_string(c)));
        }
        if let Some(t) = &edge.title {
            sets.push(format!("r.title = {}", cypher_string(t)));
        }
        writeln!(
            self.cypher,
            "MATCH {}, {} MERGE (a)-[r:{}]->(b) SET {};",
            matcher("a", source),
            matcher("b", target),
            cypher_name(&kind),
            sets.join(", ")
        )?;
        Ok(true)
    }

    /// Writes the headers if nothing was written; returns the three writers.
    pub fn finish(mut self) -> io::Result<(W, W, W)> {
        self.start()?;
        Ok((self.nodes, self.relationships, self.cypher))
    }
}

/// Writes a whole graph, nodes first.
pub fn write_graph<W: Write>(
    graph: &PropertyGraph,
    nodes: W,
    relationships: W,
    cypher: W,
) -> io::Result<(W, W, W)> {
    let mut writer = Writer::new(nodes, relationships, cypher);
    for node in &graph.nodes {
        writer.node(node)?;
    }
    for edge in &graph.edges {
        writer.edge(edge)?;
    }
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::property_graph::tests::tricky;

    fn texts(graph: &PropertyGraph) -> (String, String, String) {
        let (n, r, c) = write_graph(graph, Vec::new(), Vec::new(), Vec::new()).unwrap();
        let s = |b: Vec<u8>| String::from_utf8(b).unwrap();
        (s(n), s(r), s(c))
    }

    #[test]
    fn csv_fields_are_quoted_per_rfc_4180() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("a\nb"), "\"a\nb\"");
        assert_eq!(csv_field("A & B"), "A & B");
    }

    #[test]
    fn cypher_strings_and_names_are_escaped() {
        assert_eq!(
            cypher_string("a \"b\" \\ c\nd\u{1}&"),
            "\"a \\\"b\\\" \\\\ c\\nd\\u0001&\""
        );
        assert_eq!(cypher_name("Corporation"), "Corporation");
        assert_eq!(cypher_name("Odd Class`"), "`Odd Class```");
        assert_eq!(relationship_type("loansTo"), "LOANS_TO");
        assert_eq!(
            relationship_type("demandsConcessionsFrom"),
            "DEMANDS_CONCESSIONS_FROM"
        );
    }

    #[test]
    fn files_have_the_import_headers_and_rows() {
        let (nodes, relationships, cypher) = texts(&tricky());
        let lines: Vec<&str> = nodes.lines().collect();
        assert_eq!(lines[0], NODES_HEADER);
        assert!(
            nodes.contains(
                "n0,\"A \"\"quoted\"\" & <b>\nname\u{1}'s\",Corporation,\"A, Inc.;AI\",http://x/a?b=1&c=2,Corporation;Organization\n"
            ),
            "{nodes}"
        );
        assert!(
            nodes.ends_with("n1,B,Person,,http://x/b,Person\n"),
            "{nodes}"
        );
        assert_eq!(
            relationships,
            format!(
                "{RELATIONSHIPS_HEADER}\nn0,n1,LOANS_TO,\"loans \"\"to\"\"\",0.9,3000000000,CAD,\n"
            )
        );
        assert!(cypher.contains(
            "MERGE (n:Corporation:Organization {iri: \"http://x/a?b=1&c=2\"}) SET n.id = \"n0\", \
             n.name = \"A \\\"quoted\\\" & <b>\\nname\\u0001's\""
        ), "{cypher}");
        assert!(cypher.contains(
            "MATCH (a:Corporation {iri: \"http://x/a?b=1&c=2\"}), (b:Person {iri: \"http://x/b\"}) \
             MERGE (a)-[r:LOANS_TO]->(b) SET r.label = \"loans \\\"to\\\"\", r.confidence = 0.9, \
             r.amount = 3000000000.0, r.currency = \"CAD\";"
        ), "{cypher}");
    }

    #[test]
    fn relationships_with_a_missing_end_are_skipped() {
        let mut graph = tricky();
        graph.nodes.truncate(1);
        let (_, relationships, cypher) = texts(&graph);
        assert_eq!(relationships, format!("{RELATIONSHIPS_HEADER}\n"));
        assert!(!cypher.contains("MATCH"));
    }
}

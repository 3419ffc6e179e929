//! Cytoscape.js JSON (`.cyjs`, which Cytoscape desktop also imports), from a
//! [`PropertyGraph`].
//!
//! `{"elements": {"nodes": [{"data": {...}}], "edges": [{"data": {...}}]}}`, written by
//! serde_json (which does the escaping). Edge data has `id`, `source`, `target`, `type`
//! (the property local name), `label`, and when known `confidence`, `amount`,
//! `currency` and `title`. Reading the store is left to
//! [`property_graph`](super::property_graph).

use super::property_graph::{Edge, Node, PropertyGraph};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct NodeData<'a> {
    id: &'a str,
    label: &'a str,
    class: &'a str,
    aliases: &'a [String],
    iri: &'a str,
}

#[derive(Serialize)]
struct EdgeData<'a> {
    id: &'a str,
    source: &'a str,
    target: &'a str,
    #[serde(rename = "type")]
    property: &'a str,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct Element<T> {
    data: T,
}

#[derive(Serialize)]
struct Elements<'a> {
    nodes: Vec<Element<NodeData<'a>>>,
    edges: Vec<Element<EdgeData<'a>>>,
}

#[derive(Serialize)]
struct Document<'a> {
    elements: Elements<'a>,
}

/// Collects nodes and edges; [`finish`](Writer::finish) writes the JSON document.
pub struct Writer<'a, W: Write> {
    out: W,
    elements: Elements<'a>,
}

impl<'a, W: Write> Writer<'a, W> {
    /// A writer over `out`; nothing is written until `finish`.
    #[must_use]
    pub fn new(out: W) -> Self {
        Self {
            out,
            elements: Elements {
                nodes: Vec::new(),
                edges: Vec::new(),
            },
        }
    }

    /// Adds a node.
    pub fn node(&mut self, node: &'a Node) {
        self.elements.nodes.push(Element {
            data: NodeData {
                id: &node.id,
                label: &node.label,
                class: &node.class,
                aliases: &node.aliases,
                iri: &node.iri,
            },
        });
    }

    /// Adds an edge; its ends are node ids.
    pub fn edge(&mut self, edge: &'a Edge) {
        self.elements.edges.push(Element {
            data: EdgeData {
                id: &edge.id,
                source: &edge.source,
                target: &edge.target,
                property: &edge.property,
                label: &edge.label,
                confidence: edge.confidence,
                amount: edge.amount,
                currency: edge.currency.as_deref(),
                title: edge.title.as_deref(),
            },
        });
    }

    /// Writes the document (pretty-printed, with a final newline); returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        let document = Document {
            elements: self.elements,
        };
        serde_json::to_writer_pretty(&mut self.out, &document)?;
        self.out.write_all(b"\n")?;
        Ok(self.out)
    }
}

/// Writes a whole graph.
pub fn write_graph<W: Write>(graph: &PropertyGraph, out: W) -> io::Result<W> {
    let mut writer = Writer::new(out);
    for node in &graph.nodes {
        writer.node(node);
    }
    for edge in &graph.edges {
        writer.edge(edge);
    }
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::property_graph::tests::tricky;
    use serde_json::Value;

    fn json(graph: &PropertyGraph) -> (String, Value) {
        let text = String::from_utf8(write_graph(graph, Vec::new()).unwrap()).unwrap();
        let value = serde_json::from_str(&text).unwrap();
        (text, value)
    }

    #[test]
    fn elements_hold_nodes_and_edges_with_data() {
        let (_, value) = json(&tricky());
        let nodes = value["elements"]["nodes"].as_array().unwrap();
        let edges = value["elements"]["edges"].as_array().unwrap();
        assert_eq!(nodes.len(), 2);
        assert_eq!(nodes[0]["data"]["class"], "Corporation");
        assert_eq!(nodes[0]["data"]["aliases"][1], "AI");
        assert_eq!(edges.len(), 1);
        let edge = &edges[0]["data"];
        assert_eq!(
            (&edge["id"], &edge["source"], &edge["target"], &edge["type"]),
            (&"e0".into(), &"n0".into(), &"n1".into(), &"loansTo".into())
        );
        assert_eq!(edge["amount"], 3e9);
        assert!(edge.get("title").is_none());
    }

    #[test]
    fn strings_are_escaped_and_round_trip() {
        let graph = tricky();
        let (text, value) = json(&graph);
        assert!(
            text.contains(r#""A \"quoted\" & <b>\nname\u0001's""#),
            "{text}"
        );
        assert_eq!(
            value["elements"]["nodes"][0]["data"]["label"],
            graph.nodes[0].label
        );
    }
}

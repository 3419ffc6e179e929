//! GEXF 1.3 for Gephi, from a [`PropertyGraph`].
//!
//! A static directed graph: node and edge attributes declared and typed in
//! `<attributes class="node|edge">`, node `label` the name, edge `label` the property's
//! phrase and `weight` its confidence. Every value goes through [`xml_escape`]. Reading
//! the store is left to [`property_graph`](super::property_graph).

use super::property_graph::{xml_escape, Edge, Node, PropertyGraph};
use std::io::{self, Write};

/// `(class, id, type)` of every declared attribute; the id doubles as the title.
const ATTRIBUTES: &[(&str, &str, &str)] = &[
    ("node", "class", "string"),
    ("node", "aliases", "string"),
    ("node", "iri", "string"),
    ("edge", "type", "string"),
    ("edge", "confidence", "double"),
    ("edge", "amount", "double"),
    ("edge", "currency", "string"),
    ("edge", "title", "string"),
];

/// Where the writer is: GEXF wants every node inside `<nodes>` before `<edges>`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Start,
    Nodes,
    Edges,
}

/// Writes GEXF: nodes, then edges (a node after the first edge is an error).
pub struct Writer<W: Write> {
    out: W,
    section: Section,
}

impl<W: Write> Writer<W> {
    /// A writer over `out`; nothing is written until the first node, edge or `finish`.
    #[must_use]
    pub fn new(out: W) -> Self {
        Self {
            out,
            section: Section::Start,
        }
    }

    fn open_nodes(&mut self) -> io::Result<()> {
        if self.section != Section::Start {
            return Ok(());
        }
        self.section = Section::Nodes;
        self.out.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n\
  <meta>\n    <creator>newsgraph</creator>\n  </meta>\n\
  <graph mode=\"static\" defaultedgetype=\"directed\">\n",
        )?;
        for class in ["node", "edge"] {
            writeln!(self.out, "    <attributes class=\"{class}\">")?;
            for (_, id, kind) in ATTRIBUTES.iter().filter(|a| a.0 == class) {
                writeln!(
                    self.out,
                    "      <attribute id=\"{id}\" title=\"{id}\" type=\"{kind}\"/>"
                )?;
            }
            self.out.write_all(b"    </attributes>\n")?;
        }
        self.out.write_all(b"    <nodes>\n")
    }

    fn open_edges(&mut self) -> io::Result<()> {
        self.open_nodes()?;
        if self.section == Section::Nodes {
            self.section = Section::Edges;
            self.out.write_all(b"    </nodes>\n    <edges>\n")?;
        }
        Ok(())
    }

    fn values(&mut self, values: &[(&str, Option<&str>)]) -> io::Result<()> {
        self.out.write_all(b"        <attvalues>\n")?;
        for (id, value) in values {
            if let Some(value) = value {
                writeln!(
                    self.out,
                    "          <attvalue for=\"{id}\" value=\"{}\"/>",
                    xml_escape(value)
                )?;
            }
        }
        self.out.write_all(b"        </attvalues>\n")
    }

    /// Writes a node; fails once an edge has been written.
    pub fn node(&mut self, node: &Node) -> io::Result<()> {
        self.open_nodes()?;
        if self.section == Section::Edges {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "GEXF: nodes must be written before edges",
            ));
        }
        writeln!(
            self.out,
            "      <node id=\"{}\" label=\"{}\">",
            xml_escape(&node.id),
            xml_escape(&node.label)
        )?;
        let aliases = node.aliases.join("; ");
        self.values(&[
            ("class", Some(&node.class)),
            ("aliases", Some(&aliases)),
            ("iri", Some(&node.iri)),
        ])?;
        self.out.write_all(b"      </node>\n")
    }

    /// Writes an edge; its ends are node ids.
    pub fn edge(&mut self, edge: &Edge) -> io::Result<()> {
        self.open_edges()?;
        let weight = edge
            .confidence
            .map(|c| format!(" weight=\"{c}\""))
            .unwrap_or_default();
        writeln!(
            self.out,
            "      <edge id=\"{}\" source=\"{}\" target=\"{}\" label=\"{}\"{weight}>",
            xml_escape(&edge.id),
            xml_escape(&edge.source),
            xml_escape(&edge.target),
            xml_escape(&edge.label)
        )?;
        let confidence = edge.confidence.map(|c| c.to_string());
        let amount = edge.amount.map(|a| a.to_string());
        self.values(&[
            ("type", Some(&edge.property)),
            ("confidence", confidence.as_deref()),
            ("amount", amount.as_deref()),
            ("currency", edge.currency.as_deref()),
            ("title", edge.title.as_deref()),
        ])?;
        self.out.write_all(b"      </edge>\n")
    }

    /// Writes the closing tags; returns the underlying writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.open_edges()?;
        self.out.write_all(b"    </edges>\n  </graph>\n</gexf>\n")?;
        Ok(self.out)
    }
}

/// Writes a whole graph.
pub fn write_graph<W: Write>(graph: &PropertyGraph, out: W) -> io::Result<W> {
    let mut writer = Writer::new(out);
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

    fn text(graph: &PropertyGraph) -> String {
        String::from_utf8(write_graph(graph, Vec::new()).unwrap()).unwrap()
    }

    #[test]
    fn labels_and_values_are_escaped() {
        let text = text(&tricky());
        assert!(
            text.contains(
                "<node id=\"n0\" label=\"A &quot;quoted&quot; &amp; &lt;b&gt;&#10;name&apos;s\">"
            ),
            "{text}"
        );
        assert!(text.contains("<attvalue for=\"iri\" value=\"http://x/a?b=1&amp;c=2\"/>"));
        assert!(!text.contains('\u{1}'));
    }

    #[test]
    fn structure_is_gexf_1_3_with_typed_attributes_and_weights() {
        let text = text(&tricky());
        assert!(text.contains("xmlns=\"http://gexf.net/1.3\""));
        assert!(text.contains("version=\"1.3\""));
        assert!(text.contains("<attributes class=\"edge\">"));
        assert!(text.contains("<attribute id=\"amount\" title=\"amount\" type=\"double\"/>"));
        assert!(text.contains(
            "<edge id=\"e0\" source=\"n0\" target=\"n1\" label=\"loans &quot;to&quot;\" weight=\"0.9\">"
        ));
        let nodes_end = text.find("</nodes>").unwrap();
        assert!(nodes_end < text.find("<edges>").unwrap());
        assert!(text.ends_with("</gexf>\n"));
    }

    #[test]
    fn a_node_after_an_edge_is_refused() {
        let graph = tricky();
        let mut writer = Writer::new(Vec::new());
        writer.edge(&graph.edges[0]).unwrap();
        assert!(writer.node(&graph.nodes[0]).is_err());
    }
}

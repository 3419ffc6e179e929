//! GraphML for NetworkX, Cytoscape and yEd, from a [`PropertyGraph`].
//!
//! A directed graph with typed `<key>` declarations (node: label, class, aliases, iri;
//! edge: type, label, confidence, amount, currency, title) and yEd's `y:ShapeNode`
//! graphics so yEd shows the names. Every value goes through [`xml_escape`]. Reading the
//! store is left to [`property_graph`](super::property_graph).

use super::property_graph::{xml_escape, Edge, Node, PropertyGraph};
use std::io::{self, Write};

/// `(id, for, attr.name, attr.type)` of every data key.
const KEYS: &[(&str, &str, &str, &str)] = &[
    ("d_label", "node", "label", "string"),
    ("d_class", "node", "class", "string"),
    ("d_aliases", "node", "aliases", "string"),
    ("d_iri", "node", "iri", "string"),
    ("e_type", "edge", "type", "string"),
    ("e_label", "edge", "label", "string"),
    ("e_confidence", "edge", "confidence", "double"),
    ("e_amount", "edge", "amount", "double"),
    ("e_currency", "edge", "currency", "string"),
    ("e_title", "edge", "title", "string"),
];

/// Writes GraphML: the header and keys before the first element, the closing tags on
/// [`finish`](Writer::finish).
pub struct Writer<W: Write> {
    out: W,
    started: bool,
}

impl<W: Write> Writer<W> {
    /// A writer over `out`; nothing is written until the first node, edge or `finish`.
    #[must_use]
    pub fn new(out: W) -> Self {
        Self {
            out,
            started: false,
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        self.out.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
xmlns:y=\"http://www.yworks.com/xml/graphml\" \
xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd\">\n",
        )?;
        for (id, domain, name, kind) in KEYS {
            writeln!(
                self.out,
                "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{kind}\"/>"
            )?;
        }
        self.out
            .write_all(b"  <key id=\"d_graphics\" for=\"node\" yfiles.type=\"nodegraphics\"/>\n")?;
        self.out
            .write_all(b"  <graph id=\"newsgraph\" edgedefault=\"directed\">\n")
    }

    fn data(&mut self, key: &str, value: &str) -> io::Result<()> {
        writeln!(
            self.out,
            "      <data key=\"{key}\">{}</data>",
            xml_escape(value)
        )
    }

    /// Writes a node.
    pub fn node(&mut self, node: &Node) -> io::Result<()> {
        self.start()?;
        writeln!(self.out, "    <node id=\"{}\">", xml_escape(&node.id))?;
        self.data("d_label", &node.label)?;
        self.data("d_class", &node.class)?;
        self.data("d_aliases", &node.aliases.join("; "))?;
        self.data("d_iri", &node.iri)?;
        // Wide enough for the name at yEd's default 12pt font.
        let width = 30 + 7 * node.label.chars().count().min(60);
        writeln!(
            self.out,
            "      <data key=\"d_graphics\"><y:ShapeNode><y:Geometry height=\"30.0\" \
             width=\"{width}.0\"/><y:Fill color=\"#DDEEFF\" transparent=\"false\"/>\
             <y:NodeLabel>{}</y:NodeLabel><y:Shape type=\"roundrectangle\"/></y:ShapeNode></data>",
            xml_escape(&node.label)
        )?;
        self.out.write_all(b"    </node>\n")
    }

    /// Writes an edge; its ends are node ids.
    pub fn edge(&mut self, edge: &Edge) -> io::Result<()> {
        self.start()?;
        writeln!(
            self.out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            xml_escape(&edge.id),
            xml_escape(&edge.source),
            xml_escape(&edge.target)
        )?;
        self.data("e_type", &edge.property)?;
        self.data("e_label", &edge.label)?;
        if let Some(confidence) = edge.confidence {
            self.data("e_confidence", &confidence.to_string())?;
        }
        if let Some(amount) = edge.amount {
            self.data("e_amount", &amount.to_string())?;
        }
        if let Some(currency) = &edge.currency {
            self.data("e_currency", currency)?;
        }
        if let Some(title) = &edge.title {
            self.data("e_title", title)?;
        }
        self.out.write_all(b"    </edge>\n")
    }

    /// Writes the closing tags; returns the underlying writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.start()?;
        self.out.write_all(b"  </graph>\n</graphml>\n")?;
        Ok(self.out)
    }
}

/// Writes a whole graph, nodes first.
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
    fn labels_are_escaped_and_forbidden_characters_dropped() {
        let text = text(&tricky());
        assert!(
            text.contains(
                "<data key=\"d_label\">A &quot;quoted&quot; &amp; &lt;b&gt;&#10;name&apos;s</data>"
            ),
            "{text}"
        );
        assert!(text.contains("<data key=\"d_iri\">http://x/a?b=1&amp;c=2</data>"));
        assert!(text.contains("<data key=\"d_aliases\">A, Inc.; AI</data>"));
        assert!(!text.contains('\u{1}'));
        assert!(text.contains("<y:NodeLabel>A &quot;quoted&quot;"), "{text}");
    }

    #[test]
    fn keys_are_typed_and_the_graph_is_directed() {
        let text = text(&tricky());
        assert!(text.contains(
            "<key id=\"e_confidence\" for=\"edge\" attr.name=\"confidence\" attr.type=\"double\"/>"
        ));
        assert!(text.contains("yfiles.type=\"nodegraphics\""));
        assert!(text.contains("edgedefault=\"directed\""));
        assert!(text.contains("<edge id=\"e0\" source=\"n0\" target=\"n1\">"));
        assert!(text.contains("<data key=\"e_amount\">3000000000</data>"));
        assert!(text.contains("<data key=\"e_confidence\">0.9</data>"));
        assert!(text.ends_with("</graph>\n</graphml>\n"));
    }

    #[test]
    fn empty_graph_is_well_formed() {
        let text = text(&PropertyGraph::default());
        assert!(text.starts_with("<?xml"));
        assert!(text.ends_with("</graphml>\n"));
    }
}

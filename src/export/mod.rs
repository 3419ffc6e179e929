//! Serializes the store: RDF formats through oxigraph's serializers, Graphviz DOT, and
//! property-graph formats (GraphML, GEXF, Neo4j import files, Cytoscape.js JSON).
//!
//! [`ExportFormat`] is the single place that knows each format's name, file extension
//! and media type. [`write()`] consumes a [`Store`] and writes one format to any
//! [`Write`]. Output is deterministic (sorted), because exports are committed and
//! compared byte for byte: Turtle and N-Triples hold the union of all article graphs as
//! a deduplicated, sorted set of triples; N-Quads and TriG keep the named graphs. The
//! DOT picture lives in [`dot`]; the property-graph formats share the view in
//! [`property_graph`]. Neo4j is a directory of files, written by [`write_dir`].
//! Choosing where to write (files, stdout) is left to the caller.

pub mod cytoscape;
pub mod dot;
pub mod gexf;
pub mod graphml;
pub mod neo4j;
pub mod property_graph;

use crate::error::{Error, Result};
use crate::graph::Store;
use crate::ontology::{vocab, Knowledge};
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::str::FromStr;

/// The prefixes used in Turtle/TriG output and to shorten IRIs in query tables.
pub const PREFIXES: &[(&str, &str)] = &[
    ("e", vocab::ENTITY),
    ("ng", vocab::NG),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("schema", "http://schema.org/"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// An output format of `newsgraph export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// Turtle: the union of all articles, with prefixes.
    Turtle,
    /// N-Triples: the union of all articles, one triple per line.
    NTriples,
    /// N-Quads: every quad, with its article graph.
    NQuads,
    /// TriG: the merged graph (the union of all articles) as the default graph, then
    /// one named graph per article, with prefixes.
    TriG,
    /// JSON-LD: the union of all articles (the merged graph), with a prefix context.
    JsonLd,
    /// RDF/XML: the union of all articles (the merged graph).
    RdfXml,
    /// Graphviz DOT: entities and the relations between them.
    Dot,
    /// GraphML (NetworkX, Cytoscape, yEd): entities and relations with attributes.
    GraphMl,
    /// GEXF 1.3 (Gephi): entities and relations with attributes.
    Gexf,
    /// Neo4j: a directory with `nodes.csv`, `relationships.csv` and `import.cypher`.
    Neo4j,
    /// Cytoscape.js JSON (`.cyjs`).
    Cytoscape,
}

impl ExportFormat {
    /// Every format, in the order shown in help texts.
    pub const ALL: [Self; 11] = [
        Self::Turtle,
        Self::NTriples,
        Self::NQuads,
        Self::TriG,
        Self::JsonLd,
        Self::RdfXml,
        Self::Dot,
        Self::GraphMl,
        Self::Gexf,
        Self::Neo4j,
        Self::Cytoscape,
    ];

    /// The canonical name (`turtle`, `ntriples`, `nquads`, `trig`, `jsonld`, `rdfxml`,
    /// `dot`, `graphml`, `gexf`, `neo4j`, `cytoscape`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Turtle => "turtle",
            Self::NTriples => "ntriples",
            Self::NQuads => "nquads",
            Self::TriG => "trig",
            Self::JsonLd => "jsonld",
            Self::RdfXml => "rdfxml",
            Self::Dot => "dot",
            Self::GraphMl => "graphml",
            Self::Gexf => "gexf",
            Self::Neo4j => "neo4j",
            Self::Cytoscape => "cytoscape",
        }
    }

    /// Whether the format is a directory of files rather than one file (Neo4j).
    #[must_use]
    pub const fn is_directory(self) -> bool {
        matches!(self, Self::Neo4j)
    }

    /// The usual file extension, without the dot; empty for a directory format.
    #[must_use]
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Turtle => "ttl",
            Self::NTriples => "nt",
            Self::NQuads => "nq",
            Self::TriG => "trig",
            Self::JsonLd => "jsonld",
            Self::RdfXml => "rdf",
            Self::Dot => "dot",
            Self::GraphMl => "graphml",
            Self::Gexf => "gexf",
            Self::Neo4j => "",
            Self::Cytoscape => "cyjs",
        }
    }

    /// The IANA media type (GraphML's and GEXF's are in common use but unregistered;
    /// the Neo4j one is ours, for a directory of CSV and Cypher files).
    #[must_use]
    pub const fn media_type(self) -> &'static str {
        match self {
            Self::Turtle => "text/turtle",
            Self::NTriples => "application/n-triples",
            Self::NQuads => "application/n-quads",
            Self::TriG => "application/trig",
            Self::JsonLd => "application/ld+json",
            Self::RdfXml => "application/rdf+xml",
            Self::Dot => "text/vnd.graphviz",
            Self::GraphMl => "application/graphml+xml",
            Self::Gexf => "application/gexf+xml",
            Self::Neo4j => "application/x-neo4j-import",
            Self::Cytoscape => "application/vnd.cytoscape.js+json",
        }
    }

    /// The format with this name (case-insensitive; the extension and a few spellings
    /// such as `n-triples` are accepted too).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.to_ascii_lowercase();
        Some(match name.as_str() {
            "turtle" | "ttl" => Self::Turtle,
            "ntriples" | "n-triples" | "nt" => Self::NTriples,
            "nquads" | "n-quads" | "nq" => Self::NQuads,
            "trig" => Self::TriG,
            "jsonld" | "json-ld" => Self::JsonLd,
            "rdfxml" | "rdf/xml" | "rdf-xml" | "rdf" => Self::RdfXml,
            "dot" | "gv" | "graphviz" => Self::Dot,
            "graphml" => Self::GraphMl,
            "gexf" => Self::Gexf,
            "neo4j" => Self::Neo4j,
            "cytoscape" | "cyjs" | "cytoscape.js" => Self::Cytoscape,
            _ => return None,
        })
    }

    /// The format of a file extension (without the dot, case-insensitive).
    ///
    /// ```
    /// use newsgraph::export::ExportFormat;
    ///
    /// let format = ExportFormat::from_extension("ttl");
    /// assert_eq!(format, Some(ExportFormat::Turtle));
    /// assert_eq!(format.map(ExportFormat::media_type), Some("text/turtle"));
    /// ```
    #[must_use]
    pub fn from_extension(extension: &str) -> Option<Self> {
        let extension = extension.to_ascii_lowercase();
        Some(match extension.as_str() {
            "ttl" => Self::Turtle,
            "nt" => Self::NTriples,
            "nq" => Self::NQuads,
            "trig" => Self::TriG,
            "jsonld" => Self::JsonLd,
            "rdf" | "owl" => Self::RdfXml,
            "dot" | "gv" => Self::Dot,
            "graphml" => Self::GraphMl,
            "gexf" => Self::Gexf,
            "cyjs" => Self::Cytoscape,
            _ => return None,
        })
    }

    /// The format of a media type (parameters such as `; charset=utf-8` are ignored).
    #[must_use]
    pub fn from_media_type(media_type: &str) -> Option<Self> {
        let base = media_type.split(';').next().unwrap_or("").trim();
        Self::ALL
            .into_iter()
            .find(|f| f.media_type().eq_ignore_ascii_case(base))
    }

    /// The oxigraph format, for the RDF formats.
    fn rdf_format(self) -> Option<RdfFormat> {
        match self {
            Self::Turtle => Some(RdfFormat::Turtle),
            Self::NTriples => Some(RdfFormat::NTriples),
            Self::NQuads => Some(RdfFormat::NQuads),
            Self::TriG => Some(RdfFormat::TriG),
            Self::JsonLd => Some(RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            }),
            Self::RdfXml => Some(RdfFormat::RdfXml),
            Self::Dot | Self::GraphMl | Self::Gexf | Self::Neo4j | Self::Cytoscape => None,
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ExportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_name(s).ok_or_else(|| {
            let names: Vec<_> = Self::ALL.iter().map(|f| f.name()).collect();
            format!(
                "unknown format '{s}' (expected one of: {})",
                names.join(", ")
            )
        })
    }
}

/// Writes the whole store to `out` in `format`.
///
/// `labels` maps property local names to human labels (`loansTo` -> `loans to`); the
/// DOT and property-graph formats use it. Neo4j is a directory: use [`write_dir`].
pub fn write(
    store: &Store,
    format: ExportFormat,
    mut out: impl Write,
    labels: &BTreeMap<String, String>,
) -> Result<()> {
    let property_graph = || property_graph::PropertyGraph::from_store(store, labels);
    let Some(rdf_format) = format.rdf_format() else {
        match format {
            ExportFormat::GraphMl => {
                graphml::write_graph(&property_graph()?, &mut out)?;
            }
            ExportFormat::Gexf => {
                gexf::write_graph(&property_graph()?, &mut out)?;
            }
            ExportFormat::Cytoscape => {
                cytoscape::write_graph(&property_graph()?, &mut out)?;
            }
            ExportFormat::Neo4j => {
                return Err(Error::Export(
                    "the neo4j format is a directory of files: give an output directory with -o"
                        .into(),
                ))
            }
            _ => {
                dot::write_store(store, labels, &mut out)?;
            }
        }
        out.flush()?;
        return Ok(());
    };
    let mut serializer = RdfSerializer::from_format(rdf_format);
    if matches!(
        format,
        ExportFormat::Turtle | ExportFormat::TriG | ExportFormat::JsonLd | ExportFormat::RdfXml
    ) {
        for (name, iri) in PREFIXES {
            serializer = serializer
                .with_prefix(*name, *iri)
                .map_err(|e| Error::Export(format!("prefix {name}: {e}")))?;
        }
    }
    let mut writer = serializer.for_writer(out);
    // The merged graph: every distinct triple of every article, in the default graph.
    if format != ExportFormat::NQuads {
        for triple in store.triples()? {
            writer.serialize_triple(&triple)?;
        }
    }
    // The article graphs, for the formats that keep named graphs.
    if matches!(format, ExportFormat::NQuads | ExportFormat::TriG) {
        for quad in store.quads()? {
            writer.serialize_quad(&quad)?;
        }
    }
    writer.finish()?.flush()?;
    Ok(())
}

/// The Neo4j files ([`neo4j::FILE_NAMES`]) as `(file name, contents)`, for the caller
/// to write into a directory. `knowledge` gives the coarse classes used as extra labels.
pub fn write_dir(
    store: &Store,
    labels: &BTreeMap<String, String>,
    knowledge: &Knowledge,
) -> Result<Vec<(&'static str, Vec<u8>)>> {
    let graph =
        property_graph::PropertyGraph::from_store(store, labels)?.with_coarse_classes(knowledge);
    let (nodes, relationships, cypher) =
        neo4j::write_graph(&graph, Vec::new(), Vec::new(), Vec::new())?;
    Ok(neo4j::FILE_NAMES
        .into_iter()
        .zip([nodes, relationships, cypher])
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::fixture;
    use oxigraph::io::RdfParser;
    use oxigraph::model::{Quad, Triple};
    use std::collections::BTreeSet;

    fn store() -> Store {
        let store = Store::in_memory().unwrap();
        store.write_article(&fixture::article("a.txt")).unwrap();
        store.write_article(&fixture::article("b.txt")).unwrap();
        store
    }

    fn export(store: &Store, format: ExportFormat) -> Vec<u8> {
        let mut out = Vec::new();
        write(store, format, &mut out, &BTreeMap::new()).unwrap();
        out
    }

    fn parse(format: RdfFormat, bytes: &[u8]) -> Vec<Quad> {
        RdfParser::from_format(format)
            .for_slice(bytes)
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
    }

    fn triple_set(triples: impl IntoIterator<Item = Triple>) -> BTreeSet<String> {
        triples.into_iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn names_extensions_and_media_types_round_trip() {
        for format in ExportFormat::ALL {
            assert_eq!(ExportFormat::from_name(format.name()), Some(format));
            let by_extension = ExportFormat::from_extension(format.extension());
            if format.is_directory() {
                assert_eq!(format.extension(), "");
                assert_eq!(by_extension, None);
            } else {
                assert_eq!(by_extension, Some(format));
            }
            assert_eq!(
                ExportFormat::from_media_type(format.media_type()),
                Some(format)
            );
            assert_eq!(format.to_string().parse::<ExportFormat>(), Ok(format));
        }
        assert_eq!(
            ExportFormat::from_name("N-Triples"),
            Some(ExportFormat::NTriples)
        );
        assert_eq!(
            ExportFormat::from_media_type("text/turtle; charset=utf-8"),
            Some(ExportFormat::Turtle)
        );
        assert!("xml"
            .parse::<ExportFormat>()
            .unwrap_err()
            .contains("turtle"));
    }

    #[test]
    fn turtle_and_ntriples_parse_back_into_the_store_triples() {
        let store = store();
        let expected = triple_set(store.triples().unwrap());
        for (format, rdf) in [
            (ExportFormat::Turtle, RdfFormat::Turtle),
            (ExportFormat::NTriples, RdfFormat::NTriples),
        ] {
            let parsed = parse(rdf, &export(&store, format));
            let parsed = triple_set(parsed.into_iter().map(Triple::from));
            assert_eq!(parsed, expected, "{format}");
        }
    }

    #[test]
    fn nquads_keep_the_named_graphs_and_trig_adds_the_merged_graph() {
        let store = store();
        let named: BTreeSet<String> = store
            .quads()
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        let as_set = |quads: Vec<Quad>| -> BTreeSet<String> {
            quads.iter().map(ToString::to_string).collect()
        };
        let nquads = as_set(parse(
            RdfFormat::NQuads,
            &export(&store, ExportFormat::NQuads),
        ));
        assert_eq!(nquads, named);

        let trig = parse(RdfFormat::TriG, &export(&store, ExportFormat::TriG));
        let (merged, articles): (Vec<Quad>, Vec<Quad>) = trig
            .into_iter()
            .partition(|q| q.graph_name.is_default_graph());
        assert_eq!(as_set(articles), named);
        assert_eq!(
            triple_set(merged.into_iter().map(Triple::from)),
            triple_set(store.triples().unwrap())
        );
    }

    #[test]
    fn jsonld_and_rdfxml_parse_back_into_the_merged_graph() {
        let store = store();
        let expected = triple_set(store.triples().unwrap());
        for (format, rdf) in [
            (
                ExportFormat::JsonLd,
                RdfFormat::JsonLd {
                    profile: JsonLdProfileSet::empty(),
                },
            ),
            (ExportFormat::RdfXml, RdfFormat::RdfXml),
        ] {
            let parsed = parse(rdf, &export(&store, format));
            assert!(parsed.iter().all(|q| q.graph_name.is_default_graph()));
            assert_eq!(
                triple_set(parsed.into_iter().map(Triple::from)),
                expected,
                "{format}"
            );
        }
    }

    #[test]
    fn ntriples_are_sorted_and_deduplicated() {
        let text = String::from_utf8(export(&store(), ExportFormat::NTriples)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut sorted = lines.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(lines, sorted);
        assert!(text.contains("\"3000000000\"^^<http://www.w3.org/2001/XMLSchema#decimal>"));
    }

    #[test]
    fn exports_do_not_depend_on_insertion_order() {
        let other = Store::in_memory().unwrap();
        other.write_article(&fixture::article("b.txt")).unwrap();
        other.write_article(&fixture::article("a.txt")).unwrap();
        for format in ExportFormat::ALL.into_iter().filter(|f| !f.is_directory()) {
            assert_eq!(export(&store(), format), export(&other, format), "{format}");
        }
        let kb = Knowledge::builtin().unwrap();
        let labels = BTreeMap::new();
        assert_eq!(
            write_dir(&store(), &labels, &kb).unwrap(),
            write_dir(&other, &labels, &kb).unwrap()
        );
    }

    #[test]
    fn neo4j_is_written_as_a_directory_only() {
        let mut out = Vec::new();
        let err = write(&store(), ExportFormat::Neo4j, &mut out, &BTreeMap::new()).unwrap_err();
        assert!(err.to_string().contains("-o"), "{err}");
        let files = write_dir(&store(), &BTreeMap::new(), &Knowledge::builtin().unwrap()).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.0).collect();
        assert_eq!(names, neo4j::FILE_NAMES);
        let nodes = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(nodes.contains(",Corporation;Organization\n"), "{nodes}");
    }

    #[test]
    fn turtle_uses_the_prefixes() {
        let text = String::from_utf8(export(&store(), ExportFormat::Turtle)).unwrap();
        for (name, iri) in PREFIXES {
            assert!(
                text.contains(&format!("@prefix {name}: <{iri}> .")),
                "{name}"
            );
        }
        assert!(text.contains("e:Ken_Lewenza"), "{text}");
    }
}

//! IRIs that Rust code names. Everything else about the ontology is read from `ontology/`.

/// Namespace of the newsgraph ontology (classes and properties).
pub const NG: &str = "https://w3id.org/newsgraph/ontology#";
/// Prefix of entity IRIs: `ENTITY` + slug of the canonical name.
pub const ENTITY: &str = "https://w3id.org/newsgraph/entity/";
/// Prefix of article IRIs: `ARTICLE` + slug of the file name.
pub const ARTICLE: &str = "https://w3id.org/newsgraph/article/";
/// Prefix of reified statement IRIs.
pub const STATEMENT: &str = "https://w3id.org/newsgraph/statement/";
/// Prefix of quotation IRIs.
pub const QUOTE: &str = "https://w3id.org/newsgraph/quote/";
/// Prefix of merge-record (`ng:AliasLink`) IRIs.
pub const ALIAS: &str = "https://w3id.org/newsgraph/alias/";

/// RDF vocabulary.
pub mod rdf {
    /// rdf:type
    pub const TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    /// rdf:Statement
    pub const STATEMENT: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement";
    /// rdf:subject
    pub const SUBJECT: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject";
    /// rdf:predicate
    pub const PREDICATE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate";
    /// rdf:object
    pub const OBJECT: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#object";
}

/// RDFS vocabulary.
pub mod rdfs {
    /// rdfs:label
    pub const LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
    /// rdfs:comment
    pub const COMMENT: &str = "http://www.w3.org/2000/01/rdf-schema#comment";
}

/// SKOS vocabulary.
pub mod skos {
    /// skos:altLabel
    pub const ALT_LABEL: &str = "http://www.w3.org/2004/02/skos/core#altLabel";
}

/// PROV-O vocabulary.
pub mod prov {
    /// prov:wasDerivedFrom
    pub const WAS_DERIVED_FROM: &str = "http://www.w3.org/ns/prov#wasDerivedFrom";
}

/// schema.org vocabulary.
pub mod schema {
    /// schema:amount: from a loan statement to its `schema:MonetaryAmount` node.
    pub const AMOUNT: &str = "http://schema.org/amount";
    /// schema:MonetaryAmount
    pub const MONETARY_AMOUNT: &str = "http://schema.org/MonetaryAmount";
    /// schema:value: the number of a `schema:MonetaryAmount`.
    pub const VALUE: &str = "http://schema.org/value";
    /// schema:currency
    pub const CURRENCY: &str = "http://schema.org/currency";
    /// schema:text
    pub const TEXT: &str = "http://schema.org/text";
    /// schema:spokenByCharacter
    pub const SPOKEN_BY_CHARACTER: &str = "http://schema.org/spokenByCharacter";
    /// schema:jobTitle
    pub const JOB_TITLE: &str = "http://schema.org/jobTitle";
    /// schema:name
    pub const NAME: &str = "http://schema.org/name";
}

/// XSD datatypes.
pub mod xsd {
    /// xsd:integer
    pub const INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
    /// xsd:decimal
    pub const DECIMAL: &str = "http://www.w3.org/2001/XMLSchema#decimal";
    /// xsd:double
    pub const DOUBLE: &str = "http://www.w3.org/2001/XMLSchema#double";
}

/// Terms of the newsgraph ontology (local names as in `ontology/newsgraph.ttl`).
pub mod ng {
    /// ng:NewsArticle
    pub const NEWS_ARTICLE: &str = "https://w3id.org/newsgraph/ontology#NewsArticle";
    /// ng:Quotation
    pub const QUOTATION: &str = "https://w3id.org/newsgraph/ontology#Quotation";
    /// ng:fileName: the article's file name.
    pub const FILE_NAME: &str = "https://w3id.org/newsgraph/ontology#fileName";
    /// ng:sha256: hex digest of the article's bytes.
    pub const SHA256: &str = "https://w3id.org/newsgraph/ontology#sha256";
    /// ng:evidence: the sentence a statement or quotation came from.
    pub const EVIDENCE: &str = "https://w3id.org/newsgraph/ontology#evidence";
    /// ng:startOffset: character offset of the evidence start in the article.
    pub const START_OFFSET: &str = "https://w3id.org/newsgraph/ontology#startOffset";
    /// ng:endOffset: character offset one past the evidence end.
    pub const END_OFFSET: &str = "https://w3id.org/newsgraph/ontology#endOffset";
    /// ng:rule: the id of the extraction rule that fired.
    pub const RULE: &str = "https://w3id.org/newsgraph/ontology#rule";
    /// ng:confidence: the rule's confidence in `0..=1`.
    pub const CONFIDENCE: &str = "https://w3id.org/newsgraph/ontology#confidence";
    /// ng:mentionedIn: an entity is mentioned in an article.
    pub const MENTIONED_IN: &str = "https://w3id.org/newsgraph/ontology#mentionedIn";
    /// ng:AliasLink: the record of one name form linked to an entity in one article.
    pub const ALIAS_LINK: &str = "https://w3id.org/newsgraph/ontology#AliasLink";
    /// ng:hasAlias: from an entity to one of its merge records.
    pub const HAS_ALIAS: &str = "https://w3id.org/newsgraph/ontology#hasAlias";
    /// ng:surface: the text of the mention as written.
    pub const SURFACE: &str = "https://w3id.org/newsgraph/ontology#surface";
    /// ng:mergeRule: the resolution rule that linked the mention to the entity.
    pub const MERGE_RULE: &str = "https://w3id.org/newsgraph/ontology#mergeRule";
    /// ng:linkedTo: the name form the rule linked the mention to.
    pub const LINKED_TO: &str = "https://w3id.org/newsgraph/ontology#linkedTo";
    /// ng:mentionCount: how many mentions of the article the record covers.
    pub const MENTION_COUNT: &str = "https://w3id.org/newsgraph/ontology#mentionCount";
    /// ng:hedgeCue: the hypothetical cue that makes a statement a possibility only.
    pub const HEDGE_CUE: &str = "https://w3id.org/newsgraph/ontology#hedgeCue";
    /// ng:numberOfEmployees
    pub const NUMBER_OF_EMPLOYEES: &str = "https://w3id.org/newsgraph/ontology#numberOfEmployees";
}

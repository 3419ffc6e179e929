//! Builds the four seed articles into an in-memory store and checks, with SPARQL, what a
//! reader of those articles expects to find in the graph.

use newsgraph::graph::Store;
use newsgraph::ingest::{self, Input};
use newsgraph::{Knowledge, Pipeline};
use oxigraph::sparql::QuerySolution;
use std::path::PathBuf;
use std::sync::OnceLock;

const PREFIXES: &str = "PREFIX ng: <https://w3id.org/newsgraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
";

fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| {
        let kb = Knowledge::builtin().expect("ontology loads");
        let pipeline = Pipeline::new(&kb);
        let store = Store::in_memory().expect("store");
        let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let (inputs, errors) = ingest::expand(&[seeds]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(inputs.len(), 4, "four seed articles");
        for input in &inputs {
            let doc = ingest::read(input).expect("seed reads");
            store
                .write_article(&pipeline.extract(&doc))
                .expect("store write");
        }
        let _: &Input = &inputs[0];
        store
    })
}

fn select(query: &str) -> Vec<QuerySolution> {
    store()
        .select(&format!("{PREFIXES}{query}"))
        .expect("query runs")
}

fn value(s: &QuerySolution, var: &str) -> String {
    match s.get(var) {
        Some(oxigraph::model::Term::Literal(l)) => l.value().to_string(),
        Some(oxigraph::model::Term::NamedNode(n)) => n.as_str().to_string(),
        Some(t) => t.to_string(),
        None => String::new(),
    }
}

/// The IRIs of the nodes that carry `name` as label or alias.
fn nodes_named(name: &str) -> Vec<String> {
    select(&format!(
        "SELECT DISTINCT ?e WHERE {{ ?e a ?c . {{ ?e rdfs:label {name:?} }} UNION {{ ?e skos:altLabel {name:?} }} }}"
    ))
    .iter()
    .map(|s| value(s, "e"))
    .collect()
}

fn one_node(names: &[&str]) -> String {
    let mut all: Vec<String> = names.iter().flat_map(|n| nodes_named(n)).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 1, "{names:?} should be one node, found {all:?}");
    all.remove(0)
}

fn has_relation(s: &str, p: &str, o: &str) -> bool {
    !select(&format!("SELECT * WHERE {{ {{ <{s}> ng:{p} <{o}> }} UNION {{ <{o}> ng:{p} <{s}> . ng:{p} a owl:SymmetricProperty }} }}")).is_empty()
}

#[test]
fn each_actor_is_one_node_with_its_other_names_as_aliases() {
    one_node(&["Canadian Auto Workers", "CAW"]);
    one_node(&[
        "General Motors",
        "GM",
        "Generals Motors",
        "General Motors Corp.",
    ]);
    one_node(&["Chrysler"]);
    one_node(&["Fiat SpA", "Fiat"]);
    one_node(&["Tony Clement", "Clement"]);
    one_node(&["Ken Lewenza", "Lewenza"]);
    one_node(&["Chrysler Canada", "Chrysler Canda"]);
}

#[test]
fn nodes_are_typed_with_the_ontology_classes() {
    let class = |name: &str| {
        select(&format!(
            "SELECT ?c WHERE {{ ?e rdfs:label {name:?} ; a ?c }}"
        ))
        .iter()
        .map(|s| value(s, "c"))
        .collect::<Vec<_>>()
    };
    let ng = |c: &str| format!("https://w3id.org/newsgraph/ontology#{c}");
    assert!(class("Canadian Auto Workers").contains(&ng("WorkersUnion")));
    assert!(class("General Motors").contains(&ng("Corporation")));
    assert!(class("Ken Lewenza").contains(&ng("Person")));
    assert!(class("Government of Canada").contains(&ng("GovernmentOrganization")));
    assert!(class("Toronto").contains(&ng("City")));
}

#[test]
fn federal_government_demands_concessions_from_the_caw() {
    let caw = one_node(&["Canadian Auto Workers"]);
    let gov = one_node(&["Government of Canada"]);
    assert!(has_relation(&gov, "demandsConcessionsFrom", &caw));
}

#[test]
fn loans_to_gm_and_chrysler_carry_their_amounts() {
    let rows = select(
        "SELECT ?borrower ?amount ?currency ?evidence WHERE {
           ?st rdf:predicate ng:loansTo ; rdf:object ?b ; ng:evidence ?evidence ;
               schema:amount [ schema:value ?amount ; schema:currency ?currency ] .
           ?b rdfs:label ?borrower }",
    );
    let has = |who: &str, amount: f64| {
        rows.iter().any(|r| {
            value(r, "borrower") == who
                && value(r, "amount").parse::<f64>().ok() == Some(amount)
                && value(r, "currency") == "CAD"
        })
    };
    assert!(has("General Motors", 3e9), "{rows:?}");
    assert!(
        has("Chrysler", 1e9) || has("Chrysler Canada", 1e9),
        "{rows:?}"
    );
    assert!(rows.iter().all(|r| !value(r, "evidence").is_empty()));
}

#[test]
fn lewenzas_quotes_are_attributed_to_him() {
    let rows = select(
        "SELECT ?text WHERE { ?q a ng:Quotation ; schema:text ?text ; schema:spokenByCharacter ?who .
                              ?who rdfs:label \"Ken Lewenza\" }",
    );
    let texts: Vec<String> = rows.iter().map(|r| value(r, "text")).collect();
    for start in [
        "We can't resolve the crisis",
        "I was quite surprised",
        "People need to start buying cars",
    ] {
        assert!(
            texts.iter().any(|t| t.starts_with(start)),
            "{start:?} not among {texts:?}"
        );
    }
}

#[test]
fn ministers_work_for_their_government() {
    let gov = one_node(&["Government of Canada"]);
    let clement = one_node(&["Tony Clement"]);
    assert!(has_relation(&clement, "worksFor", &gov));
    let rows = select(&format!(
        "SELECT ?title WHERE {{ ?st rdf:subject <{clement}> ; rdf:predicate ng:worksFor ; schema:jobTitle ?title }}"
    ));
    assert!(
        rows.iter()
            .any(|r| value(r, "title") == "Industry Minister"),
        "{rows:?}"
    );
}

#[test]
fn every_statement_keeps_its_provenance() {
    let missing = select(
        "SELECT ?st WHERE { ?st a rdf:Statement .
           FILTER NOT EXISTS { ?st prov:wasDerivedFrom ?a ; ng:evidence ?e ; ng:startOffset ?s ;
                               ng:endOffset ?end ; ng:rule ?r ; ng:confidence ?c . ?a a ng:NewsArticle } }",
    );
    assert!(
        missing.is_empty(),
        "{} statements lack provenance",
        missing.len()
    );
    let count = select("SELECT (COUNT(*) AS ?n) WHERE { ?st a rdf:Statement }");
    assert!(value(&count[0], "n").parse::<usize>().unwrap_or(0) > 20);
}

#[test]
fn no_entity_is_named_after_a_weekday_or_a_sentence_opener() {
    for word in [
        "Monday", "Tuesday", "But", "Earlier", "Talk", "Workers", "Tens", "The",
    ] {
        assert!(nodes_named(word).is_empty(), "{word} became an entity");
    }
}

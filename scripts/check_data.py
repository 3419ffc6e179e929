#!/usr/bin/env python3
"""Check the data files under ontology/: the OWL ontology, the gazetteers and the lexicons.

    python3 scripts/check_data.py [REPO_ROOT]

Exits 1 and lists every problem found; prints one summary line per file when all is well.
Needs rdflib (`python3 -m pip install rdflib`).
"""
import sys
from collections import Counter
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef

NG = Namespace("https://w3id.org/newsgraph/ontology#")
SCHEMA = Namespace("http://schema.org/")
ONTOLOGY_IRI = URIRef("https://w3id.org/newsgraph/ontology")

CLASSES = {
    "Person": None, "Organization": None, "Corporation": "Organization",
    "WorkersUnion": "Organization", "GovernmentOrganization": "Organization",
    "EducationalOrganization": "Organization", "NewsMediaOrganization": "Organization",
    "Place": None, "Country": "Place", "State": "Place", "City": "Place",
    "NewsArticle": None, "Quotation": None,
}
OBJECT_PROPERTIES = {
    "demandsConcessionsFrom": "demands concessions from", "loansTo": "loans to",
    "negotiatesWith": "negotiates with", "hasAgreementWith": "has agreement with",
    "partnersWith": "partners with", "rejectsPlanOf": "rejects plan of",
    "setsDeadlineFor": "sets deadline for", "worksFor": "works for",
    "subsidiaryOf": "subsidiary of", "mentionedIn": "mentioned in",
    "hasAlias": "has alias",
}
SYMMETRIC = {"negotiatesWith", "hasAgreementWith", "partnersWith"}
DATATYPE_PROPERTIES = {
    "numberOfEmployees", "fileName", "sha256", "evidence", "startOffset",
    "endOffset", "rule", "confidence", "surface", "mergeRule", "linkedTo", "mentionCount",
    "hedgeCue",
}
# Classes of our own records, with no schema.org equivalent.
RECORD_CLASSES = {"AliasLink"}
PLACE_CLASSES = {"Country", "State", "City", "Place"}
ORG_CLASSES = {"Organization", "Corporation", "WorkersUnion", "GovernmentOrganization",
               "EducationalOrganization", "NewsMediaOrganization"}


def plain_english(lit):
    return isinstance(lit, Literal) and lit.datatype is None and lit.language in (None, "en") \
        and str(lit).strip() == str(lit) and str(lit) != ""


def check_ontology(path, errors):
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as e:  # noqa: BLE001 - any parse error is reported as is
        errors.append(f"{path}: does not parse: {e}")
        return
    if (ONTOLOGY_IRI, RDF.type, OWL.Ontology) not in g:
        errors.append(f"{path}: {ONTOLOGY_IRI} is not an owl:Ontology")
    if str(g.value(ONTOLOGY_IRI, OWL.versionInfo)) != "0.1.0":
        errors.append(f"{path}: owl:versionInfo is not 0.1.0")
    terms = {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(str(NG))}
    terms |= {ONTOLOGY_IRI}
    for term in sorted(terms):
        for prop in (RDFS.label, RDFS.comment):
            values = list(g.objects(term, prop))
            if len(values) != 1 or not plain_english(values[0]):
                errors.append(f"{path}: {term} needs exactly one plain {prop.n3(g.namespace_manager)}")
    for name, parent in CLASSES.items():
        c = NG[name]
        if (c, RDF.type, OWL.Class) not in g:
            errors.append(f"{path}: ng:{name} is not an owl:Class")
        if (c, OWL.equivalentClass, SCHEMA[name]) not in g:
            errors.append(f"{path}: ng:{name} is not equivalent to schema:{name}")
        if parent and (c, RDFS.subClassOf, NG[parent]) not in g:
            errors.append(f"{path}: ng:{name} is not a subclass of ng:{parent}")
    for name, label in OBJECT_PROPERTIES.items():
        p = NG[name]
        if (p, RDF.type, OWL.ObjectProperty) not in g:
            errors.append(f"{path}: ng:{name} is not an owl:ObjectProperty")
        if str(g.value(p, RDFS.label)) != label:
            errors.append(f"{path}: ng:{name} label is not {label!r}")
        if g.value(p, RDFS.domain) is None or g.value(p, RDFS.range) is None:
            errors.append(f"{path}: ng:{name} lacks a domain or range")
        symmetric = (p, RDF.type, OWL.SymmetricProperty) in g
        if symmetric != (name in SYMMETRIC):
            errors.append(f"{path}: ng:{name} symmetric={symmetric}, expected {name in SYMMETRIC}")
    for name in DATATYPE_PROPERTIES:
        if (NG[name], RDF.type, OWL.DatatypeProperty) not in g:
            errors.append(f"{path}: ng:{name} is not an owl:DatatypeProperty")
    for name in RECORD_CLASSES:
        if (NG[name], RDF.type, OWL.Class) not in g:
            errors.append(f"{path}: ng:{name} is not an owl:Class")
    declared = set(CLASSES) | RECORD_CLASSES | set(OBJECT_PROPERTIES) | DATATYPE_PROPERTIES
    extra = sorted(str(t)[len(str(NG)):] for t in terms if t != ONTOLOGY_IRI)
    unknown = [t for t in extra if t not in declared]
    if unknown:
        errors.append(f"{path}: undeclared ng: terms {unknown}")
    print(f"{path.name}: {len(g)} triples, {len(terms) - 1} ng: terms checked for label and comment")


def tsv_rows(path, ncols, errors):
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != ncols:
            errors.append(f"{path}:{lineno}: {len(cols)} columns, expected {ncols}")
            continue
        if any(c != c.strip() or c == "" for c in cols):
            errors.append(f"{path}:{lineno}: empty field or stray whitespace (use '-' for empty)")
        for c in cols[2:]:
            if c != "-" and any(part.strip() == "" or part != part.strip() for part in c.split(";")):
                errors.append(f"{path}:{lineno}: empty or padded item in {c!r}")
        rows.append((lineno, cols))
    return rows


def check_places(path, errors):
    rows = tsv_rows(path, 7, errors)
    countries = {cols[0] for _, cols in rows if cols[1] == "Country"}
    seen = Counter()
    for lineno, (name, cls, aliases, demonyms, parent, currency, seat_of) in rows:
        if seat_of != "-" and (cls != "City" or seat_of not in countries):
            errors.append(f"{path}:{lineno}: seat_of {seat_of!r} must be a Country row, on a City")
        if cls not in PLACE_CLASSES:
            errors.append(f"{path}:{lineno}: class {cls!r} is not one of {sorted(PLACE_CLASSES)}")
        if parent != "-" and parent not in countries:
            errors.append(f"{path}:{lineno}: parent {parent!r} is not a Country row")
        if cls in ("State", "City") and parent == "-":
            errors.append(f"{path}:{lineno}: {cls} {name!r} needs a parent country")
        if currency != "-" and not (len(currency) == 3 and currency.isupper() and currency.isalpha()):
            errors.append(f"{path}:{lineno}: currency {currency!r} is not an ISO 4217 code")
        if name in aliases.split(";"):
            errors.append(f"{path}:{lineno}: name repeated among aliases")
        seen[(name, cls, parent)] += 1
    for key, n in seen.items():
        if n > 1:
            errors.append(f"{path}: duplicate row {key}")
    by_class = Counter(cols[1] for _, cols in rows)
    print(f"{path.name}: {len(rows)} rows " + ", ".join(f"{k} {v}" for k, v in sorted(by_class.items())))


def check_organizations(path, errors):
    rows = tsv_rows(path, 3, errors)
    seen = Counter()
    alias_owner = {}
    for lineno, (name, cls, aliases) in rows:
        if cls not in ORG_CLASSES:
            errors.append(f"{path}:{lineno}: class {cls!r} is not one of {sorted(ORG_CLASSES)}")
        seen[name] += 1
        for form in [name] + ([] if aliases == "-" else aliases.split(";")):
            if form in alias_owner and alias_owner[form] != name:
                errors.append(f"{path}:{lineno}: {form!r} also names {alias_owner[form]!r}")
            alias_owner[form] = name
    for name, n in seen.items():
        if n > 1:
            errors.append(f"{path}: duplicate name {name!r}")
    by_class = Counter(cols[1] for _, cols in rows)
    print(f"{path.name}: {len(rows)} rows " + ", ".join(f"{k} {v}" for k, v in sorted(by_class.items())))


def check_list(path, errors, lowercase=False):
    words = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line != line.strip():
            errors.append(f"{path}:{lineno}: stray whitespace")
        if lowercase and line != line.lower():
            errors.append(f"{path}:{lineno}: {line!r} is not lowercase")
        words.append(line)
    dups = [w for w, n in Counter(words).items() if n > 1]
    if dups:
        errors.append(f"{path}: duplicates {dups[:10]}")
    if not words:
        errors.append(f"{path}: empty")
    print(f"{path.name}: {len(words)} entries")


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
    onto = root / "ontology"
    errors = []
    check_ontology(onto / "newsgraph.ttl", errors)
    check_places(onto / "gazetteer" / "places.tsv", errors)
    check_organizations(onto / "gazetteer" / "organizations.tsv", errors)
    check_list(onto / "lexicon" / "given_names.txt", errors)
    check_list(onto / "lexicon" / "common_words.txt", errors, lowercase=True)
    check_list(onto / "lexicon" / "calendar.txt", errors)
    for e in errors:
        print("error:", e, file=sys.stderr)
    if errors:
        print(f"{len(errors)} problem(s) in ontology/ data", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

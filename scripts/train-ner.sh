#!/usr/bin/env bash
# Retrains the committed NER model, ontology/models/ner.bin, reproducibly:
#   1. word classes from unlabeled news text (Reuters-21578, BBC News and the words of
#      CoNLL eng.train, all in ../shared) with scripts/word_clusters.py (numpy, in the
#      virtualenv $SPACY_VENV, default target/spacy-venv, created when missing);
#   2. `newsgraph train-ner` on CoNLL-2003 eng.train, selecting epochs on eng.testa.
# Takes about a minute on one core. The data stays in shared/: only the model (weights
# and word-class numbers, no text) is written into the repository.
set -euo pipefail

cd "$(dirname "$0")/.."

shared="${SHARED:-../shared}"
conll="$shared/benchmarks/conll2003"
venv="${SPACY_VENV:-target/spacy-venv}"
for f in "$conll/eng.train" "$conll/eng.testa" "$shared/corpus/reuters21578/articles.jsonl.gz" \
    "$shared/corpus/bbc_news_2225/articles.jsonl.gz"; do
    [ -f "$f" ] || { echo "train-ner: $f not found" >&2; exit 1; }
done

if ! "$venv/bin/python" -c 'import numpy' >/dev/null 2>&1; then
    echo "==> installing numpy into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet numpy
fi

mkdir -p target/ner
echo "==> word classes" >&2
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$venv/bin/python" scripts/word_clusters.py \
    target/ner/word_clusters.tsv \
    "$shared/corpus/reuters21578/articles.jsonl.gz" \
    "$shared/corpus/bbc_news_2225/articles.jsonl.gz" \
    "$conll/eng.train"

echo "==> train-ner" >&2
cargo run --release --quiet -- train-ner \
    --train "$conll/eng.train" --dev "$conll/eng.testa" \
    --clusters target/ner/word_clusters.tsv --epochs 12 --stages 2 \
    --note "trained on CoNLL-2003 eng.train (Reuters RCV1, research and evaluation use only); word classes from Reuters-21578, BBC News 2225 and eng.train text (research use)" \
    -o ontology/models/ner.bin

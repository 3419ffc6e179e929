#!/usr/bin/env bash
# Scores the extractor on both development sets:
#   1. the four seed articles (seeds/) against ../shared/gold/seeds.gold.json;
#   2. the twelve held-out corpus articles (Reuters-21578 and BBC News) against
#      tests/gold/corpus.gold.json; their texts are rebuilt from ../shared/corpus by
#      scripts/corpus_articles.py (they are not redistributable, so not committed);
#   3. each small sample of tests/gold/samples/ (25 more corpus articles, rebuilt the same
#      way), each in a build of its own.
# Each set is built (release) into its own temporary store and exported to N-Triples,
# then ../shared/eval/score.py prints its summary. Extra arguments go to score.py
# (e.g. --verbose or --json). Needs ../shared beside the repository. Temporary files
# are removed on exit. The build is `--release`; PROFILE=dev uses the debug build
# instead (same graph, slower), for a machine that has only that one compiled.
#
#   bash scripts/score-dev.sh
#   bash scripts/score-dev.sh --verbose
#   PROFILE=dev bash scripts/score-dev.sh
set -euo pipefail
cd "$(dirname "$0")/.."

shared=../shared
score="$shared/eval/score.py"
seeds_gold="$shared/gold/seeds.gold.json"
corpus_gold=tests/gold/corpus.gold.json
for f in "$score" "$seeds_gold" "$corpus_gold"; do
    if [ ! -f "$f" ]; then
        echo "score-dev.sh: $f not found (../shared must be beside the repository)" >&2
        exit 1
    fi
done

# shellcheck source=scripts/deps.sh
source scripts/deps.sh
ensure_build_deps

tmp=$(mktemp -d "${TMPDIR:-/tmp}/newsgraph-score-dev.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

case "${PROFILE:-release}" in
    release) cargo_profile=(--release) ;;
    dev) cargo_profile=() ;;
    *) echo "score-dev.sh: PROFILE must be release or dev, not ${PROFILE}" >&2; exit 1 ;;
esac

python3 scripts/corpus_articles.py "$corpus_gold" "$tmp/corpus-articles" >/dev/null
cargo build "${cargo_profile[@]}" --quiet

build() { # build NAME INPUT_DIR: store in $tmp/NAME.db, exports $tmp/NAME/NAME.*
    mkdir -p "$tmp/$1"
    cargo run "${cargo_profile[@]}" --quiet -- build --store "$tmp/$1.db" --exports "$tmp/$1/$1" "$2" \
        >"$tmp/$1.log" 2>&1 || { cat "$tmp/$1.log" >&2; exit 1; }
    if [ ! -s "$tmp/$1/$1.nt" ]; then
        echo "score-dev.sh: the build of $2 wrote no $tmp/$1/$1.nt" >&2
        cat "$tmp/$1.log" >&2
        exit 1
    fi
}
build seeds seeds/
build corpus "$tmp/corpus-articles"

echo "== seeds (4 articles in seeds/, gold ../shared/gold/seeds.gold.json)"
python3 "$score" "$tmp/seeds/seeds.nt" "$seeds_gold" "$@"
echo
echo "== corpus (12 held-out Reuters/BBC articles, gold tests/gold/corpus.gold.json)"
python3 "$score" "$tmp/corpus/corpus.nt" "$corpus_gold" "$@"

# The small samples of tests/gold/samples/ (see tests/gold/README.md), each its own build.
for gold in tests/gold/samples/*.gold.json; do
    [ -e "$gold" ] || continue
    name=$(basename "$gold" .gold.json)
    python3 scripts/corpus_articles.py "$gold" "$tmp/$name-articles" >/dev/null
    build "$name" "$tmp/$name-articles"
    echo
    echo "== $name (gold $gold)"
    python3 "$score" "$tmp/$name/$name.nt" "$gold" "$@"
done

#!/usr/bin/env bash
# The main job: builds the knowledge graph of seeds/ into the embedded store
# (newsgraph.db/) and rewrites exports/seeds.ttl, .nt, .dot and .svg.
# Installs the build's system dependency (libclang) when missing. Graphviz is optional:
# without it the SVG is skipped and one line says how to get it.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/deps.sh
source scripts/deps.sh
ensure_build_deps
exec cargo run --release --quiet -- build --store newsgraph.db --exports exports/seeds seeds/ "$@"

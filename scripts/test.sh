#!/usr/bin/env bash
# Runs the project's checks: installs the system tools and Python packages the tests
# use (only when missing), checks the ontology/ data files, then cargo fmt, clippy and
# test. Extra arguments are passed to `cargo test`.
#
#   bash scripts/test.sh                 # everything
#   bash scripts/test.sh -- --nocapture  # extra args for cargo test
#
# Works on a fresh Debian machine as root, or through sudo when not root. Idempotent.
set -euo pipefail

cd "$(dirname "$0")/.."

step() { printf '==> %s\n' "$*"; }

# shellcheck source=scripts/deps.sh
source scripts/deps.sh
ensure_build_deps

# --- system packages: graphviz (dot), raptor2-utils (rapper), curl (tests/serve.rs) --
missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
command -v rapper >/dev/null 2>&1 || missing+=(raptor2-utils)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ "${#missing[@]}" -gt 0 ]; then
    step "installing Debian packages: ${missing[*]}"
    apt_install "${missing[@]}"
else
    step "Debian packages present: graphviz (dot), raptor2-utils (rapper), curl"
fi

# --- Python packages: rdflib, networkx, SPARQLWrapper (tests/serve.rs) --------------
if ! python3 -c 'import rdflib, networkx, SPARQLWrapper' >/dev/null 2>&1; then
    if ! python3 -m pip --version >/dev/null 2>&1; then
        step "installing Debian packages: python3 python3-pip"
        apt_install python3 python3-pip
    fi
    step "installing Python packages: rdflib networkx SPARQLWrapper"
    pip_args=(--quiet --disable-pip-version-check)
    # Debian's own python3 refuses system-wide installs (PEP 668) unless told otherwise.
    if python3 -m pip install --help 2>/dev/null | grep -q -- '--break-system-packages'; then
        if [ -n "$(python3 -c 'import sys, sysconfig, os; p = os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED"); print(p if os.path.exists(p) and sys.prefix == sys.base_prefix else "")')" ]; then
            pip_args+=(--break-system-packages)
        fi
    fi
    python3 -m pip install "${pip_args[@]}" rdflib networkx SPARQLWrapper
else
    step "Python packages present: rdflib, networkx, SPARQLWrapper"
fi

# --- checks -------------------------------------------------------------------------
step "checking ontology/ data (scripts/check_data.py)"
python3 scripts/check_data.py

step "cargo fmt --all -- --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings

step "cargo test --all-targets; cargo test --doc ${*:-}"
# --all-targets builds and runs lib, bin, tests, examples and benches, but not doctests,
# so doctests get their own run. Extra arguments go to both.
cargo test --all-targets "$@"
cargo test --doc "$@"

step "all checks passed"

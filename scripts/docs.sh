#!/usr/bin/env bash
# make docs: lint the collection's documentation, then build the docs site (HTML) from the plugins'
# documentation and the roles' argument_specs with antsibull-docs and Sphinx, warnings as errors.
# Output: build/docs/html/index.html (AMANE_DOCS_DIR overrides build/docs). Needs no network.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${AMANE_DOCS_DIR:-$root/build/docs}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

collection="$("$root/scripts/export-collection.sh" "$work/collections")"
export ANSIBLE_COLLECTIONS_PATH="$work/collections"

echo "== antsibull-docs lint-collection-docs"
antsibull-docs lint-collection-docs --plugin-docs "$collection"

echo "== antsibull-docs collection (reStructuredText)"
mkdir -m 0700 "$work/rst"  # antsibull-docs refuses a destination others may write to
antsibull-docs --config-file "$root/docs/site/antsibull-docs.cfg" collection --use-current --squash-hierarchy \
  --fail-on-error --cleanup everything --dest-dir "$work/rst" amane.telework

echo "== sphinx-build (HTML)"
python3 "$root/scripts/docs_offline_inventory.py" "$work/ansible_devel.inv"
export AMANE_DOCS_ANSIBLE_INVENTORY="$work/ansible_devel.inv"
rm -rf "$out/html"
mkdir -p "$out"
sphinx-build -q -b html -c "$root/docs/site" -W --keep-going "$work/rst" "$out/html"
echo "docs site: $out/html/index.html"

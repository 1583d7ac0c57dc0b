#!/usr/bin/env bash
# make changelog: lint the changelog fragments, check that every change to the code carries one,
# and print the release notes they would make (antsibull-changelog release, in a throw-away copy).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
antsibull-changelog lint
python3 scripts/check_changelog_fragments.py
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
copy="$(scripts/export-collection.sh "$work")"
version="$(python3 -c 'import yaml; print(yaml.safe_load(open("galaxy.yml"))["version"])')"
(cd "$copy" && antsibull-changelog release --version "$version" >/dev/null)
echo "== release notes of $version, as make release VERSION=$version would write them into CHANGELOG.md"
cat "$copy/CHANGELOG.md"

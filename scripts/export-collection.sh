#!/usr/bin/env bash
# Copy the checkout, as git sees it (tracked files and new ones not ignored), into
# DEST/ansible_collections/amane/telework: the layout ansible-test and antsibull-docs need,
# without the venv, caches, lab state or build output that sit beside the sources.
# Usage: scripts/export-collection.sh DEST   (prints the collection's path)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:?usage: scripts/export-collection.sh DEST}/ansible_collections/amane/telework"
mkdir -p "$dest"
# A file deleted in the work tree but not yet in git is skipped, as the next commit would.
git -C "$root" ls-files -z --cached --others --exclude-standard \
  | (cd "$root" && tar --null -T - --ignore-failed-read -cf - 2>/dev/null) \
  | tar -xf - -C "$dest"
echo "$dest"

#!/usr/bin/env bash
# make artifact: build the collection's artifact as Galaxy and AWX/AAP receive it
# (ansible-galaxy collection build, honouring galaxy.yml's build_ignore), install it into an empty
# collections path, then use it from a folder outside the checkout: ansible-doc of every module
# and filter, the inventory plugin, and tests/artifact/use-installed.yml.
# Output: build/artifact/amane-telework-<version>.tar.gz (AMANE_ARTIFACT_DIR overrides build/artifact).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${AMANE_ARTIFACT_DIR:-$root/build/artifact}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Build from the files git knows, as a clean clone has them (no venv, lab state or reports).
source_dir="$("$root/scripts/export-collection.sh" "$work/source")"
mkdir -p "$out"
rm -f "$out"/amane-telework-*.tar.gz
ansible-galaxy collection build --force --output-path "$out" "$source_dir"
artifact="$(ls "$out"/amane-telework-*.tar.gz)"

# What must not ship: tests, lab state, caches, the checkout's collections/ symlink loop.
unwanted="$(tar -tzf "$artifact" | grep -E '^(tests|molecule|bench|collections|build|reports|\.venv|\.cache|\.ci)/|\.sqlite|/\.state/' || true)"
if [ -n "$unwanted" ]; then
  echo "artifact-check: $artifact holds files build_ignore should leave out:" >&2
  echo "$unwanted" | head -20 >&2
  exit 1
fi

# Installed into an empty path, used from outside the checkout with an ansible.cfg that names only
# that path, so nothing can come from the checkout's own collections/ folder.
# localhost's modules run with this Python: the one that has the collection's requirements.
printf '[defaults]\ncollections_path = %s\ninterpreter_python = %s\n' "$work/installed" "$(command -v python3)" > "$work/ansible.cfg"
export ANSIBLE_CONFIG="$work/ansible.cfg"
unset ANSIBLE_COLLECTIONS_PATH
cd "$work"
ansible-galaxy collection install --offline -p "$work/installed" "$artifact"
test -f "$work/installed/ansible_collections/amane/telework/MANIFEST.json" \
  || { echo "artifact-check: the artifact did not install into $work/installed" >&2; exit 1; }
documented="$(python3 - "$work/installed/ansible_collections/amane/telework" <<'PY'
import json, subprocess, sys
installed = sys.argv[1] + "/"
counts = []
for kind in ("module", "filter", "inventory"):
    listing = json.loads(subprocess.run(["ansible-doc", "-t", kind, "-l", "amane.telework", "--json"], check=True,
                                        capture_output=True, text=True).stdout or "{}")
    if not listing:
        sys.exit("artifact-check: no %s plugin of amane.telework in the installed copy" % kind)
    docs = json.loads(subprocess.run(["ansible-doc", "-t", kind, "--json", *sorted(listing)], check=True,
                                     capture_output=True, text=True).stdout)
    for name, entry in sorted(docs.items()):
        if not entry["doc"]["filename"].startswith(installed):
            sys.exit("artifact-check: %s %s documented from %s, not from the installed copy" % (kind, name, entry["doc"]["filename"]))
    counts.append("%d %s" % (len(docs), kind))
roles = json.loads(subprocess.run(["ansible-doc", "-t", "role", "-l", "amane.telework", "--json"], check=True,
                                  capture_output=True, text=True).stdout or "{}")
if not roles:
    sys.exit("artifact-check: no role of amane.telework in the installed copy (meta/argument_specs.yml)")
counts.append("%d role" % len(roles))
print(", ".join(counts))
PY
)"

cp "$root/tests/artifact/use-installed.yml" "$work/"
ansible-playbook -i localhost, -c local -e artifact_registry="$work/registry.sqlite" "$work/use-installed.yml"
printf 'plugin: amane.telework.registry\nregistry_path: %s\n' "$work/registry.sqlite" > "$work/fleet.registry.yml"
ansible-inventory -i "$work/fleet.registry.yml" --list > "$work/fleet.json"
python3 - "$work/fleet.json" <<'PY'
import json, sys
hosts = json.load(open(sys.argv[1]))["_meta"]["hostvars"]
assert "pc-artifact-1" in hosts, "the installed inventory plugin did not list the enrolled device: %s" % sorted(hosts)
PY
echo "artifact-check: $(basename "$artifact") ($(du -k "$artifact" | cut -f1) KiB): documented from the installed copy: $documented; the playbook and the inventory plugin ran from it"

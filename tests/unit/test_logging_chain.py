"""amane-logchain: sealing closed files and detecting edits and deletions (M12b)."""

import datetime
import gzip
import json
import os

import pytest

from .logging_scripts import load

chain_tool = load("amane-logchain")
NOW = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.timezone.utc)


@pytest.fixture
def store(tmp_path):
    for host in ("laptop", "db1"):
        (tmp_path / "store" / host).mkdir(parents=True)
        with gzip.open(str(tmp_path / "store" / host / "system.log-20261122-1.gz"), "wt") as handle:
            handle.write("line of %s\n" % host)
        (tmp_path / "store" / host / "system.log").write_text("open file, not sealed\n")
    return str(tmp_path / "store"), str(tmp_path / "chain" / "chain.jsonl")


def test_seal_only_closed_files_once(store):
    root, chain = store
    assert len(chain_tool.seal(root, chain, NOW)) == 2
    assert chain_tool.seal(root, chain, NOW) == []
    paths = [entry["path"] for entry in chain_tool.read_chain(chain)]
    assert paths == ["db1/system.log-20261122-1.gz", "laptop/system.log-20261122-1.gz"]


def test_intact_chain_verifies(store):
    root, chain = store
    chain_tool.seal(root, chain, NOW)
    assert chain_tool.verify(root, chain, 365, NOW) == ([], [])


def test_edited_file_is_detected(store):
    root, chain = store
    chain_tool.seal(root, chain, NOW)
    with open(os.path.join(root, "laptop", "system.log-20261122-1.gz"), "ab") as handle:
        handle.write(b"x")
    problems, _ = chain_tool.verify(root, chain, 365, NOW)
    assert problems == ["laptop/system.log-20261122-1.gz: content changed since it was sealed"]


def test_deleted_file_is_detected_within_retention(store):
    root, chain = store
    chain_tool.seal(root, chain, NOW)
    os.remove(os.path.join(root, "db1", "system.log-20261122-1.gz"))
    problems, _ = chain_tool.verify(root, chain, 365, NOW)
    assert len(problems) == 1 and "deleted" in problems[0]


def test_deletion_after_retention_is_expected(store):
    root, chain = store
    chain_tool.seal(root, chain, NOW - datetime.timedelta(days=400))
    os.remove(os.path.join(root, "db1", "system.log-20261122-1.gz"))
    problems, notes = chain_tool.verify(root, chain, 365, NOW)
    assert problems == [] and "retention" in notes[0]


def test_edited_chain_entry_breaks_the_chain(store):
    root, chain = store
    chain_tool.seal(root, chain, NOW)
    entries = chain_tool.read_chain(chain)
    entries[0]["sealed_at"] = "2020-01-01T00:00:00Z"
    with open(chain, "w") as handle:
        handle.write("".join(json.dumps(entry) + "\n" for entry in entries))
    problems, _ = chain_tool.verify(root, chain, 365, NOW)
    assert any("chain entry 1" in problem for problem in problems)


def test_removed_chain_entry_breaks_the_chain(store):
    root, chain = store
    chain_tool.seal(root, chain, NOW)
    lines = open(chain).read().splitlines(True)
    open(chain, "w").write(lines[1])
    problems, _ = chain_tool.verify(root, chain, 365, NOW)
    assert problems and "chain entry 1" in problems[0]


def test_verify_exit_status(store, capsys):
    root, chain = store
    chain_tool.seal(root, chain, NOW)
    assert chain_tool.main(["verify", "--store", root, "--chain", chain]) == 0
    os.remove(os.path.join(root, "laptop", "system.log-20261122-1.gz"))
    assert chain_tool.main(["verify", "--store", root, "--chain", chain]) == 1
    assert "TAMPERED" in capsys.readouterr().out

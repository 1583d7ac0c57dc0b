"""amane-logchain: sealing closed files and detecting edits and deletions (M12b)."""

import datetime
import gzip
import json
import os

import pytest

from tests.unit.logging_scripts import load

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
    problems, _unused = chain_tool.verify(root, chain, 365, NOW)
    assert problems == ["laptop/system.log-20261122-1.gz: content changed since it was sealed"]


def test_deleted_file_is_detected_within_retention(store):
    root, chain = store
    chain_tool.seal(root, chain, NOW)
    os.remove(os.path.join(root, "db1", "system.log-20261122-1.gz"))
    problems, _unused = chain_tool.verify(root, chain, 365, NOW)
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
    problems, _unused = chain_tool.verify(root, chain, 365, NOW)
    assert any("chain entry 1" in problem for problem in problems)


def test_removed_chain_entry_breaks_the_chain(store):
    root, chain = store
    chain_tool.seal(root, chain, NOW)
    lines = open(chain).read().splitlines(True)
    open(chain, "w").write(lines[1])
    problems, _unused = chain_tool.verify(root, chain, 365, NOW)
    assert problems and "chain entry 1" in problems[0]


def test_verify_exit_status(store, capsys):
    root, chain = store
    chain_tool.seal(root, chain, NOW)
    assert chain_tool.main(["verify", "--store", root, "--chain", chain]) == 0
    os.remove(os.path.join(root, "laptop", "system.log-20261122-1.gz"))
    assert chain_tool.main(["verify", "--store", root, "--chain", chain]) == 1
    assert "TAMPERED" in capsys.readouterr().out


def add_closed_file(root, host, name, text):
    with gzip.open(os.path.join(root, host, name), "wt") as handle:
        handle.write(text)


def anchored(chain):
    """The head as the controller records it after a run (amane-logchain head)."""
    head = chain_tool.head(chain)
    return [(head["seq"], head["entry"])]


def test_removing_the_newest_file_with_its_entry_is_caught_by_the_head_recorded_off_log1(store):
    root, chain = store
    chain_tool.seal(root, chain, NOW)
    anchors = anchored(chain)
    lines = open(chain).read().splitlines(True)
    open(chain, "w").write("".join(lines[:-1]))  # newest entry gone ...
    os.remove(os.path.join(root, "laptop", "system.log-20261122-1.gz"))  # ... with its file
    assert chain_tool.verify(root, chain, 365, NOW)[0] == []  # the chain alone cannot tell
    problems, _unused = chain_tool.verify(root, chain, 365, NOW, anchors=anchors)
    assert problems == ["chain entry 2: missing, but its head was recorded off log1: the chain was cut "
                        "(entries removed with their files)"]


def test_a_forged_file_re_sealed_into_a_recomputed_chain_is_caught(store):
    root, chain = store
    chain_tool.seal(root, chain, NOW)
    anchors = anchored(chain)
    # root on log1 forges the laptop's file and rebuilds the whole chain from scratch
    add_closed_file(root, "laptop", "system.log-20261122-1.gz", "forged line\n")
    os.remove(chain)
    chain_tool.seal(root, chain, NOW + datetime.timedelta(minutes=5))
    assert chain_tool.verify(root, chain, 365, NOW)[0] == []
    problems, _unused = chain_tool.verify(root, chain, 365, NOW, anchors=anchors)
    assert len(problems) == 1 and "chain entry 2 (laptop/system.log-20261122-1.gz): differs" in problems[0]
    assert "re-sealed" in problems[0]


def test_reordered_entries_are_named(store):
    root, chain = store
    chain_tool.seal(root, chain, NOW)
    lines = open(chain).read().splitlines(True)
    open(chain, "w").write(lines[1] + lines[0])
    problems, _unused = chain_tool.verify(root, chain, 365, NOW, anchors=anchored(chain))
    assert any("edited, removed or reordered" in p for p in problems)


@pytest.mark.parametrize("damage", ['{"seq": 3, "sealed_at": "2026-11-2', "not json at all", '{"seq": "x"}', "[1, 2]"])
def test_a_damaged_chain_line_is_reported_and_sealing_goes_on(store, capsys, damage):
    root, chain = store
    chain_tool.seal(root, chain, NOW)
    with open(chain, "a") as handle:
        handle.write(damage)  # a write cut by a full disk or a kill: no final newline
    add_closed_file(root, "db1", "system.log-20261123-1.gz", "next day\n")
    added = chain_tool.seal(root, chain, NOW)  # no traceback, the new file is sealed
    assert [e["path"] for e in added] == ["db1/system.log-20261123-1.gz"] and added[0]["seq"] == 3
    problems, _unused = chain_tool.verify(root, chain, 365, NOW)
    assert problems == ["chain line 3: damaged (not a whole entry: a cut write or an edit)"]
    assert chain_tool.main(["verify", "--store", root, "--chain", chain]) == 1
    assert "TAMPERED: chain line 3: damaged" in capsys.readouterr().out


def test_head_and_anchor_on_the_command_line(store, capsys):
    root, chain = store
    chain_tool.seal(root, chain, NOW)
    assert chain_tool.main(["head", "--chain", chain]) == 0
    head = json.loads(capsys.readouterr().out)
    assert head["seq"] == 2 and len(head["entry"]) == 64
    anchor = "%d:%s" % (head["seq"], head["entry"])
    assert chain_tool.main(["verify", "--store", root, "--chain", chain, "--anchor", anchor]) == 0
    with pytest.raises(SystemExit):
        chain_tool.main(["verify", "--store", root, "--chain", chain, "--anchor", "2:nothex"])
    assert "give SEQ:HASH" in capsys.readouterr().err

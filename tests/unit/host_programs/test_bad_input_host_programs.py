"""Bad input to the host programs the roles install (roles/*/files/amane-*), one row per case.

Each row runs one program the way its host runs it: the Python ones with the test interpreter
(sys.executable, never whatever python3 the caller's PATH holds), the shell ones with bash, in a
minimal environment, against a temporary tree. Where the real tool needs root or a service (wg,
logger, borg for the repository side), a stand-in on the child's PATH answers and records every
call that would change something inside the tree, so a call made despite a refusal shows up.

Every row checks four things:
1. the exit status: 2 when the invocation or the configuration is wrong (fix it and run again),
   1 when the run is refused or fails on what it found, 0 only where the program's contract is to
   skip what is damaged and report it;
2. the output names the argument, field or file at fault;
3. no Python traceback escaped;
4. the tree (paths, contents, modes) is exactly as before, except the files the program documents
   it changes in that case (a damaged state file kept aside, a half-written spool file dropped,
   the summary it writes while skipping a damaged journal): exactly those and nothing else.
"""

import collections
import datetime
import gzip
import hashlib
import json
import os
import socket
import stat
import subprocess
import sys

import pytest

from tests.unit.role_scripts import ROLES, load

DIR = object()  # a directory where the program expects a file
MISSING = object()  # a configuration key left out

# program -> (role, interpreter)
PROGRAMS = {
    "amane-logchain": ("logging", "python"),
    "amane-log-forward": ("logging", "python"),
    "amane-telework-hours": ("logging", "python"),
    "amane-audit-rules-check": ("logging", "python"),
    "amane-backup": ("backup", "python"),
    "amane-backup-prune": ("backup", "python"),
    "amane-vpn-session": ("vpn", "python"),
    "amane-vpn-apply-peers": ("vpn", "bash"),
    "amane-wifi-guard": ("endpoint_hardening", "python"),
    "amane-av-removable": ("antivirus", "bash"),
}

NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = (NOW.date() - datetime.timedelta(days=1)).isoformat()  # what the daily timer summarizes
HEX = "a" * 64


def closed_port():
    """A local port nothing listens on: a forwarder that tries to deliver fails at once."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        return sock.getsockname()[1]


CLOSED_PORT = closed_port()


# --- the tree ---------------------------------------------------------------------------------


def write(root, rel, content, mode=None):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if content is DIR:
        os.makedirs(path, exist_ok=True)
        os.chmod(path, mode or 0o755)
        return
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    with open(path, "wb") as handle:
        handle.write(data)
    os.chmod(path, mode or 0o644)


def remove(root, rel):
    path = os.path.join(root, rel)
    if os.path.isdir(path) and not os.path.islink(path):
        os.rmdir(path)
    elif os.path.lexists(path):
        os.unlink(path)


def appended(text):
    """A file override that adds ``text`` to the base file instead of replacing it."""
    def apply(root, rel):
        with open(os.path.join(root, rel), "ab") as handle:
            handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
    return apply


def digest(root):
    """{relative path: (kind, mode, sha256 or link target)} of everything under ``root``."""
    seen = {}
    for directory, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(directory, name)
            rel = os.path.relpath(path, root)
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                seen[rel] = ("link", 0, os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                seen[rel] = ("dir", stat.S_IMODE(info.st_mode), "")
            else:
                with open(path, "rb") as handle:
                    seen[rel] = ("file", stat.S_IMODE(info.st_mode), hashlib.sha256(handle.read()).hexdigest())
    return seen


def expand(value, root, outside):
    """{t}: the tree, {r}: the tree without its leading slash (as systemd's %I), {o}: outside it."""
    if isinstance(value, str):
        return value.replace("{t}", root).replace("{r}", root.lstrip("/")).replace("{o}", outside)
    if isinstance(value, bytes):
        return value.replace(b"{t}", root.encode()).replace(b"{o}", outside.encode())
    return value


# --- stand-ins for the tools that need root or a service ---------------------------------------

FAKES = {
    # Answers "show IF dump" from $FAKE_WG_PEERS (NOW: the current time) and "show IF peers" from
    # $FAKE_WG_LIVE (the interface's live keys, one per line); every other call would
    # change the interface, so it is recorded in the tree.
    "wg": """#!/bin/bash
if [ "$1" = show ]; then
  if [ -n "${FAKE_WG_FAIL:-}" ]; then echo "Unable to access interface: No such device" >&2; exit 1; fi
  if [ "${3:-}" = peers ]; then [ -n "${FAKE_WG_LIVE:-}" ] && cat "$FAKE_WG_LIVE"; exit 0; fi
  printf 'PRIVATE=\\tPUBLIC=\\t51820\\toff\\n'
  [ -n "${FAKE_WG_PEERS:-}" ] && sed "s/NOW/$(date +%s)/g" "$FAKE_WG_PEERS"
  exit 0
fi
{ echo "wg $*"; [ "$1" = syncconf ] && cat "$3"; } >> "$FAKE_CALLS"
""",
    # The journal is outside the tree: a call changes nothing there.
    "logger": """#!/bin/bash
echo "logger $*" >> "$FAKE_OUTSIDE/logger.log"
""",
    # The repository side of amane-backup-prune: "list" prints $FAKE_BORG_LIST; delete and prune
    # are recorded in the tree (a deletion after a refusal shows up as a change).
    "borg": """#!/bin/bash
if [ "$1" = list ]; then
  if [ -n "${FAKE_BORG_RC:-}" ]; then echo "Repository $3 does not exist." >&2; exit "$FAKE_BORG_RC"; fi
  if [ -n "${FAKE_BORG_LIST:-}" ]; then cat "$FAKE_BORG_LIST"; else echo '{"archives": []}'; fi
  exit 0
fi
echo "borg $*" >> "$FAKE_CALLS"
""",
}
FAKES_OF = {"amane-backup-prune": ("wg", "logger", "borg")}


# --- the base tree of each program: good input, which each row spoils in one place -------------


def gz(text):
    return gzip.compress(text.encode("utf-8"), mtime=0)


CHAIN_TOOL = load("logging", "amane-logchain")
CLOSED = "store/laptop/system.log-20261122-1.gz"


def base_logchain(root):
    write(root, CLOSED, gz("line of laptop\n"))
    write(root, "store/laptop/system.log", "open file, not sealed\n")
    write(root, "chain", DIR)
    CHAIN_TOOL.seal(os.path.join(root, "store"), os.path.join(root, "chain", "chain.jsonl"), NOW)  # line 1
    os.chmod(os.path.join(root, "chain", "chain.jsonl"), 0o644)


def chain_entry(**changes):
    entry = {"seq": 2, "sealed_at": "2026-11-23T00:00:00Z", "path": "laptop/system.log-20261123-1.gz",
             "sha256": HEX, "prev": HEX, "entry": HEX}
    entry.update(changes)
    return json.dumps(entry, sort_keys=True) + "\n"


DEVICES = {"dev-0001": {"owner_id": "emp-42", "schedule": {"days": ["mon", "tue", "wed", "thu", "fri"],
                                                           "start": "08:30", "end": "16:30"}}}


def telework_config(**changes):
    cfg = {"purpose": "check the A17 hours", "pseudonymize": True, "retention_days": 30, "devices": DEVICES,
           "output_dir": "{t}/out", "key_file": "{t}/key", "journal_glob": "{t}/store/*/vpn-session.log*"}
    cfg.update(changes)
    return json.dumps({k: v for k, v in cfg.items() if v is not MISSING})


def session_line(event, clock):
    return ("%sT10:00:00+00:00 gw1 amane-vpn-session[12]: event=%s device_id=dev-0001 vpn_address=10.8.0.2 "
            "time=%sT%sZ rx_bytes=1 tx_bytes=2\n" % (DAY, event, DAY, clock))


def devices(**schedule_or_info):
    info = json.loads(json.dumps(DEVICES["dev-0001"]))
    for key, value in schedule_or_info.items():
        if key in ("days", "start", "end"):
            info["schedule"][key] = value
        else:
            info[key] = value
    return {"dev-0001": info}


def base_telework(root):
    write(root, "config.json", expand(telework_config(), root, ""))
    write(root, "key", b"k" * 32, 0o600)
    write(root, "store/gw1/vpn-session.log", session_line("connect", "09:00:00") + session_line("disconnect", "10:30:00"))
    write(root, "out", DIR, 0o750)


def base_audit(root):
    write(root, "rules", DIR)


def forward_config(**changes):
    cfg = {"target": "127.0.0.1", "port": CLOSED_PORT, "server_name": "localhost", "ca": "{t}/pki/ca.crt",
           "cert": "{t}/pki/host.crt", "key": "{t}/pki/host.key", "spool_dir": "{t}/spool",
           "spool_max_bytes": 1 << 20, "window": 4, "ack_timeout": 2, "connect_timeout": 1, "retry_pause": 0.2}
    cfg.update(changes)
    return json.dumps({k: v for k, v in cfg.items() if v is not MISSING})


def base_forward(root):
    write(root, "forward.json", expand(forward_config(), root, ""))
    for name in ("ca.crt", "host.crt", "host.key"):
        write(root, "pki/" + name, "-----BEGIN stand-in-----\n", 0o600)
    write(root, "spool", DIR, 0o700)
    write(root, "spool/.lock", "", 0o644)


GOOD_STATUS = {"engine": "postgresql", "database": "appdb", "host": "db1",
               "last_good": {"archive": "db1-postgresql-appdb-20261130T013000Z", "run_id": "20261130T013000Z",
                             "finished_at": "2026-11-30T01:31:00Z", "size_bytes": 1, "stored_bytes": 1, "checksums": {}}}


def backup_config(**changes):
    cfg = {"host": "db1", "env_file": "{t}/backup.env", "repository": "{t}/repo", "borg_rsh": "ssh -o BatchMode=yes",
           "borg_base_dir": "{t}/base", "archive_prefix": "db1", "status_dir": "{t}/status", "lock_file": "{t}/lock",
           "compression": "lz4", "checksums": True, "verify_data": False, "scratch_prefix": "amane_scratch_",
           "paths": ["{t}/data"],
           "postgresql": {"host": "127.0.0.1", "port": 5432, "user": "amane_backup", "dump_compression": 0,
                          "databases": ["appdb"]},
           "mariadb": {"socket": "/run/mysqld/mysqld.sock", "databases": ["shop"]}}
    for key, value in changes.items():
        section, _unused, field = key.partition("__")
        if field:
            cfg[section] = dict(cfg[section], **{field: value})
        else:
            cfg[key] = value
    return json.dumps({k: v for k, v in cfg.items() if v is not MISSING})


def base_backup(root):
    write(root, "backup.json", expand(backup_config(), root, ""))
    write(root, "backup.env", "BORG_PASSPHRASE=unit-Passphrase-8c2e\nPGPASSWORD=unit-Password-1f0a\n", 0o600)
    write(root, "data/a.conf", "one\n")
    write(root, "status/postgresql-appdb.json", json.dumps(GOOD_STATUS, indent=1, sort_keys=True))


def base_prune(root):
    write(root, "repo", DIR, 0o700)


SESSION_KEY = "K" * 42 + "A="
STATE = {SESSION_KEY: {"connected": True, "name": {"device_id": "dev-0001", "vpn_address": "10.8.0.2"}, "rx": 100, "tx": 200}}


def peers_conf(device="dev-0001", key="K1=", allowed="10.8.0.2/32"):
    """A peers file as roles/vpn's peers.conf.j2 writes it (the session journal's names)."""
    return ("[Interface]\nListenPort = 51820\n\n[Peer]\n# %s Ministry\nPublicKey = %s\nAllowedIPs = %s\n"
            % (device, key, allowed))


def base_session(root):
    write(root, "wg0.peers.conf", peers_conf(key=SESSION_KEY))
    write(root, "state.json", json.dumps(STATE, sort_keys=True))


KEY_A = "a" * 42 + "A="
KEY_B = "B" * 42 + "A="  # sorts before KEY_A byte for byte, after it when case is ignored
SYNC_PEERS = ("[Interface]\nListenPort = 51820\n\n[Peer]\n# dev-0001 Ministry\nPublicKey = %s\nAllowedIPs = 10.8.0.2/32\n\n"
              "[Peer]\n# dev-0002 Ministry\nPublicKey = %s\nAllowedIPs = 10.8.0.3/32\n" % (KEY_A, KEY_B))


def base_apply_peers(root):
    write(root, "wireguard/wg0.key", "cGxhY2Vob2xkZXIgcHJpdmF0ZSBrZXkgb2YgdGVzdHM=\n", 0o600)
    write(root, "wireguard/wg0.peers.conf", "[Interface]\nListenPort = 51820\n\n[Peer]\n# dev-0001\nPublicKey = K1=\n"
                                            "AllowedIPs = 10.8.0.2/32\n")


def base_wifi(root):
    write(root, "nm/home.nmconnection", "[connection]\nid=home\ntype=wifi\n\n[wifi-security]\nkey-mgmt=wpa-psk\npsk=x\n", 0o600)
    write(root, "nm/cafe.nmconnection", "[connection]\nid=cafe\ntype=wifi\nautoconnect=false\n", 0o600)


def base_av(root):
    write(root, "media", DIR)
    write(root, "scan/readme.txt", "a file on the medium\n")


BASES = {
    "amane-logchain": base_logchain, "amane-telework-hours": base_telework, "amane-audit-rules-check": base_audit,
    "amane-log-forward": base_forward, "amane-backup": base_backup, "amane-backup-prune": base_prune,
    "amane-vpn-session": base_session, "amane-vpn-apply-peers": base_apply_peers, "amane-wifi-guard": base_wifi,
    "amane-av-removable": base_av,
}

# Environment every run of a program gets, on top of PATH, HOME, LANG and TMPDIR.
BASE_ENV = {
    "amane-backup-prune": {"BORG_REPO": "{t}/repo"},
    "amane-vpn-session": {"FAKE_WG_PEERS": "{o}/wg-peers"},
    "amane-vpn-apply-peers": {"AMANE_WIREGUARD_DIR": "{t}/wireguard"},
    "amane-av-removable": {"AMANE_MOUNT_ROOT": "{t}/media"},
}
# Files outside the tree (what the stand-ins answer).
BASE_OUTSIDE = {
    "amane-vpn-session": {"wg-peers": SESSION_KEY + "\t(none)\t198.51.100.7:51820\t10.8.0.2/32\tNOW\t100\t200\toff\n"},
}


# --- the rows ---------------------------------------------------------------------------------

Row = collections.namedtuple("Row", "program case argv rc words files env stdin changed outside then")


def row(program, case, argv, rc, words, files=None, env=None, stdin="", changed=None, outside=None, then=None):
    """``changed``: {path: "added" | "removed" | "modified"}, what the program documents it does in
    that case; ``then(root)``: further checks of what it wrote."""
    return Row(program, case, argv, rc, words, files or {}, env or {}, stdin, changed or {}, outside or {}, then)


CHAIN = "{t}/chain/chain.jsonl"


def sealed_after_damage(root):
    """The new file chained on entry 1, the damaged line kept for verify to report."""
    chain = os.path.join(root, "chain", "chain.jsonl")
    entries, damaged = CHAIN_TOOL.read_chain_lines(chain)
    assert [(e["seq"], e["path"]) for e in entries] == [(1, "laptop/system.log-20261122-1.gz"), (2, "db1/system.log-20261123-1.gz")]
    assert entries[1]["prev"] == entries[0]["entry"] and damaged == [2]
    problems, _unused = CHAIN_TOOL.verify(os.path.join(root, "store"), chain, 365)
    assert problems == ["chain line 2: damaged (not a whole entry: a cut write or an edit)"]


STORE = "{t}/store"
VERIFY = ["verify", "--store", STORE, "--chain", CHAIN]


def logchain(case, argv, rc, words, **kw):
    return row("amane-logchain", case, argv, rc, words, **kw)


LOGCHAIN_ROWS = [
    logchain("unknown subcommand", ["sign", "--chain", CHAIN], 2, ["command", "sign"]),
    logchain("no subcommand", ["--chain", CHAIN], 2, ["command"]),
    logchain("missing --chain", ["verify", "--store", STORE], 2, ["--chain"]),
    logchain("verify without --store", ["verify", "--chain", CHAIN], 2, ["--store"]),
    logchain("unknown option", VERIFY + ["--force"], 2, ["--force"]),
    logchain("retention not a number", VERIFY + ["--retention-days", "abc"], 2, ["--retention-days"]),
    logchain("retention negative", VERIFY + ["--retention-days", "-1"], 2, ["--retention-days"]),
    logchain("retention zero", VERIFY + ["--retention-days", "0"], 2, ["--retention-days"]),
    logchain("retention out of range", VERIFY + ["--retention-days", "99999999"], 2, ["--retention-days"]),
    logchain("retention with a final newline", VERIFY + ["--retention-days", "30\n"], 2, ["--retention-days"]),
    logchain("anchor hash too short", VERIFY + ["--anchor", "1:" + "a" * 63], 2, ["--anchor"]),
    logchain("anchor seq zero", VERIFY + ["--anchor", "0:" + HEX], 2, ["--anchor"]),
    logchain("anchor seq a non-ASCII digit", VERIFY + ["--anchor", "\u00b2:" + HEX], 2, ["--anchor", "SEQ:HASH"]),
    logchain("anchor with a final newline", VERIFY + ["--anchor", "1:" + HEX + "\n"], 2, ["--anchor"]),
    logchain("anchor uppercase hash", VERIFY + ["--anchor", "1:" + "A" * 64], 2, ["--anchor"]),
    logchain("anchor looks like an option", VERIFY + ["--anchor", "-oX"], 2, ["--anchor"]),
    logchain("empty --chain", ["head", "--chain", ""], 2, ["--chain"]),
    logchain("store missing", ["verify", "--store", "{t}/nostore", "--chain", CHAIN], 2, ["--store", "nostore"]),
    logchain("store is a file", ["seal", "--store", "{t}/store/laptop/system.log", "--chain", CHAIN], 2, ["--store"]),
    logchain("chain is a directory (verify)", VERIFY, 1, ["chain.jsonl"], files={"chain/chain.jsonl": DIR}),
    logchain("chain is a directory (head)", ["head", "--chain", CHAIN], 1, ["chain.jsonl"], files={"chain/chain.jsonl": DIR}),
    logchain("chain is a directory (seal)", ["seal", "--store", STORE, "--chain", CHAIN], 1, ["chain.jsonl"],
             files={"chain/chain.jsonl": DIR, "store/db1/system.log-20261123-1.gz": gz("next\n")}),
    logchain("partial last chain line", VERIFY, 1, ["chain line 2", "damaged"],
             files={"chain/chain.jsonl": appended('{"seq": 2, "sealed_at": "2026-11-2')}),
    logchain("chain entry path of the wrong type", VERIFY, 1, ["chain line 2", "damaged"],
             files={"chain/chain.jsonl": appended(chain_entry(path=5))}),
    logchain("chain entry hash of the wrong type", VERIFY, 1, ["chain line 2", "damaged"],
             files={"chain/chain.jsonl": appended(chain_entry(entry=["x"]))}),
    logchain("chain entry seq a boolean", VERIFY, 1, ["chain line 2", "damaged"],
             files={"chain/chain.jsonl": appended(chain_entry(seq=True))}),
    logchain("chain entry path outside the store", VERIFY, 1, ["chain line 2", "damaged"],
             files={"chain/chain.jsonl": appended(chain_entry(path="../../../etc/passwd"))}),
    logchain("chain entry with an absolute path", VERIFY, 1, ["chain line 2", "damaged"],
             files={"chain/chain.jsonl": appended(chain_entry(path="/etc/passwd"))}),
    logchain("chain line not UTF-8", VERIFY, 1, ["chain line 2", "damaged"],
             files={"chain/chain.jsonl": appended(b"\xff\xfe{garbage\n")}),
    logchain("empty chain against a recorded head", VERIFY + ["--anchor", "1:" + HEX], 1, ["chain entry 1", "missing"],
             files={"chain/chain.jsonl": ""}),
    # seal goes on from the last good entry (documented): the new file is sealed, the bad line named.
    logchain("seal after a wrong-typed last entry", ["seal", "--store", STORE, "--chain", CHAIN], 0, ["chain line 2"],
             files={"chain/chain.jsonl": appended(chain_entry(entry=5)), "store/db1/system.log-20261123-1.gz": gz("next\n")},
             changed={"chain/chain.jsonl": "modified"}, then=sealed_after_damage),
    logchain("sealed file replaced by a directory", VERIFY, 1, [CLOSED.split("/", 1)[1], "not a regular file"],
             files={CLOSED: DIR}),
    # A directory that matches the closed-file pattern is not a closed file: named, left out.
    logchain("directory matching the closed-file pattern", ["seal", "--store", STORE, "--chain", CHAIN], 0,
             ["db1/system.log-20261123-1.gz", "not a regular file"], files={"store/db1/system.log-20261123-1.gz": DIR}),
]


TW = ["--config", "{t}/config.json", "--date", DAY]
SUMMARY = {"out/%s.json" % DAY: "added"}


def skipped(name):
    """The summary is made from the readable journal (09:00-10:30: 90 minutes) and names the skipped file."""
    def check(root):
        with open(os.path.join(root, "out", "%s.json" % DAY)) as handle:
            report = json.load(handle)
        assert [os.path.basename(p) for p in report["skipped_journal_files"]] == ([name] if name else [])
        assert [t["connected_minutes"] for t in report["teleworkers"]] == [90]
    return check


def telework(case, rc, words, argv=None, config=None, **kw):
    argv = TW if argv is None else argv
    if config is not None:
        kw.setdefault("files", {})["config.json"] = telework_config(**config)
    return row("amane-telework-hours", case, argv, rc, words, **kw)


TELEWORK_ROWS = [
    telework("missing --config", 2, ["--config"], argv=["--date", DAY]),
    telework("unknown option", 2, ["--dry-run"], argv=TW + ["--dry-run"]),
    telework("config file missing", 2, ["missing.json"], argv=["--config", "{t}/missing.json", "--date", DAY]),
    telework("config truncated", 2, ["config.json", "JSON"], files={"config.json": '{"purpose": "x", "retention'}),
    telework("config empty", 2, ["config.json"], files={"config.json": ""}),
    telework("config a JSON list", 2, ["config.json", "object"], files={"config.json": "[1, 2]"}),
    telework("config is a directory", 2, ["config.json"], files={"config.json": DIR}),
    telework("date out of range", 2, ["--date"], argv=["--config", "{t}/config.json", "--date", "2026-13-01"]),
    telework("date with a final newline", 2, ["--date"], argv=["--config", "{t}/config.json", "--date", DAY + "\n"]),
    telework("date in another format", 2, ["--date"], argv=["--config", "{t}/config.json", "--date", "23/11/2026"]),
    telework("date looks like an option", 2, ["--date"], argv=["--config", "{t}/config.json", "--date", "-oX"]),
    telework("purpose missing", 2, ["purpose"], config={"purpose": MISSING}),
    telework("purpose not text", 2, ["purpose"], config={"purpose": ["monitoring"]}),
    telework("key_file missing", 2, ["key_file"], config={"key_file": MISSING}),
    telework("journal_glob missing", 2, ["journal_glob"], config={"journal_glob": MISSING}),
    telework("output_dir missing", 2, ["output_dir"], config={"output_dir": MISSING}),
    telework("output_dir relative", 2, ["output_dir"], config={"output_dir": "outdir"}),
    telework("retention_days a string", 2, ["retention_days"], config={"retention_days": "30"}),
    telework("retention_days zero", 2, ["retention_days"], config={"retention_days": 0}),
    telework("retention_days negative", 2, ["retention_days"], config={"retention_days": -1}),
    telework("retention_days a boolean", 2, ["retention_days"], config={"retention_days": True}),
    telework("pseudonymize a string", 2, ["pseudonymize"], config={"pseudonymize": "no"}),
    telework("devices a list", 2, ["devices"], config={"devices": ["dev-0001"]}),
    telework("schedule not a mapping", 2, ["dev-0001", "schedule"], config={"devices": {"dev-0001": {"schedule": "mon-fri"}}}),
    telework("schedule start without its leading zero", 2, ["dev-0001", "start"], config={"devices": devices(start="8:30")}),
    telework("schedule start with a final newline", 2, ["dev-0001", "start"], config={"devices": devices(start="08:30\n")}),
    telework("schedule day unknown", 2, ["dev-0001", "days"], config={"devices": devices(days=["monday"])}),
    telework("owner_id a number", 2, ["dev-0001", "owner_id"], config={"devices": devices(owner_id=42)}),
    telework("output_dir is a file", 1, ["output_dir", "outfile"], files={"outfile": ""}, config={"output_dir": "{t}/outfile"}),
    telework("key_file is a directory", 1, ["key_file"], files={"key": DIR}),
    telework("key_file empty", 1, ["key_file", "32"], files={"key": ("", 0o600)}),
    telework("today's summary is a directory", 1, ["%s.json" % DAY], files={"out/%s.json" % DAY: DIR}),
    # Damaged journal files are named and skipped (the summary is written from the others).
    telework("journal file cut short (.gz)", 0, ["vpn-session.log.2.gz"], changed=SUMMARY, then=skipped("vpn-session.log.2.gz"),
             files={"store/gw1/vpn-session.log.2.gz": gz(session_line("connect", "11:00:00") * 50)[:-12]}),
    telework("journal file not gzip", 0, ["vpn-session.log.3.gz"], changed=SUMMARY, then=skipped("vpn-session.log.3.gz"),
             files={"store/gw1/vpn-session.log.3.gz": "plain text, not gzip\n"}),
    telework("directory matching the journal glob", 0, ["vpn-session.log.1"], changed=SUMMARY, then=skipped("vpn-session.log.1"),
             files={"store/gw1/vpn-session.log.1": DIR}),
    telework("stray directory among the summaries", 0, ["2000-01-01.json"], changed=SUMMARY, then=skipped(None),
             files={"out/2000-01-01.json": DIR}),
]


def audit(case, text, rc, words, **kw):
    files = {"rules/bad.rules": text} if text is not None else {}
    return row("amane-audit-rules-check", case, kw.pop("argv", ["{t}/rules/bad.rules"]), rc, words, files=files, **kw)


def rules(line):
    return "# Amane rules\n%s\n" % line


AUDIT_ROWS = [
    audit("no file argument", None, 2, ["FILE"], argv=[]),
    audit("two file arguments", None, 2, ["FILE"], argv=["{t}/a", "{t}/b"]),
    audit("file missing", None, 2, ["missing.rules"], argv=["{t}/rules/missing.rules"]),
    audit("file is a directory", None, 2, ["rules"], argv=["{t}/rules"]),
    audit("file not UTF-8", b"-D\n-w /etc/\xff -p wa -k x\n", 1, ["line 2", "UTF-8"]),
    audit("control character in a rule", rules("-w /etc/sha\x00dow -p wa -k amane_auth"), 1, ["line 2", "control character"]),
    audit("backlog in fullwidth digits", rules("-b \uff18\uff11\uff19\uff12"), 1, ["line 2", "-b"]),
    audit("backlog negative", rules("-b -5"), 1, ["line 2", "-b"]),
    audit("failure mode out of range", rules("-f 7"), 1, ["line 2", "-f"]),
    audit("backlog wait time out of range", rules("--backlog_wait_time 99999999"), 1, ["line 2", "--backlog_wait_time"]),
    audit("rate not a number", rules("-r 10x"), 1, ["line 2", "-r"]),
    audit("enable flag out of range", rules("-e 3"), 1, ["line 2", "-e"]),
    audit("syscall number in non-ASCII digits", rules("-a always,exit -F arch=b64 -S \u00b2 -k amane_x"), 1, ["line 2", "-S"]),
    audit("key given by -F too long", rules("-w /etc/shadow -p wa -F key=" + "k" * 40), 1, ["line 2", "key=", "1-31"]),
    audit("key option without its value", rules("-w /etc/shadow -p wa -k"), 1, ["line 2", "-k needs a value"]),
    audit("watch path relative", rules("-w etc/shadow -p wa -k amane_auth"), 1, ["line 2", "absolute"]),
    audit("permissions look like an option", rules("-w /etc/shadow -p -k amane_auth"), 1, ["line 2", "-p"]),
    audit("unknown option", rules("-Q /etc"), 1, ["line 2", "-Q"]),
]


FW = ["--config", "{t}/forward.json"]


def forward(case, rc, words, config=None, **kw):
    if config is not None:
        kw.setdefault("files", {})["forward.json"] = forward_config(**config)
    return row("amane-log-forward", case, kw.pop("argv", FW), rc, words, **kw)


FORWARD_ROWS = [
    forward("unknown option", 2, ["--spool"], argv=FW + ["--spool", "x"]),
    forward("config file missing", 1, ["missing.json"], argv=["--config", "{t}/missing.json"]),
    forward("config truncated", 1, ["forward.json", "JSON"], files={"forward.json": '{"target": "log1", "po'}),
    forward("config a JSON list", 1, ["forward.json", "object"], files={"forward.json": "[]"}),
    forward("config is a directory", 1, ["forward.json"], files={"forward.json": DIR}),
    forward("spool_dir missing", 1, ["spool_dir"], config={"spool_dir": MISSING}),
    forward("port out of range", 1, ["port"], config={"port": 70000}),
    forward("port a string", 1, ["port"], config={"port": "2514"}),
    forward("port a boolean", 1, ["port"], config={"port": True}),
    forward("window zero", 1, ["window"], config={"window": 0}),
    forward("window a string", 1, ["window"], config={"window": "1024"}),
    forward("ack_timeout negative", 1, ["ack_timeout"], config={"ack_timeout": -1}),
    forward("retry_pause zero", 1, ["retry_pause"], config={"retry_pause": 0}),
    forward("spool_max_bytes a string", 1, ["spool_max_bytes"], config={"spool_max_bytes": "256M"}),
    forward("target with a final newline", 1, ["target"], config={"target": "log1\n"}),
    forward("target looks like an option", 1, ["target"], config={"target": "-oProxyCommand=id"}),
    forward("server_name with a space", 1, ["server_name"], config={"server_name": "log 1"}),
    forward("ca path relative", 1, ["ca"], config={"ca": "ca.crt"}),
    forward("spool_dir relative", 1, ["spool_dir"], config={"spool_dir": "spool"}),
    forward("spool_dir is a file", 1, ["spool_dir"], config={"spool_dir": "{t}/pki/ca.crt"}),
    # The spool's strays: named, neither read nor removed; a half-written batch is dropped (documented).
    forward("directory named like a batch in the spool", 0, ["0000000000000001.batch"],
            files={"spool/0000000000000001.batch": DIR}),
    forward("directory named like a half-written batch", 0, [".tmp-0000000000000002.batch"],
            files={"spool/.tmp-0000000000000002.batch": DIR}),
    forward("stray file in the spool", 0, ["notes.batch"], files={"spool/notes.batch": "not a batch\n"}),
    forward("half-written batch in the spool", 0, [".tmp-0000000000000003.batch"],
            files={"spool/.tmp-0000000000000003.batch": "never confirmed\n"},
            changed={"spool/.tmp-0000000000000003.batch": "removed"}),
]


BK = ["--config", "{t}/backup.json"]
RESTORE = BK + ["restore", "--engine", "postgresql", "--database", "appdb", "--target", "appdb_restored"]
STATUS = "status/postgresql-appdb.json"


def backup(case, argv, rc, words, config=None, **kw):
    if config is not None:
        kw.setdefault("files", {})["backup.json"] = backup_config(**config)
    return row("amane-backup", case, argv, rc, words, **kw)


BACKUP_ROWS = [
    backup("unknown subcommand", BK + ["backup"], 2, ["command", "backup"]),
    backup("no subcommand", BK, 2, ["command"]),
    backup("config file missing", ["--config", "{t}/missing.json", "run"], 2, ["missing.json"]),
    backup("config truncated", BK + ["run"], 2, ["backup.json", "JSON"], files={"backup.json": '{"host": "db1", "repos'}),
    backup("config a JSON list", BK + ["run"], 2, ["backup.json", "object"], files={"backup.json": "[]"}),
    backup("config is a directory", BK + ["run"], 2, ["backup.json"], files={"backup.json": DIR}),
    backup("repository missing", BK + ["run"], 2, ["repository"], config={"repository": MISSING}),
    backup("repository relative", BK + ["run"], 2, ["repository"], config={"repository": "repo"}),
    backup("repository with a final newline", BK + ["run"], 2, ["repository"], config={"repository": "{t}/repo\n"}),
    backup("repository host looks like an ssh option", BK + ["run"], 2, ["repository"],
           config={"repository": "ssh://-oProxyCommand=false/srv/amane-backup/db1"}),
    backup("repository port out of range", BK + ["run"], 2, ["repository"],
           config={"repository": "ssh://borg@bk1.example:99999/srv/amane-backup/db1"}),
    backup("borg_rsh with a line break", BK + ["run"], 2, ["borg_rsh"], config={"borg_rsh": "ssh\n-oProxyCommand=id"}),
    backup("paths a string", BK + ["run"], 2, ["paths"], config={"paths": "{t}/data"}),
    backup("path looks like a borg option", BK + ["run"], 2, ["paths"], config={"paths": ["--exclude-from={t}/data"]}),
    backup("path relative", BK + ["run"], 2, ["paths"], config={"paths": ["data"]}),
    backup("compression with a final newline", BK + ["run"], 2, ["compression"], config={"compression": "lz4\n"}),
    backup("compression unknown", BK + ["run"], 2, ["compression"], config={"compression": "best"}),
    backup("archive_prefix with a slash", BK + ["run"], 2, ["archive_prefix"], config={"archive_prefix": "db1/x"}),
    backup("mariadb database looks like an option", BK + ["run"], 2, ["mariadb.databases"],
           config={"mariadb__databases": ["--result-file={t}/dump.sql"]}),
    backup("postgresql database with a space", BK + ["run"], 2, ["postgresql.databases"],
           config={"postgresql__databases": ["app db"]}),
    backup("postgresql databases a string", BK + ["run"], 2, ["postgresql.databases"],
           config={"postgresql__databases": "appdb"}),
    backup("postgresql port a string", BK + ["run"], 2, ["postgresql.port"], config={"postgresql__port": "5432"}),
    backup("postgresql port out of range", BK + ["run"], 2, ["postgresql.port"], config={"postgresql__port": 70000}),
    backup("pg_dump compression out of range", BK + ["run"], 2, ["dump_compression"],
           config={"postgresql__dump_compression": 10}),
    backup("checksums a string", BK + ["run"], 2, ["checksums"], config={"checksums": "false"}),
    backup("scratch_prefix with SQL in it", BK + ["drill"], 2, ["scratch_prefix"], config={"scratch_prefix": "x\"; DROP"}),
    backup("status_dir relative", BK + ["run"], 2, ["status_dir"], config={"status_dir": "status"}),
    backup("lock_file is a directory", BK + ["run"], 1, ["{t}/lock"], files={"lock": DIR}),
    backup("environment file missing", BK + ["run"], 1, ["BORG_PASSPHRASE", "backup.env"], files={"backup.env": None}),
    backup("environment file is a directory", BK + ["run"], 1, ["BORG_PASSPHRASE", "backup.env"],
           files={"backup.env": DIR}),
    backup("environment file value in quotes", BK + ["run"], 2, ["backup.env", "line 1", "BORG_PASSPHRASE"],
           files={"backup.env": ('BORG_PASSPHRASE="unit-Passphrase-8c2e"\n', 0o600)}),
    backup("environment file with export", BK + ["run"], 2, ["backup.env", "line 1"],
           files={"backup.env": ("export BORG_PASSPHRASE=unit-Passphrase-8c2e\n", 0o600)}),
    backup("environment file with CRLF line ends", BK + ["run"], 2, ["backup.env", "line 1", "BORG_PASSPHRASE"],
           files={"backup.env": ("BORG_PASSPHRASE=unit-Passphrase-8c2e\r\n", 0o600)}),
    backup("environment file line without =", BK + ["run"], 2, ["backup.env", "line 2"],
           files={"backup.env": ("BORG_PASSPHRASE=unit-Passphrase-8c2e\nPGPASSWORD\n", 0o600)}),
    backup("restore engine unknown", BK + ["restore", "--engine", "files", "--database", "appdb", "--target", "x"], 2,
           ["--engine"]),
    backup("restore without --target", BK + ["restore", "--engine", "postgresql", "--database", "appdb"], 2, ["--target"]),
    backup("restore target looks like an option", BK + ["restore", "--engine", "mariadb", "--database", "shop",
                                                        "--target=--execute=DROP DATABASE shop"], 2, ["--target"]),
    backup("restore target with a final newline", RESTORE[:-1] + ["appdb_restored\n"], 2, ["--target"]),
    backup("restore database with a space", BK + ["restore", "--engine", "postgresql", "--database", "app db",
                                                  "--target", "x"], 2, ["--database"]),
    backup("restore archive with a final newline", RESTORE + ["--archive", "db1-postgresql-appdb-20261130T013000Z\n"], 2,
           ["--archive"]),
    # restore only reads the status: a damaged one is named and left where it is.
    backup("restore from a truncated status", RESTORE, 1, [STATUS, "corrupt"], files={STATUS: '{"engine": "postgresql", "la'}),
    backup("restore from an empty status", RESTORE, 1, [STATUS, "corrupt"], files={STATUS: ""}),
    backup("restore from a status that is a list", RESTORE, 1, [STATUS, "corrupt"], files={STATUS: "[]"}),
    backup("restore from a status that is a directory", RESTORE, 1, [STATUS], files={STATUS: DIR}),
    backup("restore from a status with last_good of the wrong type", RESTORE, 1, [STATUS, "last_good"],
           files={STATUS: json.dumps(dict(GOOD_STATUS, last_good="yes"))}),
    backup("restore from a status whose archive is no archive name", RESTORE, 1, [STATUS, "last_good.archive"],
           files={STATUS: json.dumps(dict(GOOD_STATUS, last_good={"archive": "-oX"}))}),
]


PR = ["--client", "db1", "--keep-daily", "7", "--keep-weekly", "4", "--keep-monthly", "6", "--pending-max-age-hours", "24"]


def prune(case, rc, words, argv=None, **kw):
    argv = PR if argv is None else argv
    return row("amane-backup-prune", case, argv, rc, words, **kw)


def replaced(argv, option, value):
    argv = list(argv)
    argv[argv.index(option) + 1] = value
    return argv


PRUNE_ROWS = [
    prune("missing --client", 2, ["--client"], argv=PR[2:]),
    prune("unknown option", 2, ["--keep-yearly"], argv=PR + ["--keep-yearly", "1"]),
    prune("keep not a number", 2, ["--keep-daily"], argv=replaced(PR, "--keep-daily", "seven")),
    prune("keep with a final newline", 2, ["--keep-daily"], argv=replaced(PR, "--keep-daily", "7\n")),
    prune("keep zero", 2, ["--keep-daily"], argv=replaced(PR, "--keep-daily", "0")),
    prune("keep negative", 2, ["--keep-weekly"], argv=replaced(PR, "--keep-weekly", "-1")),
    prune("keep out of range", 2, ["--keep-monthly"], argv=replaced(PR, "--keep-monthly", "100001")),
    prune("pending age not a number", 2, ["--pending-max-age-hours"], argv=replaced(PR, "--pending-max-age-hours", "nan")),
    prune("pending age infinite", 2, ["--pending-max-age-hours"], argv=replaced(PR, "--pending-max-age-hours", "inf")),
    prune("pending age with a final newline", 2, ["--pending-max-age-hours"],
          argv=replaced(PR, "--pending-max-age-hours", "24\n")),
    prune("pending age negative", 2, ["--pending-max-age-hours"], argv=replaced(PR, "--pending-max-age-hours", "-1")),
    prune("pending age out of range", 2, ["--pending-max-age-hours"], argv=replaced(PR, "--pending-max-age-hours", "1e9")),
    prune("client with a final newline", 2, ["--client"], argv=replaced(PR, "--client", "db1\n")),
    prune("client with a glob character", 2, ["--client"], argv=replaced(PR, "--client", "db*")),
    prune("client looks like an option", 2, ["--client"], argv=["--client=-oX"] + PR[2:]),
    prune("BORG_REPO unset", 2, ["BORG_REPO"], env={"BORG_REPO": None}),
    prune("borg list fails", 1, ["borg list"], env={"FAKE_BORG_RC": "2"}),
    prune("borg list answers no JSON", 1, ["borg list"], env={"FAKE_BORG_LIST": "{o}/list"},
          outside={"list": '{"archives": [{"name": "pending-db1-x'}),
    prune("borg list answers archives of the wrong type", 1, ["borg list", "archives"], env={"FAKE_BORG_LIST": "{o}/list"},
          outside={"list": '{"archives": {"name": "x"}}'}),
    prune("pending archive with an unreadable start time", 1, ["pending-db1-postgresql-appdb-20261101T013000Z", "start"],
          env={"FAKE_BORG_LIST": "{o}/list"},
          outside={"list": json.dumps({"archives": [{"name": "pending-db1-postgresql-appdb-20261101T013000Z",
                                                     "start": "yesterday"}]})}),
]


KEPT_ASIDE = {"state.json": "modified", "state.json.corrupt": "added"}


def kept_aside(damaged):
    """The damaged state is kept as it was, and the new one is the live peers' (K1 connected)."""
    def check(root):
        with open(os.path.join(root, "state.json.corrupt")) as handle:
            assert handle.read() == damaged
        with open(os.path.join(root, "state.json")) as handle:
            assert json.load(handle) == STATE
    return check


def session(case, argv, rc, words, **kw):
    return row("amane-vpn-session", case, argv, rc, words, **kw)


def sargv(interface="wg0", idle="180"):
    return [interface, "{t}/wg0.peers.conf", "{t}/state.json", idle]


SESSION_ROWS = [
    session("no arguments", [], 2, ["4 arguments"]),
    session("three arguments", sargv()[:3], 2, ["4 arguments"]),
    session("idle not a number", sargv(idle="abc"), 2, ["IDLE_SECONDS"]),
    session("idle with a final newline", sargv(idle="180\n"), 2, ["IDLE_SECONDS"]),
    session("idle zero", sargv(idle="0"), 2, ["IDLE_SECONDS"]),
    session("idle negative", sargv(idle="-5"), 2, ["IDLE_SECONDS"]),
    session("interface looks like an option", sargv(interface="-oX"), 2, ["INTERFACE"]),
    session("interface with a final newline", sargv(interface="wg0\n"), 2, ["INTERFACE"]),
    session("interface with a path in it", sargv(interface="../wg0"), 2, ["INTERFACE"]),
    session("peers file is a directory", sargv(), 1, ["wg0.peers.conf"], files={"wg0.peers.conf": DIR}),
    session("peer without its device id", sargv(), 1, ["wg0.peers.conf", "line 4", "device id"],
            files={"wg0.peers.conf": peers_conf(device="", key=SESSION_KEY)}),
    session("device_id that would forge journal fields", sargv(), 1, ["wg0.peers.conf", "device id"],
            files={"wg0.peers.conf": peers_conf(device="dev-0001;time=2020-01-01T00:00:00Z", key=SESSION_KEY)}),
    session("peer key that is no WireGuard key", sargv(), 1, ["wg0.peers.conf", "PublicKey"],
            files={"wg0.peers.conf": peers_conf(key="K1=")}),
    session("AllowedIPs that is not one client", sargv(), 1, ["wg0.peers.conf", "AllowedIPs", "a.b.c.d/32"],
            files={"wg0.peers.conf": peers_conf(key=SESSION_KEY, allowed="10.8.0.0/24")}),
    # U+2028 ends a line for str.splitlines(), not for wg: the comment must not become the block's key line
    session("comment with a line separator that would forge a key", sargv(), 1, ["wg0.peers.conf", "device id"],
            files={"wg0.peers.conf": peers_conf(device="a\u2028PublicKey = " + "Z" * 42 + "A=", key=SESSION_KEY)}),
    session("peer with a second AllowedIPs", sargv(), 1, ["wg0.peers.conf", "second AllowedIPs"],
            files={"wg0.peers.conf": peers_conf(key=SESSION_KEY) + "AllowedIPs = 10.8.0.9/32\n"}),
    session("state is a directory", sargv(), 1, ["state.json"], files={"state.json": DIR}),
    session("wg show fails", sargv(), 1, ["wg show"], env={"FAKE_WG_FAIL": "1"}),
    session("wg dump with a handshake that is no number", sargv(), 1, ["wg show", SESSION_KEY],
            outside={"wg-peers": SESSION_KEY + "\t(none)\t198.51.100.7:51820\t10.8.0.2/32\tsoon\t100\t200\toff\n"}),
    # A damaged state is kept aside and said so; the journal starts over from the live peers.
    session("state truncated", sargv(), 0, ["state.json", "corrupt"], files={"state.json": '{"K1=": {"conn'},
            changed=KEPT_ASIDE, then=kept_aside('{"K1=": {"conn')),
    session("state entry of the wrong type", sargv(), 0, ["state.json", "corrupt"], files={"state.json": '{"K1=": "yes"}'},
            changed=KEPT_ASIDE, then=kept_aside('{"K1=": "yes"}')),
]


def apply_peers(case, argv, rc, words, **kw):
    return row("amane-vpn-apply-peers", case, argv, rc, words, **kw)


PEERS_ROWS = [
    apply_peers("no interface", [], 2, ["1 argument expected"]),
    apply_peers("empty interface", [""], 2, ["INTERFACE"]),
    apply_peers("interface looks like an option", ["-oX"], 2, ["INTERFACE"]),
    apply_peers("interface with a path in it", ["../../tmp/wg0"], 2, ["INTERFACE"]),
    apply_peers("interface with a final newline", ["wg0\n"], 2, ["INTERFACE"]),
    apply_peers("interface name too long", ["wg0123456789abcd"], 2, ["INTERFACE"]),
    apply_peers("peers file missing", ["wg0"], 1, ["wg0.peers.conf"], files={"wireguard/wg0.peers.conf": None}),
    apply_peers("peers file is a directory", ["wg0"], 1, ["wg0.peers.conf"],
                files={"wireguard/wg0.peers.conf": DIR}),
    apply_peers("key file missing", ["wg0"], 1, ["wg0.key"], files={"wireguard/wg0.key": None}),
    apply_peers("key file empty", ["wg0"], 1, ["wg0.key"], files={"wireguard/wg0.key": ("", 0o600)}),
    apply_peers("key file of two lines", ["wg0"], 1, ["wg0.key"],
                files={"wireguard/wg0.key": ("Zm9v\nListenPort = 1\n", 0o600)}),
    apply_peers("unknown option", ["--force", "wg0"], 2, ["--force"]),
    apply_peers("--check without --sync", ["--check", "wg0"], 2, ["--check goes with --sync"]),
    apply_peers("new peers file with a private key", ["--sync", "wg0"], 1, ["line 4"],
                stdin=SYNC_PEERS.replace("[Peer]", "PrivateKey = " + "a" * 43 + "=", 1)),
    apply_peers("new peers file with a PostUp command", ["--sync", "wg0"], 1, ["line 3"],
                stdin=SYNC_PEERS.replace("\n\n", "\nPostUp = touch /tmp/x\n\n", 1)),
    apply_peers("new peers file with a wide AllowedIPs", ["--sync", "wg0"], 1, ["line 7"],
                stdin=SYNC_PEERS.replace("/32", "/0", 1)),
    apply_peers("new peers file with a cut key", ["--sync", "wg0"], 1, ["line 6"],
                stdin=SYNC_PEERS.replace("=\n", "\n", 1)),
    apply_peers("new peers file with a second value on a line", ["--sync", "wg0"], 1, ["line 7"],
                stdin=SYNC_PEERS.replace("/32", "/32, 0.0.0.0/0", 1)),
    apply_peers("folder not given", ["wg0"], 2, ["AMANE_WIREGUARD_DIR", "absolute folder"], env={"AMANE_WIREGUARD_DIR": None}),
    apply_peers("folder relative", ["--sync", "wg0"], 2, ["AMANE_WIREGUARD_DIR"], stdin=SYNC_PEERS,
                env={"AMANE_WIREGUARD_DIR": "wireguard"}),
    apply_peers("folder with a line break", ["wg0"], 2, ["AMANE_WIREGUARD_DIR"], env={"AMANE_WIREGUARD_DIR": "/etc/x\n/y"}),
    apply_peers("--sync without the folder", ["--sync", "wg0"], 1, ["wireguard/missing", "playbooks/vpn.yml"],
                stdin=SYNC_PEERS, env={"AMANE_WIREGUARD_DIR": "{t}/wireguard/missing"}),
]


def wifi(case, rc, words, argv=("--dir", "{t}/nm"), **kw):
    return row("amane-wifi-guard", case, list(argv), rc, words, **kw)


OPEN = "[connection]\nid=open\ntype=wifi\n"
WIFI_ROWS = [
    wifi("unknown option", 2, ["--fix"], argv=["--dir", "{t}/nm", "--fix"]),
    wifi("--dir without its value", 2, ["--dir"], argv=["--dir"]),
    wifi("--dir empty", 2, ["--dir"], argv=["--dir", ""]),
    wifi("--dir is a file", 2, ["--dir"], argv=["--dir", "{t}/nm/home.nmconnection"]),
    # Unreadable profiles are named and left alone (documented); the others are still handled.
    wifi("profile without a section header", 0, ["bad.nmconnection", "unreadable"],
         files={"nm/bad.nmconnection": ("type=wifi\nautoconnect=true\n", 0o600)}),
    wifi("profile not UTF-8", 0, ["latin1.nmconnection", "unreadable"],
         files={"nm/latin1.nmconnection": (OPEN.encode() + b"[wifi]\nssid=Caf\xe9\n", 0o600)}),
    wifi("profile of binary garbage", 0, ["blob.nmconnection", "unreadable"],
         files={"nm/blob.nmconnection": (b"\x00\x01\xff\xfe" * 16, 0o600)}),
    wifi("profile with a broken section header", 0, ["cut.nmconnection", "unreadable"],
         files={"nm/cut.nmconnection": ("[connection\nid=cut\ntype=wifi\n", 0o600)}),
    wifi("profile key without a value", 0, ["novalue.nmconnection", "unreadable"],
         files={"nm/novalue.nmconnection": (OPEN + "autoconnect\n", 0o600)}),
    wifi("temporary file left by an interrupted run", 0, ["cafe.nmconnection.amane-tmp"],
         files={"nm/cafe.nmconnection.amane-tmp": ("[connection]\nid=ca", 0o600)}),
    wifi("directory among the profiles", 0, ["sub.nmconnection", "not a regular file"], files={"nm/sub.nmconnection": DIR}),
]


def av(case, argv, rc, words, **kw):
    return row("amane-av-removable", case, argv, rc, words, **kw)


AV_ROWS = [
    av("no name", [], 2, ["1 argument expected"]),
    av("empty name", [""], 2, ["NAME"]),
    av("name with a final newline", ["sdb1\n"], 2, ["NAME"]),
    av("name climbing out with ..", ["{r}/scan/../../etc"], 2, ["NAME", ".."]),
    av("name neither a device nor a directory", ["nosuchdevice0"], 1, ["nosuchdevice0", "neither"]),
    av("name of a regular file", ["{r}/scan/readme.txt"], 1, ["readme.txt", "neither"]),
    av("name looks like an option", ["-oX"], 1, ["-oX", "neither"]),
    av("mount root relative", ["{r}/scan"], 2, ["AMANE_MOUNT_ROOT"], env={"AMANE_MOUNT_ROOT": "media"}),
    av("mount root with a line break", ["{r}/scan"], 2, ["AMANE_MOUNT_ROOT"], env={"AMANE_MOUNT_ROOT": "/media\n/x"}),
]


ROWS = (LOGCHAIN_ROWS + TELEWORK_ROWS + AUDIT_ROWS + FORWARD_ROWS + BACKUP_ROWS + PRUNE_ROWS + SESSION_ROWS + PEERS_ROWS
        + WIFI_ROWS + AV_ROWS)


# --- running one row --------------------------------------------------------------------------


def prepare(tmp_path, program, files, outside_files):
    root, outside = str(tmp_path / "t"), str(tmp_path / "o")
    for directory in (root, outside, str(tmp_path / "home"), str(tmp_path / "tmp")):
        os.makedirs(directory)
    bindir = os.path.join(outside, "bin")
    os.makedirs(bindir)
    for name in FAKES_OF.get(program, ("wg", "logger")):
        write(bindir, name, FAKES[name], 0o755)
    BASES[program](root)
    for rel, content in dict(BASE_OUTSIDE.get(program, {}), **outside_files).items():
        write(outside, rel, expand(content, root, outside))
    for rel, content in files.items():
        if callable(content):
            content(root, rel)
            continue
        remove(root, rel)
        if content is not None:
            data, mode = content if isinstance(content, tuple) else (content, None)
            write(root, rel, expand(data, root, outside), mode)
    return root, outside, bindir


def run_program(tmp_path, program, argv, files=None, env=None, stdin="", outside_files=None):
    root, outside, bindir = prepare(tmp_path, program, files or {}, outside_files or {})
    before = digest(root)
    child_env = {"PATH": bindir + os.pathsep + "/usr/bin:/bin", "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8",
                 "TMPDIR": str(tmp_path / "tmp"), "FAKE_CALLS": os.path.join(root, "calls.log"), "FAKE_OUTSIDE": outside}
    for key, value in dict(BASE_ENV.get(program, {}), **(env or {})).items():
        if value is None:
            child_env.pop(key, None)
        else:
            child_env[key] = expand(value, root, outside)
    role, interpreter = PROGRAMS[program]
    path = os.path.join(ROLES, role, "files", program)
    command = [sys.executable if interpreter == "python" else "/bin/bash", path] + [expand(a, root, outside) for a in argv]
    done = subprocess.run(command, input=stdin.encode(), capture_output=True, cwd=root, env=child_env, timeout=60,
                          umask=0o022, check=False)
    out = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
    after = digest(root)
    changed = {rel: "added" if rel not in before else "removed" if rel not in after else "modified"
               for rel in set(before) | set(after) if before.get(rel) != after.get(rel)}
    return done.returncode, out, changed, root


def without_usage(out):
    """The output without argparse's usage block, which lists every option: naming the bad one
    must be the error message's doing."""
    kept, in_usage = [], False
    for line in out.splitlines():
        if line.startswith("usage:"):
            in_usage = True
            continue
        if in_usage and line.startswith(" "):
            continue
        in_usage = False
        kept.append(line)
    return "\n".join(kept)


@pytest.mark.parametrize("case", ROWS, ids=["%s: %s" % (r.program, r.case) for r in ROWS])
def test_bad_input_is_refused_by_name_without_traceback_and_changes_nothing(tmp_path, case):
    rc, out, changed, root = run_program(tmp_path, case.program, case.argv, case.files, case.env, case.stdin, case.outside)
    assert "Traceback" not in out, out
    assert rc == case.rc, "exit %d, expected %d:\n%s" % (rc, case.rc, out)
    message = without_usage(out)
    for word in case.words:
        assert expand(word, root, "") in message, "%r not named in:\n%s" % (word, out)
    assert changed == case.changed, "changed %s, expected %s:\n%s" % (changed, case.changed, out)
    if case.then:
        case.then(root)


# Each base tree is good input: the program accepts it, so a row's refusal is the spoiled value's.
CONTROLS = [
    ("amane-logchain", VERIFY, {}),
    ("amane-logchain", ["seal", "--store", STORE, "--chain", CHAIN], {}),
    ("amane-telework-hours", TW, SUMMARY),
    ("amane-log-forward", FW, {}),
    ("amane-backup-prune", PR, {}),
    ("amane-vpn-session", sargv(), {}),
    ("amane-vpn-apply-peers", ["wg0"], {"calls.log": "added"}),
    ("amane-wifi-guard", ["--dir", "{t}/nm"], {}),
]


@pytest.mark.parametrize("program, argv, changed", CONTROLS, ids=["%s %s" % (p, a[0]) for p, a, _unused in CONTROLS])
def test_the_base_input_of_each_program_is_accepted(tmp_path, program, argv, changed):
    rc, out, actual, root = run_program(tmp_path, program, argv)
    assert rc == 0 and "Traceback" not in out, out
    assert actual == changed, out


def test_the_audit_rules_of_the_role_pass(tmp_path):
    from tests.unit.host_programs.test_logging_rules import render

    rc, out, changed, _unused = run_program(tmp_path, "amane-audit-rules-check", ["{t}/rules/good.rules"],
                                            files={"rules/good.rules": render(logging_auditd_immutable=True)})
    assert rc == 0 and out == "" and changed == {}, out


def test_apply_peers_joins_the_key_and_the_peers_for_wg(tmp_path):
    rc, out, _unused, root = run_program(tmp_path, "amane-vpn-apply-peers", ["wg0"])
    assert rc == 0, out
    calls = open(os.path.join(root, "calls.log")).read()
    assert calls.startswith("wg syncconf wg0 /dev/fd/")
    assert "PrivateKey = cGxhY2Vob2xkZXIgcHJpdmF0ZSBrZXkgb2YgdGVzdHM=\n" in calls
    assert calls.count("[Interface]") == 1 and "PublicKey = K1=" in calls


def test_the_table_has_at_least_60_rows_and_covers_every_program():
    assert len(ROWS) >= 60, len(ROWS)
    assert len({(r.program, r.case) for r in ROWS}) == len(ROWS), "two rows with the same name"
    per_program = collections.Counter(r.program for r in ROWS)
    assert set(per_program) == set(PROGRAMS), set(PROGRAMS) - set(per_program)
    assert all(count >= 5 for count in per_program.values()), per_program


# --- amane-vpn-apply-peers --sync: the role's one call per gateway change ----------------------


def sync(tmp_path, live=None, argv=("--sync", "wg0"), stdin=SYNC_PEERS, **env):
    """Runs --sync with ``live`` as the interface's live keys (None: no interface)."""
    outside = {} if live is None else {"live": "".join(key + "\n" for key in live)}
    env = dict(env, FAKE_WG_LIVE="{o}/live" if live is not None else None)
    if live is None:
        env["FAKE_WG_FAIL"] = "1"
    rc, out, changed, root = run_program(tmp_path, "amane-vpn-apply-peers", list(argv), env=env, stdin=stdin,
                                         outside_files=outside)
    assert rc == 0 and "Traceback" not in out, out
    lines = out.splitlines()
    return json.loads(lines[-1]), changed, root


def test_sync_on_a_converged_gateway_changes_nothing_whatever_the_keys_case(tmp_path):
    # The file already holds the new list; the live keys are the same, in wg's order. Compared with
    # case ignored (Jinja's sort did), B... and a... swap places and the gateway re-applied every run.
    files = {"wireguard/wg0.peers.conf": (SYNC_PEERS, 0o600)}
    rc, out, changed, _unused = run_program(tmp_path, "amane-vpn-apply-peers", ["--sync", "wg0"], files=files,
                                            stdin=SYNC_PEERS, outside_files={"live": KEY_A + "\n" + KEY_B + "\n"},
                                            env={"FAKE_WG_LIVE": "{o}/live"})
    assert rc == 0, out
    assert json.loads(out) == {"file": "unchanged", "live": "unchanged"}
    assert changed == {}


def test_sync_writes_a_new_list_and_applies_it(tmp_path):
    result, changed, root = sync(tmp_path, live=["K1="])
    assert result == {"file": "written", "live": "applied"}
    assert changed == {"wireguard/wg0.peers.conf": "modified", "calls.log": "added"}
    path = os.path.join(root, "wireguard", "wg0.peers.conf")
    assert open(path).read() == SYNC_PEERS and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    calls = open(os.path.join(root, "calls.log")).read()
    assert calls.startswith("wg syncconf wg0 ") and "PublicKey = %s" % KEY_B in calls


def test_sync_applies_an_unchanged_file_when_a_live_peer_is_missing(tmp_path):
    files = {"wireguard/wg0.peers.conf": (SYNC_PEERS, 0o600)}
    rc, out, changed, _unused = run_program(tmp_path, "amane-vpn-apply-peers", ["--sync", "wg0"], files=files,
                                            stdin=SYNC_PEERS, outside_files={"live": KEY_A + "\n"},
                                            env={"FAKE_WG_LIVE": "{o}/live"})
    assert rc == 0, out
    assert json.loads(out) == {"file": "unchanged", "live": "applied"}
    assert changed == {"calls.log": "added"}


def test_sync_check_says_what_it_would_do_and_changes_nothing(tmp_path):
    result, changed, _unused = sync(tmp_path, live=["K1="], argv=("--sync", "--check", "wg0"))
    assert result == {"file": "written", "live": "applied"}
    assert changed == {}


def test_sync_before_the_interface_exists_writes_the_file_only(tmp_path):
    result, changed, _unused = sync(tmp_path, live=None)
    assert result == {"file": "written", "live": "down"}
    assert changed == {"wireguard/wg0.peers.conf": "modified"}


def test_sync_accepts_what_the_role_template_renders(tmp_path):
    """The writer's output to its readers: the role's peers.conf.j2, rendered as Ansible's template
    lookup renders it (trim_blocks), with a comment line of any text, taken by amane-vpn-apply-peers
    and read back by the session journal (VP-05)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.join(ROLES, "vpn", "templates")),
                             trim_blocks=True, autoescape=False)  # noqa: S701 - a WireGuard file, not HTML
    peers = [{"device_id": "dev-0001", "administration": "Ministère de la Santé # [Peer]", "public_key": KEY_A,
              "address": "10.8.0.2"}]
    text = env.get_template("peers.conf.j2").render(ansible_managed="Ansible managed", vpn_peer_groups=["teleworkers"],
                                                    vpn_peers=peers, vpn_port=51820)
    result, _unused, root = sync(tmp_path, live=[], stdin=text)
    assert result == {"file": "written", "live": "applied"}
    written = os.path.join(root, "wireguard", "wg0.peers.conf")
    assert open(written).read().rstrip("\n") == text.rstrip("\n")
    # ... and the file it wrote to the session journal, which names each peer's device from it (A17)
    assert load("vpn", "amane-vpn-session").load_names(written) == {
        KEY_A: {"device_id": "dev-0001", "vpn_address": "10.8.0.2"}}

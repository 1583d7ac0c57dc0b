"""checks_logging: LG controls read from a directory tree standing in for a host."""

import json
import os

import pytest

from ansible_collections.amane.telework.plugins.module_utils.audit import checks_logging
from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import HostSnapshot, registered_checks, run_checks

FORWARD = '''module(load="omprog")
action(type="omprog" name="amane_forward" binary="/usr/local/sbin/amane-log-forward --config /etc/amane/log-forward.json"
       confirmMessages="on" useTransactions="on"
       action.resumeRetryCount="-1" queue.type="LinkedList" queue.filename="amane_forward" queue.saveOnShutdown="on")
'''
FORWARDER = {"target": "log1", "port": 2514, "server_name": "log1", "ca": "/etc/amane/logging-pki/ca.crt",
             "cert": "/etc/amane/logging-pki/host.crt", "key": "/etc/amane/logging-pki/host.key",
             "spool_dir": "/var/spool/rsyslog/amane-forward"}


def put(root, path, text, mode=0o644):
    full = os.path.join(str(root), path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as handle:
        handle.write(text)
    os.chmod(full, mode)


def status(root, control_id, run_command=None):
    snap = HostSnapshot(root=str(root), run_command=run_command)
    return registered_checks()[control_id](snap)


def test_every_logging_control_has_a_check_and_a_test():
    ids = [cid for cid, entry in CONTROLS.items() if entry["area"] == "logging"]
    assert len(ids) == 9
    for cid in ids:
        assert cid in registered_checks() and CONTROLS[cid]["test"].startswith("molecule/logging/tests/")


def test_audit_rules(tmp_path):
    assert status(tmp_path, "LG-01")[0] == "fail"
    keys = " ".join("-w /x%d -p wa -k %s\n" % (i, k) for i, k in enumerate(checks_logging.AUDIT_KEYS))
    put(tmp_path, checks_logging.AUDIT_RULES, keys)
    assert status(tmp_path, "LG-01")[0] == "pass"
    put(tmp_path, checks_logging.AUDIT_RULES, keys + "-w /etc/shadow -p wa\n")
    assert status(tmp_path, "LG-01")[0] == "fail"


def test_journald(tmp_path):
    put(tmp_path, checks_logging.JOURNALD, "[Journal]\nStorage=volatile\n")
    assert status(tmp_path, "LG-02")[0] == "fail"
    put(tmp_path, checks_logging.JOURNALD, "[Journal]\nStorage=persistent\nSystemMaxUse=1G\n")
    assert status(tmp_path, "LG-02")[0] == "pass"


@pytest.mark.parametrize("change, expected", [
    (lambda t: t, "pass"),
    (lambda t: t.replace('resumeRetryCount="-1"', 'resumeRetryCount="10"'), "fail"),
    (lambda t: t.replace('queue.filename="amane_forward" ', ""), "fail"),
    (lambda t: t.replace('confirmMessages="on"', 'confirmMessages="off"'), "fail"),
    (lambda t: t.replace('type="omprog"', 'type="omrelp"'), "fail"),
    (lambda t: "call amane_central\n", "pass"),
])
def test_forwarding(tmp_path, change, expected):
    put(tmp_path, checks_logging.FORWARD, change(FORWARD))
    put(tmp_path, checks_logging.FORWARDER_CONFIG, json.dumps(FORWARDER))
    assert status(tmp_path, "LG-03")[0] == expected


@pytest.mark.parametrize("forwarder", [None, "not json", {k: v for k, v in FORWARDER.items() if k != "cert"}])
def test_forwarding_needs_the_forwarder_tls_config(tmp_path, forwarder):
    put(tmp_path, checks_logging.FORWARD, FORWARD)
    if forwarder is not None:
        put(tmp_path, checks_logging.FORWARDER_CONFIG, forwarder if isinstance(forwarder, str) else json.dumps(forwarder))
    result, evidence = status(tmp_path, "LG-03")
    assert result == "fail" and checks_logging.FORWARDER_CONFIG in evidence


def test_client_key_mode(tmp_path):
    put(tmp_path, checks_logging.PKI_KEY, "k", 0o644)
    assert status(tmp_path, "LG-04")[0] == "fail"
    os.chmod(os.path.join(str(tmp_path), checks_logging.PKI_KEY.lstrip("/")), 0o600)
    assert status(tmp_path, "LG-04")[0] == "pass"


def test_central_requires_certificates(tmp_path):
    put(tmp_path, checks_logging.CENTRAL, 'input(type="imrelp" port="2514" tls="on")')
    assert status(tmp_path, "LG-05")[0] == "fail"
    put(tmp_path, checks_logging.CENTRAL, 'input(type="imrelp" port="2514" tls="on" tls.authMode="certvalid")')
    assert status(tmp_path, "LG-05")[0] == "pass"


def test_rotation(tmp_path):
    put(tmp_path, checks_logging.LOGROTATE, "/x/*.log {\n daily\n compress\n}\n")
    assert status(tmp_path, "LG-06")[0] == "fail"
    put(tmp_path, checks_logging.LOGROTATE, "/x/*.log {\n maxage 365\n compress\n lastaction\n amane-logchain seal\n}\n")
    assert status(tmp_path, "LG-06") == ("pass", "rotated, compressed, sealed, kept 365 days")


def test_chain_uses_the_verify_command(tmp_path):
    put(tmp_path, "/usr/local/sbin/amane-logchain", "", 0o755)
    result = status(tmp_path, "LG-07", lambda argv: (1, "TAMPERED: a.gz: deleted\n", ""))
    assert result == ("fail", "TAMPERED: a.gz: deleted")
    assert status(tmp_path, "LG-07", lambda argv: (0, "chain intact: 3 entries\n", ""))[0] == "pass"


def test_database_audit(tmp_path):
    assert status(tmp_path, "LG-08")[0] == "not_applicable"
    put(tmp_path, "/etc/postgresql/15/main/conf.d/other.conf", "work_mem = 4MB\n")
    assert status(tmp_path, "LG-08")[0] == "fail"
    put(tmp_path, "/etc/postgresql/15/main/conf.d/60-amane-pgaudit.conf",
        "shared_preload_libraries = 'pgaudit'\nlog_destination = 'stderr,syslog'\n")
    assert status(tmp_path, "LG-08")[0] == "pass"


def test_telework_hours_needs_purpose(tmp_path):
    """LG-09: a declared purpose, pseudonyms and a time limit, each one failing alone."""
    assert status(tmp_path, "LG-09")[0] == "pass"
    lawful = {"purpose": "A17", "pseudonymize": True, "retention_days": 90}
    put(tmp_path, checks_logging.TELEWORK_CONF, json.dumps(lawful))
    assert status(tmp_path, "LG-09") == ("pass", "enabled for: A17; pseudonymized; kept 90 days")
    put(tmp_path, checks_logging.TELEWORK_CONF, json.dumps({"purpose": "A17", "retention_days": 90}))
    assert status(tmp_path, "LG-09")[0] == "pass"  # pseudonyms are the program's default
    for change, words in (({"purpose": " "}, "without a declared purpose"),
                          ({"pseudonymize": False}, "names teleworkers"),
                          ({"retention_days": None}, "without a time limit"),
                          ({"retention_days": 0}, "without a time limit"),
                          ({"retention_days": "90"}, "without a time limit"),
                          ({"retention_days": True}, "without a time limit")):
        put(tmp_path, checks_logging.TELEWORK_CONF, json.dumps(dict(lawful, **change)))
        result = status(tmp_path, "LG-09")
        assert result[0] == "fail" and words in result[1], (change, result)
    put(tmp_path, checks_logging.TELEWORK_CONF, "[]")
    assert status(tmp_path, "LG-09")[0] == "error"


def test_profile_filters_controls(tmp_path):
    ids = [cid for cid in CONTROLS if cid.startswith("LG-")]
    results = run_checks(CONTROLS, HostSnapshot(root=str(tmp_path)), control_ids=ids, profile="issued")
    by_id = {r["id"]: r["status"] for r in results}
    assert by_id["LG-05"] == "not_applicable" and by_id["LG-01"] == "fail"


def test_lg07_checks_the_real_chain_against_the_heads_recorded_off_log1(tmp_path, capsys):
    """The real amane-logchain behind LG-07: cutting the newest entry with its file passes the chain
    alone, and fails against the head the controller recorded."""
    import gzip

    from tests.unit.logging_scripts import load

    tool = load("amane-logchain")
    store, chain = tmp_path / "store", tmp_path / "chain.jsonl"
    for name in ("a", "b"):
        (store / "laptop").mkdir(parents=True, exist_ok=True)
        with gzip.open(str(store / "laptop" / ("system.log-2026112%s.gz" % ("1" if name == "a" else "2"))), "wt") as handle:
            handle.write("line %s\n" % name)
    tool.seal(str(store), str(chain))
    head = tool.head(str(chain))
    put(tmp_path, "/usr/local/sbin/amane-logchain", "", 0o755)

    def run(argv):
        code = tool.main(argv[1:])
        return code, capsys.readouterr().out, ""

    def lg07(anchors):
        snap = HostSnapshot(root=str(tmp_path), run_command=run,
                            params={"store_dir": str(store), "chain_dir": str(tmp_path), "chain_anchors": anchors})
        return registered_checks()["LG-07"](snap)

    anchors = ["%d:%s" % (head["seq"], head["entry"])]
    assert lg07(anchors)[0] == "pass"
    lines = chain.read_text().splitlines(True)
    chain.write_text("".join(lines[:-1]))
    os.remove(str(store / "laptop" / "system.log-20261122.gz"))
    assert lg07([])[0] == "pass"  # the chain alone cannot tell
    status_, evidence = lg07(anchors)
    assert status_ == "fail" and "chain entry 2: missing" in evidence and "cut" in evidence

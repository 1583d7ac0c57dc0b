"""The bad-input table of the modules, the report's action plugin and the VPN filters, one row per
case: the input, the words the refusal must carry (the field or option it names), and proof that
nothing changed (a dump of the registry, a digest of the tree the module reads or writes, the
filter's input compared with a copy of itself).

Modules run for real, in this process: AnsibleModule reads the row's arguments the way it reads
them from Ansible, and the result is the JSON it prints before it exits. Any other exception
escaping main() is a traceback the user would have seen, so it fails the row; so does a refusal
without ``failed``, and an audit module that runs a command before refusing (it must refuse first).
"""

import contextlib
import copy
import hashlib
import io
import json
import math
import os
import shutil
import sqlite3
from types import SimpleNamespace

import pytest
from ansible.errors import AnsibleActionFail, AnsibleFilterError
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args

from ansible_collections.amane.telework.plugins.action.compliance_report import ActionModule
from ansible_collections.amane.telework.plugins.filter import vpn_config
from ansible_collections.amane.telework.plugins.module_utils.registry.store import open_registry
from ansible_collections.amane.telework.plugins.modules import (
    antivirus_audit, backup_status, endpoint_audit, logging_audit, posture, registry_device, registry_posture,
    registry_seen, registry_transition, vpn_audit,
)
from tests.unit.posture_tree import make_device
from tests.unit.registry_factory import HOST_KEY, enroll

OMIT = object()  # a row's value that removes the option from the base arguments
KEY = "A" * 42 + "E="
WAIVER = {"justification": "network course until the end of term", "approver": "rssi@example.gov.ma", "expires": "2026-12-31"}
REGISTRY_MODULES = {"registry_device": registry_device, "registry_posture": registry_posture,
                    "registry_seen": registry_seen, "registry_transition": registry_transition}
AUDIT_MODULES = {"posture": posture, "backup_status": backup_status, "antivirus_audit": antivirus_audit,
                 "endpoint_audit": endpoint_audit, "logging_audit": logging_audit, "vpn_audit": vpn_audit}


def run_module(module, args):
    """main() of ``module`` with ``args`` as Ansible passes them; returns the result it printed."""
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        module.main()
    return json.loads(out.getvalue().strip().splitlines()[-1])


def without_omitted(value):
    if isinstance(value, dict):
        return {key: without_omitted(item) for key, item in value.items() if item is not OMIT}
    return value


def merged(base, over):
    """The base arguments with the row's over them; an OMIT, at any depth, removes its key."""
    return without_omitted(dict(base, **over))


def assert_refused(result, words):
    assert result.get("failed") is True, result
    assert "exception" not in result and "Traceback" not in result["msg"], result
    assert words in result["msg"], result["msg"]


def tree_digest(root):
    """Every file and directory under ``root`` with the SHA-256 of its content."""
    entries = []
    for current, dirs, files in os.walk(str(root)):
        for name in dirs + files:
            path = os.path.join(current, name)
            content = b"" if os.path.isdir(path) else open(path, "rb").read()
            entries.append((os.path.relpath(path, str(root)), hashlib.sha256(content).hexdigest()))
    return sorted(entries)


# --- the registry modules, on both backends -------------------------------------------------------

REQUEST = {"hostname": "pc-2", "enroll_address": "192.0.2.11", "owner_id": "E-1002", "owner_name": "Salma Idrissi",
           "administration": "finances", "unit": "budget", "device_kind": "byod", "telework_kind": "full",
           "schedule": {"days": ["mon", "thu"], "start": "08:30", "end": "16:30"}, "charter_version": "2026.1",
           "charter_accepted_at": "2026-11-20T09:00:00Z"}
BASE = {
    "registry_device": dict(REQUEST, actor="tech-0042"),
    "registry_posture": {"actor": "posture-run", "device_id": "dev-0001", "compliant": False, "failed": ["PO-M9B"],
                         "reasons": ["failed M9b: nmap installed"], "checked_at": "2026-11-23T10:00:00Z"},
    "registry_transition": {"actor": "rssi-finances", "device_id": "dev-0001", "action": "approve", "reason": "charter signed"},
    "registry_seen": {"actor": "last-seen", "latest_handshakes": [KEY + "\t1764576000"]},
}
POOL = {"vpn_pools": {"finances": "10.66.1.0/24"}}

# (module, option or case, arguments over the module's base, words the refusal must carry)
REGISTRY_MODULE_ROWS = [
    ("registry_device", "hostname newline", {"hostname": "pc-2\n"}, "hostname"),
    ("registry_device", "hostname option", {"hostname": "-oProxyCommand=id"}, "hostname"),
    ("registry_device", "hostname traversal", {"hostname": "../etc/passwd"}, "hostname"),
    ("registry_device", "administration traversal", {"administration": "../finances"}, "administration"),
    ("registry_device", "administration newline", {"administration": "finances\n"}, "administration"),
    ("registry_device", "unit option", {"unit": "--all"}, "unit"),
    ("registry_device", "device_kind unknown", {"device_kind": "tablet"}, "device_kind"),
    ("registry_device", "telework_kind case", {"telework_kind": "FULL"}, "telework_kind"),
    ("registry_device", "enroll_address option", {"enroll_address": "-oProxyCommand=id"}, "enroll_address"),
    ("registry_device", "enroll_address newline", {"enroll_address": "192.0.2.11\n"}, "enroll_address"),
    ("registry_device", "schedule hour", {"schedule": {"days": ["mon"], "start": "25:00", "end": "12:00"}}, "schedule"),
    ("registry_device", "schedule type", {"schedule": ["mon", "thu"]}, "schedule"),
    ("registry_device", "charter_accepted_at day", {"charter_accepted_at": "2026-02-30T09:00:00Z"}, "charter_accepted_at"),
    ("registry_device", "charter_version newline", {"charter_version": "2026.1\n"}, "charter_version"),
    ("registry_device", "wg_public_key newline", {"wg_public_key": KEY + "\n"}, "wg_public_key"),
    ("registry_device", "host_key type", {"host_key": "ssh-dss AAAAB3NzaC1kc3M"}, "host_key"),
    ("registry_device", "owner_name NUL", {"owner_name": "Salma\x00"}, "owner_name"),
    # an update of pc-1's name alone writes no history entry: the actor was only checked there
    ("registry_device", "actor empty on an update",
     dict(dict.fromkeys(REQUEST, OMIT), actor="", hostname="pc-1", owner_name="K. Benali"), "actor"),
    ("registry_device", "actor NUL", {"actor": "tech\x00"}, "actor"),
    ("registry_device", "vpn_pools newline", {"vpn_pools": {"finances": "10.66.1.0/24\n"}}, "vpn_pools.finances"),
    ("registry_device", "vpn_pools host bits", {"vpn_pools": {"finances": "10.66.1.1/24"}}, "vpn_pools.finances"),
    ("registry_device", "vpn_reserved newline", dict(POOL, vpn_reserved=["10.66.1.1\n"]), "vpn_reserved[0]"),
    ("registry_device", "vpn_reserved name", dict(POOL, vpn_reserved=["gateway"]), "vpn_reserved[0]"),
    ("registry_device", "address_quarantine_days negative", {"address_quarantine_days": -5}, "address_quarantine_days"),
    ("registry_device", "address_quarantine_days huge", dict(POOL, address_quarantine_days=10 ** 6), "address_quarantine_days"),
    ("registry_device", "address_quarantine_days text", {"address_quarantine_days": "thirty"}, "address_quarantine_days"),
    ("registry_device", "repin without reason", {"hostname": "pc-1", "repin_host_key": True, "host_key": HOST_KEY}, "repin_reason"),
    ("registry_device", "repin_reason NUL", {"hostname": "pc-1", "repin_host_key": True, "host_key": HOST_KEY,
                                             "repin_reason": "reinstalled\x00"}, "repin_reason"),
    ("registry_device", "state is no option", {"state": "active"}, "state"),
    ("registry_posture", "checked_at month", {"checked_at": "2026-13-01T10:00:00Z"}, "checked_at"),
    ("registry_posture", "checked_at day", {"checked_at": "2026-02-30T10:00:00Z"}, "checked_at"),
    ("registry_posture", "checked_at newline", {"checked_at": "2026-11-23T10:00:00Z\n"}, "checked_at"),
    ("registry_posture", "checked_at words", {"checked_at": "yesterday"}, "checked_at"),
    ("registry_posture", "failed lower case", {"failed": ["po-m9b"]}, "failed[0]"),
    ("registry_posture", "failed newline", {"failed": ["PO-M9B\n"]}, "failed[0]"),
    ("registry_posture", "failed traversal", {"failed": ["../../etc"]}, "failed[0]"),
    ("registry_posture", "failed option", {"failed": ["--all"]}, "failed[0]"),
    ("registry_posture", "compliant with failures", {"compliant": True}, "failed"),
    ("registry_posture", "compliant not a boolean", {"compliant": "maybe"}, "compliant"),
    ("registry_posture", "not_assessed word", {"not_assessed": ["PO-M9B skipped"]}, "not_assessed"),
    ("registry_posture", "not_assessed newline", {"not_assessed": ["PO-M9B disabled\n"]}, "not_assessed"),
    ("registry_posture", "reasons NUL", {"reasons": ["failed M9b: nmap\x00"]}, "reasons[0]"),
    ("registry_posture", "device_id newline", {"device_id": "dev-0001\n"}, "device_id"),
    ("registry_posture", "device_id traversal", {"device_id": "../dev-0001"}, "device_id"),
    ("registry_posture", "actor empty", {"actor": ""}, "actor"),
    ("registry_posture", "activate_approved not a boolean", {"activate_approved": "sometimes"}, "activate_approved"),
    ("registry_transition", "action unknown", {"action": "delete"}, "action"),
    ("registry_transition", "action case", {"action": "APPROVE"}, "action"),
    ("registry_transition", "reason empty", {"reason": ""}, "reason"),
    ("registry_transition", "reason blank", {"reason": "   "}, "reason"),
    ("registry_transition", "reason NUL", {"reason": "ok\x00"}, "reason"),
    ("registry_transition", "equipment_returned with approve", {"equipment_returned": True}, "equipment_returned"),
    ("registry_transition", "wipe_requested with reject", {"action": "reject", "wipe_requested": True}, "wipe_requested"),
    ("registry_transition", "hostname newline", {"device_id": OMIT, "hostname": "pc-1\n"}, "hostname"),
    ("registry_transition", "device_id option", {"device_id": "--all"}, "device_id"),
    ("registry_transition", "device_id and hostname", {"hostname": "pc-1"}, "device_id"),
    ("registry_transition", "actor NUL", {"actor": "rssi\x00"}, "actor"),
    # the gateway's `wg show` output: a line of another shape is refused, never read as "nobody connected"
    ("registry_seen", "latest_handshakes words", {"latest_handshakes": ["interface: wg0"]}, "latest_handshakes"),
    ("registry_seen", "latest_handshakes short key", {"latest_handshakes": ["AAAA=\t1764576000"]}, "line 1"),
    ("registry_seen", "latest_handshakes epoch text", {"latest_handshakes": [KEY + "\tyesterday"]}, "latest_handshakes"),
    ("registry_seen", "latest_handshakes negative", {"latest_handshakes": [KEY + "\t-5"]}, "latest_handshakes"),
    ("registry_seen", "latest_handshakes second line", {"latest_handshakes": [KEY + "\t1764576000\n" + KEY + " 1764576000"]}, "line 2"),
    ("registry_seen", "latest_handshakes huge epoch", {"latest_handshakes": [KEY + "\t999999999999"]}, "latest_handshakes"),
    ("registry_seen", "actor empty", {"actor": ""}, "actor"),
]


def registry_dump(target):
    """Every table of the registry, raw: what a refused run must leave exactly as it was."""
    conn = target.raw()
    try:
        return {table: sorted(conn.execute("SELECT * FROM %s" % table).fetchall(), key=repr)  # noqa: S608 - constant names
                for table in ("devices", "history", "addresses", "meta")}
    finally:
        conn.close()


@pytest.mark.parametrize("module, case, over, words", REGISTRY_MODULE_ROWS,
                         ids=["%s: %s" % (row[0], row[1]) for row in REGISTRY_MODULE_ROWS])
def test_registry_module_refuses_naming_the_option_and_writes_nothing(registry_target, monkeypatch, module, case, over, words):
    registry = registry_target.open()
    enroll(registry)  # dev-0001, pc-1, requested, with a VPN address
    registry.close()
    for name in ("AMANE_REGISTRY_PATH", "AMANE_REGISTRY_DSN"):
        monkeypatch.delenv(name, raising=False)
    source = {"registry_path": registry_target.path} if registry_target.backend == "sqlite" else {"registry_dsn": registry_target.dsn}
    before = registry_dump(registry_target)
    assert_refused(run_module(REGISTRY_MODULES[module], merged(dict(BASE[module], **source), over)), words)
    assert registry_dump(registry_target) == before


# Where the registry is, wrong: each is refused naming registry_path, and the directory it points
# into is left as it was (no new file, no -wal or -shm beside a cut file, no header rewritten).
def _real_registry(root):
    source = root / "source"
    source.mkdir()
    registry = open_registry(path=str(source / "registry.sqlite"))
    enroll(registry)
    registry.close()
    return source / "registry.sqlite"


def _directory(root):
    (root / "registry.sqlite").mkdir()
    return root / "registry.sqlite"


def _text_file(root):
    (root / "notes.txt").write_text("not a registry\n" * 200)
    return root / "notes.txt"


def _truncated(size):
    def make(root):
        data = _real_registry(root.parent).read_bytes()
        (root / "registry.sqlite").write_bytes(data[:size])
        return root / "registry.sqlite"
    return make


def _other_application(root):
    conn = sqlite3.connect(str(root / "other.sqlite"))
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()
    return root / "other.sqlite"


def _newer_schema(root):
    path = root / "registry.sqlite"
    shutil.copy(str(_real_registry(root.parent)), str(path))
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")  # one file, so the digest sees every byte
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.close()
    return path


REGISTRY_PATH_ROWS = [
    ("registry_device", "a directory", _directory, {}, "registry_path"),
    ("registry_device", "a text file", _text_file, {}, "registry_path"),
    ("registry_device", "cut to 100 bytes", _truncated(100), {}, "registry_path"),
    ("registry_device", "cut to 4096 bytes", _truncated(4096), {}, "registry_path"),
    ("registry_device", "another application's SQLite file", _other_application, {}, "registry_path"),
    ("registry_device", "a newer schema", _newer_schema, {}, "registry_path"),
    ("registry_device", "a missing directory", lambda root: root / "nowhere" / "registry.sqlite", {}, "registry_path"),
    ("registry_device", "none given", lambda root: None, {}, "registry_path"),
    ("registry_device", "new file, bad hostname", lambda root: root / "new.sqlite", {"hostname": "PC-2\n"}, "hostname"),
    ("registry_posture", "a directory", _directory, {}, "registry_path"),
    ("registry_posture", "cut to 4096 bytes", _truncated(4096), {}, "registry_path"),
    ("registry_transition", "a text file", _text_file, {}, "registry_path"),
    ("registry_transition", "another application's SQLite file", _other_application, {}, "registry_path"),
]


@pytest.mark.parametrize("module, case, make, over, words", REGISTRY_PATH_ROWS,
                         ids=["%s: %s" % (row[0], row[1]) for row in REGISTRY_PATH_ROWS])
def test_registry_path_that_is_no_registry_is_refused_and_left_alone(tmp_path, monkeypatch, module, case, make, over, words):
    for name in ("AMANE_REGISTRY_PATH", "AMANE_REGISTRY_DSN"):
        monkeypatch.delenv(name, raising=False)
    root = tmp_path / "target"
    root.mkdir()
    path = make(root)
    before = tree_digest(root)
    args = merged(BASE[module], over)
    if path is not None:
        args["registry_path"] = str(path)
    assert_refused(run_module(REGISTRY_MODULES[module], args), words)
    assert tree_digest(root) == before


# --- the read-only audit modules ------------------------------------------------------------------

ANCHOR = "1:" + "a" * 64
AUDIT_ROWS = [
    ("posture", "session_idle_max_minutes zero", {"session_idle_max_minutes": 0}, "session_idle_max_minutes"),
    ("posture", "session_idle_max_minutes huge", {"session_idle_max_minutes": 100000}, "session_idle_max_minutes"),
    ("posture", "max_apt_lists_age_days negative", {"max_apt_lists_age_days": -1}, "max_apt_lists_age_days"),
    ("posture", "max_apt_lists_age_days huge", {"max_apt_lists_age_days": 10 ** 6}, "max_apt_lists_age_days"),
    ("posture", "av_max_age_days ten years", {"av_max_age_days": 3650}, "av_max_age_days"),
    ("posture", "max_pending_security_updates negative", {"max_pending_security_updates": -3}, "max_pending_security_updates"),
    ("posture", "work_data_scan_limit zero", {"work_data_scan_limit": 0}, "work_data_scan_limit"),
    ("posture", "work_data_scan_limit text", {"work_data_scan_limit": "lots"}, "work_data_scan_limit"),
    ("posture", "profile unknown", {"profile": "server"}, "profile"),
    ("posture", "disabled unknown id", {"disabled": ["NOPE"]}, "disabled"),
    ("posture", "disabled id of another area", {"disabled": ["EH-15"]}, "disabled"),
    ("posture", "disabled id with newline", {"disabled": ["PO-M9B\n"]}, "disabled"),
    ("posture", "waiver without approver", {"waivers": {"PO-M9B": dict(WAIVER, approver=OMIT)}}, "waivers.PO-M9B.approver"),
    ("posture", "waiver without justification", {"waivers": {"PO-M9B": dict(WAIVER, justification=OMIT)}},
     "waivers.PO-M9B.justification"),
    ("posture", "waiver without expiry", {"waivers": {"PO-M9B": dict(WAIVER, expires=OMIT)}}, "waivers.PO-M9B.expires"),
    ("posture", "waiver expiry day first", {"waivers": {"PO-M9B": dict(WAIVER, expires="31/12/2026")}}, "waivers.PO-M9B.expires"),
    ("posture", "waiver expiry no such day", {"waivers": {"PO-M9B": dict(WAIVER, expires="2026-02-30")}}, "waivers.PO-M9B.expires"),
    ("posture", "waiver justification blank", {"waivers": {"PO-M9B": dict(WAIVER, justification="   ")}},
     "waivers.PO-M9B.justification"),
    ("posture", "waiver justification mapping", {"waivers": {"PO-M9B": dict(WAIVER, justification={"text": "x"})}},
     "waivers.PO-M9B.justification"),
    ("posture", "waiver approver newline", {"waivers": {"PO-M9B": dict(WAIVER, approver="rssi\n")}}, "waivers.PO-M9B.approver"),
    ("posture", "waiver of another area", {"waivers": {"EH-15": WAIVER}}, "waivers.EH-15"),
    ("posture", "waiver of an unknown id", {"waivers": {"XX-99": WAIVER}}, "waivers.XX-99"),
    ("posture", "waiver not a mapping", {"waivers": {"PO-M9B": "yes"}}, "waivers.PO-M9B"),
    ("posture", "waivers a list", {"waivers": ["PO-M9B"]}, "waivers"),
    ("posture", "work_data_allowed_dirs traversal", {"work_data_allowed_dirs": ["../../etc"]}, "work_data_allowed_dirs[0]"),
    ("posture", "av_packages newline", {"av_packages": ["clamav\n"]}, "av_packages[0]"),
    ("posture", "browsers empty name", {"browsers": [""]}, "browsers[0]"),
    ("posture", "host newline", {"host": "pc-1\n"}, "host"),
    ("backup_status", "max_age_hours zero", {"max_age_hours": 0}, "max_age_hours"),
    ("backup_status", "max_age_hours huge", {"max_age_hours": 10 ** 9}, "max_age_hours"),
    ("backup_status", "max_verify_age_days negative", {"max_verify_age_days": -1}, "max_verify_age_days"),
    ("backup_status", "max_drill_age_days huge", {"max_drill_age_days": 10 ** 9}, "max_drill_age_days"),
    ("backup_status", "max_drill_age_days text", {"max_drill_age_days": "weekly"}, "max_drill_age_days"),
    ("backup_status", "host newline", {"host": "srv\n"}, "host"),
    ("antivirus_audit", "scan_timer option", {"scan_timer": "--host=evil.example"}, "scan_timer"),
    ("antivirus_audit", "scan_timer traversal", {"scan_timer": "../../../tmp/x.timer"}, "scan_timer"),
    ("antivirus_audit", "scan_timer not a timer", {"scan_timer": "amane-av-scan.service"}, "scan_timer"),
    ("antivirus_audit", "scan_timer newline", {"scan_timer": "amane-av-scan.timer\n"}, "scan_timer"),
    ("antivirus_audit", "removable_unit traversal", {"removable_unit": "../../x@.service"}, "removable_unit"),
    ("antivirus_audit", "removable_unit option", {"removable_unit": "-x@.service"}, "removable_unit"),
    ("antivirus_audit", "removable_unit not a template", {"removable_unit": "scan.service"}, "removable_unit"),
    ("antivirus_audit", "max_signature_age_days negative", {"max_signature_age_days": -2}, "max_signature_age_days"),
    ("antivirus_audit", "max_signature_age_days huge", {"max_signature_age_days": 100000}, "max_signature_age_days"),
    ("antivirus_audit", "mirror_url port", {"mirror_url": "http://mirror.example:99999/clamav"}, "mirror_url"),
    ("antivirus_audit", "mirror_url scheme", {"mirror_url": "ftp://mirror.example/clamav"}, "mirror_url"),
    ("antivirus_audit", "mirror_url newline", {"mirror_url": "http://mirror.example/\n"}, "mirror_url"),
    ("antivirus_audit", "disabled id of another area", {"disabled": ["EH-04"]}, "disabled"),
    ("antivirus_audit", "waiver of another area", {"waivers": {"PO-M9B": WAIVER}}, "waivers.PO-M9B"),
    ("antivirus_audit", "waiver expiry words", {"waivers": {"AV-03": dict(WAIVER, expires="next month")}}, "waivers.AV-03.expires"),
    ("antivirus_audit", "removable_policy unknown", {"removable_policy": "maybe"}, "removable_policy"),
    ("antivirus_audit", "profile unknown", {"profile": "gateway"}, "profile"),
    ("endpoint_audit", "areas unknown", {"areas": ["nope"]}, "areas"),
    ("endpoint_audit", "disabled id of an area not audited", {"disabled": ["VP-01"]}, "disabled"),
    ("endpoint_audit", "waiver of an area not audited", {"waivers": {"VP-01": WAIVER}}, "waivers.VP-01"),
    ("endpoint_audit", "waiver without approver", {"waivers": {"EH-15": dict(WAIVER, approver="")}}, "waivers.EH-15.approver"),
    ("endpoint_audit", "posture_options unknown", {"posture_options": {"bogus": 1}}, "posture_options.bogus"),
    ("endpoint_audit", "posture_options number as text", {"posture_options": {"work_data_scan_limit": "x"}},
     "posture_options.work_data_scan_limit"),
    ("endpoint_audit", "posture_options list as text", {"posture_options": {"av_packages": "clamav"}}, "posture_options.av_packages"),
    ("endpoint_audit", "posture_options negative", {"posture_options": {"session_idle_max_minutes": -5}},
     "posture_options.session_idle_max_minutes"),
    ("endpoint_audit", "idle_minutes longer than the gate's default", {"idle_minutes": 20}, "session_idle_max_minutes (15)"),
    ("endpoint_audit", "idle_minutes longer than the gate's option",
     {"idle_minutes": 20, "posture_options": {"session_idle_max_minutes": 10}}, "session_idle_max_minutes (10)"),
    ("endpoint_audit", "idle_minutes zero", {"idle_minutes": 0}, "idle_minutes"),
    ("endpoint_audit", "pwquality_minclass nine", {"pwquality_minclass": 9}, "pwquality_minclass"),
    ("endpoint_audit", "pwquality_minlen huge", {"pwquality_minlen": 10 ** 4}, "pwquality_minlen"),
    ("endpoint_audit", "faillock_deny zero", {"faillock_deny": 0}, "faillock_deny"),
    ("endpoint_audit", "faillock_deny negative", {"faillock_deny": -1}, "faillock_deny"),
    ("endpoint_audit", "max_update_age_days huge", {"max_update_age_days": 10 ** 5}, "max_update_age_days"),
    ("endpoint_audit", "management_accounts newline", {"management_accounts": ["root", "amane\n"]}, "management_accounts[1]"),
    ("endpoint_audit", "management_accounts option", {"management_accounts": ["-root"]}, "management_accounts[0]"),
    ("endpoint_audit", "admin_groups traversal", {"admin_groups": ["../sudo"]}, "admin_groups[0]"),
    ("endpoint_audit", "protected_services option", {"protected_services": ["-H evil"]}, "protected_services[0]"),
    ("endpoint_audit", "protected_services traversal", {"protected_services": ["../../etc/passwd"]}, "protected_services[0]"),
    ("endpoint_audit", "banner_marker empty", {"banner_marker": ""}, "banner_marker"),
    ("endpoint_audit", "banner_marker blank", {"banner_marker": "   "}, "banner_marker"),
    ("endpoint_audit", "removable_media unknown", {"removable_media": "usb"}, "removable_media"),
    ("endpoint_audit", "end_of_day not a boolean", {"end_of_day": "sometimes"}, "end_of_day"),
    # the workstation baseline's overrides land in sysctl.d, sshd_config.d, login.defs and apt's command line
    ("endpoint_audit", "baseline unknown section", {"baseline": {"ssh": {}}}, "baseline.ssh"),
    ("endpoint_audit", "baseline sshd newline", {"baseline": {"sshd": {"banner": "/etc/issue\nPermitRootLogin yes"}}},
     "baseline.sshd.banner"),
    ("endpoint_audit", "baseline sysctl with spaces", {"baseline": {"kernel_sysctl": {"kernel.kptr_restrict": "1 2"}}},
     "baseline.kernel_sysctl.kernel.kptr_restrict"),
    ("endpoint_audit", "baseline sysctl name", {"baseline": {"network_sysctl": {"net ipv4": "0"}}}, "baseline.network_sysctl.net ipv4"),
    ("endpoint_audit", "baseline umask not octal", {"baseline": {"umask": "0289"}}, "baseline.umask"),
    ("endpoint_audit", "baseline sshd YAML boolean", {"baseline": {"sshd": {"x11forwarding": False}}}, "baseline.sshd.x11forwarding"),
    ("endpoint_audit", "baseline sshd mixed case", {"baseline": {"sshd": {"PermitRootLogin": "prohibit-password"}}},
     "baseline.sshd.PermitRootLogin"),
    ("endpoint_audit", "baseline password age a word", {"baseline": {"login_defs": {"PASS_MAX_DAYS": "never"}}},
     "baseline.login_defs.PASS_MAX_DAYS"),
    ("endpoint_audit", "baseline password age zero", {"baseline": {"login_defs": {"PASS_MAX_DAYS": "0"}}},
     "baseline.login_defs.PASS_MAX_DAYS"),
    ("endpoint_audit", "baseline file with no group", {"baseline": {"file_modes": [["/etc/shadow", "0640", "root", []]]}},
     "baseline.file_modes[0]"),
    ("endpoint_audit", "baseline file owner with a space", {"baseline": {"file_modes": [["/etc/shadow", "0640", "root x", ["root"]]]}},
     "baseline.file_modes[0]"),
    ("endpoint_audit", "baseline package option", {"baseline": {"unneeded_packages": ["-oAPT::Get::Assume-Yes=1"]}},
     "baseline.unneeded_packages[0]"),
    ("endpoint_audit", "baseline file mode relative", {"baseline": {"file_modes": [["etc/shadow", "0640", "root", ["root"]]]}},
     "baseline.file_modes[0]"),
    ("endpoint_audit", "baseline section a list", {"baseline": {"sshd": ["permitrootlogin"]}}, "baseline.sshd"),
    ("logging_audit", "profile unknown", {"profile": "desktop"}, "profile"),
    ("logging_audit", "disabled id of another area", {"disabled": ["PO-M9B"]}, "disabled"),
    ("logging_audit", "waiver of another area", {"waivers": {"PO-M9B": WAIVER}}, "waivers.PO-M9B"),
    ("logging_audit", "waiver without justification", {"waivers": {"LG-01": {"approver": "rssi", "expires": "2026-12-31"}}},
     "waivers.LG-01.justification"),
    ("logging_audit", "chain_anchors newline", {"chain_anchors": [ANCHOR + "\n"]}, "chain_anchors"),
    ("logging_audit", "chain_anchors sequence zero", {"chain_anchors": ["0:" + "a" * 64]}, "chain_anchors"),
    ("logging_audit", "store_dir option", {"store_dir": "-x"}, "store_dir"),
    ("logging_audit", "chain_dir relative", {"chain_dir": "relative/dir"}, "chain_dir"),
    ("logging_audit", "store_dir newline", {"store_dir": "/var/log/amane\n/hosts"}, "store_dir"),
    ("vpn_audit", "interface option", {"interface": "-a"}, "interface"),
    ("vpn_audit", "interface newline", {"interface": "wg0\n"}, "interface"),
    ("vpn_audit", "interface traversal", {"interface": "../wg0"}, "interface"),
    ("vpn_audit", "interface too long", {"interface": "a" * 16}, "interface"),
    ("vpn_audit", "port out of range", {"port": 70000}, "port"),
    ("vpn_audit", "port zero", {"port": 0}, "port"),
    ("vpn_audit", "port a boolean", {"port": True}, "port"),
    ("vpn_audit", "disabled id of another area", {"disabled": ["PO-M9B"]}, "disabled"),
    ("vpn_audit", "waiver expiry words", {"waivers": {"VP-01": dict(WAIVER, expires="soon")}}, "waivers.VP-01.expires"),
    ("vpn_audit", "host newline", {"host": "gw\n"}, "host"),
]


def audit_base(module, root):
    """The module's arguments pointing at the fake tree under ``root``."""
    if module in ("posture", "antivirus_audit", "endpoint_audit"):
        return {"root": str(root), "profile": "byod"}
    if module == "backup_status":
        return {"status_dir": str(root / "var/lib/amane/backup")}
    if module == "logging_audit":
        return {"profile": "issued", "store_dir": str(root / "var/log/amane/hosts"), "chain_dir": str(root / "var/lib/amane/logchain")}
    return {}


@pytest.mark.parametrize("module, case, over, words", AUDIT_ROWS, ids=["%s: %s" % (row[0], row[1]) for row in AUDIT_ROWS])
def test_audit_module_refuses_before_reading_naming_the_option(tmp_path, monkeypatch, module, case, over, words):
    make_device(tmp_path)
    (tmp_path / "var/lib/amane/backup").mkdir(parents=True)
    before = tree_digest(tmp_path)

    def no_command(self, *args, **kwargs):
        raise AssertionError("%s ran %r before refusing its input" % (module, args))

    monkeypatch.setattr(AnsibleModule, "run_command", no_command)
    assert_refused(run_module(AUDIT_MODULES[module], merged(audit_base(module, tmp_path), over)), words)
    assert tree_digest(tmp_path) == before


# --- the compliance report: its action plugin (plugins/modules/compliance_report.py holds its documentation only)

AUDIT = {"schema": "amane.audit/1", "host": "pc-1", "profile": "issued", "checked_at": "2026-11-23T10:00:00Z",
         "results": [{"id": "PO-M9B", "clauses": ["M9b"], "status": "pass", "evidence": "no intrusion tool", "waiver": None}]}
ACTION_ROWS = [
    ("threshold above 100", {"threshold": 150}, "threshold"),
    ("threshold negative", {"threshold": -1}, "threshold"),
    ("threshold not a number", {"threshold": math.nan}, "threshold"),
    ("threshold text", {"threshold": "high"}, "threshold"),
    ("formats unknown", {"formats": ["pdf"]}, "formats"),
    ("languages unknown", {"languages": ["de"]}, "languages"),
    ("results text", {"results": "pc-1"}, "results"),
    ("results item text", {"results": ["pc-1"]}, "results"),
    ("results host newline", {"results": [dict(AUDIT, host="pc-1\n")]}, "results[0].host"),
    ("pseudonymize without key", {"pseudonymize": True}, "pseudonymize_key"),
    ("catalogue entry text", {"catalogue": {"PO-M9B": "intrusion tools"}}, "catalogue.PO-M9B"),
    ("catalogue title text", {"catalogue": {"PO-M9B": {"title": "Intrusion tools"}}}, "catalogue.PO-M9B.title"),
    ("catalogue clauses text", {"catalogue": {"PO-M9B": {"clauses": "M9b"}}}, "catalogue.PO-M9B.clauses"),
    ("records entry text", {"records": {"pc-1": "Karim Benali"}}, "records.pc-1"),
    ("records a list", {"records": ["pc-1"]}, "records"),
    ("previous missing file", {"previous": "/nonexistent/report.json"}, "previous"),
    ("output_dir a file", {"output_dir": "FILE"}, "output_dir"),
    ("output_dir missing", {"output_dir": OMIT}, "output_dir"),
    ("unknown option", {"bogus": 1}, "bogus"),
    # the report store and the auditor's export: refused before the registry is opened or created
    ("retention_days zero", {"retention_days": 0, "registry_path": "NEWREG"}, "retention_days"),
    ("retention_days text", {"retention_days": "a year"}, "retention_days"),
    ("stale_days negative", {"stale_days": -1, "registry_path": "NEWREG"}, "stale_days"),
    ("waiver_warning_days huge", {"waiver_warning_days": 100000}, "waiver_warning_days"),
    ("signing_key missing", {"signing_key": "/nonexistent/report-signing.pem", "registry_path": "NEWREG"}, "signing_key"),
    ("signing_key not a key", {"signing_key": "FILE"}, "signing_key"),
    ("signing_key not ed25519", {"signing_key": "RSAKEY"}, "signing_key"),
    ("registry_path a directory", {"registry_path": "DIR"}, "registry_path"),
    ("registry_path in a missing directory", {"registry_path": "/nonexistent/registry.sqlite"}, "registry_path"),
    ("registry_path another database", {"registry_path": "FOREIGN"}, "registry_path"),
    ("previous run id without a store", {"previous": "20261101T060000Z"}, "previous"),
    ("previous run id not stored", {"previous": "20261101T060000Z", "registry_path": "REG"}, "previous: run 20261101T060000Z"),
    ("previous run id with a newline", {"previous": "20261101T060000Z\n", "registry_path": "REG"}, "previous"),
]

_PLACES = {  # a row's placeholder -> the file under the test's tmp_path it stands for ("" = tmp_path itself)
    "FILE": "a-file",
    "DIR": "",
    "NEWREG": "new-registry.sqlite",
    "REG": "registry.sqlite",
    "FOREIGN": "payroll.sqlite",
    "RSAKEY": "rsa.pem",
}


def _places(tmp_path):
    """The files the rows point at, made before the tree's digest: an existing registry, another
    application's database, an RSA key where an Ed25519 one is wanted."""
    import sqlite3

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from ansible_collections.amane.telework.plugins.plugin_utils.report_store import ReportStore

    ReportStore.open(path=str(tmp_path / "registry.sqlite")).close()
    with sqlite3.connect(str(tmp_path / "payroll.sqlite")) as conn:
        conn.execute("CREATE TABLE payroll (id INTEGER)")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (tmp_path / "rsa.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))


def run_action(args, task_vars=None):
    task = SimpleNamespace(args=args, async_val=0, check_mode=False, action="amane.telework.compliance_report")
    connection = SimpleNamespace(_shell=SimpleNamespace(tmpdir=None))
    action = ActionModule(task, connection, None, None, None)
    action._load_name = "amane.telework.compliance_report"
    return action.run(task_vars=task_vars or {})


@pytest.mark.parametrize("case, over, words", ACTION_ROWS, ids=[row[0] for row in ACTION_ROWS])
def test_compliance_report_refuses_naming_the_option_and_writes_nothing(tmp_path, case, over, words):
    (tmp_path / "a-file").write_text("not a directory\n")
    _places(tmp_path)
    args = merged({"results": [AUDIT], "output_dir": str(tmp_path / "reports"), "previous": "none"}, over)
    for option in ("output_dir", "registry_path", "signing_key"):
        if args.get(option) in _PLACES:
            args[option] = str(tmp_path / _PLACES[args[option]]) if _PLACES[args[option]] else str(tmp_path)
    before = tree_digest(tmp_path)
    with pytest.raises(AnsibleActionFail) as refused:
        run_action(args)
    assert words in str(refused.value) and "Traceback" not in str(refused.value), str(refused.value)
    assert tree_digest(tmp_path) == before


# --- the VPN filters ------------------------------------------------------------------------------

PEER = {"host": "pc1", "device_id": "dev-0001", "public_key": KEY, "address": "10.9.0.12", "administration": "finance"}
NETS = [{"name": "svc", "cidr": "10.1.0.0/24"}]
ACCESS = {"finance": [{"network": "svc", "tcp": [443]}]}
GROUPS = {"state_active": ["pc1"], "posture_compliant": ["pc1"]}
POOL_CIDR = "10.9.0.0/24"

# (filter, case, positional arguments, words). vpn_peers_refused's documented answer to a bad record
# is a refusal naming it (the rest of the fleet is served); vpn_input_errors' is an error string
# naming the variable. Every other malformed value raises AnsibleFilterError naming it.
FILTER_ROWS = [
    ("vpn_peers", "groups text", ("state_active", {}), "groups"),
    ("vpn_peers", "host missing from hostvars", (GROUPS, {}), "hostvars"),
    ("vpn_peers", "hostvars entry text", (GROUPS, {"pc1": "x"}), "hostvars"),
    ("vpn_peers", "hostvars a list", (GROUPS, ["pc1"]), "hostvars"),
    ("vpn_peers", "group members text", ({"state_active": "pc1", "posture_compliant": "pc1"}, {"pc1": {}}), "groups"),
    ("vpn_peers", "required_groups text", (GROUPS, {"pc1": {}}, "state_active"), "required_groups"),
    ("vpn_peers", "required_groups empty", (GROUPS, {"pc1": {}}, []), "required_groups"),
    ("vpn_peers_refused", "peers text", ("pc1", POOL_CIDR), "vpn_peers"),
    ("vpn_peers_refused", "peer without key", ([{"host": "pc1"}], POOL_CIDR), "peers[0]"),
    ("vpn_peers_refused", "peer address null", ([dict(PEER, address=None)], POOL_CIDR), "peers[0]"),
    ("vpn_peers_refused", "pool words", ([PEER], "nope"), "vpn_pool"),
    ("vpn_peers_refused", "pool missing", ([PEER], None), "vpn_pool"),
    ("vpn_peers_refused", "device id newline", ([dict(PEER, device_id="dev-0001\nAllowedIPs = 0.0.0.0/0")], POOL_CIDR),
     "amane_device_id"),
    ("vpn_peers_refused", "administration newline", ([dict(PEER, administration="finance\n\tchain input {")], POOL_CIDR),
     "amane_administration"),
    ("vpn_peers_servable", "pool too small", ([PEER], "10.9.0.0/31"), "vpn_pool"),
    ("vpn_peers_servable", "pool host bits", ([PEER], "10.9.0.1/24"), "vpn_pool"),
    ("vpn_peers_servable", "peer key a number", ([dict(PEER, public_key=5)], POOL_CIDR), "peers[0]"),
    ("vpn_peers_servable", "peers items text", (["pc1"], POOL_CIDR), "peers[0]"),
    ("vpn_gateway_address", "pool words", ("nope",), "vpn_pool"),
    ("vpn_gateway_address", "pool one address", ("10.9.0.0/32",), "vpn_pool"),
    ("vpn_gateway_address", "pool missing", (None,), "vpn_pool"),
    ("vpn_gateway_address", "pool newline", ("10.9.0.0/24\n",), "vpn_pool"),
    ("vpn_gateway_address", "pool IPv6", ("2001:db8::/64",), "vpn_pool"),
    ("vpn_firewall_plan", "rule naming no network", ([PEER], {"finance": [{"network": "nope"}]}, NETS), "vpn_access.finance[0].network"),
    ("vpn_firewall_plan", "ports as text", ([PEER], {"finance": [{"network": "svc", "tcp": "443"}]}, NETS), "vpn_access.finance[0].tcp"),
    ("vpn_firewall_plan", "port out of range", ([PEER], {"finance": [{"network": "svc", "tcp": [70000]}]}, NETS),
     "vpn_access.finance[0].tcp"),
    ("vpn_firewall_plan", "rule text", ([PEER], {"finance": ["svc"]}, NETS), "vpn_access.finance[0]"),
    ("vpn_firewall_plan", "icmp as text", ([PEER], {"finance": [{"network": "svc", "icmp": "no"}]}, NETS), "vpn_access.finance[0].icmp"),
    ("vpn_firewall_plan", "access a list", ([PEER], ["finance"], NETS), "vpn_access"),
    ("vpn_firewall_plan", "access key newline", ([PEER], {"finance\n\tchain input {": []}, NETS), "vpn_access"),
    ("vpn_firewall_plan", "network cidr words", ([PEER], ACCESS, [{"name": "svc", "cidr": "nope"}]), "vpn_internal_networks[0].cidr"),
    ("vpn_firewall_plan", "network without cidr", ([PEER], ACCESS, [{"name": "svc"}]), "vpn_internal_networks[0]"),
    ("vpn_firewall_plan", "client_to_client text", ([PEER], ACCESS, NETS, "finance"), "vpn_client_to_client"),
    ("vpn_firewall_plan", "peer administration newline", ([dict(PEER, administration="finance\n")], {}, NETS), "amane_administration"),
    ("vpn_firewall_plan", "peer without keys", ([{"host": "pc1"}], ACCESS, NETS), "peers[0]"),
    ("vpn_client_allowed_ips", "full_tunnel as text", ("finance", ACCESS, NETS, "false"), "vpn_full_tunnel"),
    ("vpn_client_allowed_ips", "gateway address newline", ("finance", ACCESS, NETS, False, "10.9.0.1\n"), "gateway_address"),
    ("vpn_client_allowed_ips", "gateway address words", ("finance", ACCESS, NETS, False, "gateway"), "gateway_address"),
    ("vpn_client_allowed_ips", "administration a list", (["finance"], ACCESS, NETS), "amane_administration"),
    ("vpn_client_allowed_ips", "rule text", ("finance", {"finance": ["svc"]}, NETS), "vpn_access.finance[0]"),
    ("vpn_client_allowed_ips", "rule naming no network", ("finance", {"finance": [{"network": "nope"}]}, NETS),
     "vpn_access.finance[0].network"),
    ("vpn_client_allowed_ips", "network cidr words", ("finance", ACCESS, [{"name": "svc", "cidr": "nope"}]),
     "vpn_internal_networks[0].cidr"),
    ("vpn_input_errors", "settings text", ("wg0",), "settings"),
    ("vpn_input_errors", "mtu words", ({"interface": "wg0", "port": 51820, "pool": POOL_CIDR, "mtu": "abc"},), "vpn_mtu"),
    ("vpn_input_errors", "mtu newline", ({"interface": "wg0", "port": 51820, "pool": POOL_CIDR, "mtu": "1420\n"},), "vpn_mtu"),
    ("vpn_input_errors", "keepalive words", ({"interface": "wg0", "port": 51820, "pool": POOL_CIDR, "keepalive": "x"},),
     "vpn_persistent_keepalive"),
    ("vpn_input_errors", "interface option", ({"interface": "-a", "port": 51820, "pool": POOL_CIDR},), "vpn_interface"),
    ("vpn_input_errors", "interface missing", ({"interface": None, "port": 51820, "pool": POOL_CIDR},), "vpn_interface"),
    ("vpn_input_errors", "internal networks text", ({"interface": "wg0", "port": 51820, "pool": POOL_CIDR,
                                                     "internal_networks": "svc"},), "vpn_internal_networks"),
    ("vpn_input_errors", "access rules text", ({"interface": "wg0", "port": 51820, "pool": POOL_CIDR, "access": {"finance": "svc"}},),
     "vpn_access.finance"),
]


@pytest.mark.parametrize("name, case, args, words", FILTER_ROWS, ids=["%s: %s" % (row[0], row[1]) for row in FILTER_ROWS])
def test_vpn_filter_refuses_a_malformed_value_naming_it(name, case, args, words):
    given = copy.deepcopy(args)
    function = vpn_config.FilterModule().filters()[name]
    try:
        answer = function(*args)
    except AnsibleFilterError as exc:  # any other exception type is a traceback: it fails the row
        assert words in str(exc), str(exc)
    else:
        if name == "vpn_peers_refused":
            assert [r["host"] for r in answer] == ["pc1"] and any(words in reason for reason in answer[0]["reasons"]), answer
            assert vpn_config.vpn_peers_servable(args[0], args[1]) == []
        elif name == "vpn_input_errors":
            assert any(words in error for error in answer), answer
        else:
            pytest.fail("%s accepted %r and returned %r" % (name, args, answer))
    assert args == given  # a filter never edits what it is given


def test_the_table_keeps_at_least_sixty_cases():
    """The issue's floor for these components; the registry rows also run on PostgreSQL."""
    names = ([("registry", row[0], row[1]) for row in REGISTRY_MODULE_ROWS]
             + [("registry_path", row[0], row[1]) for row in REGISTRY_PATH_ROWS]
             + [("audit", row[0], row[1]) for row in AUDIT_ROWS]
             + [("action", "compliance_report", row[0]) for row in ACTION_ROWS]
             + [("filter", row[0], row[1]) for row in FILTER_ROWS])
    assert len(set(names)) == len(names), "two rows share a name"
    assert len(names) >= 60, len(names)

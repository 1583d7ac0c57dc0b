"""Registry storage layer: state machine (E1, C5, M10, M16), append-only history, bad input.

Every test runs on both backends (conftest's ``registry_target``): a SQLite file and a real
PostgreSQL database.
"""

import pytest

from ansible_collections.amane.telework.plugins.module_utils.registry.store import RegistryError, registry_location
from tests.unit.registry_factory import HOST_KEY, enroll, make_active, request


@pytest.fixture
def registry(registry_target):
    reg = registry_target.open()
    yield reg
    reg.close()


def test_new_device_is_requested_with_history(registry):
    record = enroll(registry)
    assert record["device_id"] == "dev-0001" and record["state"] == "requested"
    history = registry.history("dev-0001")
    assert [(h["action"], h["to_state"], h["actor"]) for h in history] == [("enroll", "requested", "tech")]


def test_same_request_twice_changes_nothing(registry):
    enroll(registry)
    with registry.transaction():
        record, changed = registry.upsert(request(), "tech")
    assert not changed and record["device_id"] == "dev-0001"
    assert len(registry.history("dev-0001")) == 1


def test_full_lifecycle(registry):
    enroll(registry)
    record = make_active(registry, "dev-0001")
    assert record["state"] == "active" and record["approved_by"] == "rssi"
    with registry.transaction():
        record, changed = registry.record_posture("dev-0001", False, ["PO-M9B"], ["failed M9b: nmap installed"],
                                                  "2026-11-24T08:00:00Z", "gate")
    assert changed and record["state"] == "quarantined"
    assert registry.history("dev-0001")[-1]["reason"] == "device pc-1 failed M9b: nmap installed"
    with registry.transaction():
        record, _unused = registry.record_posture("dev-0001", True, [], [], "2026-11-24T09:00:00Z", "gate")
    assert record["state"] == "active"
    with registry.transaction():
        record, _unused = registry.transition("dev-0001", "offboard", "rssi", "end of telework")
    assert record["state"] == "offboarded"
    states = [h["to_state"] for h in registry.history("dev-0001")]
    assert states == ["requested", "approved", "active", "quarantined", "active", "offboarded"]


def test_same_posture_verdict_is_not_a_change(registry):
    enroll(registry)
    make_active(registry, "dev-0001")
    with registry.transaction():
        _unused, changed = registry.record_posture("dev-0001", True, [], [], "2026-11-25T09:00:00Z", "gate")
    assert not changed
    assert registry.get("dev-0001")["posture"]["checked_at"] == "2026-11-25T09:00:00Z"


@pytest.mark.parametrize("missing, overrides, approve, compliant", [
    ("approval", {}, False, True),
    ("charter", {"charter_accepted_at": None, "charter_version": None}, True, True),
    ("compliant posture", {}, True, False),
])
def test_activation_needs_approval_charter_and_posture(registry, missing, overrides, approve, compliant):
    record = enroll(registry, **overrides)
    with registry.transaction():
        if approve:
            registry.transition(record["device_id"], "approve", "rssi", "ok")
        registry.record_posture(record["device_id"], compliant, [] if compliant else ["PO-S4"], [], "2026-11-23T10:00:00Z", "gate")
    with pytest.raises(RegistryError, match="cannot become active without .*" + missing.split()[0]):
        with registry.transaction():
            if not approve:
                registry._exec("UPDATE devices SET state = 'approved' WHERE device_id = ?", (record["device_id"],))
            registry.transition(record["device_id"], "activate", "rssi", "go")
    assert registry.get(record["device_id"])["state"] in ("requested", "approved")


@pytest.mark.parametrize("action", ["approve", "activate", "quarantine"])
def test_offboarded_device_never_comes_back(registry, action):
    enroll(registry)
    with registry.transaction():
        registry.transition("dev-0001", "offboard", "rssi", "left")
    with pytest.raises(RegistryError, match="new enrollment"):
        with registry.transaction():
            registry.transition("dev-0001", action, "rssi", "try")


def test_re_enrollment_after_offboarding_is_a_new_record(registry):
    enroll(registry)
    with registry.transaction():
        registry.transition("dev-0001", "offboard", "rssi", "left")
    again = enroll(registry)
    assert again["device_id"] == "dev-0002" and again["state"] == "requested"
    assert registry.get("dev-0001")["state"] == "offboarded"


def test_reject_ends_the_request(registry):
    enroll(registry)
    with registry.transaction():
        record, _unused = registry.transition("dev-0001", "reject", "rssi", "personal device too old")
    assert record["state"] == "offboarded"
    assert registry.history("dev-0001")[-1]["reason"] == "personal device too old"


def test_transition_needs_actor_and_reason(registry):
    enroll(registry)
    with pytest.raises(RegistryError, match="who .* and why"):
        with registry.transaction():
            registry.transition("dev-0001", "approve", "rssi", "")


def test_quarantine_only_from_active(registry):
    enroll(registry)
    with pytest.raises(RegistryError, match="quarantine of dev-0001 is not allowed from state requested"):
        with registry.transaction():
            registry.transition("dev-0001", "quarantine", "gate", "x")


def test_history_cannot_be_rewritten(registry, registry_target):
    enroll(registry)
    for statement in ("UPDATE history SET reason = 'nothing happened'", "DELETE FROM history"):
        with pytest.raises(registry_target.db_error, match="append-only"):
            registry._exec(statement)
    assert registry.history("dev-0001")[0]["reason"] == "enrollment requested for pc-1"


def test_pinned_host_key_is_never_silently_replaced(registry):
    enroll(registry, host_key=HOST_KEY)
    other = HOST_KEY[:-4] + "ZZZZ"
    with pytest.raises(RegistryError, match="differs from the pinned key"):
        with registry.transaction():
            registry.upsert(request(host_key=other), "tech")
    with registry.transaction():
        record, changed = registry.repin_host_key("dev-0001", other, "tech", "laptop reinstalled, fingerprint checked")
    assert changed and record["host_key"] == other
    assert registry.history("dev-0001")[-1]["action"] == "repin_host_key"


@pytest.mark.parametrize("field, value, message", [
    ("schedule", {"days": ["monday"], "start": "08:30", "end": "16:30"}, "field 'schedule': days"),
    ("schedule", {"days": ["mon"], "start": "17:00", "end": "08:00"}, "start 17:00 must be before end"),
    ("device_kind", "tablet", "field 'device_kind': 'tablet' is not one of issued, byod"),
    ("administration", "Finances Publiques", "field 'administration'"),
    ("hostname", "PC_1", "field 'hostname'"),
    ("wg_public_key", "not-a-key", "field 'wg_public_key'"),
    ("host_key", "ssh-dss AAAA", "field 'host_key'"),
    # PostgreSQL text cannot hold NUL: refused on both backends before anything is written
    ("owner_name", "Karim\x00Benali", "field 'owner_name': .* control character"),
    ("enroll_address", "192.0.2.10\n", "field 'enroll_address': .* not an IP address or a DNS name"),
    # it becomes ansible_host: an option in front of ssh's own would run a ProxyCommand
    ("enroll_address", "-oProxyCommand=touch /tmp/x", "field 'enroll_address': .* not starting with '-'"),
    ("enroll_address", "pc 1", "field 'enroll_address'"),
    # a regex's $ matches before a final newline: every pattern is matched whole
    ("hostname", "pc-act\n", "field 'hostname'"),
    ("wg_public_key", "A" * 42 + "E=\n", "field 'wg_public_key'"),
    ("host_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTests\n", "field 'host_key'"),
    ("schedule", {"days": ["mon"], "start": "08:30\n", "end": "16:30"}, "field 'schedule': start"),
    ("administration", "finances\n", "field 'administration'"),
    ("charter_accepted_at", "yesterday", "field 'charter_accepted_at': 'yesterday' must be a UTC time"),
])
def test_bad_input_names_the_field_and_writes_nothing(registry, field, value, message):
    with pytest.raises(RegistryError, match=message):
        with registry.transaction():
            registry.upsert(request(**{field: value}), "tech")
    assert registry.all_rows() == []


def test_a_live_approved_device_enrolled_again_goes_back_to_approval_with_history(registry):
    record = enroll(registry)
    make_active(registry, record["device_id"])
    with registry.transaction():
        changed_record, changed = registry.upsert(request(owner_name="Someone Else"), "tech")
    assert changed and changed_record["state"] == "requested" and changed_record["approved_by"] is None
    last = registry.history("dev-0001")[-1]
    assert last["action"] == "request_changed" and last["from_state"] == "active" and "owner_name" in last["reason"]


def test_administration_or_kind_of_a_live_device_cannot_change_in_place(registry):
    record = enroll(registry)
    make_active(registry, record["device_id"])
    before = registry.all_rows()
    with pytest.raises(RegistryError, match="administration cannot change in place.*Offboard it"):
        with registry.transaction():
            registry.upsert(request(administration="sante"), "tech")
    assert registry.all_rows() == before


def test_key_and_enrollment_address_changes_are_in_the_history(registry):
    enroll(registry)
    with registry.transaction():
        registry.upsert(request(wg_public_key="B" * 42 + "E="), "tech")
        registry.upsert(request(enroll_address="192.0.2.77"), "tech")
    actions = [(h["action"], h["reason"]) for h in registry.history("dev-0001")]
    assert ("set_wg_key", "WireGuard public key recorded: " + "B" * 42 + "E=") in actions
    assert any(a == "set_enroll_address" and r.endswith("-> 192.0.2.77") for a, r in actions), actions


@pytest.mark.parametrize("actor, reason, field", [("rssi\x00", "ok", "actor"), ("rssi", "signed\x00", "reason")])
def test_history_text_with_nul_is_refused_naming_the_field(registry, actor, reason, field):
    enroll(registry)
    with pytest.raises(RegistryError, match="field '%s': holds a NUL character" % field):
        with registry.transaction():
            registry.transition("dev-0001", "approve", actor, reason)
    assert registry.get("dev-0001")["state"] == "requested" and len(registry.history("dev-0001")) == 1


def test_placeholders_and_percent_signs_mean_the_same_on_both_backends(registry):
    assert registry._exec("SELECT ? || '% done'", ("50",)).fetchone()[0] == "50% done"
    assert registry._exec("SELECT '100%'").fetchone()[0] == "100%"


def test_unknown_device_is_a_clear_error(registry):
    with pytest.raises(RegistryError, match="no device dev-0042 in the registry"):
        registry.find(device_id="dev-0042")
    with pytest.raises(RegistryError, match="no device 'dev-0042\\\\x00' in the registry"):
        registry.find(device_id="dev-0042\x00")


def test_equipment_return_is_recorded_once(registry):
    enroll(registry)
    with registry.transaction():
        registry.transition("dev-0001", "offboard", "rssi", "end")
        _unused, first = registry.record_equipment_return("dev-0001", "rssi")
        _unused, second = registry.record_equipment_return("dev-0001", "rssi")
    assert first and not second and registry.get("dev-0001")["equipment_returned_at"]


def test_a_pass_with_gate_controls_switched_off_leaves_a_trace(registry):
    record = enroll(registry)
    with registry.transaction():
        registry.transition(record["device_id"], "approve", "rssi", "charter signed")
        device, _unused = registry.record_posture(record["device_id"], True, [], [], "2026-11-24T09:00:00Z", "gate",
                                                  activate_approved=True, not_assessed=["PO-M9A-AV disabled"])
    assert device["state"] == "active" and device["posture"]["not_assessed"] == ["PO-M9A-AV disabled"]
    assert "not assessed: PO-M9A-AV disabled" in registry.history(record["device_id"])[-1]["reason"]
    with registry.transaction():
        _unused, changed = registry.record_posture(record["device_id"], True, [], [], "2026-11-25T09:00:00Z", "gate",
                                                   not_assessed=["PO-M9A-AV disabled", "PO-M9B waived"])
    assert changed and registry.history(record["device_id"])[-1]["action"] == "posture_partial"


@pytest.mark.parametrize("path, dsn, environ, expected", [
    ("/srv/r.sqlite", None, {}, ("/srv/r.sqlite", None)),
    (None, None, {"AMANE_REGISTRY_PATH": "/env/r.sqlite"}, ("/env/r.sqlite", None)),
    (None, None, {"AMANE_REGISTRY_DSN": "host=db", "AMANE_REGISTRY_PATH": "/env/r.sqlite"}, (None, "host=db")),
    ("/srv/r.sqlite", None, {"AMANE_REGISTRY_DSN": "host=db"}, ("/srv/r.sqlite", "host=db")),
    (None, "host=own", {"AMANE_REGISTRY_DSN": "host=db"}, (None, "host=own")),
    ("", "", {"AMANE_REGISTRY_PATH": ""}, (None, None)),
], ids=["own-path", "env-path", "env-dsn-wins-over-env-path", "env-dsn-beside-own-path", "own-dsn", "nothing"])
def test_every_registry_user_finds_the_registry_by_one_rule(path, dsn, environ, expected):
    """The registry modules and the report's store: the task's options, else the environment."""
    assert registry_location(path, dsn, environ) == expected

"""Shared builders for the registry tests: a valid request and a registry in a temp dir."""

from ansible_collections.amane.telework.plugins.module_utils import ipam
from ansible_collections.amane.telework.plugins.module_utils.registry import open_registry

POOLS = {"finances": "10.66.1.0/24", "sante": "10.66.2.0/24"}
HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0cGluMHlKZXlGb3JUZXN0c09ubHlYWFhYWFhYWFhY"
WG_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="


def request(hostname="pc-1", **overrides):
    fields = {
        "hostname": hostname, "enroll_address": "192.0.2.10", "owner_id": "E-1001", "owner_name": "Karim Benali",
        "administration": "finances", "unit": "budget", "device_kind": "issued", "telework_kind": "partial",
        "schedule": {"days": ["mon", "thu"], "start": "08:30", "end": "16:30"},
        "charter_version": "2026.1", "charter_accepted_at": "2026-11-20T09:00:00Z",
    }
    fields.update(overrides)
    return fields


def enroll(registry, hostname="pc-1", now="2026-11-23T08:00:00Z", pools=None, **overrides):
    with registry.transaction():
        record, _ = registry.upsert(request(hostname, **overrides), "tech", now=now)
        ipam.allocate(registry, record["device_id"], pools or POOLS, now=now)
    return registry.get(record["device_id"])


def make_active(registry, device_id, now="2026-11-23T09:00:00Z"):
    with registry.transaction():
        registry.transition(device_id, "approve", "rssi", "charter signed", now=now)
        registry.record_posture(device_id, True, [], [], now, "gate", now=now, activate_approved=True)
    return registry.get(device_id)


def new_registry(tmp_path):
    return open_registry(str(tmp_path / "registry.sqlite"))

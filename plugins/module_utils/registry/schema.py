# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Versioned schema of the enrollment registry and the migrations between versions.

Each migration is a list of statements per backend. A registry records its version in the
``meta`` table; ``registry.Registry`` applies the missing migrations in order and refuses a
registry whose version is unknown or newer than this code (an older Amane must never write to a
registry that a newer one has reshaped).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

SCHEMA_VERSION = 5

# Version 1: devices, addresses handed out by IPAM, append-only history.
_V1_COMMON = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE devices (
        device_id TEXT PRIMARY KEY,
        hostname TEXT NOT NULL,
        enroll_address TEXT NOT NULL,
        owner_id TEXT NOT NULL,
        owner_name TEXT NOT NULL,
        administration TEXT NOT NULL,
        unit TEXT NOT NULL,
        device_kind TEXT NOT NULL,
        telework_kind TEXT NOT NULL,
        schedule TEXT NOT NULL,
        charter_version TEXT,
        charter_accepted_at TEXT,
        approved_by TEXT,
        approved_at TEXT,
        host_key TEXT,
        wg_public_key TEXT,
        vpn_address TEXT,
        posture TEXT,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)""",
    # One live record per host name; offboarded records stay for the auditors.
    "CREATE UNIQUE INDEX devices_live_hostname ON devices (hostname) WHERE state <> 'offboarded'",
    """CREATE TABLE addresses (
        address TEXT PRIMARY KEY,
        administration TEXT NOT NULL,
        device_id TEXT NOT NULL,
        released_at TEXT)""",
]

_V1 = {
    "sqlite": _V1_COMMON + [
        """CREATE TABLE history (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            device_id TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
            from_state TEXT, to_state TEXT NOT NULL, reason TEXT NOT NULL)""",
        # The history is evidence: the database itself refuses to rewrite it.
        "CREATE TRIGGER history_no_update BEFORE UPDATE ON history BEGIN "
        "SELECT RAISE(ABORT, 'registry history is append-only'); END",
        "CREATE TRIGGER history_no_delete BEFORE DELETE ON history BEGIN "
        "SELECT RAISE(ABORT, 'registry history is append-only'); END",
    ],
    "postgresql": _V1_COMMON + [
        """CREATE TABLE history (
            seq BIGSERIAL PRIMARY KEY,
            device_id TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
            from_state TEXT, to_state TEXT NOT NULL, reason TEXT NOT NULL)""",
        """CREATE FUNCTION amane_history_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'registry history is append-only'; END $$ LANGUAGE plpgsql""",
        "CREATE TRIGGER history_no_rewrite BEFORE UPDATE OR DELETE ON history "
        "FOR EACH ROW EXECUTE FUNCTION amane_history_append_only()",
    ],
}

# Version 2: offboarding (C5, S20): when the equipment came back and whether a wipe was asked.
_V2_COMMON = [
    "ALTER TABLE devices ADD COLUMN equipment_returned_at TEXT",
    "ALTER TABLE devices ADD COLUMN wipe_requested INTEGER NOT NULL DEFAULT 0",
]

# Version 3: the database itself refuses two live devices on one VPN address (M10), whatever
# writes to it. The write lock already keeps this code from doing it; a control node still on
# version 2 code (no PostgreSQL write lock) now refuses the registry instead of racing this one.
_V3_COMMON = [
    "CREATE UNIQUE INDEX devices_live_vpn_address ON devices (vpn_address) "
    "WHERE state <> 'offboarded' AND vpn_address IS NOT NULL",
]

# Version 4: the report store (M10, M11, A21: periodic evaluation with indicators). Each report
# run keeps its summary, its rates per scope (fleet, administration, control) for the trend
# charts, and a compressed snapshot of every device's statuses for comparing any two runs; the
# last assessment of each device answers "not assessed for N days". Owners' names and evidence
# are never stored (law 09.08, A3): the report files keep those, under their own retention.


def _v4(blob):
    return [
        """CREATE TABLE report_runs (
            run_id TEXT PRIMARY KEY,
            generated_at TEXT NOT NULL,
            pseudonymized INTEGER NOT NULL,
            collection_version TEXT,
            inventory_source TEXT,
            summary TEXT NOT NULL,
            manifest_sha256 TEXT)""",
        "CREATE INDEX report_runs_generated_at ON report_runs (generated_at)",
        """CREATE TABLE report_rates (
            run_id TEXT NOT NULL,
            scope TEXT NOT NULL,
            name TEXT NOT NULL,
            total INTEGER NOT NULL,
            good INTEGER NOT NULL,
            PRIMARY KEY (run_id, scope, name))""",
        "CREATE TABLE report_snapshots (run_id TEXT PRIMARY KEY, snapshot %s NOT NULL)" % blob,
        "CREATE TABLE report_last_assessed (host TEXT PRIMARY KEY, device_id TEXT, checked_at TEXT NOT NULL, run_id TEXT NOT NULL)",
    ]


# Version 5: when each device was last seen on the VPN (M10, A17): the latest WireGuard handshake a
# gateway reported (playbooks/last-seen.yml). A sighting, not a decision: no history entry, and
# updated_at keeps meaning "the record was last changed".
_V5_COMMON = ["ALTER TABLE devices ADD COLUMN last_seen_at TEXT"]


MIGRATIONS = {
    1: _V1,
    2: {"sqlite": _V2_COMMON, "postgresql": _V2_COMMON},
    3: {"sqlite": _V3_COMMON, "postgresql": _V3_COMMON},
    4: {"sqlite": _v4("BLOB"), "postgresql": _v4("BYTEA")},
    5: {"sqlite": _V5_COMMON, "postgresql": _V5_COMMON},
}

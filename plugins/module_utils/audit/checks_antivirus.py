# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of the antivirus controls (AV-NN): ClamAV on the endpoint, its signatures and scans.

Every check reads the host through the shared :class:`HostSnapshot` and changes nothing.
Options come from ``snapshot.params`` (set by the antivirus_audit module); DEFAULTS applies
when an option is missing so that the checks also run under another module.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import stat

from ansible_collections.amane.telework.plugins.module_utils.audit.checks_posture import signature_age_days
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import check, option_reader

DEFAULTS = {
    "av_packages": ["clamav-daemon", "clamav-freshclam"],
    "av_services": ["clamav-daemon.service", "clamav-freshclam.service"],
    "max_signature_age_days": 7,
    "database_dir": "/var/lib/clamav",
    "freshclam_conf": "/etc/clamav/freshclam.conf",
    "mirror_url": "",
    "scan_timer": "amane-av-scan.timer",
    "quarantine_dir": "/var/lib/amane/quarantine",
    "removable_policy": "scan",
    "removable_udev_rule": "/etc/udev/rules.d/90-amane-av-removable.rules",
    "removable_unit": "amane-av-removable@.service",
}
REMOVABLE_POLICIES = ("scan", "block", "none")


option = option_reader(DEFAULTS)  # the task's value of an option, else DEFAULTS above


def unit_state(snapshot, unit):
    """(enabled-state, active-state) of a systemd unit as systemctl prints them."""
    enabled = snapshot.run(["systemctl", "is-enabled", unit])[1].strip() or "unknown"
    active = snapshot.run(["systemctl", "is-active", unit])[1].strip() or "unknown"
    return enabled, active


def freshclam_settings(snapshot):
    """{directive: [values]} from freshclam.conf; comments and blank lines ignored."""

    def compute():
        settings = {}
        for line in snapshot.read(option(snapshot, "freshclam_conf"), "").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, _unused, value = line.partition(" ")
            settings.setdefault(key, []).append(value.strip())
        return settings

    return snapshot.memo("freshclam_settings", compute)


@check("AV-01")
def antivirus_installed(snapshot):
    packages = snapshot.installed_packages()
    wanted = option(snapshot, "av_packages")
    missing = [p for p in wanted if p not in packages]
    if missing:
        return "fail", "not installed: %s" % ", ".join(missing)
    return "pass", ", ".join("%s %s" % (p, packages[p]) for p in wanted)


@check("AV-02")
def antivirus_running(snapshot):
    states, problems = [], []
    for unit in option(snapshot, "av_services"):
        enabled, active = unit_state(snapshot, unit)
        states.append("%s %s/%s" % (unit, enabled, active))
        if enabled != "enabled" or active != "active":
            problems.append(unit)
    if problems:
        return "fail", "stopped, disabled or masked: %s (%s)" % (", ".join(problems), "; ".join(states))
    return "pass", "; ".join(states)


@check("AV-03")
def signatures_fresh(snapshot):
    age, name = signature_age_days(snapshot, option(snapshot, "database_dir"))
    if age is None:
        return "fail", "no signature database in %s" % option(snapshot, "database_dir")
    limit = float(option(snapshot, "max_signature_age_days"))
    if age > limit:
        return "fail", "newest signatures are %.1f days old (%s; limit %g days)" % (age, name, limit)
    return "pass", "newest signatures are %.1f days old (%s; limit %g days)" % (age, name, limit)


@check("AV-04")
def updates_from_private_mirror(snapshot):
    mirror = option(snapshot, "mirror_url").rstrip("/")
    if not mirror:
        return "not_applicable", "no private mirror configured for this host"
    settings = freshclam_settings(snapshot)
    if not settings:
        return "fail", "%s missing or empty" % option(snapshot, "freshclam_conf")
    sources = settings.get("PrivateMirror", []) + settings.get("DatabaseCustomURL", [])
    foreign = settings.get("DatabaseMirror", [])
    ours = [s for s in sources if s.rstrip("/").startswith(mirror)]
    if not ours:
        return "fail", "freshclam does not use %s (PrivateMirror/DatabaseCustomURL: %s)" % (mirror, ", ".join(sources) or "none")
    if foreign:
        return "fail", "freshclam also uses public mirrors: %s" % ", ".join(foreign)
    return "pass", "freshclam updates from %s" % ", ".join(ours)


@check("AV-05")
def scheduled_scan(snapshot):
    timer = option(snapshot, "scan_timer")
    enabled, active = unit_state(snapshot, timer)
    problems = []
    if enabled != "enabled" or active != "active":
        problems.append("%s is %s/%s" % (timer, enabled, active))
    quarantine = option(snapshot, "quarantine_dir")
    try:
        mode = stat.S_IMODE(os.stat(snapshot.path(quarantine)).st_mode)
    except OSError:
        mode = None
    if mode is None:
        problems.append("quarantine %s missing" % quarantine)
    elif mode & 0o077:
        problems.append("quarantine %s is mode %04o (want 0700)" % (quarantine, mode))
    if problems:
        return "fail", "; ".join(problems)
    return "pass", "%s enabled and active; quarantine %s mode 0700" % (timer, quarantine)


@check("AV-06")
def removable_media_scanned(snapshot):
    policy = option(snapshot, "removable_policy")
    if policy == "block":
        return "not_applicable", "removable storage policy is block: usb-storage disabled by endpoint hardening"
    if policy != "scan":
        return "fail", "removable storage policy is %s: inserted media are not scanned (S8)" % policy
    rule_path, unit = option(snapshot, "removable_udev_rule"), option(snapshot, "removable_unit")
    rule = snapshot.read(rule_path, "")
    template = unit.replace("@.service", "@")
    if template not in rule:
        return "fail", "udev rule %s does not start %s" % (rule_path, unit)
    if not snapshot.exists("/etc/systemd/system/" + unit):
        return "fail", "scan service %s missing" % unit
    return "pass", "udev rule %s starts %s on insertion" % (rule_path, unit)

# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Endpoint hardening checks (EH-NN): read-only, run by the endpoint_audit module.

They read the state the endpoint_hardening role writes (and any equivalent configuration a
personal computer may have), through the shared :class:`HostSnapshot`. Commands are few and run
once: ``systemctl show`` for every protected unit together, ``nft -j list ruleset``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re

from ansible_collections.amane.telework.plugins.module_utils.audit.checks_posture import read_dconf_settings
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import check, option_reader

DEFAULTS = {
    "management_accounts": ["root"],
    "admin_groups": ["sudo"],
    "protected_services": ["nftables.service", "systemd-journald.service"],
    "removable_media": "block",
    "pwquality_minlen": 12,
    "pwquality_minclass": 3,
    "faillock_deny": 5,
    "max_update_age_days": 7,
    "end_of_day": False,
    "banner_marker": "Amane telework charter",
}

SOFTWARE_ACTIONS = ("org.freedesktop.packagekit.", "org.debian.apt.")
WIFI_GUARD_ENABLED = "/etc/systemd/system/paths.target.wants/amane-wifi-guard.path"
USB_MODULES = ("usb-storage", "usb_storage", "uas")


option = option_reader(DEFAULTS)  # the task's value of an option, else DEFAULTS above


def key_values(text, separator="="):
    """'key = value' lines (comments removed) into a dict."""
    values = {}
    for raw in (text or "").splitlines():
        line = raw.split("#", 1)[0].strip()
        if separator in line:
            key, value = line.split(separator, 1)
            values[key.strip()] = value.strip()
    return values


def pam_lines(snapshot, name):
    """Active lines of /etc/pam.d/<name> as lists of fields."""
    lines = []
    for raw in snapshot.read("/etc/pam.d/" + name, "").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(re.findall(r"\[[^\]]*\]|\S+", line))
    return lines


def human_accounts(snapshot):
    accounts = []
    for line in snapshot.read("/etc/passwd", "").splitlines():
        fields = line.split(":")
        if len(fields) >= 7 and fields[2].isdigit() and 1000 <= int(fields[2]) < 65534:
            accounts.append(fields[0])
    return accounts


def group_members(snapshot):
    members = {}
    for line in snapshot.read("/etc/group", "").splitlines():
        fields = line.split(":")
        if len(fields) >= 4:
            members[fields[0]] = [m for m in fields[3].split(",") if m]
    return members


def is_container(snapshot):
    return snapshot.exists("/.dockerenv") or snapshot.exists("/run/.containerenv") or bool(snapshot.read("/run/systemd/container"))


def modprobe_rules(snapshot):
    """{module: [directives]} from every modprobe.d file, in the order modprobe reads them."""
    rules = {}
    for directory in ("/lib/modprobe.d", "/usr/lib/modprobe.d", "/run/modprobe.d", "/etc/modprobe.d"):
        for name in snapshot.listdir(directory):
            if not name.endswith(".conf"):
                continue
            for raw in snapshot.read(directory + "/" + name, "").splitlines():
                fields = raw.split("#", 1)[0].split()
                if len(fields) >= 2 and fields[0] in ("install", "blacklist"):
                    rules.setdefault(fields[1].replace("_", "-"), []).append(" ".join([fields[0]] + fields[2:]))
    return rules


# --- the checks ------------------------------------------------------------------------------


@check("EH-01")
def dconf_lock_compiled(snapshot):
    settings, locks = read_dconf_settings(snapshot)
    if not settings:
        return "fail", "no system dconf settings in /etc/dconf/db/*.d"
    if "system-db:local" not in snapshot.read("/etc/dconf/profile/user", ""):
        return "fail", "/etc/dconf/profile/user does not load the system database 'local'"
    compiled = snapshot.path("/etc/dconf/db/local")
    if not os.path.exists(compiled):
        return "fail", "settings never compiled: /etc/dconf/db/local missing (run dconf update)"
    newest_source = max(
        os.stat(os.path.join(current, name)).st_mtime
        for current, _unused, files in os.walk(snapshot.path("/etc/dconf/db/local.d")) for name in files
    )
    if os.stat(compiled).st_mtime < newest_source:
        return "fail", "/etc/dconf/db/local is older than its keyfiles: users still get the old values"
    return "pass", "dconf database compiled, %d keys locked" % len(locks)


CRACKLIB_DICT = "/var/cache/cracklib/cracklib_dict.pwd"


@check("EH-02")
def password_quality(snapshot):
    modules = [fields[2] for fields in pam_lines(snapshot, "common-password") if len(fields) > 2]
    if "pam_pwquality.so" not in modules:
        return "fail", "pam_pwquality is not in /etc/pam.d/common-password"
    conf = key_values(snapshot.read("/etc/security/pwquality.conf", ""))
    for name in snapshot.listdir("/etc/security/pwquality.conf.d"):
        conf.update(key_values(snapshot.read("/etc/security/pwquality.conf.d/" + name, "")))
    problems = []
    for key in ("minlen", "minclass"):
        want = int(option(snapshot, "pwquality_" + key))
        have = int(conf.get(key, "0") or 0)
        if have < want:
            problems.append("%s %d < %d" % (key, have, want))
    if problems:
        return "fail", "pwquality too weak: " + ", ".join(problems)
    # dictcheck (on unless set to 0) without cracklib's dictionary refuses every new password.
    if conf.get("dictcheck", "1") != "0" and not snapshot.exists(CRACKLIB_DICT):
        return "fail", "dictcheck is on but %s is missing (cracklib-runtime): every password change is refused" % CRACKLIB_DICT
    return "pass", "pam_pwquality minlen %s, minclass %s" % (conf["minlen"], conf["minclass"])


@check("EH-03")
def lockout_with_management_guard(snapshot):
    auth = pam_lines(snapshot, "common-auth")
    args = [" ".join(fields[3:]) for fields in auth if len(fields) > 2 and fields[2] == "pam_faillock.so"]
    if not any("preauth" in a for a in args) or not any("authfail" in a for a in args):
        return "fail", "pam_faillock preauth/authfail missing from /etc/pam.d/common-auth"
    conf = key_values(snapshot.read("/etc/security/faillock.conf", ""))
    deny = int(conf.get("deny", "3"))
    if deny > int(option(snapshot, "faillock_deny")):
        return "fail", "faillock deny=%d is above %s" % (deny, option(snapshot, "faillock_deny"))
    if "even_deny_root" in snapshot.read("/etc/security/faillock.conf", "").split():
        return "fail", "even_deny_root is set: root (the management path) could be locked out"
    exempt = set()
    for fields in auth:
        if len(fields) > 5 and fields[2] == "pam_succeed_if.so" and "user" in fields and "in" in fields:
            exempt.update(fields[fields.index("in") + 1].split(":"))
    missing = [a for a in option(snapshot, "management_accounts") if a != "root" and a not in exempt]
    if missing:
        return "fail", "management accounts not exempt from lockout: %s" % ", ".join(missing)
    return "pass", "lock after %d failures; exempt: %s" % (deny, ", ".join(sorted(exempt | {"root"})))


@check("EH-04")
def teleworkers_without_sudo(snapshot):
    management = set(option(snapshot, "management_accounts"))
    humans = [a for a in human_accounts(snapshot) if a not in management]
    members = group_members(snapshot)
    offenders = sorted({u for g in option(snapshot, "admin_groups") + ["admin", "wheel"] for u in members.get(g, []) if u in humans})
    sudoers = [snapshot.read("/etc/sudoers", "")] + [snapshot.read("/etc/sudoers.d/" + n, "") for n in snapshot.listdir("/etc/sudoers.d")]
    named = sorted({u for u in humans for text in sudoers if re.search(r"^\s*%s\s" % re.escape(u), text, re.MULTILINE)})
    if offenders or named:
        return "fail", "teleworker accounts with admin rights: %s" % ", ".join(sorted(set(offenders + named)))
    return "pass", "no admin rights for %s" % (", ".join(humans) or "any teleworker account")


@check("EH-05")
def polkit_denies_software(snapshot):
    for directory in ("/etc/polkit-1/rules.d",):
        for name in snapshot.listdir(directory):
            text = snapshot.read(directory + "/" + name, "")
            if all(a in text for a in SOFTWARE_ACTIONS) and "polkit.Result.NO" in text:
                return "pass", "%s/%s denies package installation to non-administrators" % (directory, name)
    return "fail", "no polkit rule denies packagekit/apt actions to non-administrators"


@check("EH-06")
def protection_services_running(snapshot):
    units = list(option(snapshot, "protected_services"))
    if not units:
        return "not_applicable", "no protected service configured"
    rc, out, err = snapshot.run(["systemctl", "show", "--property=Id,LoadState,ActiveState,UnitFileState", "--"] + units)
    if rc != 0:
        return "error", "systemctl show failed: %s" % (err or out).strip()[:200]
    problems, seen = [], []
    for block in out.strip().split("\n\n"):
        props = key_values(block)
        unit = props.get("Id", "?")
        seen.append(unit)
        if props.get("LoadState") == "not-found":
            problems.append("%s not installed" % unit)
        elif props.get("LoadState") == "masked" or props.get("UnitFileState") == "masked":
            problems.append("%s masked" % unit)
        elif props.get("ActiveState") != "active":
            problems.append("%s %s" % (unit, props.get("ActiveState")))
        elif props.get("UnitFileState") not in ("enabled", "static", "enabled-runtime", "alias", "indirect", "generated"):
            problems.append("%s %s" % (unit, props.get("UnitFileState") or "not enabled"))
    if problems:
        return "fail", "; ".join(problems)
    return "pass", "running and enabled: %s" % ", ".join(seen)


@check("EH-07")
def removable_storage(snapshot):
    policy = option(snapshot, "removable_media")
    if policy == "scan":
        return "not_applicable", "policy scan: media scanning is audited by the antivirus controls"
    if policy == "allow":
        return "fail", "removable storage allowed without scanning (policy allow)"
    rules = modprobe_rules(snapshot)
    install = [r for r in rules.get("usb-storage", []) if r.startswith("install ")]
    if install and install[-1].split(None, 1)[1].strip() in ("/bin/false", "/bin/true", "/usr/bin/false", "/usr/bin/true"):
        return "pass", "modprobe usb-storage runs '%s' instead of loading the driver" % install[-1].split(None, 1)[1]
    return "fail", "usb-storage can be loaded (no install override in modprobe.d)"


@check("EH-08")
def wifi_profiles(snapshot):
    directory = "/etc/NetworkManager/system-connections"
    if not snapshot.exists("/etc/NetworkManager"):
        return "not_applicable", "NetworkManager is not installed"
    risky, wifi = [], 0
    for name in snapshot.listdir(directory):
        text = snapshot.read(directory + "/" + name, "")
        if "type=wifi" not in text and "type=802-11-wireless" not in text:
            continue
        wifi += 1
        key_mgmt = re.search(r"^key-mgmt=(\S+)", text, re.MULTILINE)
        auto_off = re.search(r"^autoconnect=false", text, re.MULTILINE)
        security = key_mgmt.group(1) if key_mgmt else "open"
        if security in ("open", "none", "ieee8021x") and not auto_off:
            risky.append("%s (%s)" % (name.rsplit(".", 1)[0], "WEP" if security != "open" else "open"))
    if risky:
        return "fail", "auto-connecting open or WEP Wi-Fi: %s" % ", ".join(risky)
    # An issued laptop keeps the guard that fixes a profile as soon as the teleworker joins an open
    # network; without it today's clean profiles say nothing about tomorrow's (audit first).
    if snapshot.params.get("profile") == "issued" and not snapshot.exists(WIFI_GUARD_ENABLED):
        return "fail", "the Wi-Fi profile guard (amane-wifi-guard.path) is not installed and enabled"
    return "pass", "%d Wi-Fi profiles, none open or WEP with auto-connect" % wifi


@check("EH-09")
def office_macros(snapshot):
    packages = snapshot.installed_packages()
    found = []
    for directory in ("/etc/libreoffice/registry", "/usr/lib/libreoffice/share/registry"):
        for name in snapshot.listdir(directory):
            text = snapshot.read(directory + "/" + name, "")
            if re.search(r'MacroSecurityLevel"\s+oor:finalized="true"[^>]*>\s*<value>3</value>', text):
                found.append(directory + "/" + name)
    if found:
        return "pass", "macro security level 3 (very high), finalized: %s" % found[0]
    if "libreoffice-core" not in packages:
        if snapshot.params.get("profile") == "issued":
            # staged before LibreOffice comes, so that its first start already has macros locked
            return "fail", "no macro lock staged in /etc/libreoffice/registry for a LibreOffice installed later"
        return "not_applicable", "LibreOffice is not installed and no lock is staged"
    return "fail", "LibreOffice macro security is not locked at its highest level"


@check("EH-10")
def automatic_security_updates(snapshot):
    if "unattended-upgrades" not in snapshot.installed_packages():
        return "fail", "unattended-upgrades is not installed"
    text = "\n".join(snapshot.read("/etc/apt/apt.conf.d/" + n, "") for n in snapshot.listdir("/etc/apt/apt.conf.d"))
    periodic = dict(re.findall(r'APT::Periodic::([A-Za-z-]+)\s+"(\d+)"', text))
    if periodic.get("Unattended-Upgrade", "0") == "0" or periodic.get("Update-Package-Lists", "0") == "0":
        return "fail", "APT::Periodic Update-Package-Lists/Unattended-Upgrade not both enabled"
    if "security" not in text.lower():
        return "fail", "no security origin in the unattended-upgrades configuration"
    return "pass", "daily package lists and unattended security upgrades enabled"


@check("EH-11")
def last_update_age(snapshot):
    stamps = []
    for name in ("upgrade-stamp", "unattended-upgrades-stamp"):
        if snapshot.exists("/var/lib/apt/periodic/" + name):
            stamps.append(os.stat(snapshot.path("/var/lib/apt/periodic", name)).st_mtime)
    if not stamps:
        return "fail", "no successful unattended upgrade recorded in /var/lib/apt/periodic"
    age = (snapshot.now.timestamp() - max(stamps)) / 86400.0
    limit = float(option(snapshot, "max_update_age_days"))
    if age > limit:
        return "fail", "last unattended upgrade %.1f days ago (limit %g)" % (age, limit)
    return "pass", "last unattended upgrade %.1f days ago" % age


@check("EH-12")
def inbound_default_deny(snapshot):
    rc, out, err = snapshot.run(["nft", "-j", "list", "ruleset"])
    if rc != 0:
        return "error", "nft list ruleset failed: %s" % (err or out).strip()[:200]
    chains = [item["chain"] for item in json.loads(out).get("nftables", []) if "chain" in item]
    inputs = [c for c in chains if c.get("hook") == "input"]
    if not inputs:
        return "fail", "no input chain: inbound traffic is not filtered"
    accepting = ["%s %s" % (c.get("table"), c.get("name")) for c in inputs if c.get("policy", "accept") == "accept"]
    dropping = ["%s %s" % (c.get("table"), c.get("name")) for c in inputs if c.get("policy") == "drop"]
    if not dropping:
        return "fail", "input chains accept by default: %s" % ", ".join(accepting)
    return "pass", "inbound default drop: %s" % ", ".join(dropping)


@check("EH-13")
def end_of_day(snapshot):
    if not option(snapshot, "end_of_day"):
        return "not_applicable", "end-of-day log-out/shutdown is switched off"
    timer = "/etc/systemd/system/amane-end-of-day.timer"
    if not snapshot.exists(timer):
        return "fail", "%s missing" % timer
    if not snapshot.exists("/etc/systemd/system/timers.target.wants/amane-end-of-day.timer"):
        return "fail", "amane-end-of-day.timer is not enabled"
    calendar = re.findall(r"^OnCalendar=(.+)$", snapshot.read(timer, ""), re.MULTILINE)
    return "pass", "end of day at %s" % "; ".join(calendar)


@check("EH-14")
def login_banner(snapshot):
    marker = option(snapshot, "banner_marker")
    missing = [p for p in ("/etc/issue", "/etc/issue.net", "/etc/motd") if marker not in snapshot.read(p, "")]
    if missing:
        return "fail", "charter banner missing from %s" % ", ".join(missing)
    return "pass", "charter banner in /etc/issue, /etc/issue.net and /etc/motd"


@check("EH-15")
def disk_encryption(snapshot):
    if is_container(snapshot):
        return "not_applicable", "container: the disk belongs to the host"
    entries = [line for line in snapshot.read("/etc/crypttab", "").splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if entries:
        return "pass", "%d encrypted volume(s) in /etc/crypttab" % len(entries)
    return "fail", "no LUKS volume in /etc/crypttab: data on a lost laptop is readable"

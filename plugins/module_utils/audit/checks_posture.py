# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Posture gate checks (guide M9a, M9b, M9c, S4): read-only, shared with the endpoint audit.

Every check reads through the :class:`HostSnapshot` so that the dpkg status file, the apt
simulation and the home-directory scan happen once per run, however many checks use them.
Options come from ``snapshot.params`` (the module's arguments); ``DEFAULTS`` holds the values used
when an option is absent, so unit tests and the endpoint audit get the same behaviour.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import fnmatch
import os
import re

from ansible_collections.amane.telework.plugins.module_utils import values
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import check, option_reader

DEFAULTS = {
    "max_pending_security_updates": 0,
    "max_apt_lists_age_days": 7,
    "av_max_age_days": 7,
    "av_packages": ["clamav", "clamav-daemon"],
    "browsers": ["firefox-esr", "chromium", "firefox", "google-chrome-stable"],
    # Package-name patterns (fnmatch) of intrusion tools (M9b).
    "intrusion_packages": [
        "nmap", "zenmap", "hydra", "hydra-gtk", "john", "aircrack-ng", "sqlmap", "nikto",
        "metasploit-framework", "ettercap-*", "wireshark", "wireshark-qt", "tshark", "dsniff",
        "hashcat", "medusa", "ncrack", "masscan", "bettercap", "responder", "reaver", "kismet",
        "beef-xss", "netcat-traditional", "wifite", "yersinia",
    ],
    # Executable names looked for on PATH and in users' ~/.local/bin (tools installed outside dpkg).
    "intrusion_binaries": [
        "nmap", "hydra", "john", "aircrack-ng", "sqlmap", "nikto", "msfconsole", "msfvenom",
        "ettercap", "wireshark", "tshark", "hashcat", "medusa", "ncrack", "masscan", "bettercap",
        "responder", "reaver", "dsniff", "wifite",
    ],
    # M9c: file names (case-insensitive fnmatch) that mark work data.
    "work_data_patterns": ["*.amane-work", "*confidentiel*", "*diffusion-restreinte*", "*diffusion restreinte*"],
    # M9c: folders, relative to each home directory, where work data may live (encrypted/synced).
    "work_data_allowed_dirs": [".amane-vault"],
    "work_data_scan_limit": 50000,
    "session_idle_max_minutes": 15,
}

# Whole-number options: (lowest, highest, what the bounds guard). Beyond them a check would pass or
# fail every device whatever its state (an idle lock of 0 minutes, signatures "fresh" for ten
# years), or overflow the dates it computes.
OPTION_BOUNDS = {
    "max_pending_security_updates": (0, 1000, "security updates a device may lack"),
    "max_apt_lists_age_days": (0, 365, "lists older than a year say nothing about pending updates"),
    "av_max_age_days": (0, 365, "signatures older than a year protect from nothing"),
    "work_data_scan_limit": (1, 10000000, "entries walked in home directories"),
    "session_idle_max_minutes": (1, 1440, "an idle lock of 0 minutes is impossible, one longer than a day is none"),
}


def mapping_errors(options, prefix):
    """Error strings for a mapping of posture options (the posture module's O(options), the endpoint
    audit's posture_options; ``prefix`` names it): an unknown name, then each value's problem."""
    errors = ["%s%s: unknown option; use one of %s" % (prefix, name, ", ".join(sorted(DEFAULTS)))
              for name in sorted(options) if name not in DEFAULTS]
    return errors + option_errors(options, prefix)


def option_errors(options, prefix=""):
    """Error strings for the posture options given in ``options`` (a module's params, or the
    endpoint audit's posture_options, where ``prefix`` names the mapping); each names the option."""
    errors = []
    for name, value in sorted(options.items()):
        if name not in DEFAULTS or value is None:
            continue
        field = prefix + name
        if name in OPTION_BOUNDS:
            problem = values.integer(field, value, *OPTION_BOUNDS[name])
            errors.extend([problem] if problem else [])
        elif not isinstance(value, list):  # a string would be walked one character at a time
            errors.append("%s: %r must be a list of names" % (field, value))
        else:
            for index, item in enumerate(value):
                problem = values.text("%s[%d]" % (field, index), item)
                if not problem and name == "work_data_allowed_dirs" and ".." in item.split("/"):
                    problem = "%s[%d]: %r leaves the home directory; give a folder inside it (e.g. .amane-vault)" % (
                        field, index, item)
                errors.extend([problem] if problem else [])
    return errors


APT_SIMULATE = [
    "apt-get", "-s", "-o", "Debug::NoLocking=true", "-o", "Dir::Cache::pkgcache=", "-o", "Dir::Cache::srcpkgcache=",
    "-o", "APT::Get::Show-User-Simulation-Note=false", "dist-upgrade",
]
SECURITY_ORIGIN = re.compile(r"-security|/updates|security\.debian\.org", re.IGNORECASE)
INST_LINE = re.compile(r"^Inst (\S+) (?:\[(\S+)\] )?\((\S+) (.*?)\)")
AV_DB_SUFFIXES = (".cvd", ".cld", ".cud", ".hdb", ".hsb", ".ndb", ".ldb", ".mdb", ".msb")
SYSTEM_BIN_DIRS = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/games", "/snap/bin")


option = option_reader(DEFAULTS)  # the task's value of an option, else DEFAULTS above


# --- shared reads --------------------------------------------------------------------------


def pending_upgrades(snapshot):
    """[(package, new_version, origin)] that apt would upgrade, from one offline simulation.

    ``apt-get -s dist-upgrade`` only reads the local package lists: no network, no lock, and the
    empty cache paths keep apt from saving its binary cache, so a personal computer is untouched.
    """

    def compute():
        rc, out, err = snapshot.run(APT_SIMULATE)
        if rc != 0:
            raise RuntimeError("apt-get -s dist-upgrade failed (rc %s): %s" % (rc, (err or out).strip()[:200]))
        pending = []
        for line in out.splitlines():
            match = INST_LINE.match(line)
            if match:
                pending.append((match.group(1), match.group(3), match.group(4)))
        return pending

    return snapshot.memo("pending_upgrades", compute)


def apt_lists_age_days(snapshot):
    """Age in days of the newest package list, or None when apt has no list at all."""
    newest = None
    for name in snapshot.listdir("/var/lib/apt/lists"):
        if name.endswith("_Packages") or "_Packages." in name:
            mtime = os.stat(snapshot.path("/var/lib/apt/lists", name)).st_mtime
            newest = mtime if newest is None else max(newest, mtime)
    if newest is None:
        return None
    return (snapshot.now.timestamp() - newest) / 86400.0


def home_directories(snapshot):
    """Home directories of people: /home/* plus passwd entries with uid >= 1000 (not nobody)."""

    def compute():
        homes = {"/home/" + name for name in snapshot.listdir("/home")}
        for line in snapshot.read("/etc/passwd", "").splitlines():
            fields = line.split(":")
            if len(fields) >= 7 and fields[2].isdigit() and 1000 <= int(fields[2]) < 65534:
                homes.add(fields[5])
        return sorted(home for home in homes if os.path.isdir(snapshot.path(home)))

    return snapshot.memo("homes", compute)


def executables_on_path(snapshot):
    """Names of every entry in the system bin directories and users' ~/.local/bin (one listdir each)."""

    def compute():
        found = {}
        dirs = list(SYSTEM_BIN_DIRS) + [home + "/.local/bin" for home in home_directories(snapshot)]
        for directory in dirs:
            for name in snapshot.listdir(directory):
                found.setdefault(name, directory + "/" + name)
        return found

    return snapshot.memo("executables", compute)


def read_dconf_settings(snapshot):
    """({(path, key): value}, set of locked 'path/key') from /etc/dconf/db/*.d keyfiles."""

    def compute():
        settings, locks = {}, set()
        for db in snapshot.listdir("/etc/dconf/db"):
            if not db.endswith(".d"):
                continue
            base = "/etc/dconf/db/" + db
            for name in snapshot.listdir(base):
                text = snapshot.read(base + "/" + name)
                if text is not None:
                    _parse_keyfile(text, settings)
            for name in snapshot.listdir(base + "/locks"):
                for line in snapshot.read(base + "/locks/" + name, "").splitlines():
                    if line.strip().startswith("/"):
                        locks.add(line.strip())
        return settings, locks

    return snapshot.memo("dconf", compute)


def _parse_keyfile(text, settings):
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = "/" + line[1:-1].strip("/")
        elif "=" in line and section:
            key, value = line.split("=", 1)
            settings[(section, key.strip())] = value.strip()


def dconf_uint(value):
    """'uint32 300' or '300' -> 300; None when unset or not a number."""
    if value is None:
        return None
    match = re.search(r"(\d+)\s*$", value)
    return int(match.group(1)) if match else None


def shell_timeout_seconds(snapshot):
    """Smallest readonly TMOUT set for login shells, or None."""
    files = ["/etc/profile", "/etc/bash.bashrc"] + ["/etc/profile.d/" + n for n in snapshot.listdir("/etc/profile.d")]
    values = []
    for path in files:
        text = snapshot.read(path, "")
        if re.search(r"^\s*(readonly|declare -r|typeset -r)\s+TMOUT\b", text, re.MULTILINE):
            values += [int(v) for v in re.findall(r"^\s*(?:readonly\s+|export\s+|declare -r\s+)?TMOUT=(\d+)", text, re.MULTILINE)]
    return min(values) if values else None


def session_lock_findings(snapshot):
    """List of problems with the idle session lock (S4); empty when the lock is enforced."""
    max_seconds = int(option(snapshot, "session_idle_max_minutes")) * 60
    problems = []
    packages = snapshot.installed_packages()
    if "gnome-shell" in packages or "dconf-service" in packages:
        settings, locks = read_dconf_settings(snapshot)
        wanted = {
            "/org/gnome/desktop/session/idle-delay": lambda v: dconf_uint(v) is not None and 0 < dconf_uint(v) <= max_seconds,
            "/org/gnome/desktop/screensaver/lock-enabled": lambda v: v == "true",
            "/org/gnome/desktop/screensaver/lock-delay": lambda v: dconf_uint(v) is not None and dconf_uint(v) <= 60,
        }
        for full, ok in wanted.items():
            path, key = full.rsplit("/", 1)
            value = settings.get((path, key))
            if not ok(value):
                problems.append("dconf %s is %s" % (full, value if value is not None else "unset"))
            elif full not in locks:
                problems.append("dconf %s is not locked" % full)
    timeout = shell_timeout_seconds(snapshot)
    if timeout is None or timeout <= 0 or timeout > max_seconds:
        problems.append("shell TMOUT is %s (want readonly, 1..%d s)" % ("unset" if timeout is None else timeout, max_seconds))
    return problems


def signature_age_days(snapshot, directory="/var/lib/clamav"):
    """(age in days of the newest ClamAV database, file name) or (None, None) when there is none.

    A .cvd/.cld header carries its build time ("ClamAV-VDB:14 Nov 2026 08-25 +0000:..."); it is
    used when readable because a copied file gets a fresh mtime. Other files use their mtime.
    """
    newest, newest_name = None, None
    for name in snapshot.listdir(directory):
        if not name.endswith(AV_DB_SUFFIXES):
            continue
        stamp = _cvd_header_time(snapshot.path(directory, name))
        if stamp is None:
            stamp = os.stat(snapshot.path(directory, name)).st_mtime
        if newest is None or stamp > newest:
            newest, newest_name = stamp, name
    if newest is None:
        return None, None
    return (snapshot.now.timestamp() - newest) / 86400.0, newest_name


def _cvd_header_time(path):
    if not path.endswith((".cvd", ".cld", ".cud")):
        return None
    try:
        with open(path, "rb") as handle:
            header = handle.read(512).decode("ascii", "replace")
    except (IOError, OSError):
        return None
    fields = header.split(":")
    if len(fields) < 2 or fields[0] != "ClamAV-VDB":
        return None
    try:
        return datetime.datetime.strptime(fields[1].strip(), "%d %b %Y %H-%M %z").timestamp()
    except ValueError:
        return None


def work_data_outside_allowed(snapshot):
    """(offending paths, scanned count, limit reached) for the M9c rule, one bounded walk."""

    def compute():
        patterns = [p.lower() for p in option(snapshot, "work_data_patterns")]
        allowed = [a.strip("/") for a in option(snapshot, "work_data_allowed_dirs")]
        limit = int(option(snapshot, "work_data_scan_limit"))
        offending, scanned = [], 0
        for home in home_directories(snapshot):
            top = snapshot.path(home)
            skip = {os.path.join(top, a) for a in allowed}
            for current, dirs, files in os.walk(top, followlinks=False):
                dirs[:] = [d for d in dirs if os.path.join(current, d) not in skip]
                for name in files + dirs:
                    scanned += 1
                    if scanned > limit:
                        return offending, scanned - 1, True
                    lowered = name.lower()
                    if any(fnmatch.fnmatchcase(lowered, p) for p in patterns):
                        offending.append(os.path.join(home, os.path.relpath(os.path.join(current, name), top)))
        return offending, scanned, False

    return snapshot.memo("work_data", compute)


def _clip(items, count=5):
    shown = ", ".join(items[:count])
    return shown + (" and %d more" % (len(items) - count) if len(items) > count else "")


# --- the checks ------------------------------------------------------------------------------


@check("PO-M9A-OS")
def os_up_to_date(snapshot):
    age = apt_lists_age_days(snapshot)
    if age is None:
        return "fail", "apt has no package lists: pending updates cannot be known (run apt update)"
    max_age = float(option(snapshot, "max_apt_lists_age_days"))
    security = [p for p in pending_upgrades(snapshot) if SECURITY_ORIGIN.search(p[2])]
    allowed = int(option(snapshot, "max_pending_security_updates"))
    if age > max_age:
        return "fail", "apt package lists are %.1f days old (limit %g): updates are not being fetched" % (age, max_age)
    if len(security) > allowed:
        names = ["%s %s" % (name, version) for name, version, _unused in security]
        return "fail", "%d pending security updates: %s" % (len(security), _clip(names))
    return "pass", "no pending security update (lists %.1f days old)" % age


@check("PO-M9A-AV")
def antivirus_current(snapshot):
    packages = snapshot.installed_packages()
    present = [p for p in option(snapshot, "av_packages") if p in packages]
    if not present:
        return "fail", "no antivirus installed (looked for %s)" % ", ".join(option(snapshot, "av_packages"))
    age, name = signature_age_days(snapshot)
    if age is None:
        return "fail", "%s installed but no signature database in /var/lib/clamav" % present[0]
    max_age = float(option(snapshot, "av_max_age_days"))
    if age > max_age:
        return "fail", "antivirus signatures are %.1f days old (%s; limit %g days)" % (age, name, max_age)
    return "pass", "%s installed, signatures %.1f days old (%s)" % (present[0], age, name)


@check("PO-M9A-WEB")
def browser_current(snapshot):
    packages = snapshot.installed_packages()
    present = [p for p in option(snapshot, "browsers") if p in packages]
    if not present:
        return "fail", "no supported web browser installed (looked for %s)" % ", ".join(option(snapshot, "browsers"))
    if apt_lists_age_days(snapshot) is None:
        return "fail", "apt has no package lists: browser updates cannot be known (run apt update)"
    pending = {name: version for name, version, _unused in pending_upgrades(snapshot)}
    stale = ["%s %s -> %s" % (p, packages[p], pending[p]) for p in present if p in pending]
    if stale:
        return "fail", "browser update pending: %s" % ", ".join(stale)
    return "pass", "up to date: %s" % ", ".join("%s %s" % (p, packages[p]) for p in present)


@check("PO-M9B")
def no_intrusion_tools(snapshot):
    packages = snapshot.installed_packages()
    patterns = option(snapshot, "intrusion_packages")
    found = sorted(name for name in packages if any(fnmatch.fnmatchcase(name, p) for p in patterns))
    on_path = executables_on_path(snapshot)
    binaries = sorted(on_path[b] for b in option(snapshot, "intrusion_binaries") if b in on_path)
    if found or binaries:
        parts = (["%s installed" % name for name in found]) + (["%s on PATH" % path for path in binaries])
        return "fail", _clip(parts, 10)
    return "pass", "none of %d denied packages or %d denied programs found" % (len(patterns), len(option(snapshot, "intrusion_binaries")))


@check("PO-M9C")
def work_data_placement(snapshot):
    offending, scanned, truncated = work_data_outside_allowed(snapshot)
    if offending:
        allowed = ", ".join(option(snapshot, "work_data_allowed_dirs")) or "any allowed folder"
        return "fail", "work data outside %s: %s" % (allowed, _clip(offending))
    if truncated:
        return "error", "scan stopped after %d entries (work_data_scan_limit): raise the limit to finish" % scanned
    return "pass", "no work-data file outside the allowed folders (%d entries in %d homes)" % (scanned, len(home_directories(snapshot)))


@check("PO-S4")
def session_lock(snapshot):
    problems = session_lock_findings(snapshot)
    if problems:
        return "fail", "; ".join(problems)
    return "pass", "idle session lock enforced within %s minutes" % option(snapshot, "session_idle_max_minutes")

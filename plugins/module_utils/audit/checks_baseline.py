# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The workstation baseline (EH-16..EH-22): what CIS Debian Linux 12 Benchmark v1.1.0, Level 1 -
Workstation, and ANSSI BP-028 v2.0 (minimal and intermediate levels) ask of a laptop beyond the
guide's own S-clauses (M4, A2: the DGSSI's standards).

``BASELINE`` is the one source of the wanted values: the endpoint_hardening role renders its files
from the ``baseline`` the audit module returns (these values, merged with the role's
``endpoint_hardening_baseline`` overrides), so what is enforced and what is audited never differ.
Each check reads everything its enforcement writes, and the live state where the kernel or a
daemon holds one (sysctl values, ``sshd -T``). Read-only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import os
import re
import stat

from ansible_collections.amane.telework.plugins.module_utils.audit.engine import check

BASELINE = {
    # EH-16 kernel self-protection (CIS 1.5.1-1.5.3; ANSSI R9, R14)
    "kernel_sysctl": {
        "kernel.randomize_va_space": "2",
        "kernel.kptr_restrict": "1",
        "kernel.dmesg_restrict": "1",
        "kernel.yama.ptrace_scope": "1",
        "fs.protected_hardlinks": "1",
        "fs.protected_symlinks": "1",
    },
    # EH-17 a laptop is no router (CIS 3.3.1-3.3.11; ANSSI R12)
    "network_sysctl": {
        "net.ipv4.ip_forward": "0",
        "net.ipv4.conf.all.send_redirects": "0",
        "net.ipv4.conf.default.send_redirects": "0",
        "net.ipv4.conf.all.accept_redirects": "0",
        "net.ipv4.conf.default.accept_redirects": "0",
        "net.ipv4.conf.all.secure_redirects": "0",
        "net.ipv4.conf.default.secure_redirects": "0",
        "net.ipv4.conf.all.accept_source_route": "0",
        "net.ipv4.conf.default.accept_source_route": "0",
        "net.ipv4.conf.all.rp_filter": "1",
        "net.ipv4.conf.default.rp_filter": "1",
        "net.ipv4.conf.all.log_martians": "1",
        "net.ipv4.conf.default.log_martians": "1",
        "net.ipv4.icmp_echo_ignore_broadcasts": "1",
        "net.ipv4.icmp_ignore_bogus_error_responses": "1",
        "net.ipv4.tcp_syncookies": "1",
        "net.ipv6.conf.all.forwarding": "0",
        "net.ipv6.conf.all.accept_redirects": "0",
        "net.ipv6.conf.default.accept_redirects": "0",
        "net.ipv6.conf.all.accept_source_route": "0",
        "net.ipv6.conf.default.accept_source_route": "0",
        "net.ipv6.conf.all.accept_ra": "0",
        "net.ipv6.conf.default.accept_ra": "0",
    },
    # EH-18 the SSH server, where one runs (CIS 5.1.x; ANSSI's OpenSSH note). Keys are
    # sshd -T's lower-case names. Password authentication is left as it is: the management path
    # is a key, and the first contact of a re-enrolled laptop may still need a password.
    "sshd": {
        "permitrootlogin": "no",
        "permitemptypasswords": "no",
        "hostbasedauthentication": "no",
        "ignorerhosts": "yes",
        "x11forwarding": "no",
        "allowtcpforwarding": "no",
        "maxauthtries": "4",
        "logingracetime": "60",
        "clientaliveinterval": "300",
        "clientalivecountmax": "3",
        "maxstartups": "10:30:60",
        "loglevel": "VERBOSE",
        "banner": "/etc/issue.net",
    },
    # EH-19 account defaults (CIS 5.4.1.1-5.4.1.3, 5.4.3.3; ANSSI R32, R36)
    "login_defs": {"PASS_MAX_DAYS": "365", "PASS_MIN_DAYS": "1", "PASS_WARN_AGE": "7", "UMASK": "027", "ENCRYPT_METHOD": "YESCRYPT"},
    "umask": "027",
    # EH-20 no core dumps (CIS 1.5.4-1.5.5; ANSSI R14 fs.suid_dumpable)
    "coredump_sysctl": {"fs.suid_dumpable": "0"},
    # EH-21 sensitive files: (path, most permissive mode, owner, groups allowed). CIS 7.1.1-7.1.10,
    # 5.1.1-5.1.3, 2.4.1.2-2.4.1.7, 1.4.2.
    "file_modes": [
        ["/etc/passwd", "0644", "root", ["root"]],
        ["/etc/passwd-", "0644", "root", ["root"]],
        ["/etc/group", "0644", "root", ["root"]],
        ["/etc/group-", "0644", "root", ["root"]],
        ["/etc/shadow", "0640", "root", ["root", "shadow"]],
        ["/etc/shadow-", "0640", "root", ["root", "shadow"]],
        ["/etc/gshadow", "0640", "root", ["root", "shadow"]],
        ["/etc/gshadow-", "0640", "root", ["root", "shadow"]],
        ["/etc/ssh/sshd_config", "0600", "root", ["root"]],
        ["/etc/crontab", "0600", "root", ["root"]],
        ["/etc/cron.hourly", "0700", "root", ["root"]],
        ["/etc/cron.daily", "0700", "root", ["root"]],
        ["/etc/cron.weekly", "0700", "root", ["root"]],
        ["/etc/cron.monthly", "0700", "root", ["root"]],
        ["/etc/cron.d", "0700", "root", ["root"]],
        ["/boot/grub/grub.cfg", "0600", "root", ["root"]],
    ],
    # EH-22 what a teleworker's laptop does not need: compilers (ANSSI R58-R59), legacy clients
    # and servers in clear text (CIS 2.2.x, 2.3.x)
    "unneeded_packages": [
        "gcc", "g++", "gcc-12", "g++-12", "clang", "tcc", "telnet", "inetutils-telnet", "rsh-client", "rsh-redone-client",
        "talk", "ntalk", "nis", "ftp", "tnftp", "tftp-hpa", "xinetd", "openbsd-inetd", "inetutils-inetd", "avahi-daemon",
    ],
}

SYSCTL_DIRS = ("/usr/lib/sysctl.d", "/lib/sysctl.d", "/run/sysctl.d", "/etc/sysctl.d")


def baseline_of(snapshot):
    """The wanted values: BASELINE with the caller's ``baseline`` overrides, section by section."""
    return merged_baseline(snapshot.params.get("baseline") or {})


def merged_baseline(overrides):
    out = copy.deepcopy(BASELINE)
    for section, value in (overrides or {}).items():
        if isinstance(out.get(section), dict) and isinstance(value, dict):
            out[section].update({str(k): str(v) for k, v in value.items()})
        else:
            out[section] = value
    return out


# login.defs settings that hold a number of days (the check compares them as integers)
_LOGIN_DEFS_DAYS = ("PASS_MAX_DAYS", "PASS_MIN_DAYS", "PASS_WARN_AGE")
_ACCOUNT = re.compile(r"[a-z_][a-z0-9_-]{0,31}")


def _setting_errors(section, field, settings):
    """Errors for one section of name: value settings (sysctl, sshd, login.defs), each naming its field."""
    errors = []
    for key, item in sorted(settings.items(), key=lambda pair: str(pair[0])):
        name = "%s.%s" % (field, key)
        if isinstance(item, bool):
            # YAML reads a bare yes/no as a boolean; the file wants the word
            errors.append("%s: %r is a YAML boolean; quote the word the file wants ('yes' or 'no')" % (name, item))
        elif not isinstance(item, (str, int)) or not re.fullmatch(r"[A-Za-z0-9_./:-]{1,200}", str(item)):
            errors.append("%s: %r is not a plain value (letters, digits, _ . / : -)" % (name, item))
        elif not isinstance(key, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]{0,80}", key):
            errors.append("%s: not a setting name" % name)
        elif section == "sshd" and key != key.lower():
            # sshd -T prints lower-case names, which the check and the rendered file use
            errors.append("%s: write sshd settings as sshd -T names them, in lower case: %s" % (name, key.lower()))
        elif section == "login_defs" and key in _LOGIN_DEFS_DAYS and not re.fullmatch(r"[0-9]{1,5}", str(item)):
            errors.append("%s: %r is not a number of days" % (name, item))
        elif section == "login_defs" and key == "PASS_MAX_DAYS" and int(item) == 0:
            errors.append("%s: 0 would expire every new password at once; use a number of days such as 365" % name)
    return errors


def baseline_errors(overrides, where="baseline"):
    """Bad overrides, each naming its field: unknown sections, values that would land in a config
    file with a newline or an option, modes that are not octal."""
    errors = []
    if not isinstance(overrides, dict):
        return ["%s: must be a mapping of section to values (sections: %s)" % (where, ", ".join(sorted(BASELINE)))]
    for section, value in sorted(overrides.items()):
        field = "%s.%s" % (where, section)
        if section not in BASELINE:
            errors.append("%s: unknown section; use one of %s" % (field, ", ".join(sorted(BASELINE))))
            continue
        kind = type(BASELINE[section])
        if not isinstance(value, kind):
            errors.append("%s: must be a %s like the default" % (field, kind.__name__.replace("dict", "mapping")))
            continue
        if kind is dict:
            errors += _setting_errors(section, field, value)
        elif section == "umask" and not re.fullmatch(r"0?[0-7]{3}", value):
            errors.append("%s: %r is not an octal umask such as 027" % (field, value))
        elif section == "unneeded_packages":
            errors += ["%s[%d]: %r is not a package name" % (field, i, p) for i, p in enumerate(value)
                       if not (isinstance(p, str) and re.fullmatch(r"[a-z0-9][a-z0-9+.-]{0,99}", p))]
        elif section == "file_modes":
            for i, entry in enumerate(value):
                if not (isinstance(entry, list) and len(entry) == 4 and isinstance(entry[0], str) and entry[0].startswith("/")
                        and isinstance(entry[1], str) and re.fullmatch(r"0[0-7]{3}", entry[1])
                        and isinstance(entry[2], str) and _ACCOUNT.fullmatch(entry[2])
                        and isinstance(entry[3], list) and entry[3]
                        and all(isinstance(g, str) and _ACCOUNT.fullmatch(g) for g in entry[3])):
                    errors.append("%s[%d]: must be [absolute path, mode such as 0640, owner, [one or more allowed groups]]" % (field, i))
    return errors


# --- sysctl ---------------------------------------------------------------------------------------

def persisted_sysctl(snapshot):
    """The values systemd-sysctl applies at boot: every sysctl.d file by name (/etc over /run over
    /usr/lib for one name), then /etc/sysctl.conf."""
    def compute():
        files = {}
        for directory in SYSCTL_DIRS:
            for name in snapshot.listdir(directory):
                if name.endswith(".conf"):
                    files[name] = directory + "/" + name
        values = {}
        paths = [files[name] for name in sorted(files)] + ["/etc/sysctl.conf"]
        for path in paths:
            for raw in snapshot.read(path, "").splitlines():
                line = raw.strip()
                if not line or line[0] in "#;" or "=" not in line:
                    continue
                key, value = line.lstrip("-").split("=", 1)
                values[key.strip().replace("/", ".")] = (" ".join(value.split()), path)
        return values

    return snapshot.memo("sysctl-persisted", compute)


def proc_sys_read_only(snapshot):
    """True when /proc/sys is mounted read-only (a container): live values belong to the host."""
    for line in snapshot.read("/proc/self/mounts", "").splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[1] == "/proc/sys":
            return "ro" in fields[3].split(",")
    return False


def sysctl_problems(snapshot, wanted):
    """(problems, notes): settings not persisted as wanted, or live values that differ."""
    persisted = persisted_sysctl(snapshot)
    read_only = proc_sys_read_only(snapshot)
    problems, notes = [], []
    for key, want in sorted(wanted.items()):
        have, where = persisted.get(key, (None, None))
        if have is None:
            problems.append("%s not set (want %s)" % (key, want))
            continue
        if have != want:
            problems.append("%s=%s in %s (want %s)" % (key, have, where, want))
            continue
        live = snapshot.read("/proc/sys/" + key.replace(".", "/"))
        if live is None:
            continue  # this kernel has no such setting (IPv6 off, no Yama): nothing runs with another value
        live = " ".join(live.split())
        if live != want:
            if read_only:
                notes.append(key)
            else:
                problems.append("%s is %s now (set at boot to %s; run systemctl restart systemd-sysctl)" % (key, live, want))
    return problems, notes


def _sysctl_result(snapshot, section, what):
    wanted = baseline_of(snapshot)[section]
    problems, notes = sysctl_problems(snapshot, wanted)
    if problems:
        return "fail", "%s: %s" % (what, "; ".join(problems[:6]) + (" (+%d more)" % (len(problems) - 6) if len(problems) > 6 else ""))
    evidence = "%d %s settings persisted for boot and live" % (len(wanted), what)
    if notes:
        # the kernel's values are the host's here: systemd-sysctl itself skips a read-only /proc/sys
        evidence = "%d %s settings persisted for boot; %d live values belong to the container's host (read-only /proc/sys)" % (
            len(wanted), what, len(notes))
    return "pass", evidence


@check("EH-16")
def kernel_self_protection(snapshot):
    return _sysctl_result(snapshot, "kernel_sysctl", "kernel")


@check("EH-17")
def network_not_a_router(snapshot):
    return _sysctl_result(snapshot, "network_sysctl", "network")


# --- SSH server ----------------------------------------------------------------------------------

def sshd_effective(snapshot):
    """sshd -T's settings {name: value}, or (None, why) when sshd cannot say."""
    rc, out, err = snapshot.run(["/usr/sbin/sshd", "-T", "-C", "user=root,host=localhost,addr=127.0.0.1"])
    if rc != 0:
        return None, (err or out).strip()[:200]
    settings = {}
    for line in out.splitlines():
        parts = line.split(None, 1)
        if len(parts) == 2:
            settings.setdefault(parts[0].lower(), parts[1].strip())
    return settings, None


@check("EH-18")
def ssh_server_hardened(snapshot):
    if not snapshot.exists("/usr/sbin/sshd"):
        return "not_applicable", "no SSH server installed"
    settings, why = sshd_effective(snapshot)
    if settings is None:
        return "error", "sshd -T failed: %s" % why
    wanted = baseline_of(snapshot)["sshd"]
    wrong = ["%s %s (want %s)" % (key, settings.get(key, "unset"), want) for key, want in sorted(wanted.items())
             if settings.get(key, "").lower() != want.lower()]
    if wrong:
        return "fail", "sshd: " + "; ".join(wrong)
    return "pass", "sshd -T: %d settings as wanted (root login no, X11 and TCP forwarding off, %s auth tries)" % (
        len(wanted), settings["maxauthtries"])


# --- account defaults ----------------------------------------------------------------------------

def _login_defs(snapshot):
    values = {}
    for raw in snapshot.read("/etc/login.defs", "").splitlines():
        fields = raw.split("#", 1)[0].split()
        if len(fields) >= 2:
            values[fields[0]] = fields[1]
    return values


def _stricter_umask(have, want):
    """A umask is at least as strict when it masks every bit the wanted one masks."""
    try:
        return int(have, 8) & int(want, 8) == int(want, 8)
    except (TypeError, ValueError):
        return False


@check("EH-19")
def account_defaults(snapshot):
    baseline = baseline_of(snapshot)
    defs = _login_defs(snapshot)
    problems = []
    for key, want in sorted(baseline["login_defs"].items()):
        have = defs.get(key)
        if key == "PASS_MAX_DAYS":
            ok = have is not None and have.isdigit() and 0 < int(have) <= int(want)
        elif key in ("PASS_MIN_DAYS", "PASS_WARN_AGE"):
            ok = have is not None and have.isdigit() and int(have) >= int(want)
        elif key == "UMASK":
            ok = _stricter_umask(have, want)
        else:
            ok = (have or "").upper() in (want.upper(), "SHA512" if want.upper() == "YESCRYPT" else want.upper())
        if not ok:
            problems.append("login.defs %s %s (want %s)" % (key, have or "unset", want))
    shells = [snapshot.read("/etc/profile.d/" + name, "") for name in snapshot.listdir("/etc/profile.d") if name.endswith(".sh")]
    masks = re.findall(r"^\s*umask\s+(0?[0-7]{3})\s*$", "\n".join(shells), re.MULTILINE)
    if not masks or not _stricter_umask(masks[-1], baseline["umask"]):
        problems.append("login shells' umask %s (want %s in /etc/profile.d)" % (masks[-1] if masks else "unset", baseline["umask"]))
    expiring = _expiring_management_accounts(snapshot)
    if expiring:
        problems.append("the IT unit's passwords expire (%s): its key login and sudo stop when they do" % ", ".join(expiring))
    if problems:
        return "fail", "; ".join(problems)
    return "pass", "passwords expire after %s days, umask %s for new files" % (defs["PASS_MAX_DAYS"], masks[-1])


def _expiring_management_accounts(snapshot):
    """Management accounts whose password ages out (/etc/shadow's maximum age). login.defs gives
    every account created after hardening a maximum age; once it passes, PAM's account check
    refuses even a key login and a NOPASSWD sudo until the password is changed (dev-sec#187's
    kind of lockout). 99999 and more, -1 or empty mean never."""
    accounts = set(snapshot.params.get("management_accounts") or [])
    expiring = []
    for line in snapshot.read("/etc/shadow", "").splitlines():
        fields = line.split(":")
        if len(fields) > 4 and fields[0] in accounts and fields[4].isdigit() and int(fields[4]) < 99999:
            expiring.append("%s after %s days" % (fields[0], fields[4]))
    return sorted(expiring)


# --- core dumps ----------------------------------------------------------------------------------

@check("EH-20")
def core_dumps_restricted(snapshot):
    problems, notes = sysctl_problems(snapshot, baseline_of(snapshot)["coredump_sysctl"])
    limits = "\n".join([snapshot.read("/etc/security/limits.conf", "")] + [
        snapshot.read("/etc/security/limits.d/" + n, "") for n in snapshot.listdir("/etc/security/limits.d") if n.endswith(".conf")])
    if not re.search(r"^\s*\*\s+hard\s+core\s+0\s*$", limits, re.MULTILINE):
        problems.append("no '* hard core 0' in /etc/security/limits.conf or limits.d")
    if "systemd-coredump" in snapshot.installed_packages():
        conf = "\n".join([snapshot.read("/etc/systemd/coredump.conf", "")] + [
            snapshot.read("/etc/systemd/coredump.conf.d/" + n, "") for n in snapshot.listdir("/etc/systemd/coredump.conf.d")])
        if not re.search(r"^\s*Storage\s*=\s*none\s*$", conf, re.MULTILINE) or not re.search(
                r"^\s*ProcessSizeMax\s*=\s*0\s*$", conf, re.MULTILINE):
            problems.append("systemd-coredump keeps dumps (want Storage=none, ProcessSizeMax=0)")
    if problems:
        return "fail", "core dumps: " + "; ".join(problems)
    return "pass", "core dumps off: hard limit 0, setuid programs never dump%s" % (
        " (fs.suid_dumpable set for boot; live value is the container host's)" if notes else "")


# --- sensitive files -----------------------------------------------------------------------------

def _names(snapshot, database):
    """{id: name} from the tree's /etc/passwd or /etc/group (the snapshot's own, not the controller's)."""
    names = {}
    for line in snapshot.read(database, "").splitlines():
        fields = line.split(":")
        if len(fields) >= 3 and fields[2].isdigit():
            names.setdefault(int(fields[2]), fields[0])
    return names


@check("EH-21")
def sensitive_file_permissions(snapshot):
    users, groups = _names(snapshot, "/etc/passwd"), _names(snapshot, "/etc/group")
    problems, seen = [], 0
    for path, mode, owner, allowed_groups in baseline_of(snapshot)["file_modes"]:
        try:
            st = os.lstat(snapshot.path(path))
        except OSError:
            continue  # not on this laptop (no cron, no GRUB in a container): nothing to protect
        seen += 1
        have = stat.S_IMODE(st.st_mode)
        user, group = users.get(st.st_uid, str(st.st_uid)), groups.get(st.st_gid, str(st.st_gid))
        if have & ~int(mode, 8):
            problems.append("%s %04o (at most %s)" % (path, have, mode))
        if user != owner or group not in allowed_groups:
            problems.append("%s owned by %s:%s (want %s:%s)" % (path, user, group, owner, "|".join(allowed_groups)))
    if problems:
        return "fail", "; ".join(problems)
    return "pass", "%d sensitive files and folders at their modes and owners" % seen


# --- unneeded software ---------------------------------------------------------------------------

@check("EH-22")
def unneeded_software_absent(snapshot):
    installed = snapshot.installed_packages()
    found = sorted(p for p in baseline_of(snapshot)["unneeded_packages"] if p in installed)
    if found:
        return "fail", "installed but not needed on a teleworker's laptop: %s" % ", ".join(found)
    return "pass", "no compiler, clear-text client or server, or network discovery daemon installed"

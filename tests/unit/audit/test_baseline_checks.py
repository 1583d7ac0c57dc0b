"""The workstation baseline checks (EH-16..EH-22) against a fake laptop tree: each passes on what
the role writes and fails, naming the setting, on what a teleworker, a package or an attacker
could leave instead."""

import os

import pytest

from ansible_collections.amane.telework.plugins.module_utils.audit import checks_baseline
from ansible_collections.amane.telework.plugins.module_utils.audit.checks_baseline import BASELINE, baseline_errors, merged_baseline
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import HostSnapshot, registered_checks

from tests.unit.posture_tree import NOW, dpkg_status, write

PROC_RW = "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
PROC_RO = PROC_RW + "proc /proc/sys proc ro,nosuid,nodev,noexec,relatime 0 0\n"


def snap(root, outputs=None, baseline=None):
    def run(argv):
        return outputs[argv[0]]

    return HostSnapshot(root=str(root), params={"baseline": baseline or {}}, run_command=run, now=NOW)


def check(control_id, snapshot):
    return registered_checks()[control_id](snapshot)


def sysctl_file(values):
    return "".join("%s = %s\n" % item for item in sorted(values.items()))


def live(root, values):
    for key, value in values.items():
        write(root, "/proc/sys/" + key.replace(".", "/"), value + "\n")


def test_kernel_settings_persisted_and_live(tmp_path):
    wanted = BASELINE["kernel_sysctl"]
    write(tmp_path, "/proc/self/mounts", PROC_RW)
    assert check("EH-16", snap(tmp_path)) == ("fail", "kernel: " + "; ".join(
        "%s not set (want %s)" % item for item in sorted(wanted.items())[:6]))
    write(tmp_path, "/etc/sysctl.d/60-amane-baseline.conf", sysctl_file(wanted))
    live(tmp_path, dict(wanted, **{"kernel.kptr_restrict": "0"}))
    status, evidence = check("EH-16", snap(tmp_path))
    assert status == "fail" and "kernel.kptr_restrict is 0 now (set at boot to 1" in evidence
    live(tmp_path, wanted)
    assert check("EH-16", snap(tmp_path)) == ("pass", "6 kernel settings persisted for boot and live")


def test_a_read_only_proc_sys_is_the_containers_host_and_is_said_so(tmp_path):
    wanted = BASELINE["kernel_sysctl"]
    write(tmp_path, "/proc/self/mounts", PROC_RO)
    write(tmp_path, "/etc/sysctl.d/60-amane-baseline.conf", sysctl_file(wanted))
    live(tmp_path, dict(wanted, **{"kernel.dmesg_restrict": "0"}))
    status, evidence = check("EH-16", snap(tmp_path))
    assert status == "pass" and "1 live values belong to the container's host" in evidence
    # read-only /proc/sys never hides a value that is not persisted: that still fails
    write(tmp_path, "/etc/sysctl.d/60-amane-baseline.conf", sysctl_file(dict(wanted, **{"kernel.dmesg_restrict": "0"})))
    assert check("EH-16", snap(tmp_path))[0] == "fail"


def test_network_settings_and_a_later_file_that_overrides_them(tmp_path):
    wanted = BASELINE["network_sysctl"]
    write(tmp_path, "/proc/self/mounts", PROC_RW)
    write(tmp_path, "/etc/sysctl.d/60-amane-baseline.conf", sysctl_file(wanted))
    live(tmp_path, wanted)
    assert check("EH-17", snap(tmp_path))[0] == "pass"
    # systemd-sysctl reads files by name: a hotspot tool's 99-*.conf wins over Amane's 60-
    write(tmp_path, "/etc/sysctl.d/99-hotspot.conf", "net.ipv4.ip_forward=1\n")
    status, evidence = check("EH-17", snap(tmp_path))
    assert status == "fail" and "net.ipv4.ip_forward=1 in /etc/sysctl.d/99-hotspot.conf (want 0)" in evidence
    # the same name in /etc masks the vendor's file in /usr/lib
    os.remove(str(tmp_path / "etc/sysctl.d/99-hotspot.conf"))
    write(tmp_path, "/usr/lib/sysctl.d/60-amane-baseline.conf", "net.ipv4.ip_forward=1\n")
    assert check("EH-17", snap(tmp_path))[0] == "pass"


SSHD_T = "\n".join("%s %s" % item for item in sorted(BASELINE["sshd"].items())) + "\nport 22\n"


def test_ssh_server_settings_from_sshd_t(tmp_path):
    assert check("EH-18", snap(tmp_path))[0] == "not_applicable"
    write(tmp_path, "/usr/sbin/sshd", "")
    assert check("EH-18", snap(tmp_path, {"/usr/sbin/sshd": (0, SSHD_T, "")}))[0] == "pass"
    loose = SSHD_T.replace("permitrootlogin no", "permitrootlogin without-password").replace("x11forwarding no", "x11forwarding yes")
    status, evidence = check("EH-18", snap(tmp_path, {"/usr/sbin/sshd": (0, loose, "")}))
    assert status == "fail" and "permitrootlogin without-password (want no)" in evidence and "x11forwarding yes" in evidence
    status, evidence = check("EH-18", snap(tmp_path, {"/usr/sbin/sshd": (255, "", "no hostkeys available")}))
    assert (status, evidence) == ("error", "sshd -T failed: no hostkeys available")


LOGIN_DEFS = "PASS_MAX_DAYS 365\nPASS_MIN_DAYS 1\nPASS_WARN_AGE 7\nUMASK 027\nENCRYPT_METHOD YESCRYPT\n"


def test_account_defaults_and_umask(tmp_path):
    write(tmp_path, "/etc/login.defs", "PASS_MAX_DAYS 99999\nUMASK 022\n")
    status, evidence = check("EH-19", snap(tmp_path))
    assert status == "fail" and "PASS_MAX_DAYS 99999 (want 365)" in evidence and "UMASK 022 (want 027)" in evidence
    assert "umask unset" in evidence
    write(tmp_path, "/etc/login.defs", LOGIN_DEFS)
    write(tmp_path, "/etc/profile.d/amane-umask.sh", "umask 027\n")
    assert check("EH-19", snap(tmp_path))[0] == "pass"
    write(tmp_path, "/etc/profile.d/amane-umask.sh", "umask 077\n")  # stricter is fine
    assert check("EH-19", snap(tmp_path))[0] == "pass"
    write(tmp_path, "/etc/profile.d/zz-loose.sh", "umask 002\n")
    assert "umask 002 (want 027" in check("EH-19", snap(tmp_path))[1]


def test_the_it_units_passwords_never_expire(tmp_path):
    """An account made after hardening gets login.defs' maximum age; for the IT unit's accounts that
    would end their key login and sudo a year later."""
    write(tmp_path, "/etc/login.defs", LOGIN_DEFS)
    write(tmp_path, "/etc/profile.d/amane-umask.sh", "umask 027\n")
    write(tmp_path, "/etc/shadow", "root:*:19000:0:99999:7:::\namane-admin:!:20400:1:365:7:::\nteleworker:$y$x:20400:1:365:7:::\n")

    def snapshot():  # a snapshot reads each file once: one per state of the tree
        return HostSnapshot(root=str(tmp_path), params={"baseline": {}, "management_accounts": ["root", "amane-admin"]},
                            run_command=None, now=NOW)

    status, evidence = check("EH-19", snapshot())
    assert status == "fail" and "the IT unit's passwords expire (amane-admin after 365 days)" in evidence, evidence
    assert "teleworker" not in evidence  # the teleworker's password does age, as the baseline wants
    write(tmp_path, "/etc/shadow", "root:*:19000:0:99999:7:::\namane-admin:!:20400:1::7:::\nteleworker:$y$x:20400:1:365:7:::\n")
    assert check("EH-19", snapshot())[0] == "pass"


def test_core_dumps_need_the_limit_the_sysctl_and_coredump_conf(tmp_path):
    write(tmp_path, "/proc/self/mounts", PROC_RW)
    write(tmp_path, "/etc/sysctl.d/60-amane-baseline.conf", "fs.suid_dumpable = 0\n")
    live(tmp_path, {"fs.suid_dumpable": "0"})
    status, evidence = check("EH-20", snap(tmp_path))
    assert status == "fail" and "hard core 0" in evidence
    write(tmp_path, "/etc/security/limits.d/60-amane-core.conf", "*    hard    core    0\n")
    assert check("EH-20", snap(tmp_path))[0] == "pass"
    write(tmp_path, "/var/lib/dpkg/status", dpkg_status({"systemd-coredump": "252"}))
    assert "systemd-coredump keeps dumps" in check("EH-20", snap(tmp_path))[1]
    write(tmp_path, "/etc/systemd/coredump.conf.d/60-amane.conf", "[Coredump]\nStorage=none\nProcessSizeMax=0\n")
    assert check("EH-20", snap(tmp_path))[0] == "pass"
    live(tmp_path, {"fs.suid_dumpable": "2"})
    assert "fs.suid_dumpable is 2 now" in check("EH-20", snap(tmp_path))[1]


def test_sensitive_files_modes_and_owners(tmp_path):
    uid, gid = os.getuid(), os.getgid()
    write(tmp_path, "/etc/passwd", "root:x:%d:%d::/root:/bin/bash\n" % (uid, gid))
    write(tmp_path, "/etc/group", "root:x:%d:\nshadow:x:42:\n" % gid)
    write(tmp_path, "/etc/shadow", "root:*:1::::::\n")
    os.chmod(str(tmp_path / "etc/passwd"), 0o644)
    os.chmod(str(tmp_path / "etc/group"), 0o644)
    os.chmod(str(tmp_path / "etc/shadow"), 0o640)
    assert check("EH-21", snap(tmp_path)) == ("pass", "3 sensitive files and folders at their modes and owners")
    os.chmod(str(tmp_path / "etc/shadow"), 0o644)
    assert check("EH-21", snap(tmp_path)) == ("fail", "/etc/shadow 0644 (at most 0640)")
    os.chmod(str(tmp_path / "etc/shadow"), 0o600)  # stricter than the most permissive allowed
    assert check("EH-21", snap(tmp_path))[0] == "pass"
    os.makedirs(str(tmp_path / "etc/cron.d"))
    os.chmod(str(tmp_path / "etc/cron.d"), 0o755)  # noqa: S103 - the loose mode the check must refuse
    assert check("EH-21", snap(tmp_path)) == ("fail", "/etc/cron.d 0755 (at most 0700)")


def test_unneeded_software_named(tmp_path):
    write(tmp_path, "/var/lib/dpkg/status", dpkg_status({"bash": "5.2", "firefox-esr": "128"}))
    assert check("EH-22", snap(tmp_path))[0] == "pass"
    write(tmp_path, "/var/lib/dpkg/status", dpkg_status({"bash": "5.2", "gcc": "12", "telnet": "0.17"}))
    assert check("EH-22", snap(tmp_path)) == ("fail", "installed but not needed on a teleworker's laptop: gcc, telnet")
    # a deployment that needs gcc lists what it does not want instead
    assert check("EH-22", snap(tmp_path, baseline={"unneeded_packages": ["telnet"]}))[1].endswith(": telnet")


def test_overrides_merge_by_section_and_bad_ones_are_named():
    merged = merged_baseline({"sshd": {"maxauthtries": "3"}, "umask": "077"})
    assert merged["sshd"]["maxauthtries"] == "3" and merged["sshd"]["permitrootlogin"] == "no" and merged["umask"] == "077"
    assert BASELINE["sshd"]["maxauthtries"] == "4"  # the defaults are never changed in place
    assert baseline_errors({"sshd": {"banner": "/etc/issue\nPermitRootLogin yes"}}) == [
        "baseline.sshd.banner: '/etc/issue\\nPermitRootLogin yes' is not a plain value (letters, digits, _ . / : -)"]
    assert baseline_errors({"ssh": {}}) == ["baseline.ssh: unknown section; use one of %s" % ", ".join(sorted(BASELINE))]
    assert baseline_errors({"umask": "0289"}) == ["baseline.umask: '0289' is not an octal umask such as 027"]
    assert baseline_errors({"unneeded_packages": ["gcc", "-oDebug::pkgProblemResolver=1"]}) == [
        "baseline.unneeded_packages[1]: '-oDebug::pkgProblemResolver=1' is not a package name"]
    assert baseline_errors({"file_modes": [["etc/shadow", "640", "root", ["root"]]]}) == [
        "baseline.file_modes[0]: must be [absolute path, mode such as 0640, owner, [one or more allowed groups]]"]
    assert baseline_errors({"kernel_sysctl": ["kernel.kptr_restrict"]}) == ["baseline.kernel_sysctl: must be a mapping like the default"]


@pytest.mark.parametrize("control_id", ["EH-%02d" % n for n in range(16, 23)])
def test_every_baseline_control_has_its_check(control_id):
    assert registered_checks()[control_id].__module__ == checks_baseline.__name__


def test_overrides_that_would_be_ignored_or_break_a_file_are_named():
    """What YAML and a sysadmin's habits produce: a bare no (a boolean), sshd_config's CamelCase
    (the check and the file use sshd -T's names, so it would be ignored), a word for a number of
    days, a 0 that expires every password at once, a file allowed to no group."""
    assert baseline_errors({"sshd": {"x11forwarding": False}}) == [
        "baseline.sshd.x11forwarding: False is a YAML boolean; quote the word the file wants ('yes' or 'no')"]
    assert baseline_errors({"sshd": {"PermitRootLogin": "prohibit-password"}}) == [
        "baseline.sshd.PermitRootLogin: write sshd settings as sshd -T names them, in lower case: permitrootlogin"]
    assert baseline_errors({"login_defs": {"PASS_MAX_DAYS": "never", "PASS_WARN_AGE": 7}}) == [
        "baseline.login_defs.PASS_MAX_DAYS: 'never' is not a number of days"]
    assert baseline_errors({"login_defs": {"PASS_MAX_DAYS": "0"}}) == [
        "baseline.login_defs.PASS_MAX_DAYS: 0 would expire every new password at once; use a number of days such as 365"]
    assert baseline_errors({"file_modes": [["/etc/shadow", "0640", "root", []]]}) == [
        "baseline.file_modes[0]: must be [absolute path, mode such as 0640, owner, [one or more allowed groups]]"]
    assert baseline_errors({"sshd": {"maxauthtries": 3}, "login_defs": {"PASS_MAX_DAYS": "180"}}) == []

"""state_drift, run for real in this process on a tree of its own: a file, a directory, a line in a
file it does not own, a key read by mode alone; the system's own dpkg-query for packages, and a
systemctl stand-in (this machine has no systemd as PID 1; the vpn and logging scenarios read real
units). Bad input is refused naming the field, before anything is read."""

import contextlib
import hashlib
import io
import json
import os
import shutil

import pytest
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args

from ansible_collections.amane.telework.plugins.modules import state_drift

# systemctl and dpkg-query are started for real (the stand-in is a program too)
pytestmark = pytest.mark.programs

CONTENT = b"[Interface]\nAddress = 10.99.0.2/32\n"
SHA = hashlib.sha256(CONTENT).hexdigest()
# what `systemctl show --property=Id,UnitFileState,ActiveState` prints, per unit, in the order asked
SYSTEMCTL = """#!/bin/sh
for unit in "$@"; do
  case "$unit" in
    --property=*|--|show) continue ;;
    rsyslog.service) printf 'Id=rsyslog.service\\nUnitFileState=enabled\\nActiveState=active\\n\\n' ;;
    systemd-journald.service) printf 'ActiveState=active\\nId=systemd-journald.service\\nUnitFileState=static\\n\\n' ;;
    wg-quick@wg0.service) printf 'Id=wg-quick@wg0.service\\nUnitFileState=disabled\\nActiveState=failed\\n\\n' ;;
    *) printf 'Id=%s\\nUnitFileState=\\nActiveState=inactive\\n\\n' "$unit" ;;
  esac
done
"""


def run(args):
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        state_drift.main()
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.fixture
def tree(tmp_path, monkeypatch):
    conf = tmp_path / "wg0.conf"
    conf.write_bytes(CONTENT)
    conf.chmod(0o600)
    key = tmp_path / "wg0.key"
    key.write_text("secret\n")
    key.chmod(0o600)
    (tmp_path / "journal").mkdir()
    (tmp_path / "journal").chmod(0o2755)
    (tmp_path / "audisp.conf").write_text("active = yes\nargs = LOG_INFO LOG_LOCAL6\n")
    fake = tmp_path / "bin" / "systemctl"
    fake.parent.mkdir()
    fake.write_text(SYSTEMCTL)
    fake.chmod(0o755)
    real = AnsibleModule.get_bin_path
    dpkg_query = shutil.which("dpkg-query")

    def get_bin_path(self, name, *args, **kwargs):
        if name == "systemctl":
            return str(fake)
        if name == "dpkg-query":
            return dpkg_query
        return real(self, name, *args, **kwargs)

    monkeypatch.setattr(AnsibleModule, "get_bin_path", get_bin_path)
    return tmp_path


def me():
    import grp
    import pwd
    return pwd.getpwuid(os.getuid()).pw_name, grp.getgrgid(os.getgid()).gr_name


def in_step(tree):
    owner, group = me()
    return [
        {"name": "client", "files": [
            {"path": str(tree / "wg0.conf"), "sha256": SHA, "mode": "0600", "owner": owner, "group": group},
            {"path": str(tree / "wg0.key"), "mode": "0600", "owner": owner}],
         "units": [{"name": "rsyslog.service", "enabled": True, "active": True}]},
        {"name": "journald", "controls": ["LG-02"],
         "files": [{"path": str(tree / "journal"), "state": "directory", "mode": "2755"},
                   {"path": str(tree / "gone.sh"), "state": "absent"}],
         "units": [{"name": "systemd-journald.service", "active": True}]},
        {"name": "auditd", "files": [{"path": str(tree / "audisp.conf"), "lines": ["active = yes"]}]},
    ]


def test_a_host_in_step_drifts_from_nothing(tree):
    result = run({"concerns": in_step(tree)})
    assert not result.get("failed") and not result["changed"], result
    assert result["concerns"] == [] and result["drift"] == {}, result
    assert "every concern is in step (3 read)" == result["msg"]


@pytest.mark.parametrize("case, breaks, concern, reason", [
    ("content", lambda t: (t / "wg0.conf").write_bytes(CONTENT + b"PostUp = evil\n"), "client", "wg0.conf: content differs"),
    ("mode", lambda t: (t / "wg0.key").chmod(0o644), "client", "wg0.key: mode 0644, expected 0600"),
    ("missing", lambda t: (t / "wg0.conf").unlink(), "client", "wg0.conf: missing"),
    ("set-gid bit", lambda t: (t / "journal").chmod(0o755), "journald", "journal: mode 0755, expected 2755"),
    ("not a directory", lambda t: ((t / "journal").rmdir(), (t / "journal").write_text("")), "journald", "journal: not a directory"),
    ("present, expected absent", lambda t: (t / "gone.sh").write_text("x"), "journald", "gone.sh: present, expected absent"),
    ("a line removed", lambda t: (t / "audisp.conf").write_text("active = no\n"), "auditd", "line 'active = yes' missing"),
])
def test_each_difference_drifts_its_concern_alone_and_says_why(tree, case, breaks, concern, reason):
    breaks(tree)
    result = run({"concerns": in_step(tree)})
    assert result["concerns"] == [concern], (case, result)
    assert any(reason in line for line in result["drift"][concern]), (case, result["drift"])
    assert concern in result["msg"]
    assert result["controls"] == (["LG-02"] if concern == "journald" else []), result["controls"]
    if concern == "journald":
        assert "journald LG-02 (" in result["msg"], result["msg"]


def test_a_linked_directory_is_followed_and_an_unreadable_path_is_a_drift_not_a_traceback(tree):
    moved = tree / "bigger-volume"
    (tree / "journal").rename(moved)
    (tree / "journal").symlink_to(moved)
    assert run({"concerns": in_step(tree)})["concerns"] == []
    concerns = in_step(tree)
    concerns[2]["files"][0]["path"] = str(tree / "wg0.conf" / "inside")  # a file where a folder should be
    result = run({"concerns": concerns})
    assert result["drift"] == {"auditd": ["%s: missing" % concerns[2]["files"][0]["path"]]}, result
    concerns[2]["files"][0]["path"] = str(tree / "loop")
    (tree / "loop").symlink_to(tree / "loop")  # too many levels of links: stat fails with ELOOP
    result = run({"concerns": concerns})
    assert result["concerns"] == ["auditd"] and "cannot be read" in result["drift"]["auditd"][0], result


def test_owner_and_group_are_compared_by_name(tree):
    concerns = in_step(tree)
    concerns[0]["files"][0]["owner"] = "nobody" if me()[0] != "nobody" else "root"
    result = run({"concerns": concerns})
    assert result["concerns"] == ["client"] and "owner %s, expected" % me()[0] in result["drift"]["client"][0]


def test_units_are_read_in_one_call_enabled_and_active_apart(tree):
    concerns = in_step(tree) + [{"name": "tunnel", "units": [{"name": "wg-quick@wg0.service", "enabled": True, "active": True},
                                                             {"name": "nothing.service", "active": False}]}]
    result = run({"concerns": concerns})
    assert result["concerns"] == ["tunnel"], result
    assert result["drift"]["tunnel"] == ["unit wg-quick@wg0.service: disabled, expected enabled",
                                         "unit wg-quick@wg0.service: failed, expected active"]


@pytest.mark.skipif(not shutil.which("dpkg-query"), reason="dpkg-query reads Debian's package database")
def test_packages_are_read_from_dpkg_and_an_unknown_one_is_not_installed(tree):
    concerns = [{"name": "packages", "packages": ["dpkg", "amane-no-such-package"]}]
    result = run({"concerns": concerns})
    assert result["drift"] == {"packages": ["package amane-no-such-package: not installed"]}, result
    assert run({"concerns": [{"name": "packages", "packages": ["dpkg"]}]})["concerns"] == []


@pytest.mark.skipif(not shutil.which("dpkg-query"), reason="dpkg-query reads Debian's package database")
def test_observed_packages_are_reported_installed_or_not_and_never_drift(tree):
    result = run({"concerns": [{"name": "database"}], "observe_packages": ["amane-no-such-server", "dpkg"]})
    assert result["installed"] == ["dpkg"] and result["concerns"] == [], result


def test_the_content_of_a_file_is_never_returned(tree):
    (tree / "wg0.key").chmod(0o644)
    result = run({"concerns": in_step(tree)})
    assert "secret" not in json.dumps(result)


@pytest.mark.parametrize("case, change, words", [
    ("mode as a number YAML read", lambda c: c[0]["files"][0].update(mode=420), "concerns[0].files[0].mode"),
    ("mode not octal", lambda c: c[0]["files"][0].update(mode="0689"), "concerns[0].files[0].mode"),
    ("relative path", lambda c: c[0]["files"][1].update(path="wg0.key"), "concerns[0].files[1].path"),
    ("path with newline", lambda c: c[0]["files"][1].update(path="/etc/wg0.key\n"), "concerns[0].files[1].path"),
    ("digest not hex", lambda c: c[0]["files"][0].update(sha256="Z" * 64), "concerns[0].files[0].sha256"),
    ("digest of sha1", lambda c: c[0]["files"][0].update(sha256="a" * 40), "concerns[0].files[0].sha256"),
    ("owner option", lambda c: c[0]["files"][0].update(owner="-r"), "concerns[0].files[0].owner"),
    ("unit as an option", lambda c: c[0]["units"][0].update(name="--all"), "concerns[0].units[0].name"),
    ("unit with nothing to check", lambda c: c[1]["units"][0].pop("active"), "concerns[1].units[0]"),
    ("unit with a path", lambda c: c[0]["units"][0].update(name="../x.service"), "concerns[0].units[0].name"),
    ("package as an option", lambda c: c.append({"name": "p", "packages": ["-Dall"]}), "concerns[3].packages[0]"),
    ("package with newline", lambda c: c.append({"name": "p", "packages": ["dpkg\n"]}), "concerns[3].packages[0]"),
    ("control id lower-case", lambda c: c[1].update(controls=["lg-02"]), "concerns[1].controls[0]"),
    ("concern twice", lambda c: c[1].update(name="client"), "concerns[1].name"),
    ("concern not a name", lambda c: c[1].update(name="../client"), "concerns[1].name"),
    ("content of a directory", lambda c: c[1]["files"][0].update(sha256=SHA), "concerns[1].files[0]"),
    ("line with a break", lambda c: c[2]["files"][0].update(lines=["a\nb"]), "concerns[2].files[0].lines[0]"),
])
def test_bad_input_is_refused_naming_the_field_before_anything_is_read(tree, monkeypatch, case, change, words):
    concerns = in_step(tree)
    change(concerns)

    def no_command(self, *args, **kwargs):
        raise AssertionError("state_drift ran %r before refusing" % (args,))

    monkeypatch.setattr(AnsibleModule, "run_command", no_command)
    result = run({"concerns": concerns})
    assert result.get("failed") and words in result["msg"], (case, result)


def test_an_observed_package_that_is_no_name_is_refused_before_anything_is_read(tree, monkeypatch):
    def no_command(self, *args, **kwargs):
        raise AssertionError("state_drift ran %r before refusing" % (args,))

    monkeypatch.setattr(AnsibleModule, "run_command", no_command)
    result = run({"concerns": in_step(tree), "observe_packages": ["--admindir=/tmp"]})
    assert result.get("failed") and "observe_packages[0]" in result["msg"], result

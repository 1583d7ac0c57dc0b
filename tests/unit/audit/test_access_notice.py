"""amane.telework.access_notice (A12, M10, M11): the teleworker reads, in French, Arabic and English,
what access the laptop has and why; the command prints it; bad input changes nothing."""

import contextlib
import io
import json
import os
import subprocess

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
from ansible_collections.amane.telework.plugins.modules import access_notice


def run(args):
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        access_notice.main()
    return json.loads(out.getvalue().strip().splitlines()[-1])


def args(tmp_path, **over):
    base = {"device_id": "dev-0101", "state": "quarantined", "failed": ["PO-M9B"], "support": "IT unit, 0537 00 00 00",
            "directory": str(tmp_path / "amane"), "command_path": str(tmp_path / "bin" / "amane-access-status")}
    base.update(over)
    return base


def test_every_state_has_an_access_and_every_access_a_headline_in_three_languages():
    assert set(access_notice.ACCESS.values()) == set(access_notice.HEADLINE)
    for texts in list(access_notice.HEADLINE.values()) + list(access_notice.WORDS.values()):
        assert set(texts) == set(access_notice.LANGUAGES) and all(texts.values())


def test_a_quarantined_laptop_is_told_which_control_failed_its_clause_the_fix_and_whom_to_call():
    access, texts = access_notice.build_notice("dev-0101", "quarantined", ["PO-M9B"], "IT unit, 0537 00 00 00")
    assert access == "quarantine"
    entry = CONTROLS["PO-M9B"]
    for lang in ("fr", "ar", "en"):
        text = texts[lang]
        assert access_notice.HEADLINE["quarantine"][lang] in text
        assert entry["title"][lang] in text and entry["remediation"][lang] in text
        assert ", ".join(entry["clauses"]) in text and "IT unit, 0537 00 00 00" in text
    assert "quarantaine" in texts["fr"] and "حجر" in texts["ar"] and "quarantine" in texts["en"]


def test_full_access_lists_no_control_and_without_support_names_the_it_unit():
    access, texts = access_notice.build_notice("dev-0101", "active", [], "")
    assert access == "full" and "PO-" not in texts["en"]
    assert access_notice.WORDS["it_unit"]["fr"] in texts["fr"]


def test_the_module_writes_the_files_and_a_second_run_changes_nothing(tmp_path):
    first = run(args(tmp_path))
    assert first["changed"] and first["access"] == "quarantine" and first["notified"] == []
    folder = tmp_path / "amane"
    for name in ("access-notice.fr.txt", "access-notice.ar.txt", "access-notice.en.txt", "access-notice.txt"):
        assert oct((folder / name).stat().st_mode & 0o777) == "0o644"
    record = json.loads((folder / "access-notice.json").read_text())
    assert record["schema"] == access_notice.SCHEMA and record["failed"] == ["PO-M9B"] and record["access"] == "quarantine"
    assert not run(args(tmp_path))["changed"]
    readmitted = run(args(tmp_path, state="active", failed=[]))
    assert readmitted["changed"] and "complet" in (folder / "access-notice.fr.txt").read_text()


def test_check_mode_writes_nothing(tmp_path):
    result = run(dict(args(tmp_path), _ansible_check_mode=True))
    assert result["changed"] and not (tmp_path / "amane").exists()


def test_the_command_the_module_installs_prints_the_notice_in_the_asked_language(tmp_path):
    """The writer's real output read by its real reader: the installed sh script."""
    run(args(tmp_path))
    command = str(tmp_path / "bin" / "amane-access-status")
    assert os.access(command, os.X_OK)

    def status(*argv, lang=""):
        env = {"PATH": "/usr/bin:/bin", "LANG": lang}
        return subprocess.run(["/bin/sh", command, *argv], env=env, capture_output=True, text=True, check=False)

    assert status(lang="fr_FR.UTF-8").stdout == (tmp_path / "amane" / "access-notice.fr.txt").read_text()
    assert "حجر" in status("ar").stdout
    both = status(lang="C.UTF-8").stdout
    assert "quarantaine" in both and "حجر" in both and "quarantine" in both
    wrong = status("de")
    assert wrong.returncode == 2 and "not fr, ar or en" in wrong.stderr
    os.unlink(tmp_path / "amane" / "access-notice.en.txt")
    missing = status("en")
    assert missing.returncode == 1 and "no notice yet" in missing.stderr


@pytest.mark.parametrize("over, needle", [
    ({"failed": ["PO-NOPE"]}, "failed[0]: 'PO-NOPE' is not a control"),
    ({"device_id": "dev\n01"}, "device_id"),
    ({"support": "call\nme"}, "support"),
    ({"directory": "relative/dir"}, "directory"),
    ({"directory": "/var/lib/amane; rm -rf /"}, "directory"),
    ({"command_path": "/usr/local/bin/../../etc/x"}, "command_path"),
])
def test_bad_input_is_named_and_changes_nothing(tmp_path, over, needle):
    result = run(args(tmp_path, **over))
    assert result["failed"] and needle in result["msg"], result
    assert not (tmp_path / "amane").exists() and not (tmp_path / "bin").exists()


def test_graphical_sessions_are_read_from_loginctl():
    class Module:
        def get_bin_path(self, name):
            return "/usr/bin/" + name

        def run_command(self, argv):
            if argv[1] == "list-sessions":
                return 0, "2 1000 amina seat0 tty2\n3 1001 omar - pts/0\n", ""
            return 0, {"2": "Type=wayland\nName=amina\nUser=1000\n", "3": "Type=tty\nName=omar\nUser=1001\n"}[argv[2]], ""

    assert access_notice.graphical_sessions(Module()) == [("amina", "1000")]

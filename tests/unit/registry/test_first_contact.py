"""registry_first_contact: input checks, the pinned-key refusal, the one-time password lock and the
idempotent re-enrollment through the management key (E1). The SSH session itself is proven end to
end by the registry Molecule scenario; here the transport is a stand-in that records calls."""

import shlex
import subprocess

import pytest

from ansible_collections.amane.telework.plugins.module_utils.registry import ssh as registry_ssh
from ansible_collections.amane.telework.plugins.module_utils.registry.store import RegistryError
from ansible_collections.amane.telework.plugins.modules import registry_first_contact as module

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk0aW5hbWFuZXRlc3RrZXlmb3J1bml0dGVzdHNvbmx5"
OTHER = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG90aGVya2V5b2Z0aGVkZXZpY2VyZWluc3RhbGxlZHh4"


def params(**overrides):
    base = {"address": "192.0.2.10", "port": 22,
            "verify_only": False, "pinned_host_key": None, "login_user": "technicien", "login_password": "otp-1234",
            "login_key_file": None, "management_user": "amane", "management_public_key": KEY,
            "management_key_file": "/keys/amane_management", "lock_login_password": True, "timeout": 5}
    base.update(overrides)
    return base


@pytest.mark.parametrize("overrides, field", [
    ({"verify_only": True}, "pinned_host_key"),
    ({"login_password": None}, "login_password"),
    ({"management_user": "Bad User"}, "management_user"),
    ({"management_public_key": "not a key"}, "management_public_key"),
    # numbers without bounds: 70000 wrapped to port 4464, -1 crashed the socket timeout
    ({"port": 70000}, "port: 70000 is out of range; give one from 1 to 65535"),
    ({"port": 0}, "port: 0 is out of range"),
    ({"timeout": -1}, "timeout: -1 is out of range; give one from 1 to 600"),
    ({"timeout": 10 ** 12}, "timeout: 1000000000000 is out of range"),
    # the address lands in front of ssh's own options: an address, never an option
    ({"address": "-oProxyCommand=touch /tmp/pwned"}, "address: '-oProxyCommand=touch /tmp/pwned' is not an IP address"),
    ({"address": "192.0.2.10\n"}, "address: '192.0.2.10\\n' is not an IP address"),
])
def test_bad_input_names_the_field(overrides, field):
    assert field in module.check_params(params(**overrides))


def test_good_input_passes():
    assert module.check_params(params()) is None


def test_changed_host_key_is_refused_with_both_fingerprints():
    with pytest.raises(RegistryError) as exc:
        registry_ssh.check_pinned(OTHER, KEY, "10.0.0.5:22")
    message = str(exc.value)
    assert registry_ssh.fingerprint(KEY) in message and registry_ssh.fingerprint(OTHER) in message
    assert "nothing was sent" in message


class Recorder:
    """Stands in for registry_ssh's session functions; records what the module asked for."""

    def __init__(self, monkeypatch, key_works):
        self.calls = []
        monkeypatch.setattr(registry_ssh, "management_access_works", lambda t, user, key: key_works and bool(key))
        monkeypatch.setattr(registry_ssh, "authenticate", lambda t, user, pw, key: self.calls.append(("auth", user, pw)))
        monkeypatch.setattr(registry_ssh, "install_account", self.install)

    def install(self, transport, login_user, password, management_user, key, dry_run, timeout, lock_user=""):
        self.calls.append(("install", login_user, password, lock_user, dry_run))
        return True


def test_first_contact_uses_the_password_once_and_locks_it(monkeypatch):
    rec = Recorder(monkeypatch, key_works=False)
    assert module.set_up_management_access(params(), object(), check_mode=False)
    assert rec.calls == [("auth", "technicien", "otp-1234"), ("install", "technicien", "otp-1234", "technicien", False)]


def test_lock_can_be_turned_off_and_is_never_asked_for_a_key_login(monkeypatch):
    rec = Recorder(monkeypatch, key_works=False)
    module.set_up_management_access(params(lock_login_password=False), object(), check_mode=False)
    assert rec.calls[-1][3] == ""
    rec.calls.clear()
    module.set_up_management_access(params(login_password=None, login_key_file="/k"), object(), check_mode=False)
    assert rec.calls[-1][3] == ""


def test_enrolled_device_is_checked_with_the_management_key_not_the_password(monkeypatch):
    rec = Recorder(monkeypatch, key_works=True)
    module.set_up_management_access(params(pinned_host_key=KEY), object(), check_mode=True)
    assert rec.calls == [("install", "amane", None, "", True)]


def test_first_contact_ignores_the_key_when_nothing_is_pinned_yet(monkeypatch):
    rec = Recorder(monkeypatch, key_works=True)
    module.set_up_management_access(params(), object(), check_mode=False)
    assert rec.calls[0] == ("auth", "technicien", "otp-1234")


def test_management_access_is_false_without_a_key_file():
    assert registry_ssh.management_access_works(object(), "amane", None) is False


def test_account_script_is_valid_shell_and_dry_run_changes_nothing():
    script = registry_ssh._ACCOUNT_SCRIPT % {
        "user": "amane-unit-test-absent", "key": shlex.quote(KEY), "dry": "1",
        "sudoers": "/nonexistent/amane-sudoers", "lock": "root"}
    assert subprocess.run(["sh", "-n", "-c", script], check=False).returncode == 0
    out = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert "amane-changed=1" in out.stdout
    assert subprocess.run(["id", "-u", "amane-unit-test-absent"], capture_output=True, check=False).returncode != 0

"""What a WireGuard key and an interface name are, between the collection and the gateway's host
programs. The programs run alone on the gateway and cannot import the collection, so each keeps a copy
of the pattern; this test keeps every copy equal to the one source (plugins/module_utils/values.py),
and runs each copy on the same good and bad values."""

import os
import re

import pytest

from ansible_collections.amane.telework.plugins.module_utils import values
from tests.unit.role_scripts import ROLES, load

SESSION = load("vpn", "amane-vpn-session")


def shell_pattern(program, variable):
    """The value of ``variable='...'`` in a bash host program (one assignment, single-quoted)."""
    with open(os.path.join(ROLES, "vpn", "files", program), encoding="utf-8") as handle:
        (value,) = re.findall(r"^%s='([^']*)'$" % re.escape(variable), handle.read(), re.MULTILINE)
    return value


def test_the_host_programs_spell_a_wireguard_key_as_the_collection_does():
    assert SESSION.WG_KEY.pattern == values.WG_PUBLIC_KEY.pattern
    assert shell_pattern("amane-vpn-apply-peers", "wg_key") == values.WG_PUBLIC_KEY.pattern


def test_the_session_journal_names_the_devices_the_peer_plan_lets_through():
    assert SESSION.DEVICE_ID.pattern == values.DEVICE_ID.pattern


def test_the_host_programs_spell_an_interface_name_as_the_collection_does():
    assert SESSION.INTERFACE.pattern == values._INTERFACE.pattern
    # bash's =~ has no fullmatch: the anchors make it one
    assert shell_pattern("amane-vpn-apply-peers", "name_pattern") == "^%s$" % values._INTERFACE.pattern


@pytest.mark.parametrize("key, good", [
    ("a" * 42 + "A=", True),
    ("a" * 42 + "B=", False),  # the last character holds only the key's final bits
    ("a" * 42 + "A=\n", False),
    ("a" * 41 + "A=", False),
    ("a" * 42 + "A", False),
])
def test_one_key_rule_everywhere(key, good):
    from ansible_collections.amane.telework.plugins.filter import vpn_config
    from ansible_collections.amane.telework.plugins.module_utils.registry import fields

    for pattern in (values.WG_PUBLIC_KEY, SESSION.WG_KEY, vpn_config.WG_KEY, fields._WG_KEY):
        assert bool(pattern.fullmatch(key)) is good, (pattern, key)

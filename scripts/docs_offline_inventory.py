"""Writes the Sphinx inventory (objects.inv, version 2) of the few pages of Ansible's documentation
that the collection's docs link to, so `make docs` resolves those links without the network.

Usage: python3 scripts/docs_offline_inventory.py OUTPUT.inv
A link the pages gain later and this list lacks fails the build (Sphinx runs with -W): add it here."""

import sys
import zlib

# (name, domain:role, page#anchor, title) on https://docs.ansible.com/projects/ansible/devel/
ENTRIES = [
    ("common_return_values", "std:label", "reference_appendices/common_return_values.html#common-return-values",
     "Return Values"),
    ("action_plugins", "std:label", "plugins/action.html#action-plugins", "Action plugins"),
    ("ansible_configuration_settings", "std:label", "reference_appendices/config.html#ansible-configuration-settings",
     "Ansible Configuration Settings"),
] + [
    (name, "std:envvar", "reference_appendices/config.html#envvar-" + name, "-")
    for name in ("ANSIBLE_CACHE_PLUGIN", "ANSIBLE_CACHE_PLUGIN_CONNECTION", "ANSIBLE_CACHE_PLUGIN_PREFIX",
                 "ANSIBLE_CACHE_PLUGIN_TIMEOUT")
]


def inventory(entries):
    header = b"# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n# The remainder of this file is compressed using zlib.\n"
    body = "".join("%s %s %d %s %s\n" % (name, role, -1 if role == "std:label" else 1, uri, title)
                   for name, role, uri, title in entries)
    return header + zlib.compress(body.encode("utf-8"))


if __name__ == "__main__":
    with open(sys.argv[1], "wb") as handle:
        handle.write(inventory(ENTRIES))

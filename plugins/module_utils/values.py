# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One check per kind of value that lands in a command line, a config file or a path.

Each returns None when the value is good, else one message that names the field, says what is
wrong with the value and how to fix it. Callers collect the messages and refuse the whole input
before changing anything. Patterns are matched whole (``re.fullmatch``): a ``$`` would also
match before a final newline.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress


def integer(field, value, low, high, meaning=""):
    """An int in [low, high] (bool is not an int here); ``meaning`` says what the bounds guard."""
    if isinstance(value, bool) or not isinstance(value, int):
        return "%s: %r is not a whole number; give one from %d to %d" % (field, value, low, high)
    if not low <= value <= high:
        return "%s: %d is out of range; give one from %d to %d%s" % (field, value, low, high,
                                                                       " (%s)" % meaning if meaning else "")
    return None


def port(field, value):
    """A TCP or UDP port: 1-65535 (70000 would silently wrap to another port in some clients)."""
    return integer(field, value, 1, 65535)


def address(field, value, dns_name):
    """An IP address, or a DNS name matching the compiled ``dns_name`` pattern; never an option (-o...)."""
    if isinstance(value, str):
        try:
            ipaddress.ip_address(value)
            return None
        except ValueError:
            if len(value) <= 253 and dns_name.fullmatch(value):
                return None
    return ("%s: %r is not an IP address or a DNS name (letters, digits, '-' and '.', not starting with '-'); "
            "give the address the device answers on" % (field, value))

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

import datetime
import ipaddress
import re

# One spelling of a UTC time for the registry, the audit results, the report and its store
# ('2026-11-20T09:00:00Z'), and of a day (waiver expiry, '2026-12-31'). Readers and writers take
# them from here.
UTC_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
DATE_FORMAT = "%Y-%m-%d"


def parse_utc_time(text):
    """'2026-11-20T09:00:00Z' to an aware UTC datetime; ValueError (or TypeError) when it is not one."""
    return datetime.datetime.strptime(text, UTC_TIME_FORMAT).replace(tzinfo=datetime.timezone.utc)


# A guide control id as the catalogue spells it (PO-M9B, AV-03, EH-15): upper-case words joined by '-'.
CONTROL_ID = re.compile(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)*")
# Linux interface names: at most 15 bytes (IFNAMSIZ - 1), no '/' or blank; a leading '-' would be
# read as an option by wg, ip and nft, which take the name as an argument.
_INTERFACE = re.compile(r"[A-Za-z0-9_=+.][A-Za-z0-9_=+.-]{0,14}")
# A device id: what the registry mints (dev-0001) and reads back, the BYOD bundle's file name, and what the
# VPN gateway writes in its peers file and its session journal, whose lines are read back by field: no
# space, no leading '.', '_' or '-'. amane-vpn-session keeps a copy (tested equal).
DEVICE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
# A WireGuard public key: 32 bytes in base64, 43 characters and one '=' of padding, the last character
# holding only the key's final bits. Used with fullmatch (a '$' matched before a trailing newline). The
# gateway's host programs keep copies (they run alone there); tests/unit/host_programs/test_value_contract.py
# keeps them equal to this one.
WG_PUBLIC_KEY = re.compile(r"[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=")
# systemd unit names (systemd.unit(5)): a name, an optional @instance (empty in a template), a type
# suffix. No '/', so a unit name never walks out of /etc/systemd/system; no leading '-' (an option
# to systemctl).
_UNIT = re.compile(r"[A-Za-z0-9:_.\\][A-Za-z0-9:_.\\-]*(@[A-Za-z0-9:_.\\-]*)?\.(service|socket|timer|target|path|mount|scope|slice)")
# POSIX portable account and group names as Debian's adduser accepts them, 32 characters at most.
_ACCOUNT = re.compile(r"[a-z_][a-z0-9_-]{0,31}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Debian package names (Debian policy 5.6.1): lower-case letters, digits, '+', '-', '.', two or more,
# starting with a letter or digit (never an option to dpkg-query).
_PACKAGE = re.compile(r"[a-z0-9][a-z0-9+.-]+")
# A file mode as chmod and Ansible's mode take it, with the set-id and sticky bits: 0644, 2755.
_MODE = re.compile(r"[0-7]{3,4}")
# One line of plain text: no control character (newline, tab, NUL...).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def integer(field, value, low, high, meaning=""):
    """An int in [low, high] (bool is not an int here); ``meaning`` says what the bounds guard."""
    if isinstance(value, bool) or not isinstance(value, int):
        return "%s: %r is not a whole number; give one from %d to %d" % (field, value, low, high)
    if not low <= value <= high:
        why = " (%s)" % meaning if meaning else ""
        return "%s: %d is out of range; give one from %d to %d%s" % (field, value, low, high, why)
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


def shown(value):
    """``value`` as a message shows it: as it is when printable, else quoted (a newline or another
    character that hides would make the message say something else)."""
    return value if isinstance(value, str) and value.isprintable() else repr(value)


def text(field, value, limit=200):
    """One line of plain text, not blank, at most ``limit`` characters: names, approvers, markers."""
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        return "%s: must be a non-empty text of at most %d characters" % (field, limit)
    if _CONTROL.search(value):
        return "%s: %r holds a control character (tab, newline, NUL...): give it on one line of plain text" % (field, value)
    return None


def date(field, value):
    """A calendar date YYYY-MM-DD (a YAML date is one already); 2026-02-30 is not one."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):  # a time is no expiry day
        return None
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            datetime.datetime.strptime(value, DATE_FORMAT)
            return None
        except ValueError:
            pass
    return "%s: %r is not a date; write YYYY-MM-DD" % (field, value)


def control_id(field, value):
    if isinstance(value, str) and CONTROL_ID.fullmatch(value):
        return None
    return "%s: %r is not a control id (upper-case, e.g. PO-M9B)" % (field, value)


def interface(field, value):
    if isinstance(value, str) and _INTERFACE.fullmatch(value) and value not in (".", ".."):
        return None
    return "%s: %r is not an interface name (1-15 letters, digits, _=+.-, not starting with '-')" % (field, value)


def unit_name(field, value, suffix=None):
    """A systemd unit name, ending in ``suffix`` when given (".timer", "@.service" for a template)."""
    if isinstance(value, str) and len(value) <= 255 and _UNIT.fullmatch(value) and (suffix is None or value.endswith(suffix)):
        return None
    return "%s: %r is not a systemd unit name%s (letters, digits, ':_.\\-', no '/', not starting with '-')" % (
        field, value, " ending in %s" % suffix if suffix else "")


def account(field, value):
    if isinstance(value, str) and _ACCOUNT.fullmatch(value):
        return None
    return "%s: %r is not an account or group name (lower-case letters, digits, '_' or '-', at most 32)" % (field, value)


def package_name(field, value):
    if isinstance(value, str) and len(value) <= 128 and _PACKAGE.fullmatch(value):
        return None
    return "%s: %r is not a Debian package name (lower-case letters, digits, '+-.', e.g. wireguard-tools)" % (field, value)


def file_mode(field, value):
    if isinstance(value, str) and _MODE.fullmatch(value):
        return None
    return "%s: %r is not a file mode; give it in octal as a quoted string (e.g. \"0644\")" % (field, value)


def absolute_path(field, value):
    """A directory or file given to a program as an argument: absolute (a relative one resolves in
    the module's temporary directory, and '-x' would be read as an option), on one line."""
    if isinstance(value, str) and value.startswith("/") and not _CONTROL.search(value):
        return None
    return "%s: %r is not an absolute path on one line (e.g. /var/lib/amane)" % (field, value)

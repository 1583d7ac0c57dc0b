# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validation of device record fields: one message per bad field, naming it and the fix.

Shared by the modules (refuse bad input before writing) and the inventory plugin (skip a
malformed record and say which record and field).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

from ansible_collections.amane.telework.plugins.module_utils import values

STATES = ("requested", "approved", "active", "quarantined", "offboarded")
DEVICE_KINDS = ("issued", "byod")
TELEWORK_KINDS = ("partial", "full")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_HOSTNAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_WG_KEY = values.WG_PUBLIC_KEY
_HOST_KEY = re.compile(r"^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/]+={0,2}$")
_UTC_TIME = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$")
DNS_NAME = _DNS_NAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?")
# One-line fields never hold a control character (values.text); NUL also cannot be stored by PostgreSQL at all.


class FieldError(ValueError):
    """A record field is wrong; ``field`` names it so callers can point at it."""

    def __init__(self, field, message):
        super(FieldError, self).__init__("field '%s': %s" % (field, message))
        self.field = field


def check_hostname(value):
    if not isinstance(value, str) or not _HOSTNAME.fullmatch(value):
        raise FieldError("hostname", "%r is not a host name (lower-case letters, digits, '-' and '.')" % (value,))


def check_name(field, value):
    """administration and unit become group names: keep them short and plain."""
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise FieldError(field, "%r must be lower-case letters, digits, '-' or '_' (e.g. 'finances')" % (value,))


def check_address(field, value):
    """An address ssh dials (it becomes ansible_host): an IP address or a DNS name, never an option.
    An internationalised name is checked in its DNS (punycode) form."""
    if isinstance(value, str) and not value.isascii():
        try:
            value = value.encode("idna").decode("ascii")
        except UnicodeError:
            pass
    problem = values.address(field, value, DNS_NAME)
    if problem:
        raise FieldError(field, problem.split(": ", 1)[1])


def check_choice(field, value, choices):
    if value not in choices:
        raise FieldError(field, "%r is not one of %s" % (value, ", ".join(choices)))


def _raise(field, problem):
    """A values.* message ("field: what is wrong") as the FieldError of ``field``."""
    if problem:
        raise FieldError(field, problem.split(": ", 1)[1])


def check_text(field, value, limit=200):
    _raise(field, values.text(field, value, limit))


def check_free_text(field, value, limit=4000):
    """Text for the history (actor, reason): several lines allowed, NUL never (PostgreSQL refuses it)."""
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise FieldError(field, "must be a non-empty text of at most %d characters" % limit)
    if "\x00" in value:
        raise FieldError(field, "holds a NUL character (\\x00), which the registry cannot store: remove it")


def check_utc_time(field, value):
    if not isinstance(value, str) or not _UTC_TIME.fullmatch(value):
        raise FieldError(field, "%r must be a UTC time 'YYYY-MM-DDTHH:MM:SSZ' (e.g. '2026-11-20T09:00:00Z')" % (value,))
    try:  # the pattern lets 2026-02-30 through: a day that never was cannot be ordered or audited
        datetime.datetime.strptime(value, values.UTC_TIME_FORMAT)
    except ValueError:
        raise FieldError(field, "%r is not a real date and time (no such day in that month)" % (value,)) from None


def check_schedule(value):
    """Telework days and hours (C1, C3): {days: [mon..sun], start: "HH:MM", end: "HH:MM"}."""
    if not isinstance(value, dict):
        raise FieldError("schedule", "must be a mapping {days: [mon, ...], start: 'HH:MM', end: 'HH:MM'}")
    unknown = set(value) - {"days", "start", "end"}
    if unknown:
        raise FieldError("schedule", "unknown keys %s; only days, start and end are allowed" % ", ".join(sorted(unknown)))
    days = value.get("days")
    if not isinstance(days, list) or not days or any(d not in DAYS for d in days) or len(set(days)) != len(days):
        raise FieldError("schedule", "days must be a non-empty list without repeats of %s" % ", ".join(DAYS))
    for key in ("start", "end"):
        if not isinstance(value.get(key), str) or not _TIME.fullmatch(value[key]):
            raise FieldError("schedule", "%s must be a 24-hour time 'HH:MM' (e.g. '08:30')" % key)
    if value["start"] >= value["end"]:
        raise FieldError("schedule", "start %s must be before end %s" % (value["start"], value["end"]))


def check_wg_key(value):
    if value is not None and not (isinstance(value, str) and _WG_KEY.fullmatch(value)):
        raise FieldError("wg_public_key", "must be a WireGuard public key (44 characters of base64, as printed by 'wg pubkey')")


def check_host_key(value):
    if value is not None and not (isinstance(value, str) and _HOST_KEY.fullmatch(value)):
        raise FieldError("host_key", "must be an OpenSSH public host key '<type> <base64>' (e.g. 'ssh-ed25519 AAAA...')")


def check_posture(value):
    if value is None:
        return
    if not isinstance(value, dict) or not isinstance(value.get("compliant"), bool):
        raise FieldError("posture", "must be a mapping with a boolean 'compliant'")
    if not isinstance(value.get("failed", []), list):
        raise FieldError("posture", "'failed' must be a list of control ids")


# The check of each request field, in the order a refusal names them. charter_version, the keys
# and charter_accepted_at may be absent from a record; the others are required.
_REQUEST_CHECKS = (
    ("hostname", check_hostname),
    ("enroll_address", lambda value: check_address("enroll_address", value)),
    ("owner_id", lambda value: check_text("owner_id", value, 64)),
    ("owner_name", lambda value: check_text("owner_name", value, 200)),
    ("administration", lambda value: check_name("administration", value)),
    ("unit", lambda value: check_name("unit", value)),
    ("device_kind", lambda value: check_choice("device_kind", value, DEVICE_KINDS)),
    ("telework_kind", lambda value: check_choice("telework_kind", value, TELEWORK_KINDS)),
    ("schedule", check_schedule),
    ("charter_version", lambda value: value is None or check_text("charter_version", value, 32)),
    ("wg_public_key", check_wg_key),
    ("host_key", check_host_key),
)


def check_request(fields):
    """Fields a technician gives at enrollment (the request file)."""
    for name, check in _REQUEST_CHECKS:
        check(fields.get(name))


def check_given(fields):
    """Each field given, on its own, before the registry is even opened: a refused request then
    neither creates nor migrates a registry. The merged record is checked again at the write."""
    for name, check in _REQUEST_CHECKS:
        if fields.get(name) is not None:
            check(fields[name])
    check_new_values(fields)


def check_posture_result(compliant, failed, reasons, not_assessed, checked_at):
    """A posture module's result as registry_posture stores it (M10). Each list item is stored as
    it is and shown to the security officer: a control id that is no control id would be a
    failure nobody can look up, and a date that does not exist cannot be ordered."""
    if not isinstance(compliant, bool):
        raise FieldError("compliant", "%r must be true or false (the posture module's compliant)" % (compliant,))
    check_utc_time("checked_at", checked_at)
    for field, items in (("failed", failed), ("reasons", reasons), ("not_assessed", not_assessed)):
        if not isinstance(items, (list, tuple)):
            raise FieldError(field, "%r must be a list (the posture module's %s)" % (items, field))
    for index, control_id in enumerate(failed):
        _raise("failed[%d]" % index, values.control_id("failed[%d]" % index, control_id))
    for index, entry in enumerate(not_assessed):
        # "<control id> disabled" or "<control id> waived", as the posture module writes them
        words = entry.split(" ") if isinstance(entry, str) else ()
        if len(words) != 2 or words[1] not in ("disabled", "waived") or values.control_id("", words[0]):
            raise FieldError("not_assessed", "not_assessed[%d] %r must be '<control id> disabled' or '<control id> waived'"
                             % (index, entry))
    for index, reason in enumerate(reasons):
        check_free_text("reasons[%d]" % index, reason)
    if compliant and failed:
        raise FieldError("failed", "compliant is true but failed lists %s: pass the posture module's result unchanged"
                         % ", ".join(failed))


def check_new_values(values):
    """Checks of values being written now that records stored before them were not held to, so a
    record kept from then stays readable (the inventory) and updatable (a request that fixes it)."""
    if values.get("charter_accepted_at") is not None:
        check_utc_time("charter_accepted_at", values["charter_accepted_at"])


def check_record(record):
    """A stored record, as the inventory plugin reads it."""
    check_request(record)
    check_choice("state", record.get("state"), STATES)
    check_posture(record.get("posture"))


# [interface<TAB>]key<TAB>epoch; the key is _WG_KEY's
_HANDSHAKE_LINE = re.compile(r"(?:(?P<interface>[A-Za-z0-9_.=+-]{1,15})\t)?(?P<key>%s)\t(?P<epoch>\d{1,12})" % _WG_KEY.pattern)


def latest_handshakes(text, seen=None):
    """{public key: UTC time text} of the output of ``wg show <interface> latest-handshakes`` (lines
    ``key<TAB>epoch``) or of ``wg show all latest-handshakes`` (``interface<TAB>key<TAB>epoch``),
    merged into ``seen`` when given (the outputs of several gateways).

    Epoch 0 is WireGuard's "no handshake yet" and is left out. A key seen on two interfaces (or two
    gateways) keeps its latest time. A line of any other shape is refused by number: a changed ``wg``
    output must not be read as "nobody connected".
    """
    if not isinstance(text, str):
        raise FieldError("latest_handshakes", "must be the text 'wg show <interface> latest-handshakes' printed")
    seen = {} if seen is None else seen
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _HANDSHAKE_LINE.fullmatch(line.rstrip("\r"))
        if match is None:
            raise FieldError("latest_handshakes", "line %d %s is not '<public key><TAB><seconds since 1970>' as "
                             "'wg show <interface> latest-handshakes' prints it" % (number, values.shown(line[:80])))
        epoch = int(match.group("epoch"))
        if epoch == 0:
            continue
        try:
            at = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime(values.UTC_TIME_FORMAT)
        except (OverflowError, OSError, ValueError):
            raise FieldError("latest_handshakes", "line %d: %d is not a time WireGuard can print" % (number, epoch)) from None
        key = match.group("key")
        seen[key] = max(at, seen.get(key, at))
    return seen

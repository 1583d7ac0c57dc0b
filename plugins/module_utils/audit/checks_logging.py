# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of the logging controls (LG-NN): read-only reads of what roles/logging puts in place."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re

from ansible_collections.amane.telework.plugins.module_utils.audit.engine import check

AUDIT_RULES = "/etc/audit/rules.d/60-amane.rules"
AUDIT_KEYS = ("amane_teleworker_cmd", "amane_privilege", "amane_auth_files", "amane_protection",
              "amane_stop_attempt", "amane_mount")
JOURNALD = "/etc/systemd/journald.conf.d/60-amane-logging.conf"
FORWARD = "/etc/rsyslog.d/60-amane-forward.conf"
FORWARDER_CONFIG = "/etc/amane/log-forward.json"
CENTRAL = "/etc/rsyslog.d/40-amane-central.conf"
LOGROTATE = "/etc/logrotate.d/amane-central"
PKI_KEY = "/etc/amane/logging-pki/host.key"
PG_CONF_DIR = "/etc/postgresql"
TELEWORK_CONF = "/etc/amane/telework-hours.json"


def _params(text):
    """rsyslog name="value" pairs of a config text, keys lower-cased."""
    return {k.lower(): v for k, v in re.findall(r'([A-Za-z.]+)="([^"]*)"', text or "")}


@check("LG-01")
def audit_rules_keyed(snap):
    text = snap.read(AUDIT_RULES)
    if text is None:
        return "fail", "%s is missing" % AUDIT_RULES
    keys = set(re.findall(r"-k\s+(\S+)", text))
    missing = [key for key in AUDIT_KEYS if key not in keys]
    unkeyed = [line for line in text.splitlines()
               if re.match(r"^\s*-(a|w)\s", line) and not re.search(r"(-k\s+\S+|-F\s+key=)", line)]
    if missing or unkeyed:
        return "fail", "missing keys %s; %d rule(s) without -k" % (", ".join(missing) or "none", len(unkeyed))
    return "pass", "%s holds keyed rules for %s" % (AUDIT_RULES, ", ".join(AUDIT_KEYS))


@check("LG-02")
def journald_persistent_limited(snap):
    text = snap.read(JOURNALD, "")
    values = dict(re.findall(r"^(\w+)=(.*)$", text, re.M))
    if values.get("Storage") != "persistent":
        return "fail", "journald Storage is %r, not persistent" % values.get("Storage")
    if not values.get("SystemMaxUse"):
        return "fail", "journald has no SystemMaxUse size limit"
    return "pass", "journald persistent, SystemMaxUse=%s" % values["SystemMaxUse"]


@check("LG-03")
def forwarding_reliable(snap):
    text = snap.read(FORWARD)
    if text is None:
        return "fail", "%s is missing: nothing is forwarded to the central journal" % FORWARD
    if re.search(r"^call amane_central$", text, re.M):
        return "pass", "central journal: its own messages go straight into the central store"
    params = _params(text)
    problems = []
    if params.get("type") != "omprog" or "amane-log-forward" not in params.get("binary", ""):
        problems.append("not sent through amane-log-forward (omprog)")
    elif params.get("confirmmessages") != "on" or params.get("usetransactions") != "on":
        problems.append("batches are not confirmed by the forwarder (confirmMessages/useTransactions off)")
    if not params.get("queue.filename") or params.get("queue.saveonshutdown") != "on":
        problems.append("queue not disk-assisted with saveOnShutdown")
    if params.get("action.resumeretrycount") != "-1":
        problems.append("retry is not infinite")
    try:
        forwarder = json.loads(snap.read(FORWARDER_CONFIG) or "")
    except ValueError:
        forwarder = None
    if not isinstance(forwarder, dict):
        problems.append("%s is missing or not JSON" % FORWARDER_CONFIG)
    elif not all(forwarder.get(k) for k in ("ca", "cert", "key", "server_name", "spool_dir")):
        problems.append("%s lacks the TLS client certificate, the server name or the spool" % FORWARDER_CONFIG)
    if problems:
        return "fail", "forwarding: %s" % "; ".join(problems)
    return "pass", "RELP/TLS to %s:%s confirmed per batch, disk-assisted queue and spool, infinite retry" % (
        forwarder.get("target"), forwarder.get("port"))


@check("LG-04")
def client_key_private(snap):
    path = snap.path(PKI_KEY)
    try:
        mode = os.stat(path).st_mode & 0o777
    except OSError:
        return "fail", "%s is missing" % PKI_KEY
    if mode & 0o077:
        return "fail", "%s has mode %o; it must be 0600" % (PKI_KEY, mode)
    return "pass", "%s mode %o" % (PKI_KEY, mode)


@check("LG-05")
def central_requires_client_certificates(snap):
    text = snap.read(CENTRAL)
    if text is None:
        return "fail", "%s is missing" % CENTRAL
    params = _params(text)
    if params.get("tls") != "on" or params.get("tls.authmode") not in ("certvalid", "name", "fingerprint"):
        return "fail", "imrelp does not require client certificates (tls=%s, authMode=%s)" % (
            params.get("tls"), params.get("tls.authmode"))
    return "pass", "imrelp over TLS, client certificates checked (%s)" % params["tls.authmode"]


@check("LG-06")
def retention_and_rotation(snap):
    text = snap.read(LOGROTATE)
    if text is None:
        return "fail", "%s is missing" % LOGROTATE
    maxage = re.search(r"^\s*maxage\s+(\d+)", text, re.M)
    if not maxage or not re.search(r"^\s*compress\s*$", text, re.M) or "amane-logchain seal" not in text:
        return "fail", "rotation lacks maxage, compress or sealing"
    return "pass", "rotated, compressed, sealed, kept %s days" % maxage.group(1)


@check("LG-07")
def chain_intact(snap):
    if not snap.which("amane-logchain"):
        return "fail", "amane-logchain is not installed"
    store = snap.params.get("store_dir", "/var/log/amane/hosts")
    chain = os.path.join(snap.params.get("chain_dir", "/var/lib/amane/logchain"), "chain.jsonl")
    anchors = ["--anchor=%s" % anchor for anchor in snap.params.get("chain_anchors") or ()]
    rc, out, err = snap.run(["amane-logchain", "verify", "--store", store, "--chain", chain] + anchors)
    lines = [line for line in (out or "").splitlines() if line.strip()]
    if rc != 0:
        return "fail", "; ".join(lines[:5]) or err
    return "pass", lines[-1] if lines else "chain intact"


@check("LG-08")
def database_audit(snap):
    versions = snap.listdir(PG_CONF_DIR)
    if not versions:
        return "not_applicable", "no PostgreSQL server on this host"
    for version in versions:
        conf_dir = os.path.join(PG_CONF_DIR, version, "main", "conf.d")
        for name in snap.listdir(conf_dir):
            text = snap.read(os.path.join(conf_dir, name), "")
            if "pgaudit" in text and "syslog" in text:
                return "pass", "pgaudit loaded and logging to syslog (%s/%s)" % (conf_dir, name)
    return "fail", "PostgreSQL is installed without pgaudit logging to syslog"


@check("LG-09")
def telework_hours_lawful(snap):
    """A17 with Loi 09.08: the summary is personal data, so each of the title's three conditions is read
    from the file amane-telework-hours runs by (which refuses to run on a malformed one)."""
    text = snap.read(TELEWORK_CONF)
    if text is None:
        return "pass", "telework hours summary is off (no personal data processed)"
    try:
        config = json.loads(text)
    except ValueError:
        return "error", "%s is not JSON" % TELEWORK_CONF
    if not isinstance(config, dict):
        return "error", "%s is not a JSON object" % TELEWORK_CONF
    if not str(config.get("purpose", "")).strip():
        return "fail", "telework hours summary enabled without a declared purpose"
    if config.get("pseudonymize", True) is not True:  # the program's default is on
        return "fail", "telework hours summary names teleworkers (pseudonymize: %r)" % (config.get("pseudonymize"),)
    retention = config.get("retention_days")
    if isinstance(retention, bool) or not isinstance(retention, int) or retention < 1:  # JSON's true is no number
        return "fail", "telework hours summaries are kept without a time limit (retention_days: %r)" % (retention,)
    return "pass", "enabled for: %s; pseudonymized; kept %d days" % (config["purpose"], retention)

# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read-only checks of the VPN gateway (guide M7, M10, A8, A13, A17), run by modules/vpn_audit.py.

Options come from the snapshot's params: ``interface`` and ``port``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import stat

from ansible_collections.amane.telework.plugins.module_utils.audit.engine import check

CONF_DIR = "/etc/wireguard"


def _interface(snapshot):
    return snapshot.params.get("interface") or "wg0"


def _ruleset(snapshot):
    rc, out, _err = snapshot.run(["nft", "list", "table", "inet", "amane_vpn"])
    return out if rc == 0 else None


def _chain(ruleset, name):
    match = re.search(r"chain %s \{(.*?)\n\t\}" % name, ruleset or "", re.S)
    return match.group(1) if match else None


@check("VP-01")
def interface_up(snapshot):
    interface = _interface(snapshot)
    rc, out, _err = snapshot.run(["wg", "show", interface, "listen-port"])
    if rc != 0:
        return "fail", "WireGuard interface %s is not up" % interface
    return "pass", "WireGuard interface %s listens on UDP %s" % (interface, out.strip())


@check("VP-02")
def private_key_private(snapshot):
    path = snapshot.path(CONF_DIR, _interface(snapshot) + ".key")
    try:
        info = os.stat(path)
    except OSError:
        return "fail", "no private key at %s" % path
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077 or info.st_uid != 0:
        return "fail", "%s has mode %04o owner uid %d; it must be 0600 root" % (path, mode, info.st_uid)
    return "pass", "%s is 0600 root" % path


@check("VP-03")
def input_only_wireguard(snapshot):
    chain = _chain(_ruleset(snapshot), "input")
    if chain is None:
        return "fail", "nftables table inet amane_vpn has no input chain"
    port = int(snapshot.params.get("port") or 51820)
    accepts = [line.strip() for line in chain.splitlines() if line.strip().endswith("accept")]
    allowed = ("ct state established,related accept", 'iif "lo" accept', "udp dport %d accept" % port)
    extra = [rule for rule in accepts if rule not in allowed and "@admin_networks" not in rule
             and not rule.startswith("iifname ")]
    if "policy drop" not in chain:
        return "fail", "input chain policy is not drop"
    if extra:
        return "fail", "input accepts more than the WireGuard port: %s" % "; ".join(extra[:3])
    return "pass", "input policy drop; open from outside: UDP %d (SSH only from the admin networks)" % port


@check("VP-04")
def forward_default_drop(snapshot):
    chain = _chain(_ruleset(snapshot), "forward")
    if chain is None or "policy drop" not in chain:
        return "fail", "forward chain missing or its policy is not drop"
    rules = [line.strip() for line in chain.splitlines() if "accept" in line and "ip saddr @clients_" in line]
    return "pass", "forward policy drop; %d per-administration accept rules" % len(rules)


@check("VP-05")
def session_journal_timer(snapshot):
    rc, out, _err = snapshot.run(["systemctl", "is-active", "amane-vpn-session.timer"])
    if out.strip() != "active":
        return "fail", "amane-vpn-session.timer is %s" % (out.strip() or "missing")
    return "pass", "amane-vpn-session.timer is active"

# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of roles/vpn: peers from the inventory, input validation, firewall and client plans.

Pure functions over plain data so that tests/unit/test_vpn_filters.py can prove them without a host.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: vpn_peers
short_description: WireGuard peers of the gateway, from the registry inventory (guide M10)
version_added: "0.1.0"
description:
  - Returns one peer per host that is in every group of O(required_groups) (default C(state_active) and
    C(posture_compliant)), read from C(groups) and C(hostvars), never from the play's hosts, so that a
    run with C(--limit) keeps every peer.
  - Each peer is a dict with C(host), C(device_id), C(public_key), C(address) and C(administration).
    A peer without C(amane_wg_public_key) or C(amane_vpn_address) is returned with the value empty;
    M(amane.telework.vpn_input_errors) reports it.
  - Other filters in this file are C(vpn_input_errors) (list of error strings naming the variable and
    the fix), C(vpn_firewall_plan) (per-administration client sets and allowed destinations) and
    C(vpn_client_allowed_ips) (split- or full-tunnel AllowedIPs of one client).
positional: groups, hostvars
options:
  _input:
    description: The C(groups) magic variable.
    type: dict
    required: true
  hostvars:
    description: The C(hostvars) magic variable.
    type: dict
    required: true
  required_groups:
    description: Groups a host must belong to, all of them.
    type: list
    elements: str
    default: [state_active, posture_compliant]
"""

EXAMPLES = r"""
- name: Peers of the gateway
  ansible.builtin.set_fact:
    vpn_peers: "{{ groups | amane.telework.vpn_peers(hostvars) }}"
"""

RETURN = r"""
_value:
  description: Peers sorted by VPN address.
  type: list
  elements: dict
"""

import ipaddress
import re

from ansible.errors import AnsibleFilterError

DEFAULT_PEER_GROUPS = ("state_active", "posture_compliant")
# WireGuard keys are 32 bytes in base64: 43 characters and one '=' of padding.
WG_KEY = re.compile(r"^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$")
INTERFACE_NAME = re.compile(r"^[a-zA-Z0-9_=+.-]{1,15}$")


def _ip_sort_key(peer):
    try:
        return (0, int(ipaddress.ip_address(peer["address"])), peer["host"])
    except ValueError:
        return (1, 0, peer["host"])


def vpn_peers(groups, hostvars, required_groups=DEFAULT_PEER_GROUPS):
    """Hosts in every group of ``required_groups``: the gateway's peers (M10)."""
    if not isinstance(groups, dict) and not hasattr(groups, "get"):
        raise AnsibleFilterError("vpn_peers: the input must be the 'groups' variable")
    members = None
    for name in required_groups:
        hosts = set(groups.get(name) or [])
        members = hosts if members is None else members & hosts
    peers = []
    for host in sorted(members or []):
        hvars = hostvars[host]
        peers.append({
            "host": host,
            "device_id": str(hvars.get("amane_device_id") or host),
            "public_key": str(hvars.get("amane_wg_public_key") or ""),
            "address": str(hvars.get("amane_vpn_address") or ""),
            "administration": str(hvars.get("amane_administration") or ""),
        })
    return sorted(peers, key=_ip_sort_key)


def _network(value, name, errors):
    try:
        return ipaddress.ip_network(str(value), strict=True)
    except ValueError as exc:
        errors.append("%s: %r is not a network in CIDR form (%s); write it like 10.20.0.0/24" % (name, value, exc))
        return None


def _port_errors(ports, name, errors):
    if not isinstance(ports, (list, tuple)):
        errors.append("%s: must be a list of port numbers" % name)
        return
    for port in ports:
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            errors.append("%s: port %r is out of range; use 1-65535" % (name, port))


def _internal_errors(internal, errors):
    """Check vpn_internal_networks; return {name: network} of the valid ones."""
    networks = {}
    for index, entry in enumerate(internal or []):
        where = "vpn_internal_networks[%d]" % index
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("cidr"):
            errors.append("%s: needs a name and a cidr" % where)
            continue
        if entry["name"] in networks:
            errors.append("%s: name %r is used twice; names must be unique" % (where, entry["name"]))
        net = _network(entry["cidr"], where + ".cidr", errors)
        if net is None:
            continue
        for other_name, other in networks.items():
            if net.overlaps(other):
                errors.append("%s.cidr: %s overlaps %s (%s); internal networks must not overlap"
                              % (where, net, other_name, other))
        networks[entry["name"]] = net
    return networks


def _access_errors(access, networks, errors):
    if not isinstance(access, dict):
        errors.append("vpn_access: must map each administration to a list of rules")
        return
    for admin, rules in access.items():
        for index, rule in enumerate(rules or []):
            where = "vpn_access.%s[%d]" % (admin, index)
            if not isinstance(rule, dict) or rule.get("network") not in networks:
                errors.append("%s.network: %r is not a name in vpn_internal_networks (%s)"
                              % (where, (rule or {}).get("network") if isinstance(rule, dict) else rule,
                                 ", ".join(sorted(networks)) or "none declared"))
                continue
            _port_errors(rule.get("tcp", []), where + ".tcp", errors)
            _port_errors(rule.get("udp", []), where + ".udp", errors)


def _peer_errors(peers, pool, gateway_ip, errors):
    seen_addresses = {}
    seen_keys = {}
    for peer in peers:
        where = "host %s (device %s)" % (peer["host"], peer["device_id"])
        if not peer["public_key"]:
            errors.append("%s: amane_wg_public_key is missing; an active, compliant device needs its public key "
                          "in the registry (enroll it again)" % where)
        elif not WG_KEY.match(peer["public_key"]):
            errors.append("%s: amane_wg_public_key is not a WireGuard public key (44 base64 characters)" % where)
        elif peer["public_key"] in seen_keys:
            errors.append("%s: amane_wg_public_key is also used by %s; every device needs its own key pair"
                          % (where, seen_keys[peer["public_key"]]))
        seen_keys.setdefault(peer["public_key"], peer["host"])
        try:
            address = ipaddress.ip_address(peer["address"])
        except ValueError:
            errors.append("%s: amane_vpn_address %r is not an IPv4 address" % (where, peer["address"]))
            continue
        if pool is not None and address not in pool:
            errors.append("%s: amane_vpn_address %s is outside vpn_pool %s" % (where, address, pool))
        if gateway_ip is not None and address == gateway_ip:
            errors.append("%s: amane_vpn_address %s is the gateway's own address" % (where, address))
        if str(address) in seen_addresses:
            errors.append("%s: amane_vpn_address %s is also given to %s" % (where, address, seen_addresses[str(address)]))
        seen_addresses.setdefault(str(address), peer["host"])


def vpn_input_errors(settings, peers=None):
    """Every input error of the role, each naming the variable and the fix; empty when all is valid."""
    errors = []
    if not INTERFACE_NAME.match(str(settings.get("interface", ""))):
        errors.append("vpn_interface: %r is not an interface name (1-15 letters, digits, _=+.-)"
                      % settings.get("interface"))
    _port_errors([settings.get("port")], "vpn_port", errors)
    if settings.get("mtu") is not None and not 1280 <= int(settings["mtu"]) <= 1500:
        errors.append("vpn_mtu: %r is out of range; use 1280-1500" % settings["mtu"])
    if settings.get("keepalive") is not None and not 0 <= int(settings["keepalive"]) <= 65535:
        errors.append("vpn_persistent_keepalive: %r is out of range; use 0-65535" % settings["keepalive"])
    pool = _network(settings.get("pool"), "vpn_pool", errors)
    gateway_ip = None
    if pool is not None:
        if pool.version != 4 or pool.num_addresses < 4:
            errors.append("vpn_pool: %s must be an IPv4 network of at least 4 addresses" % pool)
        else:
            gateway_ip = next(pool.hosts())
    networks = _internal_errors(settings.get("internal_networks"), errors)
    for name, net in networks.items():
        if pool is not None and net.overlaps(pool):
            errors.append("vpn_pool: %s overlaps internal network %s (%s); pick a pool outside the internal "
                          "networks" % (pool, name, net))
    for index, cidr in enumerate(settings.get("admin_networks") or []):
        _network(cidr, "vpn_admin_networks[%d]" % index, errors)
    _access_errors(settings.get("access") or {}, networks, errors)
    for admin in settings.get("client_to_client") or []:
        if not isinstance(admin, str) or not admin:
            errors.append("vpn_client_to_client: %r must be an administration name" % (admin,))
    _peer_errors(peers or [], pool, gateway_ip, errors)
    return errors


def vpn_gateway_address(pool):
    """The gateway's address in the pool: its first host."""
    return str(next(ipaddress.ip_network(str(pool)).hosts()))


def vpn_firewall_plan(peers, access, internal_networks, client_to_client=()):
    """One entry per administration: its clients' addresses and what they may reach (A13).

    Administrations of peers without rules still get an entry (with no destination), so that their
    clients are named in the ruleset and reach nothing.
    """
    cidr_of = {net["name"]: str(ipaddress.ip_network(str(net["cidr"]))) for net in internal_networks or []}
    admins = sorted(set(access or {}) | {peer["administration"] for peer in peers})
    plan = []
    for index, admin in enumerate(admins):
        rules = []
        for rule in (access or {}).get(admin) or []:
            rules.append({
                "cidr": cidr_of[rule["network"]],
                "tcp": sorted(set(rule.get("tcp") or [])),
                "udp": sorted(set(rule.get("udp") or [])),
                "icmp": bool(rule.get("icmp", True)),
                "all": bool(rule.get("all", False)),
            })
        plan.append({
            "administration": admin,
            "set": "clients_%d" % index,
            "addresses": [peer["address"] for peer in peers if peer["administration"] == admin],
            "rules": rules,
            "client_to_client": admin in (client_to_client or ()),
        })
    return plan


def vpn_client_allowed_ips(administration, access, internal_networks, full_tunnel=False, gateway_address=None):
    """AllowedIPs of a client: its administration's declared networks (split tunnel) or everything."""
    if full_tunnel:
        return ["0.0.0.0/0"]
    cidr_of = {net["name"]: str(ipaddress.ip_network(str(net["cidr"]))) for net in internal_networks or []}
    allowed = []
    if gateway_address:
        allowed.append("%s/32" % gateway_address)
    for rule in (access or {}).get(administration) or []:
        cidr = cidr_of.get(rule.get("network"))
        if cidr and cidr not in allowed:
            allowed.append(cidr)
    return allowed


def vpn_journal_map(peers):
    """{public_key: {device_id, vpn_address}}: what the session journal names in its lines (A17)."""
    return {peer["public_key"]: {"device_id": peer["device_id"], "vpn_address": peer["address"]} for peer in peers}


class FilterModule(object):
    def filters(self):
        return {
            "vpn_peers": vpn_peers,
            "vpn_input_errors": vpn_input_errors,
            "vpn_gateway_address": vpn_gateway_address,
            "vpn_firewall_plan": vpn_firewall_plan,
            "vpn_client_allowed_ips": vpn_client_allowed_ips,
            "vpn_journal_map": vpn_journal_map,
        }

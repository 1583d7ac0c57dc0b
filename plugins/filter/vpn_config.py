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
    C(vpn_peers_refused) names it and the fix, and C(vpn_peers_servable) leaves it out, so one bad
    record costs that device its peer and never the rest of the fleet theirs.
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
WG_KEY = re.compile(r"[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=")  # used with fullmatch: no trailing newline
INTERFACE_NAME = re.compile(r"[a-zA-Z0-9_=+.-]{1,15}")


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


def _peer_problems(peers, pool, gateway_ip):
    """{host: [reason, ...]} for every peer the gateway must not serve; each reason names the fix.

    A device whose key or address is shared with another is refused together with that other one:
    neither can be told apart on the tunnel, so neither identity can be trusted.
    """
    problems = {}
    by_key = {}
    by_address = {}
    for peer in peers:
        host = peer["host"]
        if not peer["public_key"]:
            problems.setdefault(host, []).append(
                "amane_wg_public_key is missing: record the key the device generated (issued: playbooks/enroll.yml "
                "runs roles/vpn enroll_keys; personal: the BYOD bundle's key is stored when it is made)")
        elif not WG_KEY.fullmatch(peer["public_key"]):
            problems.setdefault(host, []).append(
                "amane_wg_public_key is not a WireGuard public key (44 base64 characters): set the device's real key")
        else:
            by_key.setdefault(peer["public_key"], []).append(host)
        try:
            address = ipaddress.ip_address(peer["address"])
        except ValueError:
            problems.setdefault(host, []).append(
                "amane_vpn_address %r is not an IPv4 address: allocate one from the registry's pool" % peer["address"])
            continue
        if pool is not None and address not in pool:
            problems.setdefault(host, []).append(
                "amane_vpn_address %s is outside vpn_pool %s: the registry's pools (amane_vpn_pools) must lie inside "
                "vpn_pool" % (address, pool))
        elif gateway_ip is not None and address == gateway_ip:
            problems.setdefault(host, []).append(
                "amane_vpn_address %s is the gateway's own address: reserve it in the registry's pool" % address)
        by_address.setdefault(str(address), []).append(host)
    for what, shared in (("amane_wg_public_key", by_key), ("amane_vpn_address", by_address)):
        for hosts in shared.values():
            for host in hosts if len(hosts) > 1 else ():
                others = ", ".join(other for other in hosts if other != host)
                problems.setdefault(host, []).append(
                    "%s is also used by %s: every device needs its own key pair and address" % (what, others))
    return problems


def _pool_of(pool):
    """(network, gateway address) of a valid vpn_pool, else (None, None): settings errors report it."""
    try:
        network = ipaddress.ip_network(str(pool), strict=True)
    except ValueError:
        return None, None
    if network.version != 4 or network.num_addresses < 4:
        return None, None
    return network, next(network.hosts())


def vpn_peers_refused(peers, pool):
    """[{host, device_id, reasons}] of the peers the gateway leaves out, so the rest of the fleet is served."""
    problems = _peer_problems(peers, *_pool_of(pool))
    return [{"host": peer["host"], "device_id": peer["device_id"], "reasons": problems[peer["host"]]}
            for peer in peers if peer["host"] in problems]


def vpn_peers_servable(peers, pool):
    """The peers with a valid, unique key and an address inside ``pool``: what the gateway serves (M10)."""
    problems = _peer_problems(peers, *_pool_of(pool))
    return [peer for peer in peers if peer["host"] not in problems]


def _registry_pool_errors(pools, tunnel, errors):
    """The registry's pools (amane_vpn_pools) must lie inside the tunnel network the gateway serves."""
    if pools in (None, ""):
        return
    if not isinstance(pools, dict):
        errors.append("vpn_registry_pools (amane_vpn_pools): must map each administration to an IPv4 network, "
                      "e.g. {finances: 10.99.0.0/25}")
        return
    for admin, cidr in sorted(pools.items()):
        net = _network(cidr, "amane_vpn_pools.%s" % admin, errors)
        if net is None or tunnel is None:
            continue
        if net.version != tunnel.version or not net.subnet_of(tunnel):
            errors.append("amane_vpn_pools.%s: %s lies outside vpn_pool %s: its devices would get no peer; put the pool "
                          "inside the tunnel network (amane_vpn_network)" % (admin, net, tunnel))


def vpn_input_errors(settings):
    """Every error in the role's own settings, each naming the variable and the fix; empty when all is valid.

    Device records are not settings: a bad one costs that device its peer (vpn_peers_refused), never
    the whole gateway run, so one record cannot stop the VPN of the rest of the fleet.
    """
    errors = []
    if not INTERFACE_NAME.fullmatch(str(settings.get("interface", ""))):
        errors.append("vpn_interface: %r is not an interface name (1-15 letters, digits, _=+.-)"
                      % settings.get("interface"))
    _port_errors([settings.get("port")], "vpn_port", errors)
    if settings.get("mtu") is not None and not 1280 <= int(settings["mtu"]) <= 1500:
        errors.append("vpn_mtu: %r is out of range; use 1280-1500" % settings["mtu"])
    if settings.get("keepalive") is not None and not 0 <= int(settings["keepalive"]) <= 65535:
        errors.append("vpn_persistent_keepalive: %r is out of range; use 0-65535" % settings["keepalive"])
    pool = _network(settings.get("pool"), "vpn_pool", errors)
    if pool is not None and (pool.version != 4 or pool.num_addresses < 4):
        errors.append("vpn_pool: %s must be an IPv4 network of at least 4 addresses" % pool)
    networks = _internal_errors(settings.get("internal_networks"), errors)
    for name, net in networks.items():
        if pool is not None and net.overlaps(pool):
            errors.append("vpn_pool: %s overlaps internal network %s (%s); pick a pool outside the internal "
                          "networks" % (pool, name, net))
    _registry_pool_errors(settings.get("registry_pools"), pool, errors)
    for index, cidr in enumerate(settings.get("admin_networks") or []):
        _network(cidr, "vpn_admin_networks[%d]" % index, errors)
    _access_errors(settings.get("access") or {}, networks, errors)
    for admin in settings.get("client_to_client") or []:
        if not isinstance(admin, str) or not admin:
            errors.append("vpn_client_to_client: %r must be an administration name" % (admin,))
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
            "vpn_peers_refused": vpn_peers_refused,
            "vpn_peers_servable": vpn_peers_servable,
            "vpn_gateway_address": vpn_gateway_address,
            "vpn_firewall_plan": vpn_firewall_plan,
            "vpn_client_allowed_ips": vpn_client_allowed_ips,
            "vpn_journal_map": vpn_journal_map,
        }

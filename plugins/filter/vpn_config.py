# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of roles/vpn: peers from the inventory, input validation, firewall and client plans.

Pure functions over plain data so that tests/unit/vpn/test_vpn_filters.py can prove them without a host.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Each filter's documentation is a YAML file beside this one, named after the filter (vpn_peers.yml, ...):
# ansible-doc and the docs site read them there.

import datetime
import ipaddress
import re

from ansible.errors import AnsibleFilterError

from ansible_collections.amane.telework.plugins.module_utils import values

DEFAULT_PEER_GROUPS = ("state_active", "posture_compliant")
WG_KEY = values.WG_PUBLIC_KEY  # used with fullmatch: no trailing newline
# What vpn_peers returns for each peer, every value text; the other filters take that list.
PEER_KEYS = ("host", "device_id", "public_key", "address", "administration")
# Longest administration name: the registry's own limit (registry/fields.py check_name). One limit for
# the peer check and the firewall plan, so a name the first lets through never stops the second.
ADMINISTRATION_MAX = 63
# The lanes of the gateway (M10): full access by administration, or the quarantine lane, which reaches only
# the remediation services (vpn_remediation_access) and is reached only by the controllers' SSH.
LANES = ("full", "quarantine")
# Longest posture age the gateway accepts, in hours: a year (the default is a day).
POSTURE_MAX_AGE_HOURS = 8760


def _whole(value):
    """A whole number given as digits (``-e vpn_mtu=1400`` arrives as text) as an int; anything else
    as it is, for values.integer to refuse. '1400\n' is not digits: it would land in the file as is."""
    return int(value) if isinstance(value, str) and re.fullmatch(r"[0-9]+", value) else value


def _refuse(filter_name, errors):
    """A filter given malformed values stops the task naming each, never with a traceback."""
    if errors:
        raise AnsibleFilterError("%s: %s" % (filter_name, "; ".join(errors)))


def _check_peers(filter_name, peers):
    """The peers list these filters take is vpn_peers' output: anything else is a call mistake."""
    if not isinstance(peers, (list, tuple)):
        raise AnsibleFilterError("%s: the input must be the list of peers vpn_peers returns, not %.80r" % (filter_name, peers))
    for index, peer in enumerate(peers):
        if not isinstance(peer, dict) or any(not isinstance(peer.get(key), str) for key in PEER_KEYS):
            raise AnsibleFilterError("%s: peers[%d] %.80r is not a peer as vpn_peers returns it (%s, each text)"
                                     % (filter_name, index, peer, ", ".join(PEER_KEYS)))


def _valid_pool(filter_name, pool):
    network, gateway = _pool_of(pool)
    if network is None:
        raise AnsibleFilterError("%s: vpn_pool %r is not an IPv4 network of at least 4 addresses in CIDR form "
                                 "(e.g. 10.99.0.0/24)" % (filter_name, pool))
    return network, gateway


def _ip_sort_key(peer):
    try:
        return (0, int(ipaddress.ip_address(peer["address"])), peer["host"])
    except ValueError:
        return (1, 0, peer["host"])


def vpn_peers(groups, hostvars, required_groups=DEFAULT_PEER_GROUPS):
    """Hosts in every group of ``required_groups``: the gateway's peers (M10)."""
    if not isinstance(groups, dict) and not hasattr(groups, "get"):
        raise AnsibleFilterError("vpn_peers: the input must be the 'groups' variable")
    # a string would be read one letter at a time, and no group at all would make nobody a peer
    if isinstance(required_groups, str) or not isinstance(required_groups, (list, tuple)) or not required_groups:
        raise AnsibleFilterError("vpn_peers: required_groups %r must be a non-empty list of group names "
                                 "(e.g. [state_active, posture_compliant])" % (required_groups,))
    members = None
    for name in required_groups:
        hosts = groups.get(name) or []
        if not isinstance(hosts, (list, tuple, set)):
            raise AnsibleFilterError("vpn_peers: groups[%r] %r must be a list of host names" % (name, hosts))
        members = set(hosts) if members is None else members & set(hosts)
    peers = []
    for host in sorted(members or []):
        try:
            hvars = hostvars[host]
        except (KeyError, TypeError, IndexError):
            raise AnsibleFilterError("vpn_peers: %s is in the groups but not in hostvars; pass the 'hostvars' variable" % host) from None
        if not hasattr(hvars, "get"):
            raise AnsibleFilterError("vpn_peers: hostvars[%r] must be the host's variables (a mapping)" % host)
        peers.append(peer_of(host, hvars))
    return sorted(peers, key=_ip_sort_key)


def peer_of(host, hvars):
    """The peer of one device from its registry host vars (amane_*): the one mapping of both sources,
    the inventory's hostvars (vpn_peers) and the registry read at once (lookup vpn_registry_peers)."""
    return {
        "host": host,
        "device_id": str(hvars.get("amane_device_id") or host),
        "public_key": str(hvars.get("amane_wg_public_key") or ""),
        "address": str(hvars.get("amane_vpn_address") or ""),
        "administration": str(hvars.get("amane_administration") or ""),
        # when the posture was last assessed ('' for never): what vpn_lanes ages (M10)
        "posture_checked_at": _posture_time(hvars.get("amane_posture")),
    }


def peers_sorted(peers):
    """Peers in the order vpn_peers gives them (by VPN address)."""
    return sorted(peers, key=_ip_sort_key)


def _posture_time(posture):
    checked = posture.get("checked_at") if hasattr(posture, "get") else None
    return checked if isinstance(checked, str) else ""


def _age_reason(peer, now, max_age_hours):
    """Why a peer's posture is too old to keep full access, or None while it is fresh."""
    checked = peer.get("posture_checked_at") or ""
    if not checked:
        return "no posture result: run playbooks/posture.yml on it"
    try:
        age = now - values.parse_utc_time(checked)
    except (TypeError, ValueError):
        return "posture time %r is not a UTC time (%s): run playbooks/posture.yml on it" % (checked, values.UTC_TIME_FORMAT)
    if age > datetime.timedelta(hours=max_age_hours):
        return ("posture last assessed at %s, more than %d h ago (vpn_posture_max_age_hours): run playbooks/posture.yml"
                " on it" % (checked, max_age_hours))
    return None


def _max_age_problem(max_age_hours):
    """The one check of vpn_posture_max_age_hours, for the settings and for vpn_lanes."""
    return values.integer("vpn_posture_max_age_hours", _whole(max_age_hours), 1, POSTURE_MAX_AGE_HOURS,
                          "a posture result is trusted for at most a year")


def vpn_lanes(full, quarantined, now=None, max_age_hours=24):
    """The peers of the gateway, each with its ``lane`` and ``lane_reason`` (M10).

    ``full`` are the devices the peer groups admit (active and compliant), ``quarantined`` those of the
    quarantine groups. A full-access device whose posture is older than ``max_age_hours`` (or was never
    assessed) joins the quarantine lane: a laptop that stays offline must not keep, for ever, the posture it
    had the last time it was checked. A device in both lists is in quarantine. ``now`` (a UTC time, the
    clock when omitted) is what the tests set.
    """
    _check_peers("vpn_lanes", full)
    _check_peers("vpn_lanes", quarantined)
    problem = _max_age_problem(max_age_hours)
    try:
        if now is None:
            now = datetime.datetime.now(datetime.timezone.utc)
        moment = now if isinstance(now, datetime.datetime) else values.parse_utc_time(now)
    except (TypeError, ValueError):
        moment = None
        problem = "; ".join(filter(None, [problem, "now: %r is not a UTC time like 2026-12-01T08:00:00Z" % (now,)]))
    if moment is not None and moment.tzinfo is None:
        problem = "; ".join(filter(None, [problem, "now: %r has no time zone; give now(utc=true)" % (now,)]))
    _refuse("vpn_lanes", [problem] if problem else [])
    hours = _whole(max_age_hours)
    held = {peer["host"] for peer in quarantined}
    lanes = []
    for peer in quarantined:
        lanes.append(dict(peer, lane="quarantine", lane_reason="the registry holds the device in quarantine"))
    for peer in full:
        if peer["host"] in held:
            continue
        reason = _age_reason(peer, moment, hours)
        lanes.append(dict(peer, lane="quarantine" if reason else "full", lane_reason=reason or "active, posture compliant"))
    return sorted(lanes, key=_ip_sort_key)


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
    if internal is not None and not isinstance(internal, (list, tuple)):
        errors.append("vpn_internal_networks: must be a list of {name, cidr}")
        return networks
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
        # the administration is written into a comment of the ruleset: one line, or it adds rules
        problem = values.text("vpn_access key", admin, ADMINISTRATION_MAX)
        if problem:
            errors.append(problem)
            continue
        if rules is not None and not isinstance(rules, (list, tuple)):
            errors.append("vpn_access.%s: must be a list of rules ({network, tcp, udp, icmp, all})" % admin)
            continue
        for index, rule in enumerate(rules or []):
            where = "vpn_access.%s[%d]" % (admin, index)
            if not isinstance(rule, dict):
                errors.append("%s: %r must be a rule {network: <name in vpn_internal_networks>, tcp: [...], udp: [...]}"
                              % (where, rule))
                continue
            if rule.get("network") not in networks:
                errors.append("%s.network: %r is not a name in vpn_internal_networks (%s)"
                              % (where, rule.get("network"), ", ".join(sorted(networks)) or "none declared"))
                continue
            _port_errors(rule.get("tcp", []), where + ".tcp", errors)
            _port_errors(rule.get("udp", []), where + ".udp", errors)
            for flag in ("icmp", "all"):  # the text 'no' would be true
                if flag in rule and not isinstance(rule[flag], bool):
                    errors.append("%s.%s: %r must be true or false" % (where, flag, rule[flag]))


def _remediation_errors(remediation, pool, errors):
    """vpn_remediation_access: [{name, cidr, tcp, udp, icmp}], the services every client (quarantined ones
    included) may reach to be fixed: the package mirror, the antivirus mirror (M11)."""
    if remediation is None:
        return
    if not isinstance(remediation, (list, tuple)):
        errors.append("vpn_remediation_access: must be a list of {name, cidr, tcp, udp, icmp}, e.g. "
                      "[{name: package-mirror, cidr: 10.20.0.5/32, tcp: [80, 443]}]")
        return
    for index, rule in enumerate(remediation):
        where = "vpn_remediation_access[%d]" % index
        if not isinstance(rule, dict):
            errors.append("%s: %r must be a rule {name, cidr, tcp, udp, icmp}" % (where, rule))
            continue
        unknown = sorted(set(rule) - {"name", "cidr", "tcp", "udp", "icmp"})
        if unknown:  # a misspelt 'tpc' would open nothing and say nothing
            errors.append("%s: unknown key(s) %s; a rule has name, cidr, tcp, udp and icmp" % (where, ", ".join(map(str, unknown))))
        # the name is written into a comment of the ruleset: one line, or it would add rules
        problem = values.text(where + ".name", rule.get("name"), ADMINISTRATION_MAX)
        if problem:
            errors.append(problem)
        net = _network(rule.get("cidr"), where + ".cidr", errors)
        if net is not None and net.version != 4:
            errors.append("%s.cidr: %s is not IPv4; the tunnel carries IPv4 only" % (where, net))
        elif net is not None and pool is not None and net.overlaps(pool):
            errors.append("%s.cidr: %s overlaps vpn_pool %s; a remediation service lies behind the gateway, "
                          "not in the tunnel" % (where, net, pool))
        _port_errors(rule.get("tcp", []), where + ".tcp", errors)
        _port_errors(rule.get("udp", []), where + ".udp", errors)
        if "icmp" in rule and not isinstance(rule["icmp"], bool):
            errors.append("%s.icmp: %r must be true or false" % (where, rule["icmp"]))
        if not (rule.get("tcp") or rule.get("udp") or rule.get("icmp")):
            errors.append("%s: opens nothing; give tcp or udp ports (or icmp: true)" % where)


def _remediation_rules(remediation):
    return [{"name": rule["name"], "cidr": str(ipaddress.ip_network(str(rule["cidr"]))),
             "tcp": sorted(set(rule.get("tcp") or [])), "udp": sorted(set(rule.get("udp") or [])),
             "icmp": bool(rule.get("icmp", False))} for rule in remediation or []]


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
        # device id and administration are written into comments of peers.conf and the ruleset:
        # a newline in either would start a configuration line of its own (a peer, a rule)
        for key, var, limit in (("device_id", "amane_device_id", 64),
                                ("administration", "amane_administration", ADMINISTRATION_MAX)):
            if peer[key] and values.text(var, peer[key], limit):
                problems.setdefault(host, []).append("%s %r is not one line of plain text: fix the record" % (var, peer[key]))
            elif key == "device_id" and peer[key] and not values.DEVICE_ID.fullmatch(peer[key]):
                # the session journal names the device by its id, read back by field (A17)
                problems.setdefault(host, []).append(
                    "amane_device_id %r is not a device id the session journal can name (letters, digits, '.', '_' or "
                    "'-', starting with a letter or a digit): fix the record" % peer[key])
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


def _refused(peers, problems):
    """[{host, device_id, reasons}] of the peers ``problems`` (_peer_problems) names."""
    return [{"host": peer["host"], "device_id": peer["device_id"], "reasons": problems[peer["host"]]}
            for peer in peers if peer["host"] in problems]


def vpn_peers_refused(peers, pool):
    """[{host, device_id, reasons}] of the peers the gateway leaves out, so the rest of the fleet is served."""
    _check_peers("vpn_peers_refused", peers)
    return _refused(peers, _peer_problems(peers, *_valid_pool("vpn_peers_refused", pool)))


def vpn_peers_servable(peers, pool):
    """The peers with a valid, unique key and an address inside ``pool``: what the gateway serves (M10).
    An invalid pool is refused: without it no address could be checked, and every peer would pass."""
    _check_peers("vpn_peers_servable", peers)
    problems = _peer_problems(peers, *_valid_pool("vpn_peers_servable", pool))
    return [peer for peer in peers if peer["host"] not in problems]


def vpn_gateway_peers(candidates, pool, max_age_hours=24, now=None):
    """What a gateway change needs from its candidates, in one pass (M10).

    ``candidates`` is [full-access candidates, quarantined devices] (as vpn_lanes takes them; the lookup
    vpn_registry_peers with pool reads that pair and returns this plan itself). Returns ``peers`` (the servable ones,
    each with its lane, as vpn_lanes then vpn_peers_servable give them, without the posture time they were
    aged by), ``refused`` (as vpn_peers_refused) and ``quarantine`` ([{host, device_id, lane_reason}] of the
    quarantine lane). One fact where there were three: Ansible pays about 2 s
    to store a fact of 10,000 peers, and a targeted change is paid per decision (bench/access_latency.sh).
    """
    if not isinstance(candidates, (list, tuple)) or len(candidates) != 2:
        raise AnsibleFilterError("vpn_gateway_peers: the input must be [full-access candidates, quarantined devices], "
                                 "not %.80r" % (candidates,))
    lanes = vpn_lanes(candidates[0], candidates[1], now=now, max_age_hours=max_age_hours)
    problems = _peer_problems(lanes, *_valid_pool("vpn_gateway_peers", pool))
    served = [peer for peer in lanes if peer["host"] not in problems]
    return {
        "peers": [{key: value for key, value in peer.items() if key not in ("posture_checked_at", "lane_reason")}
                  for peer in served],
        "refused": _refused(lanes, problems),
        "quarantine": [{"host": peer["host"], "device_id": peer["device_id"], "lane_reason": peer["lane_reason"]}
                       for peer in served if peer["lane"] == "quarantine"],
    }


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
    if not isinstance(settings, dict):
        raise AnsibleFilterError("vpn_input_errors: the input must be the mapping of VPN settings (interface, port, pool, ...)")
    # the interface is an argument of wg and ip and a file name: values.interface refuses an option or a path
    errors = [problem for problem in [values.interface("vpn_interface", settings.get("interface"))] if problem]
    _port_errors([settings.get("port")], "vpn_port", errors)
    for key, name, low, high in (("mtu", "vpn_mtu", 1280, 1500), ("keepalive", "vpn_persistent_keepalive", 0, 65535)):
        if settings.get(key) is not None:
            problem = values.integer(name, _whole(settings[key]), low, high)
            errors.extend([problem] if problem else [])
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
    _remediation_errors(settings.get("remediation_access"), pool, errors)
    if "posture_max_age_hours" in settings:
        problem = _max_age_problem(settings["posture_max_age_hours"])
        errors.extend([problem] if problem else [])
    _access_errors(settings.get("access") or {}, networks, errors)
    for admin in settings.get("client_to_client") or []:
        if not isinstance(admin, str) or not admin:
            errors.append("vpn_client_to_client: %r must be an administration name" % (admin,))
    return errors


def vpn_gateway_address(pool):
    """The gateway's address in the pool: its first host."""
    return str(_valid_pool("vpn_gateway_address", pool)[1])


def _plan_errors(access, internal_networks, client_to_client=()):
    """What the plans are built from, checked as vpn_input_errors checks it: a rule naming an
    undeclared network, a port list given as text, a flag given as 'no', never reach a file."""
    errors = []
    networks = _internal_errors(internal_networks, errors)
    _access_errors(access if access is not None else {}, networks, errors)
    if isinstance(client_to_client, str) or not isinstance(client_to_client or [], (list, tuple)):
        # a text would match every administration whose name is part of it
        errors.append("vpn_client_to_client: %r must be a list of administration names" % (client_to_client,))
    return errors


def vpn_firewall_plan(peers, access, internal_networks, client_to_client=()):
    """One entry per administration: its clients' addresses and what they may reach (A13).

    Administrations of peers without rules still get an entry (with no destination), so that their
    clients are named in the ruleset and reach nothing. Peers of the quarantine lane (vpn_lanes) are in
    no administration's set: vpn_quarantine_plan gives what they reach.
    """
    _check_peers("vpn_firewall_plan", peers)
    peers = [peer for peer in peers if peer.get("lane") != "quarantine"]
    errors = _plan_errors(access, internal_networks, client_to_client)
    # each administration names a set in a comment of the ruleset: one line, or it would add rules
    named = (values.text("amane_administration of %s" % peer["host"], peer["administration"], ADMINISTRATION_MAX)
             for peer in peers if peer["administration"])
    errors += sorted({problem for problem in named if problem})
    _refuse("vpn_firewall_plan", errors)
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


def vpn_quarantine_plan(peers, remediation):
    """What the gateway's quarantine lane is made of (M10, M11): the addresses of the quarantined peers, the
    addresses of every peer (the controllers' SSH reaches them all), and the remediation rules (every peer
    reaches those, the quarantined ones nothing else)."""
    _check_peers("vpn_quarantine_plan", peers)
    errors = []
    _remediation_errors(remediation, None, errors)  # None: no services
    for index, peer in enumerate(peers):
        if peer.get("lane", "full") not in LANES:
            errors.append("peers[%d].lane: %r is not a lane (%s); pass vpn_lanes' output" % (index, peer.get("lane"), ", ".join(LANES)))
    _refuse("vpn_quarantine_plan", errors)
    return {
        "quarantined": [peer["address"] for peer in peers if peer.get("lane") == "quarantine"],
        "peers": [peer["address"] for peer in peers],
        "rules": _remediation_rules(remediation),
    }


def vpn_client_allowed_ips(administration, access, internal_networks, full_tunnel=False, gateway_address=None,
                           remediation=None):
    """AllowedIPs of a client: its administration's declared networks and the remediation services (split
    tunnel), or everything. The remediation services are routed even while the device has full access: the
    client file is written once, and a quarantined laptop at home must still reach the mirrors to be fixed."""
    errors = _plan_errors(access, internal_networks)
    _remediation_errors(remediation, None, errors)  # None: no services
    if not isinstance(administration, str):
        errors.append("amane_administration: %r must be the device's administration name" % (administration,))
    if not isinstance(full_tunnel, bool):  # the text 'false' would send all the client's traffic through the tunnel
        errors.append("vpn_full_tunnel: %r must be true or false" % (full_tunnel,))
    if gateway_address:
        try:
            ipaddress.IPv4Address(gateway_address)
        except ValueError:
            errors.append("gateway_address: %r is not an IPv4 address (vpn_pool | amane.telework.vpn_gateway_address)"
                          % (gateway_address,))
    _refuse("vpn_client_allowed_ips", errors)
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
    for rule in _remediation_rules(remediation):
        if rule["cidr"] not in allowed:
            allowed.append(rule["cidr"])
    return allowed


class FilterModule(object):
    def filters(self):
        return {
            "vpn_peers": vpn_peers,
            "vpn_input_errors": vpn_input_errors,
            "vpn_peers_refused": vpn_peers_refused,
            "vpn_peers_servable": vpn_peers_servable,
            "vpn_gateway_peers": vpn_gateway_peers,
            "vpn_gateway_address": vpn_gateway_address,
            "vpn_firewall_plan": vpn_firewall_plan,
            "vpn_lanes": vpn_lanes,
            "vpn_quarantine_plan": vpn_quarantine_plan,
            "vpn_client_allowed_ips": vpn_client_allowed_ips,
        }

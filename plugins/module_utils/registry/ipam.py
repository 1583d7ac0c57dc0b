# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPN address management (M10) over the registry's ``addresses`` table, with netaddr.

Rules: one pool per administration, pools never overlap; an address belongs to one device at a
time (the table's primary key), stays with its device across runs, and becomes free again only
``quarantine_days`` after the device was offboarded (so a late packet or log line can never be
attributed to the wrong person).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import ipaddress

from ansible_collections.amane.telework.plugins.module_utils import values
from ansible_collections.amane.telework.plugins.module_utils.registry.store import RegistryError, parse_time, utc_now

try:
    import netaddr
except ImportError:  # reported when used, so the inventory plugin works without it
    netaddr = None


def parse_pools(pools):
    """{administration: "10.66.1.0/24"} -> {administration: IPNetwork}; refuses bad or overlapping pools."""
    if netaddr is None:
        raise RegistryError("VPN address allocation needs the Python package netaddr on the control node")
    if not isinstance(pools, dict) or not pools:
        raise RegistryError("vpn_pools must be a mapping of administration to an IPv4 network, e.g. {finances: 10.66.1.0/24}")
    nets = {}
    for admin, cidr in sorted(pools.items()):
        try:
            # ipaddress first: netaddr takes '10.66.1.0/24\n' or an int for a network
            if not isinstance(cidr, str):
                raise TypeError(cidr)
            ipaddress.ip_network(cidr, strict=False)
            net = netaddr.IPNetwork(cidr)
        except (netaddr.AddrFormatError, ValueError, TypeError):
            raise RegistryError("vpn_pools.%s: %r is not a network; write it as 10.66.1.0/24" % (admin, cidr))
        if net.version != 4 or net.prefixlen > 30:
            raise RegistryError("vpn_pools.%s: %s must be an IPv4 network of at least 4 addresses (/30 or larger)" % (admin, cidr))
        if net.ip != net.network:
            raise RegistryError("vpn_pools.%s: %s has host bits set; did you mean %s?" % (admin, cidr, net.cidr))
        for other, other_net in nets.items():
            if net.first <= other_net.last and other_net.first <= net.last:
                raise RegistryError("vpn_pools.%s (%s) overlaps vpn_pools.%s (%s): give each administration its own range" % (
                    admin, net, other, other_net))
        nets[admin] = net
    return nets


def reserved_addresses(reserved):
    """The addresses of vpn_reserved, written as the pool writes them; refuses what is not an IPv4
    address: a reserved '10.66.1.1\n' matching nothing would hand the gateway's address to a device."""
    if not isinstance(reserved, (list, tuple)):
        raise RegistryError("vpn_reserved must be a list of IPv4 addresses (e.g. the gateway's [10.66.1.1])")
    addresses = set()
    for index, address in enumerate(reserved):
        try:
            addresses.add(str(ipaddress.IPv4Address(address)))
        except ValueError:
            raise RegistryError("vpn_reserved[%d]: %r is not an IPv4 address; list the addresses never handed out, "
                                "e.g. the gateway's 10.66.1.1" % (index, address)) from None
    return addresses


def check_allocation_input(pools, quarantine_days, reserved=()):
    """(networks, reserved addresses) of what allocate() is given besides the registry: registry_device
    checks it before it opens one. With ``pools`` None the other two are still checked (networks None):
    a value given without vpn_pools is never ignored silently."""
    # 0 or less hands a just-released address to the next device; a huge value overflows the dates.
    problem = values.integer("address_quarantine_days", quarantine_days, 1, 3650, "days an offboarded device's address stays blocked")
    if problem:
        raise RegistryError(problem)
    return (None if pools is None else parse_pools(pools)), reserved_addresses(reserved)


def _blocked(registry, now, quarantine_days):
    """Addresses that may not be handed out: held, or released less than quarantine_days ago."""
    limit = parse_time(now) - datetime.timedelta(days=quarantine_days)
    blocked, reusable = set(), set()
    for address, released_at in registry._exec("SELECT address, released_at FROM addresses").fetchall():
        if released_at is not None and parse_time(released_at) <= limit:
            reusable.add(address)
        else:
            blocked.add(address)
    return blocked, reusable


def allocate(registry, device_id, pools, quarantine_days=30, reserved=(), requested=None, now=None):
    """The device's VPN address, allocating one in its administration's pool if it has none.

    Returns (address, changed). Call inside ``registry.transaction()``.
    """
    now = now or utc_now()
    nets, reserved = check_allocation_input(pools, quarantine_days, reserved)
    nets = parse_pools(pools) if nets is None else nets  # no pools at all: refused, saying what to give
    record = registry.find(device_id=device_id)
    if record["state"] == "offboarded":
        raise RegistryError("%s is offboarded: it gets no VPN address" % device_id)
    admin = record["administration"]
    if admin not in nets:
        raise RegistryError("no VPN pool for administration %s: add it to vpn_pools (e.g. %s: 10.66.9.0/24)" % (admin, admin))
    net = nets[admin]
    current = record["vpn_address"]
    if current:
        if netaddr.IPAddress(current) not in net:
            raise RegistryError("VPN address %s of %s is outside the pool %s of %s: the pool was changed; "
                                "offboard and re-enroll the device, or restore the pool" % (current, device_id, net, admin))
        if requested and requested != current:
            raise RegistryError("%s already has VPN address %s; an address never moves while the device is enrolled" % (device_id, current))
        return current, False
    blocked, reusable = _blocked(registry, now, quarantine_days)
    blocked.update(reserved)
    if requested:
        address = _check_requested(requested, net, admin, blocked)
    else:
        address = next((str(ip) for ip in net.iter_hosts() if str(ip) not in blocked), None)
        if address is None:
            raise RegistryError("VPN pool %s of %s is exhausted (%d addresses, all held or in their %d-day quarantine): "
                                "widen the pool or shorten address_quarantine_days" % (net, admin, net.size - 2, quarantine_days))
    if address in reusable:
        registry._exec("UPDATE addresses SET administration = ?, device_id = ?, released_at = NULL WHERE address = ?",
                       (admin, device_id, address))
    else:
        registry._exec("INSERT INTO addresses (address, administration, device_id) VALUES (?, ?, ?)", (address, admin, device_id))
    registry._set(device_id, {"vpn_address": address}, now)
    return address, True


def _check_requested(requested, net, admin, blocked):
    try:
        ip = netaddr.IPAddress(requested)
    except (netaddr.AddrFormatError, ValueError):
        raise RegistryError("vpn_address %r is not an IPv4 address" % (requested,))
    if ip not in net or ip in (net.network, net.broadcast):
        raise RegistryError("vpn_address %s is outside the usable range of pool %s of %s" % (requested, net, admin))
    if str(ip) in blocked:
        raise RegistryError("vpn_address %s is held by another device or still in quarantine after offboarding" % requested)
    return str(ip)


def release(registry, device_id, now=None):
    """Start the quarantine of the offboarded device's address (it stays blocked until it ends)."""
    now = now or utc_now()
    cur = registry._exec("UPDATE addresses SET released_at = ? WHERE device_id = ? AND released_at IS NULL", (now, device_id))
    if cur.rowcount:
        registry._set(device_id, {"vpn_address": None}, now)
    return cur.rowcount > 0

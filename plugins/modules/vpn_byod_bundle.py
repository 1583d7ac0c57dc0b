#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client file and QR code for a personal device (BYOD), made on the controller (guide M7, A11)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vpn_byod_bundle
short_description: WireGuard client file and QR code for a personal (BYOD) device
version_added: "0.1.0"
description:
  - Runs on the controller. Writes C(<dest>/<device_id>.conf) (a wg-quick / WireGuard app file) and
    C(<dest>/<device_id>.png) (the same file as a QR code for the mobile and desktop apps), both mode
    0600 in a 0700 folder.
  - The key pair is made here, in memory, with X25519 from the C(cryptography) library. The private
    key is written only into those two files, which are handed to the user and then deleted; it is
    never returned, logged or stored in the registry. Only RV(public_key) leaves this module, for the
    registry (C(amane_wg_public_key)).
  - An existing file keeps its key (the device keeps working); the file and QR code are rewritten only
    when a setting changed. Use O(rotate) to make a new key pair.
  - Bad input fails before any file is written.
author: Amane maintainers (@amane-maintainers)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
requirements:
  - cryptography on the controller (the client's key pair)
  - qrcode on the controller (the QR code of the client file, RV(qr))
attributes:
  check_mode:
    support: full
    details: Writes no file; reports whether the bundle would change.
  diff_mode:
    support: none
  platform:
    platforms: posix
options:
  dest:
    description: Folder for the files (created with mode 0700).
    type: path
    required: true
  device_id:
    description: Registry device id; names the files.
    type: str
    required: true
  address:
    description: The device's tunnel address (IPv4, no prefix).
    type: str
    required: true
  gateway_public_key:
    description: The gateway's WireGuard public key.
    type: str
    required: true
  endpoint:
    description: Gateway endpoint, host:port.
    type: str
    required: true
  allowed_ips:
    description: Networks sent through the tunnel (split tunnel by default).
    type: list
    elements: str
    required: true
  mtu:
    description: Tunnel MTU.
    type: int
    default: 1420
  keepalive:
    description: PersistentKeepalive seconds (0 = off).
    type: int
    default: 25
  dns:
    description: DNS server for the tunnel; empty for none.
    type: str
    default: ""
  rotate:
    description: Make a new key pair even if a file exists.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Client file and QR code for a personal laptop
  amane.telework.vpn_byod_bundle:
    dest: /srv/amane/vpn-byod
    device_id: dev-0042
    address: 10.99.0.42
    gateway_public_key: "{{ amane_vpn_gateway_public_key }}"
    endpoint: vpn.example.ma:51820
    allowed_ips: [10.20.0.0/24]
  delegate_to: localhost
  register: bundle
"""

RETURN = r"""
public_key:
  description: The device's public key, to record in the registry.
  type: str
  returned: success
conf:
  description: Path of the client file.
  type: str
  returned: success
qr:
  description: Path of the QR code PNG.
  type: str
  returned: success
"""

import base64
import ipaddress
import os
import re
import struct
import zlib

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.amane.telework.plugins.module_utils.values import DEVICE_ID, WG_PUBLIC_KEY as WG_KEY

ENDPOINT = re.compile(r"^[^:\s]+:(\d{1,5})$")


def bad_input(params):
    errors = []
    if not DEVICE_ID.fullmatch(params["device_id"] or ""):
        errors.append("device_id: %r must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or a digit"
                      % params["device_id"])
    try:
        ipaddress.IPv4Address(params["address"])
    except ValueError:
        errors.append("address: %r is not an IPv4 address" % params["address"])
    if not WG_KEY.fullmatch(params["gateway_public_key"] or ""):
        errors.append("gateway_public_key: not a WireGuard public key (44 base64 characters)")
    match = ENDPOINT.fullmatch(params["endpoint"] or "")
    if not match or not 1 <= int(match.group(1)) <= 65535:
        errors.append("endpoint: %r must be host:port with a port in 1-65535" % params["endpoint"])
    for cidr in params["allowed_ips"]:
        try:
            ipaddress.ip_network(cidr, strict=True)
        except ValueError:
            errors.append("allowed_ips: %r is not a network in CIDR form" % cidr)
    if not params["allowed_ips"]:
        errors.append("allowed_ips: give at least one network")
    if params["dns"]:
        # It lands on a line of the client file, which wg-quick runs as root: an address, nothing else.
        try:
            ipaddress.IPv4Address(params["dns"])
        except ValueError:
            errors.append("dns: %r is not an IPv4 address; give the gateway's tunnel address or leave it empty" % params["dns"])
    if not 1280 <= params["mtu"] <= 1500:
        errors.append("mtu: %d is out of range; use 1280-1500" % params["mtu"])
    if not 0 <= params["keepalive"] <= 65535:
        errors.append("keepalive: %d is out of range; use 0-65535" % params["keepalive"])
    return errors


def new_private_key():
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives import serialization

    raw = X25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    return base64.b64encode(raw).decode("ascii")


def public_key_of(private_key):
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives import serialization

    key = X25519PrivateKey.from_private_bytes(base64.b64decode(private_key))
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def existing_private_key(text):
    for line in (text or "").splitlines():
        name, _unused, value = line.partition("=")
        if name.strip() == "PrivateKey":
            value = value.strip()
            return value if WG_KEY.fullmatch(value) else None
    return None


def render(params, private_key):
    lines = [
        "# Amane VPN client for device %s. Holds the device's private key: keep it private," % params["device_id"],
        "# import it in the WireGuard app, then delete this file and the QR code.",
        "[Interface]",
        "PrivateKey = %s" % private_key,
        "Address = %s/32" % params["address"],
        "MTU = %d" % params["mtu"],
    ]
    if params["dns"]:
        lines.append("DNS = %s" % params["dns"])
    lines += [
        "",
        "[Peer]",
        "PublicKey = %s" % params["gateway_public_key"],
        "Endpoint = %s" % params["endpoint"],
        "AllowedIPs = %s" % ", ".join(params["allowed_ips"]),
    ]
    if params["keepalive"]:
        lines.append("PersistentKeepalive = %d" % params["keepalive"])
    return "\n".join(lines) + "\n"


def qr_png(text, box=8):
    """The QR code of ``text`` as a greyscale PNG, written with zlib (no imaging library needed)."""
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    rows = []
    for modules in code.get_matrix():
        line = b"".join((b"\x00" if dark else b"\xff") * box for dark in modules)
        rows.extend([b"\x00" + line] * box)  # filter byte 0 per scanline
    size = len(code.get_matrix()) * box

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


def read_bytes(path):
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except (IOError, OSError):
        return None


def write_private(path, data):
    """Write ``data`` to ``path`` with mode 0600 from the start (never briefly world-readable)."""
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def plan(params, current_conf):
    """Return (conf_text, private_key) the files must hold; reuses the existing key unless rotating."""
    private_key = None if params["rotate"] else existing_private_key(current_conf)
    private_key = private_key or new_private_key()
    return render(params, private_key), private_key


def main():
    module = AnsibleModule(
        argument_spec={
            "dest": {"type": "path", "required": True},
            "device_id": {"type": "str", "required": True},
            "address": {"type": "str", "required": True},
            "gateway_public_key": {"type": "str", "required": True},
            "endpoint": {"type": "str", "required": True},
            "allowed_ips": {"type": "list", "elements": "str", "required": True},
            "mtu": {"type": "int", "default": 1420},
            "keepalive": {"type": "int", "default": 25},
            "dns": {"type": "str", "default": ""},
            "rotate": {"type": "bool", "default": False},
        },
        supports_check_mode=True,
    )
    params = module.params
    errors = bad_input(params)
    if errors:
        module.fail_json(msg="invalid input: " + "; ".join(errors), errors=errors)
    conf_path = os.path.join(params["dest"], params["device_id"] + ".conf")
    png_path = os.path.join(params["dest"], params["device_id"] + ".png")
    current = read_bytes(conf_path)
    text, private_key = plan(params, current.decode("utf-8", "replace") if current else None)
    conf = text.encode("utf-8")
    png = qr_png(text)
    changed = current != conf or read_bytes(png_path) != png
    if changed and not module.check_mode:
        if not os.path.isdir(params["dest"]):
            os.makedirs(params["dest"], 0o700)
        os.chmod(params["dest"], 0o700)
        write_private(conf_path, conf)
        write_private(png_path, png)
    module.exit_json(changed=changed, public_key=public_key_of(private_key), conf=conf_path, qr=png_path)


if __name__ == "__main__":
    main()

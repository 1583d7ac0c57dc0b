"""vpn_byod_bundle: client file and QR code of a personal device; the private key stays in them."""

import base64
import os
import stat

from ansible_collections.amane.telework.plugins.modules import vpn_byod_bundle as m

GW = "G" * 42 + "E="


def params(**over):
    base = {"dest": "unused", "device_id": "dev-0042", "address": "10.9.0.42", "gateway_public_key": GW,
            "endpoint": "vpn.example.ma:51820", "allowed_ips": ["10.9.0.1/32", "10.1.0.0/24"], "mtu": 1420,
            "keepalive": 25, "dns": "", "rotate": False}
    base.update(over)
    return base


def test_good_input_has_no_error():
    assert m.bad_input(params()) == []


def test_bad_input_names_each_field():
    errors = m.bad_input(params(device_id="../etc", address="10.9.0.300", gateway_public_key="x",
                                endpoint="host:99999", allowed_ips=["10.1.0.1/24"], mtu=100, keepalive=-1))
    for field in ("device_id", "address", "gateway_public_key", "endpoint", "allowed_ips", "mtu", "keepalive"):
        assert any(e.startswith(field + ":") for e in errors), (field, errors)


def test_key_pair_is_consistent_and_reused():
    text, private = m.plan(params(), None)
    public = m.public_key_of(private)
    assert len(base64.b64decode(private)) == 32 and public != private
    again, private_again = m.plan(params(), text)
    assert private_again == private and again == text
    _unused, rotated = m.plan(params(rotate=True), text)
    assert rotated != private


def test_known_x25519_vector():
    # RFC 7748 section 6.1: Alice's private and public keys.
    private = bytes.fromhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
    public = bytes.fromhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
    assert m.public_key_of(base64.b64encode(private).decode()) == base64.b64encode(public).decode()


def test_render_has_every_setting():
    text = m.render(params(dns="10.9.0.1"), "P" * 43 + "=")
    assert "Address = 10.9.0.42/32" in text and "DNS = 10.9.0.1" in text
    assert "PublicKey = %s" % GW in text and "Endpoint = vpn.example.ma:51820" in text
    assert "AllowedIPs = 10.9.0.1/32, 10.1.0.0/24" in text and "PersistentKeepalive = 25" in text


def test_qr_png_is_a_png_and_deterministic():
    png = m.qr_png("hello")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png == m.qr_png("hello") and png != m.qr_png("other")


def test_write_private_is_0600(tmp_path):
    path = str(tmp_path / "f.conf")
    m.write_private(path, b"secret")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600

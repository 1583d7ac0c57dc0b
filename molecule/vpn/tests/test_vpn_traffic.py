"""Traffic through the gateway (M7, A8, A13): what passes and what the gateway drops."""

import contextlib

from conftest import INTERFACE, public_key

SERVICE = "10.231.1.20"
UNDECLARED_NET_SERVICE = "10.231.2.20"
GATEWAY_TUNNEL = "10.231.100.1"
GATEWAY_OUTSIDE = "10.231.0.10"

# One A query over UDP; prints the first answer's address or TIMEOUT (no dig in the image).
DNS_QUERY = r"""
import socket, struct, sys
server, name = sys.argv[1], sys.argv[2]
labels = b"".join(bytes([len(part)]) + part.encode() for part in name.split("."))
query = struct.pack(">HHHHHH", 0x4d41, 0x0100, 1, 0, 0, 0) + labels + b"\0" + struct.pack(">HH", 1, 1)
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(3)
sock.sendto(query, (server, 53))
try:
    answer = sock.recv(512)
except socket.timeout:
    print("TIMEOUT")
    sys.exit(1)
print(".".join(map(str, answer[-4:])) if struct.unpack(">H", answer[6:8])[0] else "NOANSWER")
"""


def curl_ok(host, url):
    return host.run("curl -s -o /dev/null -m 5 -w '%%{http_code}' %s" % url).stdout.strip() == "200"


def ping_ok(host, address):
    return host.run("ping -c 2 -W 2 %s" % address).rc == 0


@contextlib.contextmanager
def widened_client(host, gw_key, extra_cidrs):
    """Make the client send ``extra_cidrs`` into the tunnel, so only the gateway can stop them."""
    before = host.check_output("wg show %s allowed-ips" % INTERFACE).split("\t", 1)[1].split()
    allowed = ",".join(before + extra_cidrs)
    host.check_output("wg set %s peer %s allowed-ips %s" % (INTERFACE, gw_key, allowed))
    for cidr in extra_cidrs:
        host.run("ip route replace %s dev %s" % (cidr, INTERFACE))
    try:
        yield
    finally:
        host.run("wg set %s peer %s allowed-ips %s" % (INTERFACE, gw_key, ",".join(before)))
        for cidr in extra_cidrs:
            host.run("ip route del %s dev %s" % (cidr, INTERFACE))


def test_ping_and_tcp_reach_the_service_through_the_tunnel(host_of):
    """VP-01: wireGuard gateway interface is up."""
    pc1 = host_of("vpn-pc1")
    assert pc1.check_output("ip route get %s" % SERVICE).split()[2] == INTERFACE
    assert ping_ok(pc1, SERVICE)
    assert curl_ok(pc1, "http://%s:8080/" % SERVICE)
    rx_bytes = int(pc1.check_output("wg show %s transfer" % INTERFACE).split()[1])
    assert rx_bytes > 0


def test_service_not_declared_for_the_administration_is_dropped(host_of):
    pc1 = host_of("vpn-pc1")
    assert curl_ok(pc1, "http://%s:8080/" % SERVICE)
    assert not curl_ok(pc1, "http://%s:9090/" % SERVICE)
    # The service itself answers on 9090: only the gateway's policy stops the client.
    fetch = "python3 -c \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:9090/', timeout=5)\""
    assert host_of("vpn-svc1").run(fetch).rc == 0


def test_network_not_declared_is_dropped_by_the_gateway(host_of):
    """VP-04: forwarding denied unless declared per administration."""
    pc1, gw = host_of("vpn-pc1"), host_of("vpn-gw1")
    assert ping_ok(gw, UNDECLARED_NET_SERVICE)  # reachable from the gateway itself
    with widened_client(pc1, public_key(gw), ["10.231.2.0/24"]):
        assert pc1.check_output("ip route get %s" % UNDECLARED_NET_SERVICE).split()[2] == INTERFACE
        assert not ping_ok(pc1, UNDECLARED_NET_SERVICE)
        assert not curl_ok(pc1, "http://%s:8080/" % UNDECLARED_NET_SERVICE)
        assert ping_ok(pc1, SERVICE)  # the tunnel itself still works


def test_client_to_client_is_blocked(host_of):
    pc1, pc2, gw = host_of("vpn-pc1"), host_of("vpn-pc2"), host_of("vpn-gw1")
    gw_key = public_key(gw)
    with widened_client(pc1, gw_key, ["10.231.100.12/32"]), widened_client(pc2, gw_key, ["10.231.100.11/32"]):
        assert not ping_ok(pc1, "10.231.100.12")
        assert not ping_ok(pc2, "10.231.100.11")
        assert ping_ok(pc1, SERVICE) and ping_ok(pc2, SERVICE)


def test_only_the_wireguard_port_is_open_from_outside(host_of):
    """VP-03: only the WireGuard port is open from outside."""
    pc1, gw = host_of("vpn-pc1"), host_of("vpn-gw1")
    gw.run("systemd-run --unit amane-test-listen python3 -m http.server 8081")
    try:
        for _unused in range(20):
            if curl_ok(gw, "http://127.0.0.1:8081/"):
                break
            gw.run("sleep 0.5")
        assert curl_ok(gw, "http://127.0.0.1:8081/")
        # Dropped, not refused: curl times out (28) instead of failing to connect (7).
        assert pc1.run("curl -s -m 3 http://10.231.0.10:8081/").rc == 28
    finally:
        gw.run("systemctl stop amane-test-listen")
    assert "policy drop" in gw.check_output("nft list chain inet amane_vpn input")


def dns_query(host, server, name):
    host.run("cat > /var/tmp/amane-dns.py <<'EOF'\n%s\nEOF" % DNS_QUERY)
    return host.run("python3 /var/tmp/amane-dns.py %s %s", server, name).stdout.strip()


def test_internal_names_resolve_through_the_tunnel_and_public_ones_still_do(host_of):
    pc1 = host_of("vpn-pc1")
    # wg-quick made the gateway's tunnel address the laptop's resolver (DNS = in the client file).
    assert "nameserver %s" % GATEWAY_TUNNEL in pc1.file("/etc/resolv.conf").content_string
    assert pc1.check_output("getent hosts intranet.amane.test").split()[0] == SERVICE
    assert curl_ok(pc1, "http://intranet.amane.test:8080/")
    # Any other name is forwarded by the gateway, so a split-tunnel laptop keeps resolving.
    assert pc1.run("getent hosts vpn-svc1").rc == 0
    # The resolver answers on the tunnel only: from outside, port 53 is closed like the rest.
    assert dns_query(pc1, GATEWAY_TUNNEL, "intranet.amane.test") == SERVICE
    assert dns_query(pc1, GATEWAY_OUTSIDE, "intranet.amane.test") == "TIMEOUT"

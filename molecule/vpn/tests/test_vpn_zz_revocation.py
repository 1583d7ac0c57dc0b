"""Revocation (M10): runs last, it takes vpn-pc2 off the gateway."""

from conftest import INTERFACE, copy_inventory, gateway_peers, public_key, run_playbook


def offboard_pc2(children):
    del children["state_active"]["hosts"]["vpn-pc2"]
    children["state_offboarded"] = {"hosts": {"vpn-pc2": None}}


def test_revoked_device_loses_its_peer_and_its_traffic_stops(host_of, tmp_path):
    gw, pc1, pc2 = host_of("vpn-gw1"), host_of("vpn-pc1"), host_of("vpn-pc2")
    pc2_key = public_key(pc2)
    assert pc2.run("ping -c 2 -W 2 10.231.1.20").rc == 0
    started = gw.check_output("systemctl show -p ActiveEnterTimestampMonotonic wg-quick@%s" % INTERFACE)

    rc, out = run_playbook(copy_inventory(tmp_path, offboard_pc2), "--limit", "gateways")
    assert rc == 0, out[-3000:]

    assert pc2_key not in gateway_peers(gw)
    assert public_key(pc1) in gateway_peers(gw)
    # Applied live: the interface was not restarted and pc1's session goes on.
    assert gw.check_output("systemctl show -p ActiveEnterTimestampMonotonic wg-quick@%s" % INTERFACE) == started
    assert pc1.run("ping -c 2 -W 2 10.231.1.20").rc == 0
    # pc2 starts a fresh session: its handshake gets no answer and nothing passes.
    pc2.check_output("systemctl restart wg-quick@%s" % INTERFACE)
    assert pc2.run("ping -c 3 -W 2 10.231.1.20").rc != 0
    assert pc2.run("curl -s -m 5 http://10.231.1.20:8080/").rc != 0
    handshakes = pc2.check_output("wg show %s latest-handshakes" % INTERFACE).split()
    assert handshakes[1] == "0"

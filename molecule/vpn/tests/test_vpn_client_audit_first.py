"""Audit first on an issued laptop's VPN client, through the documented path (playbooks/vpn.yml
limited to the laptop): a no-op run reads the client's state once and runs no concern; a setting
broken by hand drifts its concern alone, the next run fixes it from that concern's own task file,
and the tunnel carries packets again."""

import os

from amane_testlib import concern_run
from conftest import INTERFACE, INVENTORY

LAPTOP = "vpn-pc1"
CHOOSE = "Choose the client concerns to run"
SERVICE = "10.231.1.20"  # the declared internal service (test_vpn_traffic.py)


def client_run():
    """playbooks/vpn.yml on the laptop; returns (concerns chosen, {task file: changed task names})."""
    chosen, changed, _read = concern_run(os.path.join(INVENTORY, "hosts.yml"), LAPTOP, "playbooks/vpn.yml", CHOOSE, "__vpn_client_run")
    return chosen, changed


def test_a_no_op_client_run_reads_once_and_runs_no_concern():
    assert client_run() == ([], {})


def test_a_changed_configuration_reruns_the_tunnel_concern_alone(host_of):
    pc = host_of(LAPTOP)
    conf = "/etc/wireguard/%s.conf" % INTERFACE
    pc.check_output("sed -i 's/^PersistentKeepalive = .*/PersistentKeepalive = 1/' %s" % conf)
    chosen, changed = client_run()
    assert chosen == ["client_tunnel"], chosen
    assert set(changed) == {"client_tunnel.yml"}, changed
    assert "PersistentKeepalive = 1" not in pc.file(conf).content_string
    assert pc.run("ping -c 2 -W 3 %s" % SERVICE).rc == 0, "the restarted tunnel carries no packets"
    assert client_run() == ([], {})


def test_a_readable_key_and_a_lost_drop_in_rerun_their_concerns_alone(host_of):
    pc = host_of(LAPTOP)
    pc.check_output("chmod 0644 /etc/wireguard/%s.key && rm /etc/systemd/system/wg-quick@.service.d/amane-backend.conf" % INTERFACE)
    chosen, changed = client_run()
    assert chosen == ["backend", "client_keys"], chosen
    assert set(changed) == {"backend.yml", "client_keys.yml"}, changed
    assert pc.file("/etc/wireguard/%s.key" % INTERFACE).mode == 0o600
    assert pc.file("/etc/systemd/system/wg-quick@.service.d/amane-backend.conf").exists
    assert client_run() == ([], {})

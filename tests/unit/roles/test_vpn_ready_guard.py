"""VP-01..VP-04 on a targeted change: the readiness guard of roles/vpn/tasks/gateway_peers.yml, run as the
task runs it (its argv from the task file), with the peer list on standard input.

Ansible's command module writes stdin after the process started: a guard that exited before reading it
made the write fail with a broken pipe (rc 32) now and then, which failed approve.yml on a gateway not
set up yet (the lab scenario, twice in CI)."""

import os
import subprocess
import time

import yaml

from tests.unit.role_scripts import ROLES

PEERS = ("[Interface]\nListenPort = 51820\n" + "\n[Peer]\n# dev-0001 x\nPublicKey = %s\nAllowedIPs = 10.8.0.2/32\n" % ("A" * 43 + "=")
         ) * 2000  # about 200 KB: more than a pipe holds, so a write to a gone reader fails for sure


def guard_argv():
    with open(os.path.join(ROLES, "vpn", "tasks", "gateway_peers.yml"), encoding="utf-8") as handle:
        tasks = yaml.safe_load(handle)
    (task,) = [task for task in tasks if "__vpn_ready_guard" in task.get("vars", {})]
    return task["vars"]["__vpn_ready_guard"][:4]  # /bin/sh -c SCRIPT LABEL; the four paths follow


def run_guard(paths, helper_argv):
    proc = subprocess.Popen(guard_argv() + paths + helper_argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    time.sleep(0.5)  # the guard's tests are done by now: a guard that does not read has exited
    # written as Ansible writes it (communicate() would swallow the broken pipe this test is about)
    proc.stdin.write(PEERS.encode())
    proc.stdin.close()
    out, err = proc.stdout.read(), proc.stderr.read()
    return proc.wait(), out.decode(), err.decode()


def test_a_gateway_not_set_up_gets_exit_90_after_its_input_is_read(tmp_path):
    missing = [str(tmp_path / name) for name in ("wg0.key", "helper", "firewall.service", "nftables.d")]
    rc, out, err = run_guard(missing, ["/bin/false"])
    assert (rc, out, err) == (90, "", "")


def test_a_gateway_set_up_runs_the_helper_with_the_input(tmp_path):
    key, helper, unit, folder = tmp_path / "wg0.key", tmp_path / "helper", tmp_path / "firewall.service", tmp_path / "nft"
    key.write_text("k\n")
    unit.write_text("[Unit]\n")
    folder.mkdir()
    helper.write_text("#!/bin/sh\necho \"args: $*\"\nwc -c\n")
    helper.chmod(0o755)
    rc, out, _err = run_guard([str(key), str(helper), str(unit), str(folder)], [str(helper), "--sync", "wg0"])
    assert rc == 0
    assert out.splitlines() == ["args: --sync wg0", str(len(PEERS.encode()))]

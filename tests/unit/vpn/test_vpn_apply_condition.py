"""The gateway re-applies its peers only when the live ones differ from the plan. The plan's keys are
sorted by Python (vpn_gateway_peers); Jinja's sort ignores case by default, and WireGuard keys are
base64: compared that way, a converged gateway whose keys differ in case "differed" on every run
(the vpn scenario's idempotence failed at random, with freshly generated keys)."""

import os

import jinja2
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
LIVE = ["b" * 43 + "=", "B" * 43 + "=", "a" * 43 + "="]  # what `wg show wg0 peers` printed, in its order


def apply_condition():
    with open(os.path.join(ROOT, "roles", "vpn", "tasks", "gateway_peers.yml"), encoding="utf-8") as handle:
        task = next(t for t in yaml.safe_load(handle) if t["name"] == "Apply the peer list live")
    env = jinja2.Environment(autoescape=False)  # noqa: S701 - a boolean expression, no HTML
    env.tests["changed"] = lambda result: bool(result.get("changed"))  # Ansible's `is changed`
    return env.compile_expression(task["when"])


def test_a_converged_gateway_does_not_apply_again_whatever_the_keys_case():
    plan_keys = sorted(LIVE)  # as the plan holds them
    assert plan_keys != sorted(LIVE, key=str.lower)  # the case that broke idempotence
    changed = apply_condition()(vpn_live_peers={"rc": 0, "stdout_lines": LIVE}, vpn_peers_file={"changed": False},
                                vpn_peer_plan={"public_keys": plan_keys})
    assert changed is False


def test_a_missing_peer_is_applied():
    changed = apply_condition()(vpn_live_peers={"rc": 0, "stdout_lines": LIVE[:2]}, vpn_peers_file={"changed": False},
                                vpn_peer_plan={"public_keys": sorted(LIVE)})
    assert changed is True

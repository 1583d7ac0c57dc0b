"""Every Molecule scenario, one test each: create, converge, idempotence, verify, destroy."""

import os

import pytest

from tests.integration.lab_tools import ROOT, run_logged

SCENARIOS = sorted(
    name for name in os.listdir(os.path.join(ROOT, "molecule"))
    if os.path.isfile(os.path.join(ROOT, "molecule", name, "molecule.yml"))
)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario(scenario):
    rc, output, log = run_logged(["molecule", "test", "-s", scenario], "molecule-%s.log" % scenario)
    tail = "\n".join(output.splitlines()[-80:])
    assert rc == 0, "molecule scenario %s failed (full log: %s):\n%s" % (scenario, log, tail)

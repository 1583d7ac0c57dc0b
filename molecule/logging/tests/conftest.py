"""Fixtures: the three containers of the logging scenario, reached through the docker backend."""

import os
import sys
import time

import pytest
import testinfra

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "shared"))

STORE = "/var/log/amane/hosts"


@pytest.fixture(scope="session")
def log1():
    return testinfra.get_host("docker://logging-log1")


@pytest.fixture(scope="session")
def laptop():
    return testinfra.get_host("docker://logging-laptop")


@pytest.fixture(scope="session")
def db1():
    return testinfra.get_host("docker://logging-db1")


def wait_for(host, command, predicate, timeout=90, interval=2):
    """Run ``command`` on ``host`` until ``predicate(stdout)`` holds; return that stdout.

    Fails the test when the deadline passes: a silent return let later asserts report a
    misleading cause (an empty summary instead of a message that never arrived).
    """
    deadline = time.time() + timeout
    out = ""
    while time.time() < deadline:
        out = host.run(command).stdout
        if predicate(out):
            return out
        time.sleep(interval)
    raise AssertionError("after %ss, `%s` still printed: %r" % (timeout, command, out[-2000:]))

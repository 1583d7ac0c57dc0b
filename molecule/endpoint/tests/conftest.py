"""Shared fixtures: the two test laptops, reached through Docker like the converge was."""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
from amane_testlib import docker_host, module_on

TELEWORKER_PASSWORD = "Tele-Work-2026!x"  # noqa: S105 - test-only, set in prepare.yml
ADMIN_PASSWORD = "Admin-Pass-2026!y"  # noqa: S105 - test-only, set in prepare.yml
TELEWORKER_HASH = "$6$amanetestsalt$Tkadzi4E4b4QhbPQe.7WvTl2PX0VKcogd6KRezC2.5YCAxhe7MVb6/0lUo2mPiHKw3eH3SIqoCJdEfk48j3e.."

# Drives PAM like a login would, through the test service /etc/pam.d/amane-pamtest.
PAM_DRIVER = r'''
import sys, PAM
user, action, secret = sys.argv[1], sys.argv[2], sys.argv[3]
answers = [secret] if action == "auth" else [secret, secret]
def conv(auth, queries, data):
    out = []
    for text, kind in queries:
        out.append((answers.pop(0) if kind == PAM.PAM_PROMPT_ECHO_OFF and answers else "", 0))
    return out
p = PAM.pam()
p.start("amane-pamtest")
p.set_item(PAM.PAM_USER, user)
p.set_item(PAM.PAM_CONV, conv)
try:
    if action == "auth":
        p.authenticate()
        p.acct_mgmt()
    else:
        p.chauthtok()
except PAM.error as exc:
    print("DENIED", exc.args)
    sys.exit(1)
print("OK")
'''


@pytest.fixture(scope="module")
def issued():
    return docker_host("endpoint-issued")


@pytest.fixture(scope="module")
def byod():
    return docker_host("endpoint-byod")


@pytest.fixture(scope="module")
def issued_audit(issued):
    return audit_statuses(issued, "issued")


@pytest.fixture(scope="module")
def byod_audit(byod):
    return audit_statuses(byod, "byod")


def pam(host, user, action, secret):
    """Run the PAM driver on ``host``; returns the command result (rc 0 = PAM said yes)."""
    host.run("cat > /var/tmp/amane-pam.py <<'EOF'\n%s\nEOF" % PAM_DRIVER)
    return host.run("python3 /var/tmp/amane-pam.py %s %s %s", user, action, secret)


def audit_statuses(host, profile):
    """Run the audit module on the host now, as the role does; {control id: (status, evidence)}."""
    args = {"profile": profile, "management_accounts": ["root", "amane-admin"], "end_of_day": profile == "issued"}
    result = module_on(host.backend.name, "amane.telework.endpoint_audit", args)
    return {r["id"]: (r["status"], r["evidence"]) for r in result["audit"]["results"]}

"""Fixture data shared by the report tests (tests/fixtures/report)."""

import copy
import datetime
import json
import os

FIXTURES = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "fixtures", "report"))
GENERATED_AT = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.timezone.utc)
OWNER_NAMES = ("Fatima Zahra Benali", "Youssef El Alaoui", "يوسف العلوي")
OWNER_IDS = ("EMP-4711", "EMP-0815", "EMP-1234")


def load(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as handle:
        return json.load(handle)


def catalogue():
    return load("catalogue.json")


def audits():
    return load("audits.json")


def records():
    return load("records.json")


def previous_audits():
    """The same fleet a day earlier: pc-byod-1 had PO-M9B passing, pc-issued-1 failed EH-04."""
    earlier = copy.deepcopy(audits())
    for audit in earlier:
        for result in audit["results"]:
            if audit["host"] == "pc-byod-1" and result["id"] == "PO-M9B":
                result["status"] = "pass"
            if audit["host"] == "pc-issued-1" and result["id"] == "EH-04":
                result["status"] = "fail"
    return earlier

"""The AWX execution environment must run what CI tests: same ansible-core, runner and collections."""

import os
import re
import subprocess

import yaml

from tests.unit.tools import tool, tool_env

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def pins(path):
    found = {}
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        for line in handle:
            match = re.match(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s#]+)", line.strip())
            if match:
                found[match.group(1).split("[")[0].lower()] = match.group(2)
    return found


def load(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_ee_core_and_runner_match_requirements():
    ee = load("execution-environment.yml")
    req = pins("requirements.txt")
    assert ee["version"] == 3
    assert ee["dependencies"]["ansible_core"]["package_pip"] == "ansible-core==" + req["ansible-core"]
    assert ee["dependencies"]["ansible_runner"]["package_pip"] == "ansible-runner==" + req["ansible-runner"]


def test_ee_python_packages_pinned_like_requirements():
    req = pins("requirements.txt")
    for name, version in pins("ee/requirements.txt").items():
        assert req.get(name) == version, "%s: ee pins %s, requirements.txt pins %s" % (name, version, req.get(name))


def test_ee_collections_are_the_ones_ci_runs_with():
    listed = subprocess.run([tool("ansible-galaxy"), "collection", "list", "--format", "json"],
                            capture_output=True, text=True, check=True, cwd=ROOT, env=tool_env()).stdout
    installed = {}
    for collections in yaml.safe_load(listed).values():
        for name, meta in collections.items():
            installed.setdefault(name, meta["version"])
    for entry in load("ee/requirements.yml")["collections"]:
        assert installed.get(entry["name"]) == entry["version"], entry

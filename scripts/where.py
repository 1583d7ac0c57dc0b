"""Where one control lives: its catalogue entry, the check that audits it, the role tasks that
enforce it, the test that proves it. For a maintainer who has a control id (from a report, a JUnit
failure or the guide) and wants the files. Reads only.

    .venv/bin/python scripts/where.py EH-07
"""

import glob
import inspect
import os
import re
import sys

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "collections"))
from ansible_collections.amane.telework.plugins.module_utils.audit import (  # pylint: disable=unused-import
    checks_antivirus,  # noqa: F401 - importing a checks module registers its checks
    checks_backup,  # noqa: F401
    checks_baseline,  # noqa: F401
    checks_endpoint,  # noqa: F401
    checks_logging,  # noqa: F401
    checks_posture,  # noqa: F401
    checks_vpn,  # noqa: F401
)
from ansible_collections.amane.telework.plugins.module_utils import values
from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
from ansible_collections.amane.telework.plugins.module_utils.audit.engine import registered_checks


def relative(path):
    return os.path.relpath(os.path.realpath(path), os.path.realpath(ROOT))


def catalogue_line(control_id):
    path = os.path.join(ROOT, "plugins", "module_utils", "audit", "catalogue.py")
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip().startswith('"%s": ' % control_id):
                return "%s:%d" % (relative(path), number)
    return relative(path)


def check_location(control_id):
    function = registered_checks().get(control_id)
    if function is None:
        return "no check registered"
    _lines, first = inspect.getsourcelines(function)
    return "%s:%d %s()" % (relative(inspect.getsourcefile(function)), first, function.__name__)


def enforcement(control_id):
    """Role task files that enforce the control: a concern map (vars/main.yml) naming it, an
    include in tasks/main.yml tagged with its id, else the task files that name its id (the
    condition that skips it when disabled)."""
    found = []
    for role_vars in sorted(glob.glob(os.path.join(ROOT, "roles", "*", "vars", "main.yml"))):
        role_dir = os.path.dirname(os.path.dirname(role_vars))
        with open(role_vars, encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        for name, value in data.items():
            if name.endswith("_packages_controls") and control_id in (value or []):
                task_file = relative(os.path.join(role_dir, "tasks", "packages.yml"))
                found.append("%s (the packages, before any concern)" % task_file)
            if name.endswith("_concerns") and isinstance(value, dict):
                for concern, controls in value.items():
                    if control_id in (controls or []):
                        task_file = relative(os.path.join(role_dir, "tasks", concern + ".yml"))
                        found.append("%s (concern %s, --tags %s)" % (task_file, concern, control_id))
    for role_main in sorted(glob.glob(os.path.join(ROOT, "roles", "*", "tasks", "main.yml"))):
        with open(role_main, encoding="utf-8") as handle:
            tasks = yaml.safe_load(handle) or []
        for task in tasks:
            include = task.get("ansible.builtin.include_tasks")
            if isinstance(include, dict) and control_id in (task.get("tags") or []):
                task_file = relative(os.path.join(os.path.dirname(role_main), include["file"]))
                if not any(line.startswith(task_file + " ") for line in found):
                    found.append("%s (--tags %s)" % (task_file, control_id))
    if not found:
        named = re.compile(r"(?<![A-Z0-9-])%s(?![A-Z0-9-])" % re.escape(control_id))
        for task_file in sorted(glob.glob(os.path.join(ROOT, "roles", "*", "tasks", "*.yml"))):
            with open(task_file, encoding="utf-8") as handle:
                if named.search(handle.read()):
                    found.append(relative(task_file))
    return found or ["no role task names it: the role of area %s sets what it checks" % CONTROLS[control_id]["area"]]


def describe(control_id):
    entry = CONTROLS[control_id]
    lines = [
        "%s  %s" % (control_id, entry["title"]["en"]),
        "  fr / ar      %s / %s" % (entry["title"]["fr"], entry["title"]["ar"]),
        "  guide        %s  (area %s, profiles %s, severity %s)" % (
            ", ".join(entry["clauses"]), entry["area"], ", ".join(entry["profiles"]), entry["severity"]),
        "  catalogue    %s" % catalogue_line(control_id),
        "  check        %s" % check_location(control_id),
    ]
    lines += ["  enforced by  %s" % where for where in enforcement(control_id)]
    lines.append("  test         %s" % entry["test"])
    if entry.get("refs"):
        lines.append("  references   %s" % "; ".join(entry["refs"]))
    return "\n".join(lines)


def main(argv):
    if len(argv) != 2 or values.control_id("control", argv[1]) is not None:
        sys.stderr.write("usage: .venv/bin/python scripts/where.py CONTROL_ID (e.g. EH-07; every id: --list)\n")
        return 2
    if argv[1] not in CONTROLS:
        sys.stderr.write("%s: no such control in the catalogue; known: %s\n" % (argv[1], " ".join(sorted(CONTROLS))))
        return 2
    print(describe(argv[1]))
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--list"]:
        print("\n".join("%-11s %s" % (cid, CONTROLS[cid]["title"]["en"]) for cid in sorted(CONTROLS)))
        sys.exit(0)
    sys.exit(main(sys.argv))

"""Helpers for integration tests: run the venv's tools from the repo root and keep their logs."""

import os
import re
import subprocess

from tests.unit.tools import BIN

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LOG_DIR = os.path.join(ROOT, ".cache", "test-logs")


def tool_env(**extra):
    env = dict(os.environ)
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")  # the test interpreter's tools, not the caller's
    env["ANSIBLE_CONFIG"] = os.path.join(ROOT, "ansible.cfg")
    env["ANSIBLE_FORCE_COLOR"] = "0"
    env["PY_COLORS"] = "0"
    env.update(extra)
    return env


def run_logged(argv, log_name, env=None, timeout=1800):
    """Run ``argv`` from the repo root, keep the whole output in .cache/test-logs/<log_name>."""
    os.makedirs(LOG_DIR, exist_ok=True)
    path = os.path.join(LOG_DIR, log_name)
    with open(path, "w", encoding="utf-8") as log:
        proc = subprocess.run(argv, cwd=ROOT, env=env or tool_env(), stdout=log, stderr=subprocess.STDOUT, timeout=timeout, check=False)
    with open(path, encoding="utf-8", errors="replace") as log:
        output = log.read()
    return proc.returncode, output, path


# Where a failure says why: Ansible's task errors (2.19 writes "[ERROR]: Task failed" to stderr, which a
# nested run's registered result prints before its stdout, so a tail alone cut it off), Python's, and
# the verifier's (pytest): a test module that does not import, a failed test's summary line.
FAILURE_LINE = re.compile(r".*(fatal: \[|\[ERROR\]|ERROR!|FAILED!|Traceback \(most recent call last\)"
                          r"|ImportError while importing test module|^(FAILED|ERROR) \S+\.py(::| )).*")


def _error_block(lines, index, context):
    """The error at ``index`` and what explains it: ``context`` lines, or a traceback down to its exception."""
    if "Traceback (most recent call last)" in lines[index]:
        # its frames are indented under it and its exception is not, however deep a nested run's
        # output indents the whole
        indent = len(lines[index]) - len(lines[index].lstrip())
        end = index + 1
        while end < len(lines) and len(lines[end]) - len(lines[end].lstrip()) > indent:
            end += 1
        return lines[index:end + 1]
    return lines[index:index + context]


def failure_excerpt(output, tail=60, context=6, limit=120):
    """What a failed run's reader needs: the last errors (at most ``limit`` lines; an error Ansible
    ignored is left out), each with what explains it, then the last ``tail`` lines of the output."""
    lines = output.splitlines()
    body = lines[:-tail] if len(lines) > tail else []
    blocks, covered = [], -1
    for index, line in enumerate(body):
        if index <= covered or not FAILURE_LINE.fullmatch(line):
            continue
        block = _error_block(body, index, context)
        if any(later.strip() == "...ignoring" for later in body[index + 1:index + 3]):
            continue
        blocks.append(block)
        covered = index + len(block) - 1  # lines already shown are not shown again
    picked = []
    for block in reversed(blocks):  # the last errors first in the budget: the run stopped at one of them
        if len(picked) + len(block) > limit:
            break
        picked = block + picked
    errors = ("errors:\n%s\n... last %d lines:\n" % ("\n".join(picked), tail)) if picked else ""
    return errors + "\n".join(lines[-tail:])

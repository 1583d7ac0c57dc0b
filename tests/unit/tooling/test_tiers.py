"""tests/unit/tiers.py: the fast tier (-m "not programs") holds only tests that start no program,
and a test that starts one without being marked fails, naming itself."""

import pytest

SAMPLE = '''
import importlib


def helper():
    return importlib.import_module("sub" + "process").run(["true"], check=True)  # hidden from the marking


def test_hidden():
    helper()


def test_pure():
    assert sorted([2, 1]) == [1, 2]


def test_visible():
    import subprocess
    subprocess.run(["true"], check=True)
'''


@pytest.mark.programs  # its inner session starts `true`
def test_an_unmarked_test_that_starts_a_program_fails_naming_itself(pytester):
    pytester.makeconftest(
        "from tests.unit.tiers import _pure_tests_start_no_program, mark  # noqa: F401\n"
        "def pytest_collection_modifyitems(items):\n    mark(items)\n"
        "def pytest_configure(config):\n    config.addinivalue_line('markers', 'programs: starts a program')\n")
    pytester.makepyfile(test_sample=SAMPLE)
    fast = pytester.runpytest_inprocess("-m", "not programs", "-p", "no:cacheprovider")
    fast.assert_outcomes(passed=1, failed=1, deselected=1)  # test_visible is in the programs tier
    fast.stdout.fnmatch_lines(["*test_sample.py::test_hidden started a program*not in the programs tier*"])
    slow = pytester.runpytest_inprocess("-m", "programs", "-p", "no:cacheprovider")
    slow.assert_outcomes(passed=1, deselected=2)

"""The unit suite's two tiers, told apart before a test runs and proven while it runs.

- ``programs``: the test starts a program (ansible, a host program, openssl, a PostgreSQL server).
  Seconds each; what proves the modules and scripts run as the users run them.
- the rest (``-m "not programs"``): pure Python against fake trees and in-memory data, milliseconds
  each; what a maintainer runs on every edit.

A test is marked ``programs`` when its own code, a helper of its module it calls, or one of its
fixtures names a way to start a process, or when it uses PostgreSQL. An unmarked test that starts
one anyway fails, naming itself: the marking cannot drift from what the tests do.
"""

import inspect
import subprocess
import types

import pytest

# What starting a program reads like in this suite's code.
SPAWNS = ("subprocess", "Popen", "tool(", "os.system", "pg_cluster", "run_program")
SERVICE_FIXTURES = {"postgresql_cluster", "postgresql_database"}


def _calls_a_program(func, seen):
    """Whether ``func``'s source, or that of a function of its own module it names, starts a program."""
    func = inspect.unwrap(func) if callable(func) else func  # functools.lru_cache and other wrappers
    if not isinstance(func, types.FunctionType) or func in seen:
        return False
    seen.add(func)
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return False
    if any(spawn in source for spawn in SPAWNS):
        return True
    names = set(func.__code__.co_names)
    for const in func.__code__.co_consts:  # nested functions and lambdas name helpers too
        if isinstance(const, types.CodeType):
            names.update(const.co_names)
    module = inspect.getmodule(func)
    return any(_calls_a_program(getattr(module, name, None), seen) for name in names)


def runs_programs(item):
    fixtures = getattr(item, "_fixtureinfo", None)
    if SERVICE_FIXTURES & set(item.fixturenames):
        return True
    callspec = getattr(item, "callspec", None)
    if callspec is not None and "postgresql" in callspec.params.values():
        return True
    seen = set()
    functions = [getattr(item, "function", None)]
    if fixtures is not None:
        # the suite's own fixtures only: pytest's (tmp_path, monkeypatch) start nothing, and this module's guard names Popen
        functions += [definition.func for definitions in fixtures.name2fixturedefs.values() for definition in definitions
                      if getattr(definition.func, "__module__", "").startswith("tests.unit") and definition.func.__module__ != __name__]
    return any(_calls_a_program(func, seen) for func in functions)


def mark(items):
    for item in items:
        if runs_programs(item):
            item.add_marker(pytest.mark.programs)


class UnmarkedSpawn(AssertionError):
    pass


@pytest.fixture(autouse=True)
def _pure_tests_start_no_program(request, monkeypatch):
    """An unmarked test that starts a program fails: it belongs to the programs tier."""
    if request.node.get_closest_marker("programs") is None:
        def refuse(self, *args, **kwargs):
            raise UnmarkedSpawn("%s started a program (%r) but is not in the programs tier: name its helper in "
                                "tests/unit/tiers.py SPAWNS, or mark it @pytest.mark.programs" % (request.node.nodeid, args[:1]))
        monkeypatch.setattr(subprocess.Popen, "_execute_child", refuse)
    yield

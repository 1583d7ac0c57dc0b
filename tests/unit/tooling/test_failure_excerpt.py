"""A failed scenario's message: the error lines the output's tail would have cut off, then the tail."""

from tests.integration.lab_tools import failure_excerpt


def test_an_error_far_from_the_end_is_in_the_message():
    output = "\n".join(["TASK [one] ***", "  stderr: |-", "    [ERROR]: Task failed: the reason", "    Origin: x"]
                       + ["line %d" % n for n in range(200)])
    excerpt = failure_excerpt(output, tail=10)
    assert "[ERROR]: Task failed: the reason" in excerpt
    assert "Origin: x" in excerpt  # the lines after it
    assert excerpt.endswith("line 199") and "line 189" not in excerpt.split("last 10 lines:")[1]


def test_no_error_line_gives_the_tail_alone():
    output = "\n".join("line %d" % n for n in range(100))
    assert failure_excerpt(output, tail=5) == "line 95\nline 96\nline 97\nline 98\nline 99"


def test_the_error_lines_are_bounded_and_the_last_ones_kept():
    output = "\n".join(["fatal: [h%d]: FAILED! => {}" % n for n in range(500)] + ["end"])
    excerpt = failure_excerpt(output, tail=1, context=1, limit=20)
    assert excerpt.count("fatal: [") == 20
    assert "fatal: [h499]" in excerpt and "fatal: [h0]:" not in excerpt


def test_an_ignored_error_is_left_out():
    output = "\n".join(["fatal: [h1]: FAILED! => {\"msg\": \"expected\"}", "...ignoring",
                        "fatal: [h1]: FAILED! => {\"msg\": \"the real one\"}"] + ["x"] * 20)
    excerpt = failure_excerpt(output, tail=5)
    assert "the real one" in excerpt and "expected" not in excerpt


def test_a_traceback_in_a_nested_run_ends_at_its_exception():
    """A registered result indents the nested run's output: the traceback ends at its own exception line,
    not where the indented output ends."""
    frames = ["          File \"m.py\", line %d, in f" % n for n in range(5)]
    nested = ["        Traceback (most recent call last):"] + frames + ["        KeyError: 'amane'"]
    output = "\n".join(nested + ["        line %d of the nested run" % n for n in range(200)] + ["x"] * 10)
    excerpt = failure_excerpt(output, tail=5, limit=40)
    assert "KeyError: 'amane'" in excerpt and "line 0 of the nested run" not in excerpt


def test_a_traceback_is_shown_down_to_its_exception():
    frames = ["  File \"m.py\", line %d, in f" % n for n in range(10)]
    output = "\n".join(["Traceback (most recent call last):"] + frames + ["KeyError: 'amane'"] + ["x"] * 20)
    assert "KeyError: 'amane'" in failure_excerpt(output, tail=5, context=2)


def test_a_verifier_test_module_that_does_not_import_is_in_the_message():
    """Molecule's verifier (pytest) says why before the scenario's long destroy output."""
    output = "\n".join(["ImportError while importing test module '/w/molecule/logging/tests/test_x.py'.",
                        "Hint: make sure your test modules/packages have valid Python names.",
                        "E   ModuleNotFoundError: No module named 'amane_testlib'",
                        "FAILED molecule/vpn/tests/test_y.py::test_z - AssertionError: the reason"]
                       + ["TASK [Delete docker network(s)] ***"] * 100)
    excerpt = failure_excerpt(output, tail=10)
    assert "No module named 'amane_testlib'" in excerpt
    assert "test_y.py::test_z - AssertionError: the reason" in excerpt

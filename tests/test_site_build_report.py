"""A failed site build is reported by notebook, cell and line, then the build's last lines."""

from __future__ import annotations

from tests.browser.conftest import notebook_place, site_build_report

BUILD_OUTPUT = """Running Sphinx v7.4.7
reading sources... [ 50%] notebooks/05_return_to_running
/r/notebooks/05_return_to_running.ipynb:40003: WARNING: could not find bibtex key "Nobody2020"
\x1b[91m/r/.pytest_cache/README.md: WARNING: document isn't included in any toctree\x1b[39;49;00m
build finished with problems, 1 warning.
"""


def test_myst_nb_lines_become_the_readers_cell_and_line():
    assert (
        notebook_place("/r/notebooks/05_x.ipynb", 40003) == "notebooks/05_x.ipynb, cell 4, line 3"
    )


def test_the_report_names_the_failing_notebook_cell_and_message_before_the_build_tail():
    report = site_build_report(BUILD_OUTPUT)
    first, cause = report.splitlines()[:2]
    assert first == "make site failed."
    assert cause.startswith("notebooks/05_return_to_running.ipynb, cell 4, line 3: WARNING:")
    assert 'could not find bibtex key "Nobody2020"' in cause
    assert report.splitlines()[2] == (
        "/r/.pytest_cache/README.md: WARNING: document isn't included in any toctree"
    )
    assert "\x1b" not in report
    assert report.endswith("build finished with problems, 1 warning.")

"""make notebooks: re-execution is byte-stable, and a failing cell is reported by its position."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from soleuslib import execute

RED_TRACEBACK = [
    "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
    "\x1b[0;31mNameError\x1b[0m                                 Traceback (most recent call last)",
    "Cell \x1b[0;32mIn[3], line 1\x1b[0m\n\x1b[0;32m----> 1\x1b[0m \x1b[43mundefined_name\x1b[49m",
    "\x1b[0;31mNameError\x1b[0m: name 'undefined_name' is not defined",
]


def _notebook(path: Path, *sources: str) -> Path:
    cells = [nbformat.v4.new_markdown_cell("# A title")]
    cells += [nbformat.v4.new_code_cell(source) for source in sources]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def test_the_error_report_names_notebook_reader_cell_and_error_without_colour_codes():
    error = {"ename": "NameError", "evalue": "name 'undefined_name' is not defined"}
    report = execute.error_report("notebooks/07_x.ipynb", 4, {**error, "traceback": RED_TRACEBACK})
    assert report.splitlines()[0] == (
        "notebooks/07_x.ipynb, cell 4: NameError: name 'undefined_name' is not defined"
    )
    assert "\x1b" not in report
    assert "----> 1 undefined_name" in report


def test_the_first_error_is_counted_over_all_cells_from_one_and_skips_expected_errors():
    cells = [
        {"cell_type": "markdown", "source": "# t"},
        {
            "cell_type": "code",
            "metadata": {"tags": ["raises-exception"]},
            "outputs": [{"output_type": "error", "ename": "ValueError"}],
        },
        {"cell_type": "code", "metadata": {}, "outputs": [{"output_type": "stream"}]},
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [{"output_type": "error", "ename": "KeyError"}],
        },
    ]
    number, output = execute.first_error(cells)
    assert (number, output["ename"]) == (4, "KeyError")


@pytest.mark.slow
def test_executing_a_notebook_twice_gives_identical_bytes_even_with_widgets(tmp_path):
    path = _notebook(
        tmp_path / "widgets.ipynb",
        "import ipywidgets as w\nw.IntSlider(value=3)",
        "w.VBox([w.Button(description='a'), w.Text('b')])",
    )
    execute.execute(path)
    first = path.read_bytes()
    execute.execute(path)
    assert path.read_bytes() == first
    widgets = nbformat.read(path, as_version=4).metadata["widgets"]
    state = widgets["application/vnd.jupyter.widget-state+json"]["state"]
    assert len(state) >= 4  # the slider, the box and its children, with their layouts and styles


@pytest.mark.slow
def test_a_failing_cell_is_reported_by_notebook_and_cell_and_the_file_is_left_alone(tmp_path):
    path = _notebook(tmp_path / "broken.ipynb", "x = 1", "undefined_name + x")
    before = path.read_bytes()
    with pytest.raises(execute.NotebookExecutionError) as err:
        execute.execute(path)
    message = str(err.value)
    assert message.startswith(f"{path}, cell 3: NameError: name 'undefined_name' is not defined")
    assert "\x1b" not in message
    assert path.read_bytes() == before

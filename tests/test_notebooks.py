"""The notebooks run top to bottom on the example minutes; their cells assert values read off the documents."""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PLOTS = {
    "02_people_and_parties.ipynb": ["attendance_per_person.png", "afbud_per_party.png"],
    "03_cases_over_time.ipynb": ["kle_per_committee_year.png", "person_meeting_network.png"],
}
MAX_STORED_BYTES = 40_000


def test_there_are_at_least_three_notebooks():
    assert len(NOTEBOOKS) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_its_assertions_hold(path, tmp_path, monkeypatch):
    monkeypatch.setenv("KOMMUNEGRAF_NOTEBOOK_OUT", str(tmp_path))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    notebook = nbformat.read(path, as_version=4)
    assert any("assert " in cell.source for cell in notebook.cells if cell.cell_type == "code")
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    for plot in PLOTS.get(path.name, []):
        assert (tmp_path / plot).stat().st_size > 5_000, plot


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert path.stat().st_size < MAX_STORED_BYTES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_uses_only_the_public_api(path):
    source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    assert "import kommunegraf" in source
    assert not re.search(r"(from|import) kommunegraf\.", source)

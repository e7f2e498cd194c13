"""Notebooks are committed without outputs and executed here, in the test's temporary workspace.
Each must show at least one HTML result (a verdict, a run) and at least one plot."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert all(
        not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code"
    )
    # nbformat 4.5 cells carry an id; one without warns today and is an error in later nbformat.
    assert all("id" in c for c in json.loads(path.read_text())["cells"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes(path: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb = nbformat.read(path, as_version=4)
    # The kernel inherits this process's environment, hence the temporary HYPOLOOP_HOME; and this
    # checkout's packages, whatever is installed in the environment.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(home)}}
    ).execute()
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("Tested as:" in h for h in html), "no HTML verdict shown"
    pngs = [o for o in outputs if "image/png" in o.get("data", {})]
    assert pngs or any("data:image/png;base64," in h for h in html), "no plot shown"


def test_there_are_the_four_notebooks() -> None:
    assert [p.name for p in NOTEBOOKS] == [
        "01_quickstart.ipynb",
        "02_stress_test_a_hypothesis.ipynb",
        "03_literature.ipynb",
        "04_your_data.ipynb",
    ]

"""The data_query tool: filters, ids, provenance, structures handed on by structure_id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agent.settings import Settings
from tools import get_tool
from tools.datasets import DataCollection


@pytest.fixture
def collection(data_url: str, mixed_folder: Path) -> DataCollection:
    assert Settings.load().data_url == data_url  # the tool reads the same setting
    c = DataCollection(data_url)
    c.add([mixed_folder])
    return c


def _query(**args: Any) -> dict[str, Any]:
    return get_tool("data_query", Settings.load().tool_settings()).invoke(args)


def test_property_range_in_canonical_units(collection: DataCollection) -> None:
    out = _query(property="bulk modulus", min_value=100)
    assert [(r["formula"], r["value"], r["unit"]) for r in out["rows"]] == [
        ("Cu", pytest.approx(137.0), "GPa")
    ]
    prov = out["rows"][0]["provenance"][0]
    assert prov["file"].endswith("measurements.csv") and prov["line"] == 3 and "Kittel" in prov["source"]
    assert out["total"] == 1
    low = _query(property="bulk_modulus", max_value=100)
    assert [r["formula"] for r in low["rows"]] == ["Si"]


def test_formula_elements_and_spacegroup(collection: DataCollection) -> None:
    by_formula = _query(formula="Si8", kind="structure")  # reduced: Si
    assert {r["formula"] for r in by_formula["rows"]} == {"Si"} and len(by_formula["rows"]) == 2
    by_sg = _query(spacegroup="Fd-3m")
    assert by_sg["rows"] and all(r["spacegroup_number"] == 227 for r in by_sg["rows"])
    assert _query(spacegroup="227")["total"] == by_sg["total"]
    cu = _query(elements=["Cu"], kind="measurement")
    assert cu["total"] == 3 and all(r["formula"] == "Cu" for r in cu["rows"])
    assert _query(elements=["Cu", "Si"])["rows"] == []


def test_structures_travel_by_id_into_the_workspace(collection: DataCollection, home: Path) -> None:
    out = _query(formula="Cu", kind="structure", limit=1)
    (row,) = out["rows"]
    assert row["id"].startswith("d-") and row["structure_id"].startswith("s-")
    assert "positions" not in str(out)
    analysed = get_tool("analyze_structure", Settings.load().tool_settings()).invoke({"structure": {"structure_id": row["structure_id"]}})
    assert analysed["spacegroup_number"] == 225


def test_ids_fetch_rows_and_limit_warns(collection: DataCollection) -> None:
    everything = _query(limit=2)
    assert len(everything["rows"]) == 2 and everything["total"] > 2
    assert any("more rows matched" in w for w in everything["warnings"])
    wanted = everything["rows"][1]["id"]
    assert [r["id"] for r in _query(ids=[wanted])["rows"]] == [wanted]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"formula": "Xq2"}, "not a chemical formula"),
        ({"elements": ["Qq"]}, "unknown element"),
        ({"property": "colour"}, "unknown property"),
        ({"min_value": 3.0}, "need a property"),
        ({"ids": ["d-000000000000"]}, "no row"),
        ({"limit": 0}, "limit"),
    ],
)
def test_bad_queries_are_tool_input_errors(
    collection: DataCollection, args: dict[str, Any], message: str
) -> None:
    out = _query(**args)
    assert set(out) == {"error"} and message in out["error"]["message"]


def test_no_collection_yet_is_a_clear_error(data_url: str) -> None:
    out = _query(formula="Cu")
    assert out["error"]["type"] == "CollectionNotFound" and "hypoloop data add" in out["error"]["message"]


def test_unreachable_server_is_a_tool_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("HYPOLOOP_DATA__URL", f"postgresql://ana:s3cret@127.0.0.1:{port}/lab")
    out = _query(formula="Cu")
    assert out["error"]["type"] == "CollectionUnavailable" and "ana:***@" in out["error"]["message"]
    assert "s3cret" not in str(out)


def test_public_without_a_configured_database_warns(collection: DataCollection) -> None:
    out = _query(formula="Cu", public=True)
    assert out["public"] == [] and any("no public database configured" in w for w in out["warnings"])
    assert out["rows"]  # the local collection still answers


def test_energy_per_atom_range_selects_structure_rows(collection: DataCollection) -> None:
    every = _query(property="energy_per_atom", limit=200)
    energies = sorted(r["energy_per_atom_ev"] for r in every["rows"])
    assert len(energies) == 4 and all(r["kind"] == "structure" for r in every["rows"])  # 3 EMT frames + PWSCF
    middle = _query(property="energy_per_atom", min_value=energies[1], max_value=energies[2], limit=200)
    assert sorted(r["energy_per_atom_ev"] for r in middle["rows"]) == energies[1:3] and middle["total"] == 2


def test_asking_without_a_collection_does_not_import_ase_db(tmp_path: Path) -> None:
    """Every hypothesis of a batch asks data_query in the driver; with no collection that must
    not cost ase.db's ~0.8 s import. When one exists, the batch's warm-up imports it up front."""
    from fresh_python import fresh_python

    probe = (
        "import sys\nfrom pathlib import Path\nfrom agent.settings import Settings\n"
        "from agent.graph.warm import import_run_modules\nfrom tools import get_tool\n"
        f"s = Settings.load(home=Path({str(tmp_path)!r}))\n"
        "out = get_tool('data_query', s.tool_settings()).invoke({'formula': 'Cu'})\n"
        "print('ERROR=' + out['error']['type'], 'AFTER_QUERY=' + str('ase.db' in sys.modules))\n"
        "Path(s.data_url).parent.mkdir(parents=True)\nPath(s.data_url).touch()\n"
        "import_run_modules(s)\nprint('AFTER_WARM=' + str('ase.db' in sys.modules))\n"
    )
    assert fresh_python(probe).split() == ["ERROR=CollectionNotFound", "AFTER_QUERY=False", "AFTER_WARM=True"]


def test_a_structure_named_by_spacegroup_comes_from_the_collection(data_url: str, mixed_folder: Path) -> None:
    from tools.spacegroups import find_structure, number_of
    from tools.structures import build_bulk

    def build(formula: str, prototype: str) -> Any:
        return build_bulk(formula, prototype, None, None)

    # Nothing added yet (a PostgreSQL database without tables, or no file): the prototype answers.
    assert "source" not in find_structure("Si", "Fd-3m", data_url, build).info
    DataCollection(data_url).add([mixed_folder])
    atoms = find_structure("Si", "Fd-3m", data_url, build)
    assert number_of(atoms) == 227 and atoms.info["source"].startswith("data collection row d-")

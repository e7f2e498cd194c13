"""Calculator plug-ins through entry points, the cache across processes, and tool-call messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tools import calculators, get_tool
from tools.calculators import CalculatorInfo, registry, supported_calculators

REPO = Path(__file__).resolve().parents[2]


def _lj_info() -> CalculatorInfo:
    def factory(settings: Any) -> Any:
        from ase.calculators.lj import LennardJones

        return LennardJones(sigma=2.0, epsilon=0.01, rc=5.0)

    return CalculatorInfo(
        name="lj-test",
        description="Lennard-Jones argon (test plug-in)",
        elements=frozenset({18}),
        periodic=True,
        molecular=True,
        max_atoms=100,
        factory=factory,
        version=lambda settings: "lj-test 1",
    )


class _EntryPoint:
    def __init__(self, name: str, target: Any) -> None:
        self.name = name
        self._target = target

    def load(self) -> Any:
        if isinstance(self._target, Exception):
            raise self._target
        return self._target


@pytest.fixture
def plugin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import importlib.metadata as md

    real = md.entry_points

    def fake(**kwargs: Any) -> Any:
        if kwargs.get("group") == calculators.ENTRY_POINT_GROUP:
            return [_EntryPoint("lj", _lj_info), _EntryPoint("broken", ImportError("no such module"))]
        return real(**kwargs)

    monkeypatch.setattr(md, "entry_points", fake)
    registry.cache_clear()
    yield
    registry.cache_clear()


def test_entry_point_calculator_plugs_in(plugin: None) -> None:
    with pytest.warns(UserWarning, match="broken"):
        table = registry()
    assert "lj-test" in table and {"emt", "chgnet", "xtb"} <= set(table)
    assert "lj-test" in supported_calculators(["Ar"], periodic=True)
    out = get_tool("single_point").invoke(
        {"structure": {"formula": "Ar", "prototype": "fcc", "a": 5.3}, "calculator": "lj-test"}
    )
    assert out["calculator"] == "lj-test" and out["calculator_version"] == "lj-test 1"
    assert out["energy_per_atom_ev"] < 0


def test_cache_is_shared_across_processes(home: Path) -> None:
    args = {"structure": {"formula": "Pd", "prototype": "fcc"}, "calculator": "emt"}
    code = (
        "import json, sys; from tools import get_tool; "
        f"print(json.dumps(get_tool('single_point').invoke({args!r})))"
    )
    env = {**os.environ, "HYPOLOOP_HOME": str(home)}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, check=True
    )
    child = json.loads(proc.stdout.strip().splitlines()[-1])
    assert child["cached"] is False
    here = get_tool("single_point").invoke(args)
    assert here["cached"] is True and here["energy_ev"] == child["energy_ev"]


def test_tool_call_messages_carry_status() -> None:
    tool = get_tool("build_structure")
    ok = tool.invoke(
        {
            "name": "build_structure",
            "args": {"structure": {"molecule": "CO"}},
            "id": "c1",
            "type": "tool_call",
        }
    )
    assert ok.status == "success" and json.loads(ok.content)["n_atoms"] == 2
    bad = tool.invoke(
        {"name": "build_structure", "args": {"structure": {"formula": "Q"}}, "id": "c2", "type": "tool_call"}
    )
    assert bad.status == "error" and json.loads(bad.content)["error"]["type"] == "ToolInputError"


@pytest.mark.parametrize(
    "structure",
    [
        {"xyz": "1\nunknown element\nXx 0 0 0\n"},
        {"xyz": "3\ntruncated\nO 0 0 0\n"},
        {"poscar": "garbage\n\x00\x01 binary junk"},
        {"poscar": "Si\n1.0\n5.4 0 0\n0 5.4 0\n0 0 5.4\nSi\n2\nDirect\n0 0 0\n"},
        {"cif": "data_x\n_cell_length_a 3\n_cell_length_b\n"},
    ],
)
def test_more_bad_texts_are_input_errors(structure: dict[str, str]) -> None:
    out = get_tool("single_point").invoke({"structure": structure, "calculator": "emt"})
    assert set(out) == {"error"} and out["error"]["type"] == "ToolInputError", out

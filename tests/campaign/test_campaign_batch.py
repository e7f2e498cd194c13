"""Goal items in batch files: validated with the claims, run as campaigns, recorded as 'proposed'."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.assistant import Assistant
from agent.batch import GoalItem, load_batch, run_item
from agent.batch.items import BatchItem
from agent.errors import BatchInputError
from agent.settings import Settings


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "b.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_goal_items_load_beside_claims(tmp_path: Path) -> None:
    text = "- {id: g, goal: which of Cu and Pt has the largest bulk modulus, n: 2, rounds: 2, test_top: 1}\n- {id: c, claim: Cu is fcc.}\n"
    items = load_batch(write(tmp_path, text))
    assert isinstance(items[0], GoalItem) and isinstance(items[1], BatchItem)
    assert (items[0].n, items[0].rounds, items[0].test_top) == (2, 2, 1)


@pytest.mark.parametrize("text,needle", [
    ("- {id: g, goal: x y, claim: a b}\n", "a claim (to test) or a goal (to propose for), not both"),
    ("- {id: g, goal: x y, rounds: 9}\n", "rounds: Input should be less than or equal to 5"),
    ("- {id: g, goal: '  '}\n", "goal: missing or empty"),
    ("- {id: g, goal: x y, expected: supported}\n", "unknown field 'expected' (known: id, goal, n, rounds"),
])  # fmt: skip
def test_bad_goal_items_are_reported(tmp_path: Path, text: str, needle: str) -> None:
    with pytest.raises(BatchInputError) as e:
        load_batch(write(tmp_path, text))
    assert needle in str(e.value) and "nothing was run" in str(e.value)


def test_a_goal_item_runs_a_campaign(home: object) -> None:
    settings = Settings.load(simulation={"default_calculator": "emt"})
    item = GoalItem(id="g", goal="which of Cu, Au, Pt and Al has the largest bulk modulus", n=4)
    record = run_item(Assistant(settings), item)
    assert record["error"] is None and record["verdict"] == "proposed" and record["run_id"]
    assert record["goal"] == item.goal and [h["rank"] for h in record["hypotheses"]] == [1, 2, 3, 4]
    assert record["hypotheses"][0]["claim"] == "Pt has a larger bulk modulus than Au."
    bad = run_item(Assistant(settings), GoalItem(id="h", goal="write a poem"))
    assert bad["verdict"] is None and "cannot propose" in bad["error"]
    assert record["summary"].startswith("Read as: which of Cu, Au, Pt and Al has the largest bulk modulus; 4 ")
    dropped = run_item(Assistant(settings), GoalItem(id="d", goal="which noble metals with a high melting point are fcc"))
    assert dropped["verdict"] is None and "\n" not in dropped["error"]
    assert "could not read: 'high melting point are fcc'" in dropped["error"]
    assert "nearest goal that reads (not run): 'which of the noble metals adopt the fcc structure'" in dropped["error"]

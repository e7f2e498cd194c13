from __future__ import annotations

import pytest

import prompts


def test_every_template_loads_and_has_a_hash() -> None:
    hashes = prompts.template_hashes()
    assert set(hashes) == set(prompts.TEMPLATES)
    assert all(len(h) == 64 for h in hashes.values())


# The variables each template is filled with by the code (agent/nodes/*). If a template gains
# or loses a placeholder, this table and the calling code must change together.
FILLED_BY_CODE = {
    "system": {"extra"},
    "research": {"claim", "predictions"},
    "stress_review": {"checks"},
    "verdict": {"claim", "tolerance", "tool_run_ids", "citations"},
    "propose": {"goal", "n"},
    "answer": {"question"},
    "formalize": {"claim", "kinds"},
    "formalize_json": {"schema"},
}


@pytest.mark.parametrize("name", prompts.TEMPLATES)
def test_template_variables_match_the_code(name: str) -> None:
    assert prompts.variables(name) == FILLED_BY_CODE[name]


def test_render_refuses_missing_or_extra_variables() -> None:
    with pytest.raises(prompts.PromptError, match="missing variables \\[predictions\\]"):
        prompts.render("research", claim="x")
    with pytest.raises(prompts.PromptError, match="unexpected \\[oops\\]"):
        prompts.render("answer", question="q", oops=1)
    with pytest.raises(prompts.PromptError, match="unknown prompt"):
        prompts.load("nope")


def test_render_fills_values() -> None:
    text = prompts.render("research", claim="Cu is fcc", predictions="- a ≈ 3.6 Å")
    assert "Cu is fcc" in text and "3.6" in text


def test_code_paths_fill_templates_as_declared() -> None:
    """Grep the node modules for render calls and check their keyword names against the table."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "agent"
    seen: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "render" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    seen.setdefault(first.value, set()).update(k.arg for k in node.keywords if k.arg)
    assert seen, "no prompt render calls found"
    for name, keys in seen.items():
        assert keys == FILLED_BY_CODE[name], name

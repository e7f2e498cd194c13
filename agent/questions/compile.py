"""The offline question compiler: a direct computation question ("the dipole moment of the molecule
with SMILES O=CO", "the bulk modulus of bcc tungsten with CHGNet") -> a typed QuestionSpec -> tool
calls on the registered tools -> an answer with the number, its unit, the method and settings,
the calculator's measured error and the ledger run it came from.

Deterministic, so the offline driver compiles the question again when it writes the answer
instead of carrying the spec in the graph state. Pieces: questions_spec.py (data and the quantity
table), questions_parse.py (+ questions_subject.py, questions_conditions.py) (text -> spec),
questions_values.py and questions_answer.py (tool output -> answer).
"""

from __future__ import annotations

from typing import Any

from agent.judges.models import ToolCall
from agent.questions.answer import answer
from agent.questions.parse import Compiled, compile_text
from agent.questions.spec import SHAPES, QuestionRefusal, QuestionSpec

__all__ = [
    "SHAPES",
    "Compiled",
    "QuestionRefusal",
    "QuestionSpec",
    "answer_question",
    "compile_question",
    "plan_question",
    "refusal_text",
]

CALL_ID = "q1"


def compile_question(text: str) -> Compiled:
    """The question as a QuestionSpec, a QuestionRefusal (a computation question that will not be
    computed, with the reason), or None (not a computation question: answer from the literature)."""
    return compile_text(text)


def plan_question(spec: QuestionSpec, *, calculator: str = "auto") -> list[ToolCall]:
    """The tool call that computes ``spec``. ``calculator`` is the run's default, used when the
    question names none; a default that cannot treat the subject (CHGNet for a molecule, xTB for a
    crystal) falls back to the tool's own choice ('auto')."""
    molecular = spec.subject.kind != "crystal"
    calc = spec.calculator or calculator
    if calc == ("chgnet" if molecular else "xtb"):
        calc = "auto"
    allowed = _allowed(spec.tool)
    if spec.calculator is None and allowed and calc not in (*allowed, "auto"):
        calc = "auto"  # the run's default cannot run this tool (EMT has no orbitals): not asked for
    if calc == "auto" and molecular:
        calc = _most_accurate(spec) or calc
    args: dict[str, Any] = {}
    if spec.subject.kind == "reaction":
        args["reaction"] = spec.subject.reaction
    else:
        args["structure"] = spec.subject.structure()
    args["calculator"] = calc
    if spec.tool == "electronic_properties":
        args["include_ir"] = spec.quantity == "ir_frequencies"
    if spec.info.uses_temperature:
        if spec.temperature_k is not None:
            args["temperature_k"] = spec.temperature_k
        if spec.pressure_bar is not None:
            args["pressure_bar"] = spec.pressure_bar
    if spec.subject.miller is not None:
        args["miller"] = spec.subject.miller
    return [ToolCall(id=CALL_ID, name=spec.tool, args=args)]


def _allowed(tool: str) -> list[str]:
    from tools.registry import SUMMARIES

    return list(SUMMARIES.get(tool, ("", []))[1])


def _most_accurate(spec: QuestionSpec) -> str | None:
    """For a molecular quantity with measured errors, the tool's calculator with the smallest one
    (DFT for frequencies, reaction energies, Gibbs energies, entropies and dipoles); xTB on request."""
    from agent.judges.methods import molecular_ranking
    from agent.questions.answer import molecule_error_key

    key = molecule_error_key(spec.quantity)
    allowed = _allowed(spec.tool)
    if key is None or not allowed:
        return None
    ranking = molecular_ranking(key, [c for c in allowed if c != "emt"])
    return ranking[0] if ranking else None


def answer_question(spec: QuestionSpec, results: dict[str, dict[str, Any]], run_ids: dict[str, str]) -> str:
    """The answer from ``results`` (planner call id -> tool output) and ``run_ids`` (call id ->
    ledger run id)."""
    return answer(spec, results.get(CALL_ID), run_ids.get(CALL_ID))


def refusal_text(refusal: QuestionRefusal) -> str:
    """The one line a refused computation question gets, before any literature passages."""
    return f"Not computed: {refusal.reason}."

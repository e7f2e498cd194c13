"""The model's formalization of a claim, without a server: the function schema built from the kind
table, reading the reply (tool call, text fallback, garbage), comparing two readings, and
weighing them (agent/graph/formalize.py, agent/graph/readings.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fake_formalize import as_parsed
from fake_openai_strict import strict_schema_problems
from langchain_core.messages import AIMessage

from agent import planner
from agent.graph.formalize import ModelReading, offered_kinds, read_reply
from agent.graph.readings import MODEL_ONLY_CAP, reconcile, same_meaning
from agent.graph.schemas import FORMALIZE_TOOL, claim_spec_tool
from agent.language.specs import RefusedClaim

VALUE = "The lattice constant of fcc copper is about 3.6 Å."
# No lattice-constant wording the parser knows: it falls back to the literature.
UNKNOWN_WORDING = "The spacing between corner atoms of the fcc nickel unit cube is about 3.5 Å."
NI_VALUE = {
    "kind": "property_value", "negated": False, "property": "lattice_constant",
    "material": {"formula": "Ni", "prototype": "fcc", "prototype_assumed": False},
    "relation": "about", "value": 3.5, "upper": None,
}  # fmt: skip


def _call(args: dict[str, Any] | str) -> AIMessage:
    text = args if isinstance(args, str) else json.dumps(args)
    from langchain_core.messages.tool import invalid_tool_call, tool_call

    try:
        parsed = json.loads(text)
    except ValueError:
        return AIMessage(
            "", invalid_tool_calls=[invalid_tool_call(name=FORMALIZE_TOOL, args=text, id="c1", error="bad")]
        )
    return AIMessage("", tool_calls=[tool_call(name=FORMALIZE_TOOL, args=parsed, id="c1")])


def _read(msg: AIMessage, claim: str = VALUE) -> ModelReading:
    return read_reply(msg, claim, offered_kinds())


def test_the_function_offers_every_reading_kind_of_the_table_and_is_strict_compatible() -> None:
    fn = claim_spec_tool([k.spec for k in offered_kinds()])["function"]
    assert fn["name"] == FORMALIZE_TOOL and fn["description"]
    assert strict_schema_problems(fn["parameters"]) == []
    defs = fn["parameters"]["$defs"]
    names = {k.spec.__name__ for k in offered_kinds()}
    assert names <= set(defs) and "RefusedClaim" not in defs and "LiteratureClaim" not in defs
    # the claim text and the digit precision are filled in by the code, never by the model
    assert all(
        "text" not in d.get("properties", {}) and "precision_pct" not in d.get("properties", {})
        for d in defs.values()
    )


def test_a_plug_in_kind_joins_the_function(test_plugin: Path) -> None:
    kinds = offered_kinds()
    assert "palindrome" in {k.name for k in kinds}
    fn = claim_spec_tool([k.spec for k in kinds])["function"]
    assert "PalindromeClaim" in fn["parameters"]["$defs"]
    got = _read(_call({"spec": {"kind": "palindrome", "negated": False, "word": "level"}, "no_fit_reason": None}),
                "The word 'level' is a palindrome.")  # fmt: skip
    assert (
        got.spec is not None
        and got.spec.word == "level"
        and got.spec.text == "The word 'level' is a palindrome."
    )


def test_a_valid_call_is_a_spec_with_the_claim_as_its_text() -> None:
    got = _read(
        _call({"spec": {**NI_VALUE, "text": "rewritten", "precision_pct": 50.0}, "no_fit_reason": None})
    )
    assert got.spec is not None and not got.invalid
    assert got.spec.text == VALUE and got.spec.precision_pct == 0.0  # the model cannot set either
    assert got.spec.material.formula == "Ni" and got.spec.value == 3.5


def test_no_fit_keeps_the_models_reason() -> None:
    got = _read(_call({"spec": None, "no_fit_reason": "it is about a thin film"}))
    assert got.spec is None and not got.invalid and got.reason == "it is about a thin film"


@pytest.mark.parametrize(
    ("reply", "why"),
    [
        (_call('{"spec": {"kind": "property_va'), "not valid JSON"),
        (
            _call({"spec": {**NI_VALUE, "kind": "telepathy"}, "no_fit_reason": None}),
            "unknown claim kind 'telepathy'",
        ),
        (_call({"spec": {**NI_VALUE, "value": "big"}, "no_fit_reason": None}), "not valid"),
        (_call({"spec": {**NI_VALUE, "colour": "red"}, "no_fit_reason": None}), "not valid"),
        (_call({"spec": [1, 2], "no_fit_reason": None}), "JSON object"),
        (
            AIMessage("", tool_calls=[{"name": "single_point", "args": {}, "id": "c9"}]),
            "called 'single_point'",
        ),
        (AIMessage("I think it is about copper."), "text without a claim spec"),
    ],
    ids=["bad_json", "unknown_kind", "wrong_type", "extra_field", "not_an_object", "other_tool", "prose"],
)
def test_unusable_replies_are_no_fit_with_the_reason(reply: AIMessage, why: str) -> None:
    got = _read(reply)
    assert got.spec is None and got.invalid and why in got.reason


def test_a_spec_in_plain_text_is_read_when_the_server_ignores_the_function() -> None:
    fenced = AIMessage(
        "Here it is:\n```json\n" + json.dumps({"spec": NI_VALUE, "no_fit_reason": None}) + "\n```"
    )
    bare = AIMessage(json.dumps(NI_VALUE))
    for msg in (fenced, bare):
        got = _read(msg)
        assert got.spec is not None and got.spec.value == 3.5


def test_same_meaning_ignores_text_precision_float_noise_and_what_one_side_assumed() -> None:
    parsed = planner.parse_claim(VALUE)
    model = _read(_call({"spec": {**as_parsed(VALUE), "value": 0.36 * 10}, "no_fit_reason": None})).spec
    assert same_meaning(model, parsed) and same_meaning(parsed, model)
    for change in ({"negated": True}, {"value": 3.7}, {"relation": "above"}, {"property": "density"}):
        other = _read(_call({"spec": {**as_parsed(VALUE), **change}, "no_fit_reason": None})).spec
        assert not same_meaning(other, parsed), change
    # "copper" names no structure: the parser assumes fcc; a model naming none, or fcc, agrees
    plain = "The lattice constant of copper is about 3.6 Å."
    assumed = planner.parse_claim(plain)
    for proto in (None, "fcc"):
        data = {
            **as_parsed(plain),
            "material": {"formula": "Cu", "prototype": proto, "prototype_assumed": False},
        }
        assert same_meaning(_read(_call({"spec": data, "no_fit_reason": None}), plain).spec, assumed)
    data = {**as_parsed(plain), "material": {"formula": "Cu", "prototype": "bcc", "prototype_assumed": False}}
    assert not same_meaning(_read(_call({"spec": data, "no_fit_reason": None}), plain).spec, assumed)


def test_a_ground_state_claim_agrees_when_the_model_names_fewer_competitors() -> None:
    claim = "The ground state of silicon is the diamond structure."
    parsed = planner.parse_claim(claim)
    assert parsed is not None and parsed.kind == "polymorph" and parsed.others_assumed
    named = {"kind": "polymorph", "negated": False, "formula": "Si", "ground": "diamond", "others": ["fcc"],
             "others_assumed": False}  # fmt: skip
    assert same_meaning(_read(_call({"spec": named, "no_fit_reason": None}), claim).spec, parsed)
    wrong = {**named, "ground": "fcc", "others": ["diamond"]}
    assert not same_meaning(_read(_call({"spec": wrong, "no_fit_reason": None}), claim).spec, parsed)


def test_reconcile_outcomes() -> None:
    parsed = planner.parse_claim(VALUE)
    agree = ModelReading(_read(_call({"spec": as_parsed(VALUE), "no_fit_reason": None})).spec)
    spec, rec = reconcile(VALUE, parsed, agree)
    assert (
        spec is parsed and rec["source"] == "agreed" and not rec["inconclusive"] and rec["tested_as"] is None
    )
    differ = ModelReading(
        _read(_call({"spec": {**as_parsed(VALUE), "value": 4.1}, "no_fit_reason": None})).spec
    )
    spec, rec = reconcile(VALUE, parsed, differ)
    assert spec is parsed and rec["source"] == "differ" and rec["inconclusive"]
    assert "about 3.6 Å" in rec["tested_as"] and "about 4.1 Å" in rec["tested_as"]
    assert rec["check"]["outcome"] == "disagrees" and rec["model_spec"]["value"] == 4.1
    spec, rec = reconcile(VALUE, parsed, ModelReading(None, "no idea"))
    assert (
        spec is parsed
        and rec["source"] == "parser"
        and not rec["inconclusive"]
        and "no idea" in rec["check"]["detail"]
    )


def test_a_reading_only_the_model_made_is_used_labelled_and_held_modest() -> None:
    # the claim grammar cannot derive it and names the span; no second reader confirms the model's
    parsed = planner.parse_claim(UNKNOWN_WORDING)
    assert parsed is not None and parsed.kind == "refused" and "corner atoms" in parsed.reasons[0]
    model = _read(_call({"spec": NI_VALUE, "no_fit_reason": None}), UNKNOWN_WORDING)
    spec, rec = reconcile(UNKNOWN_WORDING, parsed, model)
    assert spec is model.spec and rec["source"] == "model" and rec["max_confidence"] == MODEL_ONLY_CAP
    assert "the language model's reading" in rec["tested_as"] and "fcc Ni" in rec["tested_as"]
    # a claim about nothing the tools compute goes to the literature; the model's reading is still capped
    literature = planner.parse_claim("Nickel catalyses methanation well.")
    assert literature is not None and literature.kind == "literature"
    spec, rec = reconcile("Nickel catalyses methanation well.", literature, model)
    assert spec is model.spec and rec["max_confidence"] == MODEL_ONLY_CAP
    # the parser refused it outright: the model's reading is tested, the verdict stays modest
    refused = RefusedClaim(text=UNKNOWN_WORDING, reasons=["the claim names something odd"])
    spec, rec = reconcile(UNKNOWN_WORDING, refused, model)
    assert spec is model.spec and rec["max_confidence"] == MODEL_ONLY_CAP < 0.7
    assert "the claim names something odd" in rec["tested_as"]
    # words the grammar could not read are named with the model's reading, which stays capped
    film = UNKNOWN_WORDING.replace("Å.", "Å in thin films.")
    spec, rec = reconcile(
        film, planner.parse_claim(film), _read(_call({"spec": NI_VALUE, "no_fit_reason": None}), film)
    )
    assert rec["max_confidence"] == MODEL_ONLY_CAP and "films" in rec["tested_as"]


def test_the_reading_holds_the_models_verdict() -> None:
    from agent.graph.drivers.model_verdict import _held_by_reading

    assert _held_by_reading("supported", 0.9, [], {"inconclusive": True})[:2] == ("inconclusive", 0.5)
    label, conf, notes = _held_by_reading(
        "refuted", 0.9, [], {"inconclusive": False, "max_confidence": MODEL_ONLY_CAP}
    )
    assert (label, conf) == ("refuted", MODEL_ONLY_CAP) and "only the language model read" in notes[-1]
    assert _held_by_reading("supported", 0.6, [], {"max_confidence": MODEL_ONLY_CAP})[:2] == (
        "supported",
        0.6,
    )
    assert _held_by_reading("supported", 0.9, [], {})[:2] == ("supported", 0.9)


def test_a_claim_the_parser_refused_and_the_model_did_not_read_is_inconclusive() -> None:
    claim = "Most transition metals have bulk moduli above 150 GPa."
    parsed = planner.parse_claim(claim)
    assert parsed is not None and parsed.kind == "refused"
    spec, rec = reconcile(claim, parsed, ModelReading(None, "a quantifier"))
    assert spec is parsed and rec["inconclusive"] and "metals" in rec["check"]["detail"]


def test_compound_readings_compare_part_by_part_in_any_order() -> None:
    claim = "Copper crystallizes in the fcc structure with a lattice constant of about 3.6 Å."
    parsed = planner.parse_claim(claim)
    assert parsed is not None and parsed.kind == "compound", parsed
    data = as_parsed(claim)
    swapped = {**data, "parts": list(reversed(data["parts"]))}
    model = _read(_call({"spec": swapped, "no_fit_reason": None}), claim).spec
    assert model.kind == "compound" and all(p.text == claim for p in model.parts)
    assert same_meaning(model, parsed)
    one_changed = {**data, "parts": [data["parts"][0], {**data["parts"][1], "negated": True}]}
    assert not same_meaning(_read(_call({"spec": one_changed, "no_fit_reason": None}), claim).spec, parsed)

"""Offline generation: candidates enumerated from the goal's typed spec (agent/campaign/grammar.py,
read by goal_reader.py), each a claim in a shape the offline planner can test (a judged
objective's own claim about the candidate), with its rationale and prediction; and
refinement, the neighbours (next element along one axis of the family) of a round's survivors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.campaign.grammar import PROPERTIES, WORDS, GoalSpec
from agent.campaign.models import CampaignCandidate, Origin
from agent.campaign.naming import formula_of
from agent.language import lexicon as lx
from agent.language import mentions as mn

if TYPE_CHECKING:
    from agent.settings import Settings

COMPETITORS = {"elemental": ("fcc", "bcc", "hcp"), "binary": ("rocksalt", "cesiumchloride", "zincblende", "wurtzite")}  # fmt: skip
_WORD = WORDS


def spread(members: list[str], n: int) -> list[str]:
    """``n`` members spread evenly over the family's order (its first and last included), so the
    first round samples the whole family and refinement fills in around the winners."""
    if n >= len(members):
        return list(members)
    if n == 1:
        return [members[0]]
    idx = sorted({round(i * (len(members) - 1) / (n - 1)) for i in range(n)})
    return [members[i] for i in idx]


def prototype_of(spec: GoalSpec, formula: str) -> str | None:
    """The structure a property candidate is computed in: the one the goal names, else its known one."""
    if spec.shape != "structure" and spec.prototype is not None:
        return spec.prototype if lx.DEFAULT_PROTOTYPE.get(formula, spec.prototype) == spec.prototype else None
    return lx.DEFAULT_PROTOTYPE.get(formula)


def eligible(spec: GoalSpec, settings: Settings) -> tuple[list[str], list[str]]:
    """(members the planner can test and the calculator can screen, notes on the ones left out)."""
    from agent.campaign.screen import can_screen

    members = [m for m in spec.family.members() if m != spec.reference]
    if spec.shape == "judged":  # the judges choose each claim's structures and calculator
        return members, []
    notes = []
    if spec.molecular:  # molecules: the fast method treats every molecule the tools build
        return members, []
    if spec.shape != "structure":
        left = [m for m in members if prototype_of(spec, m) is None]
        members = [m for m in members if m not in left]
        why = (
            "their known structure is not the one the goal names"
            if spec.prototype
            else "no known ground-state structure"
        )
        notes += [f"Left out {', '.join(left)}: {why}."] if left else []
    calc = settings.simulation.default_calculator
    untreatable = [m for m in members if not can_screen(m, calc)]
    if untreatable:
        members = [m for m in members if m not in untreatable]
        notes.append(f"Left out {', '.join(untreatable)}: the {calc} calculator cannot treat them.")
    return members, notes


def generate(spec: GoalSpec, n: int, members: list[str], start: int = 1) -> list[CampaignCandidate]:
    return [candidate(spec, f, f"c{start + i}", members) for i, f in enumerate(spread(members, n))]


def refine(spec: GoalSpec, parent: CampaignCandidate, seen: set[str], start: int, rnd: int,
           settings: Settings) -> list[CampaignCandidate]:  # fmt: skip
    """Unseen neighbours of a survivor (one element one step along its family's order)."""
    members, _ = eligible(spec, settings)
    formula = formula_of(parent)
    out: list[CampaignCandidate] = []
    for f in spec.family.neighbours(formula) if formula else []:
        if f in seen or f not in members:
            continue
        seen.add(f)
        c = candidate(spec, f, f"c{start + len(out)}", members, origin="refined", rnd=rnd)
        c.parent = parent.id
        c.rationale += f"; neighbour of {formula} ({parent.id}), which led round {rnd - 1}"
        out.append(c)
    return out


def candidate(spec: GoalSpec, f: str, cid: str, members: list[str], origin: Origin = "generated",
              rnd: int = 1) -> CampaignCandidate:  # fmt: skip
    claim, rationale, prediction = _claim(spec, f, members)
    return CampaignCandidate(id=cid, claim=claim, rationale=rationale, predictions=[prediction], origin=origin, round=rnd)  # fmt: skip


def _claim(spec: GoalSpec, f: str, members: list[str]) -> tuple[str, str, str]:
    member = f"a member of the {spec.family.name}"
    if spec.shape == "judged":
        claim = spec.claim_about(f)
        return claim, f"{member}; the goal's claim about it, judged whole", f"The offline test supports: {claim}"
    if spec.shape == "structure":
        proto = spec.prototype or ""
        kind = "elemental" if len(mn.elements_of(f)) == 1 else "binary"
        others = [lx.PROTOTYPE_WORDS[p] for p in COMPETITORS[kind] if p != proto]
        word = lx.PROTOTYPE_WORDS.get(proto, proto)
        claim = (
            f"{f} is more stable in the {word} structure than in {', '.join(others[:-1])} or {others[-1]}."
        )
        return (
            claim,
            f"{member}; the goal asks which take the {word} structure",
            (f"The {word} cell of {f} has the lowest energy per atom of the {len(others) + 1} structures."),
        )
    prop = spec.prop or "bulk_modulus"
    word, unit = _WORD[prop], PROPERTIES[prop]
    cmp = "larger" if spec.greater else "smaller"
    if spec.shape == "threshold" and spec.molecular:
        rel = "above" if spec.greater else "below"
        claim = f"The {word} of {f} is {rel} {spec.threshold:g} {unit}."
        return claim, f"{member} (screened with GFN2-xTB)", f"The computed {word} of {f} is {rel} {spec.threshold:g} {unit}."
    if spec.shape == "threshold":
        proto = lx.PROTOTYPE_WORDS.get(prototype_of(spec, f) or "", "")
        rel = "above" if spec.greater else "below"
        claim = f"The {word} of {proto} {f} is {rel} {spec.threshold:g} {unit}."
        return claim, f"{member} ({proto})", f"The computed {word} of {f} is {rel} {spec.threshold:g} {unit}."
    if spec.shape in ("closest", "match"):
        return _near_claim(spec, f, next((m for m in members if m != f), f), member)
    rival = spec.reference or next(m for m in members if m != f)
    claim = f"{f} has a {cmp} {word} than {rival}."
    why = f"{member}; compared with {rival}" + (
        "" if spec.reference else " until the screen names the strongest rival"
    )
    return claim, why, f"The computed {word} of {f} is {cmp} than that of {rival}."


def _near_claim(spec: GoalSpec, f: str, rival: str, member: str) -> tuple[str, str, str]:
    """A closest-to or match candidate's claim: the proximity claim about it (a reference material
    is computed in the same run by the same method as the candidate)."""
    word, unit = _WORD[spec.prop or ""], PROPERTIES[spec.prop or ""]
    to = f"that of {spec.reference}" if spec.reference else f"{spec.target:g} {unit}"
    same = f"; {spec.reference} computed alike, in the same run" if spec.reference else ""
    if spec.shape == "match":
        claim = f"The {word} of {f} is within {spec.tolerance_pct:g} % of {to}."
        return claim, f"{member}{same}", f"The computed {word} of {f} differs from {to} by at most {spec.tolerance_pct:g} %."
    claim = f"The {word} of {f} is closer to {to} than that of {rival}."
    why = f"{member}; compared with {rival} until the screen names the strongest rival{same}"
    return claim, why, f"The computed {word} of {f} is closer to {to} than that of {rival}."


def with_rival(c: CampaignCandidate, spec: GoalSpec, rival: str) -> CampaignCandidate:
    """An extreme-goal candidate compared with the strongest other candidate of the screen."""
    f = formula_of(c) or ""
    if spec.shape == "closest":
        claim, _, prediction = _near_claim(spec, f, rival, "")
        return c.model_copy(update={"claim": claim, "predictions": [prediction.rstrip(".") + ", the strongest rival in the screen."]})  # fmt: skip
    prop = spec.prop or "bulk_modulus"
    cmp = "larger" if spec.greater else "smaller"
    word = _WORD[prop]
    return c.model_copy(update={
        "claim": f"{f} has a {cmp} {word} than {rival}.",
        "predictions": [f"The computed {word} of {f} is {cmp} than that of {rival}, the strongest rival in the screen."],
    })  # fmt: skip

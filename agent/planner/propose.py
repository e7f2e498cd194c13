"""Rule-based proposals: element substitution within a group on a prototype, ranked by a computed criterion.

Goal kinds understood:
- stability: "find materials like MgO in the rocksalt structure", "which alkaline-earth oxides are
  stable in rocksalt" -> candidates ranked by how far the prototype lies below its competitors;
- property: "fcc metals with a higher bulk modulus than copper" -> ranked by the computed property;
- similarity: "suggest substitutes for Ni with a similar lattice constant" -> ranked by closeness.
"""

from __future__ import annotations

import re
from typing import Any

from agent.judges.models import Candidate, Proposal, ToolCall
from agent.judges.tool_results import find
from agent.language import lexicon as lx
from agent.language import mentions as mn
from agent.results import Hypothesis

_METALS_EXCLUDED = frozenset({"Ne", "Ar", "Kr", "Xe", "C", "Si", "Ge"})
_ANION_WORDS = {"oxide": "O", "sulfide": "S", "sulphide": "S", "selenide": "Se", "telluride": "Te",
                "fluoride": "F", "chloride": "Cl", "bromide": "Br", "iodide": "I", "nitride": "N"}  # fmt: skip
_COMPETITORS = {
    "elemental": ["fcc", "bcc", "hcp"],
    "binary": ["rocksalt", "cesiumchloride", "zincblende", "wurtzite"],
}


def _group_from_goal(goal: str) -> tuple[str, ...] | None:
    # Longest alias first: "alkaline-earth" must not be read as "alkali".
    for alias, name in sorted(lx.GROUP_ALIASES.items(), key=lambda kv: -len(kv[0])):
        if re.search(r"\b" + alias + r"(?!ne)", goal, re.I):
            return lx.GROUPS[name]
    return None


def _anion(goal: str) -> str | None:
    m = re.search(r"\b(" + "|".join(_ANION_WORDS) + r")s?\b", goal, re.I)
    return _ANION_WORDS[m.group(1).lower()] if m else None


def _binary(cation: str, anion: str) -> str | None:
    name = lx.ELEMENT_NAME.get(cation)
    word = next((w for w, s in _ANION_WORDS.items() if s == anion), None)
    return lx.compound_from_name(name, word) if name and word else None


def _substitutes(
    reference: str, group: tuple[str, ...] | None, anion: str | None
) -> tuple[list[str], str | None]:
    """Candidate formulas: swap the reference's first element within its group (or the named group)."""
    elements = mn.elements_of(reference) if reference else []
    if group is None and elements:
        found = lx.group_of(elements[0])
        group = found[1] if found else None
    if group is None:
        return [], None
    if anion is None and len(elements) == 2:
        anion = elements[1]
    out = []
    for el in group:
        formula = _binary(el, anion) if anion else el
        if formula and formula != reference:
            out.append(formula)
    return out, anion


def _eos(cid: str, formula: str, prototype: str, calculator: str) -> ToolCall:
    return ToolCall(id=cid, name="equation_of_state",
                    args={"structure": {"formula": formula, "prototype": prototype}, "calculator": calculator})  # fmt: skip


def propose(goal: str, n: int, *, calculator: str = "auto") -> Proposal | None:
    """Proposals for a goal the rules understand, else None (the caller says it cannot propose offline)."""
    g = mn.normalize(goal)
    mats, protos = mn.materials(g)
    reference = mats[0].value if mats else None
    prototype = (
        protos[0].value if protos else (lx.DEFAULT_PROTOTYPE.get(reference or "") if reference else None)
    )
    if re.search(r"bulk modul|stiff|harder to compress|incompressib", g, re.I):
        return _property_goal(g, n, reference, prototype, "bulk_modulus", calculator)
    if re.search(r"lattice (?:constant|parameter)", g, re.I) and re.search(
        r"similar|close|match|compar|like", g, re.I
    ):
        return _property_goal(g, n, reference, prototype, "lattice_constant", calculator)
    wants_stability = re.search(r"stabl|like|analog|similar|substitut|crystalli[sz]|adopt", g, re.I)
    if prototype and (wants_stability or _group_from_goal(g)):
        return _stability_goal(g, n, reference, prototype, calculator)
    return None


def _stability_goal(
    g: str, n: int, reference: str | None, prototype: str, calculator: str
) -> Proposal | None:
    group, anion = _group_from_goal(g), _anion(g)
    formulas, _ = _substitutes(reference or "", group, anion)
    if (
        reference
        and group is not None
        and anion
        and _binary(mn.elements_of(reference)[0], anion) == reference
    ):
        formulas = [f for f in formulas if f != reference]
    if not formulas:
        return None
    kind = "elemental" if len(mn.elements_of(formulas[0])) == 1 else "binary"
    others = [p for p in _COMPETITORS[kind] if p != prototype]
    word = lx.PROTOTYPE_WORDS.get(prototype, prototype)
    other_words = (
        ", ".join(lx.PROTOTYPE_WORDS.get(o, o) for o in others[:-1])
        + f" or {lx.PROTOTYPE_WORDS.get(others[-1], others[-1])}"
    )
    cands, calls = [], []
    for i, f in enumerate(formulas, 1):
        cid = f"p{i}"
        calls.append(ToolCall(id=cid, name="compare_polymorphs",
                              args={"formula": f, "prototypes": [prototype, *others], "calculator": calculator, "relax": True}))  # fmt: skip
        basis = f"substitution of {reference} within its group" if reference else "members of the named group"
        cands.append(Candidate(formula=f, prototype=prototype, call_id=cid,
                               claim=f"{f} is more stable in the {word} structure than in {other_words}.",
                               rationale=f"{basis}; {word} is the structure asked for"))  # fmt: skip
    return Proposal(goal=g, kind="substitution_stability", n=n, prototype=prototype, criterion="polymorph_margin",
                    reference=reference, description=f"{len(cands)} group substitutes ranked by how far {word} lies below {other_words}",
                    candidates=cands, calls=calls)  # fmt: skip


def _property_goal(
    g: str, n: int, reference: str | None, prototype: str | None, prop: str, calculator: str
) -> Proposal | None:
    if reference is None or prototype is None:
        return None
    similar = prop == "lattice_constant"
    group = _group_from_goal(g)
    if similar or group is not None:
        pool, _ = _substitutes(reference, group, None)
        pool += [
            el
            for el, p in lx.DEFAULT_PROTOTYPE.items()
            if p == prototype and el in lx.SYMBOLS and el not in pool
        ]
    else:
        pool = [el for el, p in lx.DEFAULT_PROTOTYPE.items() if p == prototype and el in lx.SYMBOLS]
    pool = [
        f
        for f in pool
        if f != reference and f not in _METALS_EXCLUDED and lx.DEFAULT_PROTOTYPE.get(f) == prototype
    ]
    if not pool:
        return None
    calls = [_eos("r0", reference, prototype, calculator)]
    cands = []
    word = lx.PROTOTYPE_WORDS.get(prototype, prototype)
    for i, f in enumerate(pool, 1):
        calls.append(_eos(f"p{i}", f, prototype, calculator))
        claim = (f"{f} has a larger bulk modulus than {reference}." if not similar
                 else f"The lattice constant of {word} {f} is about {{a_ref:.2f}} Å.")  # fmt: skip
        cands.append(Candidate(formula=f, prototype=prototype, call_id=f"p{i}", claim=claim,
                               rationale=f"{word} like {reference}" + (" and in its group" if f in (lx.group_of(reference) or ("", ()))[1] else "")))  # fmt: skip
    return Proposal(goal=g, kind="substitution_similar" if similar else "substitution_property", n=n, prototype=prototype,
                    criterion="lattice_constant" if similar else "bulk_modulus", reference=reference, reference_call_id="r0",
                    higher_is_better=not similar, candidates=cands, calls=calls,
                    description=f"{len(cands)} {word} candidates ranked by computed {prop.replace('_', ' ')}")  # fmt: skip


def _criterion(proposal: Proposal, out: dict[str, Any], candidate: Candidate) -> float | None:
    if proposal.criterion == "polymorph_margin":
        energies = {r.get("prototype"): r.get("energy_per_atom_ev") for r in out.get("ranking") or []}
        mine = energies.pop(candidate.prototype, None)
        rest = [float(e) for e in energies.values() if e is not None]
        return None if mine is None or not rest else min(rest) - float(mine)
    key = "bulk_modulus_gpa" if proposal.criterion == "bulk_modulus" else "lattice_a_angstrom"
    v = out.get(key)
    return float(v) if v is not None else None


def rank(proposal: Proposal, results: dict[str, dict[str, Any]], n: int | None = None) -> list[Hypothesis]:
    """Score each candidate from its call's result and return the top `n` as hypotheses."""
    ref_value = None
    if proposal.reference_call_id:
        _, ref = find(results, proposal.reference_call_id)
        if ref and "error" not in ref:
            ref_value = _criterion(proposal, ref, proposal.candidates[0]) if proposal.candidates else None
    scored: list[tuple[float, Hypothesis]] = []
    for c in proposal.candidates:
        _, out = find(results, c.call_id)
        if not out or "error" in out:
            continue
        v = _criterion(proposal, out, c)
        if v is None:
            continue
        if proposal.criterion == "bulk_modulus" and ref_value is not None and v <= ref_value:
            continue  # its claim ("larger than the reference") is already contradicted by the computation
        hyp = _hypothesis(proposal, c, v, ref_value)
        if hyp is not None:
            scored.append((hyp.score or 0.0, hyp))
    scored.sort(key=lambda x: -x[0])
    top = [h for _, h in scored][: n or proposal.n]
    return [h.model_copy(update={"id": f"h{i}"}) for i, h in enumerate(top, 1)]


def _hypothesis(p: Proposal, c: Candidate, v: float, ref: float | None) -> Hypothesis | None:
    from agent.language.kinds import predictions
    from agent.planner.parse import parse_claim

    if p.criterion == "polymorph_margin":
        score, basis = (
            v,
            f"computed energy margin of {c.prototype} below its best competitor (eV/atom, higher is better)",
        )
        claim = c.claim
    elif p.criterion == "bulk_modulus":
        score, basis = (
            v,
            f"computed bulk modulus in GPa ({p.reference}: {ref:.0f} GPa)"
            if ref
            else "computed bulk modulus in GPa",
        )
        claim = c.claim
    else:
        if ref is None:
            return None
        score = -abs(v - ref) / ref * 100.0
        basis = f"minus the % difference of the computed lattice constant from {p.reference}'s {ref:.3f} Å"
        claim = c.claim.format(a_ref=ref)
    spec = parse_claim(claim, literature=False)
    preds = predictions(spec) if spec is not None else []
    return Hypothesis(claim=claim, rationale=f"{c.rationale}; criterion value {v:.4g}", predictions=preds,
                      score=round(score, 4), score_basis=basis)  # fmt: skip

"""Plan and judge magnetism claims from a computation that represents spin, the user's data and
the literature; no table of magnetic elements decides anything.

The plan (each call where it applies): the calculator's predicted 0 K moments of the relaxed
crystal (``magnetic_moments`` with CHGNet, call c1), the spin-polarised DFT energies of the
non-magnetic, ferro- and antiferromagnetic states of an elemental fcc/bcc/hcp metal without f
electrons (``magnetic_states``, call c2: agent/judges/magnetism_dft.py), the user's measured
moments (d1) and Curie temperatures (d2), and the literature (l1). What each can say is in
agent/judges/magnetism_sources.py; how they combine (documented rule, tested):
- sources that decide must agree; when they do not, the verdict is inconclusive with all shown;
- the verdict takes the most confident deciding source, plus ``AGREE_BONUS`` for each other one
  that agrees. A predicted moment alone stays below 0.7 (``MOMENT_CAP``), the user's data alone
  at 0.6, the literature (word matching) below 0.7, spin-polarised DFT at its measured record;
- no source decides: inconclusive, with each source's reason (e.g. CHGNet's unsigned moment
  cannot tell ferro- from antiferromagnetic order; no tool computes an ordering temperature).
"""

from __future__ import annotations

from agent.judges import magnetism_dft as dft
from agent.judges import magnetism_sources as src
from agent.judges.models import Judgement, ToolCall
from agent.judges.tool_results import inconclusive
from agent.language.specs_science import MagnetismClaim
from agent.literature.judge import SEARCH_K
from agent.results import Evidence

AGREE_BONUS = 0.03
Results = src.Results


def plan_magnetism(spec: MagnetismClaim, calculator: str) -> list[ToolCall]:
    from tools.calculators import supported_calculators

    calls: list[ToolCall] = []
    if spec.material.prototype and "chgnet" in supported_calculators([spec.material.formula], periodic=True):
        args = {"structure": {"formula": spec.material.formula, "prototype": spec.material.prototype},
                "calculator": "chgnet", "threshold_mu_b": src.THRESHOLD_MU_B}  # fmt: skip
        calls.append(ToolCall(id="c1", name="magnetic_moments", args=args))
    if spin_dft_applies(spec):
        args = {"element": spec.material.formula, "prototype": spec.material.prototype}
        calls.append(ToolCall(id=dft.CALL_ID, name="magnetic_states", args=args))
    props = ["magnetic_moment"] + (["curie_temperature"] if spec.state is not None else [])
    for i, prop in enumerate(props, 1):
        args = {
            "formula": spec.material.formula,
            "property": prop,
            "kind": "measurement",
            "save_structures": False,
        }
        calls.append(ToolCall(id=f"d{i}", name="data_query", args=args))
    calls.append(
        ToolCall(
            id="l1", name="literature_search", args={"query": spec.text, "k": SEARCH_K, "mode": "hybrid"}
        )
    )
    return calls


def spin_dft_applies(spec: MagnetismClaim) -> bool:
    """magnetic_states computes elemental fcc, bcc and hcp metals without f electrons, and only
    claims about a magnetic state (it decides no moment values)."""
    from tools.spin_cells import supported

    m = spec.material
    return spec.state is not None and supported(m.formula, m.prototype) is None


def _claim_words(spec: MagnetismClaim) -> str:
    if spec.state is None:
        return f"{'not ' if spec.negated else ''}{spec.relation} {spec.value:g} µB/atom"
    at = f" at {spec.temperature_k:g} K" if spec.temperature_k else " in the ground state"
    return f"{'not ' if spec.negated else ''}{spec.state}{at}"


def _neutral(evidence: list[Evidence]) -> list[Evidence]:
    return [e.model_copy(update={"supports": None}) for e in evidence]


def combine(spec: MagnetismClaim, findings: list[src.Finding]) -> Judgement:
    """The verdict from the sources' findings (see the module rule)."""
    claim = f"{spec.material.label()} {_claim_words(spec)}"
    evidence = [e for f in findings for e in f.evidence]
    reasons = [f"{f.source}: {f.reason.rstrip('.')}" for f in findings]
    decided = [f for f in findings if f.holds is not None]
    computed = [e.value for e in evidence if e.kind == "simulation" and e.value is not None]
    values = {"moment_mu_b": computed[0]} if computed else {}
    if not findings:
        return inconclusive(f"Cannot decide '{claim}': nothing computed it and no data or literature stated it.",
                            questions=["no calculator here predicts this crystal's moments; add a measurement "
                                       "with `hypoloop data add` or literature with `hypoloop index add`"])  # fmt: skip
    if not decided:
        return inconclusive(f"Cannot decide '{claim}': " + "; ".join(reasons) + ".", evidence=_neutral(evidence),
                            values=values, questions=["the ordering temperature or a decisive spin-polarised comparison "
                                                      "of ordered states (or a measurement) is needed to decide"])  # fmt: skip
    if len({f.holds for f in decided}) > 1:
        said = "; ".join(f"{f.source} {'supports' if f.holds else 'contradicts'} it" for f in decided)
        return inconclusive(f"Inconclusive: the sources disagree on '{claim}' ({said}). " + "; ".join(reasons) + ".",
                            evidence=evidence, values=values,
                            questions=["check the conditions of the data against the computed 0 K crystal"])  # fmt: skip
    holds = bool(decided[0].holds)
    best = max(f.confidence for f in decided)
    conf = min(0.95, best + AGREE_BONUS * (len(decided) - 1))
    label = "supported" if holds else "refuted"
    by = ", ".join(f.source for f in decided)
    return Judgement(verdict=label, confidence=round(conf, 3), evidence=evidence, values=values,
                     summary=f"{label.capitalize()} by {by}: '{claim}'. " + "; ".join(reasons) + ".")  # fmt: skip


def judge_magnetism(spec: MagnetismClaim, results: Results, about: float) -> Judgement:
    tol = about if spec.relation == "about" else spec.precision_pct
    findings = [
        f
        for f in (
            src.computed_moment(spec, results, tol),
            dft.spin_dft(spec, results),
            src.measured_moment(spec, results, tol),
            src.measured_curie(spec, results),
            src.literature(spec, results),
        )
        if f is not None
    ]
    return combine(spec, findings)

"""Read a computation question into a QuestionSpec: quantity, subject, conditions, calculator.

Deterministic. A question that names no known quantity is not a computation question (None: the
caller answers it from the literature). A question that names one but leaves something the tools
cannot represent (two subjects, a solvent, a number that would go unused, a calculator the tool
lacks) is refused with a one-line reason; what the compiler assumes (a default crystal structure
or facet) is recorded in ``assumptions`` and stated in the answer, never silently guessed.
"""

from __future__ import annotations

import re

from agent.language import lexicon as lx
from agent.language import mentions as mn
from agent.questions.conditions import (
    ROOM_T_K,
    Reader,
    calculator,
    conditions,
    leftover_number,
    out_of_range,
)
from agent.questions.spec import QUANTITIES, UNSUPPORTED, QuestionRefusal, QuestionSpec
from agent.questions.subject import subject_of

Compiled = QuestionSpec | QuestionRefusal | None

# A yes/no question is a claim to judge (the claim parser's job), a why/how question asks for an
# explanation: neither is a request to compute a number.
_NOT_COMPUTATION = re.compile(
    r"^(?:is|are|does|do|did|can|could|will|would|should|has|have|was|were|why|who|when|where"
    r"|how(?!\s+(?:large|big|high|much|strong|stiff|long|wide)\b))\b",
    re.I,
)
# Asking for a measured or published value is a literature question, not a computation.
_LITERATURE = re.compile(
    r"\b(?:according to|in the literature|literature value|reported (?:in|by)|experiment(?:al|ally)?|measured"
    r"|published|handbook)\b",
    re.I,
)
# Conditions the tools do not represent (gas-phase molecules, perfect bulk crystals at rest).
_UNREPRESENTED: dict[str, str] = {
    r"\bsolv\w+|\bin (?:aqueous )?solution\b|\baqueous\b": "solvation is not represented "
    "(molecules are computed in the gas phase)",
    r"\bstrain(?:ed)?\b|\bunder (?:\w+ )?(?:stress|pressure|load|tension|compression)\b": "strain and stress "
    "are not represented (crystals are computed at rest)",
    r"\bexcited[- ]state|\b(?:cation|anion|ion|radical)s?\b|\bcharged\b|\bprotonated\b": "charged, radical and "
    "excited states are not represented (neutral ground states only)",
    r"\bmonolayer|\bthin[- ]films?\b|\bnano\w+|\bclusters?\b|\bdoped\b|\balloy\w*": "only perfect bulk crystals "
    "and isolated molecules are represented",
    r"\b(?:high|low|elevated|ambient) (?:temperature|pressure)s?\b": "a temperature or pressure without a "
    "number cannot be used (give it, e.g. 'at 800 K')",
    # "the enthalpy of combustion of methane" is not methane's enthalpy: the process is not represented.
    r"\b(?:combustion|vapori[sz]ation|sublimation|fusion|melting|atomi[sz]ation|adsorption|binding|dissociation"
    r"|activation|ioni[sz]ation|electron affinity|barriers?|transition states?|hydrogenation|oxidation)\b": "a "
    "process energy (combustion, adsorption, binding, activation...) is not a quantity the compiler represents; "
    "write the reaction as an equation, e.g. 'CH4 + 2 O2 -> CO2 + 2 H2O'",
}
_REACTION_DEFAULT = {"gibbs_energy": "reaction_gibbs", "enthalpy": "reaction_enthalpy"}


def compile_text(text: str) -> Compiled:
    """The question as a QuestionSpec, a QuestionRefusal, or None when it asks for no known quantity."""
    t = mn.normalize(text)
    body = re.sub(r"^(?:please\s+|so\s+|ok(?:ay)?,?\s+)", "", t, flags=re.I)
    if _NOT_COMPUTATION.match(body) or _LITERATURE.search(t):
        return None
    r = Reader(t)
    keys = _quantities(r)
    arrow = re.search(r"->|→|⟶|=>|<=>|⇌", t)
    if not keys and arrow and re.search(r"\benerg", t, re.I):
        keys = ["reaction_energy"]
    if not keys:
        return _unsupported(t)
    if len(keys) > 1:
        labels = ", ".join(QUANTITIES[k].label for k in keys)
        return QuestionRefusal(
            text=text, reason=f"it asks for several quantities ({labels}); ask for one at a time"
        )
    key = _REACTION_DEFAULT.get(keys[0], keys[0]) if arrow else keys[0]
    return _compile(text, r, key)


def _compile(text: str, r: Reader, key: str) -> QuestionSpec | QuestionRefusal:
    def refuse(why: str) -> QuestionRefusal:
        return QuestionRefusal(text=text, quantity=key, reason=why)

    for pattern, why in [*UNSUPPORTED.items(), *_UNREPRESENTED.items()]:
        if re.search(pattern, r.text, re.I):
            return refuse(why)
    calc = calculator(r)
    if isinstance(calc, str) and calc.startswith("!"):
        return refuse(calc[1:])
    cond = conditions(r)
    if isinstance(cond, str):
        return refuse(cond)
    subject = subject_of(r, key)
    if isinstance(subject, str):
        return refuse(subject)
    subj, assumptions = subject
    if QUANTITIES[key].uses_temperature:
        assumptions = [*assumptions, *_default_conditions(cond[0], cond[1])]
    spec = QuestionSpec(
        text=text, quantity=key, subject=subj, calculator=calc, temperature_k=cond[0], pressure_bar=cond[1],
        assumptions=assumptions,
    )  # fmt: skip
    problem = _consistency(spec) or leftover_number(r)
    return refuse(problem) if problem else spec


def _default_conditions(t: float | None, p: float | None) -> list[str]:
    out = []
    if t is None:
        out.append(f"no temperature was given, so {ROOM_T_K:g} K is used")
    if p is None:
        out.append("no pressure was given, so 1 bar (the standard state) is used")
    return out


def _quantities(r: Reader) -> list[str]:
    """Distinct quantities named, in table order; a geometry beside another quantity is that
    quantity's own optimisation step, not a second request."""
    keys: list[str] = []
    for key, q in QUANTITIES.items():
        for m in re.finditer(q.pattern, r.text, re.I):
            if r.take(m.start(), m.end()) and key not in keys:
                keys.append(key)
    if len(keys) > 1 and "geometry" in keys:
        keys.remove("geometry")
    return keys


def _unsupported(t: str) -> QuestionRefusal | None:
    for pattern, why in UNSUPPORTED.items():
        if re.search(pattern, t, re.I):
            return QuestionRefusal(text=t, reason=why)
    return None


def _consistency(spec: QuestionSpec) -> str | None:
    """Conditions and calculators the chosen tool cannot take."""
    from tools.registry import SUMMARIES

    info = spec.info
    # A static calculation is at 0 K: "at 0 K" is what it computes, any other temperature is not.
    if not info.uses_temperature and (spec.temperature_k not in (None, 0.0) or spec.pressure_bar is not None):
        return (
            f"the {info.label} is computed for the static structure (0 K, no pressure); the temperature or "
            "pressure in the question is not represented"
        )
    if info.uses_temperature and (why := out_of_range(spec.temperature_k, spec.pressure_bar)):
        return why
    allowed = SUMMARIES.get(spec.tool, ("", []))[1]
    if spec.calculator is not None and allowed and spec.calculator not in allowed:
        return f"the {spec.tool} tool runs with {' or '.join(allowed)}, not {spec.calculator}"
    if spec.subject.kind == "crystal" and spec.calculator == "emt":
        outside = [e for e in mn.elements_of(spec.subject.formula or "") if e not in lx.EMT_METALS]
        if outside:
            return f"EMT does not treat {', '.join(outside)} (it covers {', '.join(sorted(lx.EMT_METALS))})"
    return None

"""The answer to a computed question: the number with its unit (questions_values.py), the method
and settings it came from, what the compiler assumed, the calculator's measured error where one
was measured (tools/accuracy*.py) with the signed model of the subject's material class
(agent/judges/calibration.py; never the subject's own error), and the ledger run id that holds
the calculation."""

from __future__ import annotations

from typing import Any

from agent.questions.spec import QuestionSpec
from agent.questions.values import VALUES

# quantity -> the tools/accuracy.py property whose measured error applies to it.
_CRYSTAL_ERRORS: dict[str, list[str]] = {
    "lattice_constant": ["lattice_constant"], "bulk_modulus": ["bulk_modulus"],
    "elastic_constants": ["c11", "c12", "c44"], "vacancy_formation_energy": ["vacancy_formation_energy"],
    "surface_energy": ["surface_energy"], "cohesive_energy": ["cohesive_energy"],
    "magnetic_moment": ["magnetic_moment"],
}  # fmt: skip
# quantity -> (tools/accuracy_molecules.py key, unit, what was measured).
_MOLECULE_ERRORS: dict[str, tuple[str, str, str]] = {
    "vibrational_frequencies": ("frequency_cm1", "cm^-1", "harmonic vs experimental fundamentals"),
    "ir_frequencies": ("frequency_cm1", "cm^-1", "harmonic vs experimental fundamentals"),
    "reaction_enthalpy": ("reaction_enthalpy_kj_mol", "kJ/mol", "gas-phase reaction enthalpies vs NIST"),
    "reaction_gibbs": ("reaction_enthalpy_kj_mol", "kJ/mol", "measured for reaction enthalpies vs NIST; ΔG shares ΔE's error"),
    "reaction_energy": ("reaction_enthalpy_kj_mol", "kJ/mol", "measured for reaction enthalpies vs NIST, which ΔE dominates"),
    "entropy": ("entropy_j_mol_k", "J/(mol K)", "standard entropies vs NIST-JANAF"),
    "dipole_moment": ("dipole_debye", "D", "dipole moments vs the CRC Handbook"),
}  # fmt: skip


def answer(spec: QuestionSpec, out: dict[str, Any] | None, run_id: str | None) -> str:
    """The reply to ``spec`` from its tool's output (an error output says why nothing was computed)."""
    subject = spec.subject.describe()
    what = (
        f"The {spec.info.label} of {subject}" if spec.subject.kind != "reaction" else f"The {spec.info.label}"
    )
    ledger = f"Ledger run: {run_id}." if run_id else "No ledger run was recorded."
    assumed = "".join(f" Assumed: {a}." for a in spec.assumptions)
    if out is None or "error" in out:
        why = (out or {}).get("error", {}).get("message", "the tool did not run")
        return f"Could not compute this: {why}.{assumed} {ledger}"
    try:
        value = VALUES[spec.quantity](spec, out)
    except (KeyError, TypeError, ValueError) as e:  # a tool output of an unexpected shape
        return f"Could not read the {spec.tool} result ({type(e).__name__}: {e}).{assumed} {ledger}"
    lines = [
        f"{what}, computed offline: {value}.",
        f"Method: {spec.tool} with {_calculator(out)}{_settings(out)}.{assumed}",
    ]
    error = measured_error(spec, out.get("calculator"), out.get("calculator_variant"))
    if error:
        lines.append(error)
    lines.append(_cost(out))
    warnings = [str(w) for w in out.get("warnings") or []][:3]
    if warnings:
        lines.append("Warnings: " + "; ".join(warnings) + ".")
    lines.append(ledger)
    return "\n\n".join(lines)  # paragraphs: the terminal renders the answer as Markdown


def _cost(out: dict[str, Any]) -> str:
    if out.get("cached"):
        return "Cost: reused from the result cache (no new calculation)."
    return f"Cost: {float(out.get('wall_s') or 0.0):.1f} s of computation."


def molecule_error_key(quantity: str) -> str | None:
    """The measured-error key (tools/accuracy_molecules.py) of a molecular question's quantity."""
    entry = _MOLECULE_ERRORS.get(quantity)
    return entry[0] if entry else None


def _calculator(out: dict[str, Any]) -> str:
    calc = out.get("calculator") or "its calculator"
    version = out.get("calculator_version")
    return f"{calc} ({version})" if version else str(calc)


def _settings(out: dict[str, Any]) -> str:
    params = {k: v for k, v in (out.get("parameters") or {}).items() if _short(v)}
    if not params:
        return ""
    return "; settings " + ", ".join(f"{k}={_fmt(v)}" for k, v in params.items())


def _short(v: Any) -> bool:
    return isinstance(v, str | int | float | bool) or (isinstance(v, list | tuple) and len(v) <= 6)


def _fmt(v: Any) -> str:
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_fmt(x) for x in v) + "]"
    return f"{v:g}" if isinstance(v, float) else str(v)


def measured_error(spec: QuestionSpec, calculator: str | None, variant: str | None = None) -> str | None:
    """The calculator's measured error for this quantity as a sentence, or that none was measured."""
    if calculator is None:
        return None
    if spec.quantity in _CRYSTAL_ERRORS:
        from tools.accuracy import measured_error

        parts = []
        for prop in _CRYSTAL_ERRORS[spec.quantity]:
            e = measured_error(calculator, prop)
            if e is not None:
                parts.append(f"{prop} MAE {e.mae:.3g} {e.unit} ({e.mape_percent:.1f} %, n={e.n})")
        if not parts:
            return f"No measured error of {calculator} for the {spec.info.label}: treat the value as uncalibrated."
        return f"Measured error of {calculator} against experiment: {'; '.join(parts)} (tools/accuracy.py){_class_model(spec, calculator)}."
    if spec.quantity in _MOLECULE_ERRORS:
        from tools.accuracy_molecules import molecule_mae

        key, unit, what = _MOLECULE_ERRORS[spec.quantity]
        mae = molecule_mae(calculator, key, variant)
        named = f"{calculator} ({variant} level)" if variant else calculator
        if mae is None:
            return f"No measured error of {named} for the {spec.info.label}: treat the value as uncalibrated."
        return f"Measured error of {named}: MAE {mae:.3g} {unit} ({what}; tools/accuracy_molecules.py)."
    return f"No measured error of {calculator} for the {spec.info.label} against experiment: treat it as uncalibrated."


def _class_model(spec: QuestionSpec, calculator: str) -> str:
    """'; for fcc metals: bias ...' when the calibration has a signed model for the subject's class."""
    from agent.judges import calibration

    if spec.quantity not in ("lattice_constant", "bulk_modulus", "vacancy_formation_energy", "surface_energy"):
        return ""
    model = calibration.error_model(spec.quantity, calculator, spec.subject.formula or "", spec.subject.prototype)
    return "" if model.basis == "unmeasured" else f"; calibrated model: {model.describe(calibration.level())}"

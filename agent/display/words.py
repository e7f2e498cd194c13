"""Tool calls in words ("EOS of fcc Cu with CHGNet"), for live displays and run tables."""

from __future__ import annotations

from typing import Any

# Words for tools, so "equation_of_state {...}" reads as "EOS of fcc Cu with CHGNet".
_TOOL_WORDS = {
    "build_structure": "build",
    "single_point": "energy",
    "analyze_structure": "analysis",
    "relax_structure": "relaxation",
    "equation_of_state": "EOS",
    "compare_polymorphs": "polymorph ranking",
    "formation_energy": "formation energy",
    "molecule_geometry": "geometry optimisation",
    "vibrational_modes": "vibrational modes",
    "thermochemistry": "thermochemistry",
    "reaction_energy": "reaction energy",
    "electronic_properties": "electronic properties",
    "run_md": "MD",
    "literature_search": "literature search",
}
_CALC_WORDS = {"emt": "EMT", "chgnet": "CHGNet", "sevennet": "SevenNet", "xtb": "GFN2-xTB", "pyscf": "DFT (PySCF)"}


def calculator_words(name: str) -> str:
    """A calculator's name as people write it ('chgnet' -> 'CHGNet')."""
    return _CALC_WORDS.get(name, name)


def structure_words(spec: Any) -> str:
    """A structure spec in a few words: 'fcc Cu', 'H2O', 'SMILES CCO', 'structure s-1a2b'."""
    if not isinstance(spec, dict):
        return str(spec) if spec else ""
    if spec.get("formula"):
        proto = spec.get("prototype")
        return f"{proto} {spec['formula']}" if proto else str(spec["formula"])
    for key, label in (("molecule", ""), ("smiles", "SMILES "), ("structure_id", "structure "), ("file", "")):
        if spec.get(key):
            return f"{label}{spec[key]}"
    return "a structure"


def describe_call(name: str, args: dict[str, Any]) -> str:
    """A tool call in words, with its key arguments."""
    what = _TOOL_WORDS.get(name, name)
    if name == "literature_search":
        return f"{what} for {str(args.get('query', ''))[:60]!r}"
    if name == "reaction_energy":
        subject = str(args.get("reaction") or args.get("equation") or "")
    elif name in ("compare_polymorphs", "formation_energy") and args.get("formula"):
        protos = args.get("prototypes")
        subject = str(args["formula"]) + (f" ({', '.join(protos)})" if isinstance(protos, list) else "")
    else:
        subject = structure_words(args.get("structure") or args.get("structure_id"))
    calc = args.get("calculator")
    parts = [what]
    if subject:
        parts.append(f"of {subject}")
    if calc and calc != "auto":  # 'auto' is resolved by the tool; the end line names the choice
        parts.append(f"with {_CALC_WORDS.get(str(calc), str(calc))}")
    if name == "run_md" and args.get("temperature_k"):
        parts.append(f"at {args['temperature_k']:g} K")
    return " ".join(parts)


def describe_run(name: str, args: dict[str, Any], output: dict[str, Any] | None) -> str:
    """A finished tool call in words, naming the calculator 'auto' (or no choice) resolved to."""
    calc = (output or {}).get("calculator")
    if calc and args.get("calculator", "auto") == "auto":
        args = {**args, "calculator": calc}
    return describe_call(name, args)

"""The number a computation question asked for, read from its tool's output, with its unit.

One function per quantity: ``(spec, output) -> sentence``. The sentence states the value as the
tool computed it and nothing the tool did not compute; questions_answer.py adds the method,
settings, measured error and ledger run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.questions.spec import QuestionSpec

EV_TO_KJ_MOL = 96.485332
EV_PER_K_TO_J_MOL_K = 96485.332
Out = dict[str, Any]


def _freqs(values: list[float]) -> str:
    return ", ".join(f"{f:.0f}" for f in values)


def vibrational(spec: QuestionSpec, out: Out) -> str:
    freqs = out["frequencies_cm1"]
    imag = out.get("n_imaginary", 0)
    note = f" ({imag} imaginary, shown negative)" if imag else ""
    return (
        f"{len(freqs)} harmonic vibrational frequencies{note}: {_freqs(freqs)} cm^-1; "
        f"zero-point energy {out['zero_point_energy_ev']:.4f} eV"
    )


def zero_point(spec: QuestionSpec, out: Out) -> str:
    zpe = out["zero_point_energy_ev"]
    return f"zero-point energy {zpe:.4f} eV ({zpe * EV_TO_KJ_MOL:.1f} kJ/mol), from {len(out['frequencies_cm1'])} harmonic modes"


def ir(spec: QuestionSpec, out: Out) -> str:
    modes = [m for m in out.get("ir_modes") or [] if m.get("ir_active")]
    if not modes:
        return "no IR-active vibrational mode was found"
    bands = ", ".join(f"{m['frequency_cm1']:.0f} ({m['intensity_km_mol']:.1f} km/mol)" for m in modes)
    return f"{len(modes)} IR-active harmonic frequencies, cm^-1 (intensity): {bands}"


def _conditions(out: Out) -> str:
    return f"at {out['temperature_k']:g} K and {out['pressure_bar']:g} bar"


def gibbs(spec: QuestionSpec, out: Out) -> str:
    return (
        f"G = {out['gibbs_energy_ev']:.4f} eV {_conditions(out)} (ideal gas, harmonic oscillator, rigid rotor); "
        f"this is on the calculator's total-energy scale: the thermal correction G - E is "
        f"{out['gibbs_correction_ev']:.4f} eV ({out['gibbs_correction_ev'] * EV_TO_KJ_MOL:.1f} kJ/mol)"
    )


def enthalpy(spec: QuestionSpec, out: Out) -> str:
    return (
        f"H = {out['enthalpy_ev']:.4f} eV {_conditions(out)} (ideal gas) on the calculator's total-energy scale; "
        f"H - E = {out['enthalpy_correction_ev']:.4f} eV ({out['enthalpy_correction_ev'] * EV_TO_KJ_MOL:.1f} kJ/mol)"
    )


def entropy(spec: QuestionSpec, out: Out) -> str:
    s = out["entropy_ev_per_k"]
    return f"S = {s * EV_PER_K_TO_J_MOL_K:.2f} J/(mol K) {_conditions(out)} (ideal gas; {s:.6g} eV/K)"


def dipole(spec: QuestionSpec, out: Out) -> str:
    from agent.display.words import calculator_words

    return f"dipole moment {out['dipole_debye']:.3f} D (at the {calculator_words(str(out.get('calculator') or 'xtb'))} optimised geometry)"


def homo_lumo(spec: QuestionSpec, out: Out) -> str:
    return f"HOMO-LUMO gap {out['homo_lumo_gap_ev']:.3f} eV (HOMO {out['homo_ev']:.3f} eV, LUMO {out['lumo_ev']:.3f} eV)"


def geometry(spec: QuestionSpec, out: Out) -> str:
    if "bond_lengths" not in out:  # a crystal: relax_structure
        lat = out.get("lattice_parameters") or {}
        cell = ", ".join(f"{k} = {v:.4f}" for k, v in lat.items() if k in ("a", "b", "c"))
        vol = out.get("volume_per_atom_a3")
        vol_text = f"; {vol:.3f} Å^3/atom" if vol is not None else ""
        return (
            f"relaxed cell {cell} Å (primitive cell){vol_text}; energy {out['energy_per_atom_ev']:.4f} eV/atom; "
            f"{'converged' if out['converged'] else 'NOT converged'} in {out['steps']} steps; structure {out['structure_id']}"
        )
    bonds: dict[str, float] = {}
    for b in out["bond_lengths"]:
        bonds.setdefault(b["elements"], b["length_angstrom"])
    angles: dict[str, float] = {}
    for a in out["bond_angles"]:
        angles.setdefault(a["elements"], a["angle_deg"])
    shape = "linear" if out["is_linear"] else ("planar" if out["is_planar"] else "non-planar")
    return (
        "optimised geometry: bond lengths "
        + (", ".join(f"{k} {v:.3f} Å" for k, v in bonds.items()) or "none")
        + "; angles "
        + (", ".join(f"{k} {v:.1f}°" for k, v in angles.items()) or "none")
        + f"; {shape}; energy {out['energy_ev']:.4f} eV; structure {out['structure_id']}"
    )


def _reaction(which: str, label: str) -> Callable[[QuestionSpec, Out], str]:
    def value(spec: QuestionSpec, out: Out) -> str:
        kj = out[f"delta_{which}_kj_mol"]
        ev = out[f"delta_{which}_ev"]
        when = "" if which == "e" else f" {_conditions(out)}"
        return f"{label} = {kj:.1f} kJ/mol ({ev:.4f} eV) for {out['reaction']}{when}"

    return value


def lattice(spec: QuestionSpec, out: Out) -> str:
    a = out.get("lattice_a_angstrom")
    if a is not None:
        return f"lattice constant a = {a:.4f} Å (conventional cubic cell, at the fitted equilibrium volume)"
    lat = out["lattice_parameters"]
    return (
        "lattice parameters "
        + ", ".join(f"{k} = {lat[k]:.4f} Å" for k in ("a", "c") if k in lat)
        + " (primitive cell)"
    )


def bulk(spec: QuestionSpec, out: Out) -> str:
    return f"bulk modulus B = {out['bulk_modulus_gpa']:.1f} GPa (Birch-Murnaghan fit, residual {out['fit_residual']:.2g} eV/atom)"


def elastic(spec: QuestionSpec, out: Out) -> str:
    stable = {True: "mechanically stable", False: "mechanically UNSTABLE", None: "stability marginal"}
    return (
        f"C11 = {out['c11_gpa']:.1f} GPa, C12 = {out['c12_gpa']:.1f} GPa, C44 = {out['c44_gpa']:.1f} GPa; "
        f"B (Hill) = {out['bulk_modulus_hill_gpa']:.1f} GPa, G (Hill) = {out['shear_modulus_hill_gpa']:.1f} GPa; "
        f"{stable[out['mechanically_stable']]} (Born criteria)"
    )


def shear(spec: QuestionSpec, out: Out) -> str:
    return (
        f"shear modulus G (Voigt-Reuss-Hill) = {out['shear_modulus_hill_gpa']:.1f} GPa "
        f"(Voigt {out['shear_modulus_voigt_gpa']:.1f}, Reuss {out['shear_modulus_reuss_gpa']:.1f} GPa)"
    )


def vacancy(spec: QuestionSpec, out: Out) -> str:
    sizes = ", ".join(f"{p['n_atoms']} atoms: {p['energy_ev']:.3f}" for p in out["series"])
    conv = "converged" if out["converged"] else "NOT converged"
    return f"vacancy formation energy {out['energy_ev']:.3f} eV (supercells {sizes} eV; {conv} in supercell size)"


def surface(spec: QuestionSpec, out: Out) -> str:
    hkl = "".join(str(i) for i in out["miller"])
    thick = ", ".join(f"{p['planes']} planes: {p['gamma_j_m2']:.3f}" for p in out["thickness_series"])
    conv = "converged" if out["converged"] else "NOT converged"
    return (
        f"surface energy of ({hkl}) = {out['gamma_j_m2']:.3f} J/m^2 ({out['gamma_ev_a2']:.4f} eV/Å^2; slabs {thick} "
        f"J/m^2; {conv} in thickness and vacuum)"
    )


def formation(spec: QuestionSpec, out: Out) -> str:
    refs = "; ".join(f"{r['reference']}" for r in out["references"])
    return f"formation energy {out['formation_energy_ev_per_atom']:.4f} eV/atom (references: {refs})"


def cohesive(spec: QuestionSpec, out: Out) -> str:
    return f"cohesive energy {out['cohesive_energy_ev_per_atom']:.3f} eV/atom ({out['reference_note']})"


def magnetic(spec: QuestionSpec, out: Out) -> str:
    by_el = ", ".join(f"{k} {v:.2f}" for k, v in out["mean_moment_by_element"].items())
    sign = "" if out["signed"] else " (magnitudes only)"
    limits = "".join(f"; {n.rstrip('.')}" for n in out.get("notes") or [])  # what the calculator cannot say
    return (
        f"magnetic moment {out['moment_per_atom_mu_b']:.3f} mu_B/atom{sign}; per element {by_el} mu_B{limits}"
    )


VALUES: dict[str, Callable[[QuestionSpec, Out], str]] = {
    "vibrational_frequencies": vibrational, "zero_point_energy": zero_point, "ir_frequencies": ir,
    "gibbs_energy": gibbs, "enthalpy": enthalpy, "entropy": entropy, "dipole_moment": dipole,
    "homo_lumo_gap": homo_lumo, "geometry": geometry,
    "reaction_gibbs": _reaction("g", "ΔG"), "reaction_enthalpy": _reaction("h", "ΔH"),
    "reaction_energy": _reaction("e", "ΔE (electronic, no zero-point energy)"),
    "lattice_constant": lattice, "bulk_modulus": bulk, "elastic_constants": elastic, "shear_modulus": shear,
    "vacancy_formation_energy": vacancy, "surface_energy": surface, "formation_energy": formation,
    "cohesive_energy": cohesive, "magnetic_moment": magnetic,
}  # fmt: skip

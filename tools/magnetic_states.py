"""magnetic_states: spin-polarised DFT energies and moments of an elemental metal's
non-magnetic, ferromagnetic and antiferromagnetic states (tools/spin_dft.py, tools/spin_cells.py).

Unlike magnetic_moments (CHGNet: unsigned moments, no spin input), this computes each order
explicitly, so it can say whether a moment lowers the energy and whether ferro- or
antiferromagnetic alignment is lower. Its errors (a minimal basis, a coarse k-mesh, one
antiferromagnetic arrangement per lattice) are measured by bench/magnetism_dft.py, whose record is
what a judge may lean on; this tool reports numbers and convergence only.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tools.call_context import SimResult, new_context, run_cached
from tools.definition import make_tool
from tools.errors import SimulationFailed
from tools.settings import ToolSettings
from tools.spec import USE_CACHE_FIELD
from tools.spin_cells import Prototype, check_element, lattice, two_atom_cell
from tools.spin_dft import SpinMethod, run_state

State = Literal["non-magnetic", "ferromagnetic", "antiferromagnetic"]
# The starting moment signs of each state on the cell's two sites.
STARTS: dict[State, list[int]] = {
    "non-magnetic": [0, 0],
    "ferromagnetic": [1, 1],
    "antiferromagnetic": [1, -1],
}
METHOD = SpinMethod()


class MagneticStatesInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    element: str = Field(description="Element symbol of the metal, e.g. 'Fe', 'Ni', 'Cu' (no f-block elements).")
    prototype: Prototype = Field(description="Crystal structure: fcc, bcc or hcp.")
    a: float | None = Field(
        None, gt=0, description="Lattice constant a in angstrom; null: ASE's reference lattice where the "
        "element's reference structure is this prototype, else a nearest-neighbour estimate.",
    )  # fmt: skip
    c: float | None = Field(None, gt=0, description="Lattice constant c in angstrom (hcp only); null to estimate.")
    kmesh: int = Field(
        METHOD.kmesh[0], ge=1, le=8, description="k-points along each short axis of the 2-atom cell "
        "(fewer along a long axis, in proportion).",
    )  # fmt: skip
    use_cache: bool = USE_CACHE_FIELD


class StateOut(BaseModel):
    converged: bool = Field(description="The SCF converged; when false the state has no energy.")
    energy_per_atom_ev: float | None = Field(description="Mermin free energy per atom (eV); null unless converged.")
    moment_per_atom_mu_b: float | None = Field(description="Mean |site moment| (µB, Mulliken); null unless converged.")
    site_moments_mu_b: list[float] = Field(description="Signed Mulliken spin moment of each site (µB).")
    scf_cycles: int
    wall_s: float


class MagneticStatesResult(SimResult):
    element: str
    prototype: str
    a: float
    c: float | None
    cell: str = Field(description="The 2-atom cell all states share and its antiferromagnetic order.")
    kmesh: list[int]
    method: str = Field(description="The method in words (functional, code, basis, k-mesh, smearing).")
    states: dict[str, StateOut]
    lowest: str | None = Field(description="The converged state of lowest energy; null if none converged.")
    magnetic_gain_mev: float | None = Field(
        description="E(non-magnetic) - min(E(ferro), E(antiferro)) in meV/atom; null unless all three converged.")
    afm_minus_fm_mev: float | None = Field(
        description="E(antiferro) - E(ferro) in meV/atom; positive favours ferromagnetic order.")
    structure_id: str


CELLS = {
    "bcc": "simple-cubic 2-atom cell of bcc (CsCl-type antiferromagnet)",
    "fcc": "tetragonal 2-atom cell of fcc, (001) planes alternating (L1_0-type antiferromagnet)",
    "hcp": "2-atom hcp cell, A and B planes alternating",
}


def kmesh_for(atoms: Any, n: int) -> tuple[int, int, int]:
    """``n`` k-points along the shortest axis, fewer along longer ones (equal spacing)."""
    lengths = atoms.cell.lengths()
    shortest = float(min(lengths))
    return tuple(max(1, round(n * shortest / float(length))) for length in lengths)  # type: ignore[return-value]


def _state_out(r: Any) -> dict[str, Any]:
    moments = r.site_moments_mu_b
    return {"converged": r.converged,
            "energy_per_atom_ev": None if r.energy_per_atom_ev is None else round(r.energy_per_atom_ev, 6),
            "moment_per_atom_mu_b": round(sum(abs(m) for m in moments) / len(moments), 4) if moments else None,
            "site_moments_mu_b": moments, "scf_cycles": r.cycles, "wall_s": r.wall_s}  # fmt: skip


def compare(states: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The lowest converged state and the two energy differences (meV/atom) the claims turn on."""
    e = {k: v["energy_per_atom_ev"] for k, v in states.items() if v["converged"]}
    lowest = min(e, key=lambda k: e[k]) if e else None
    gain = None
    if len(e) == 3:
        gain = round(1000 * (e["non-magnetic"] - min(e["ferromagnetic"], e["antiferromagnetic"])), 3)
    afm_fm = None
    if "ferromagnetic" in e and "antiferromagnetic" in e:
        afm_fm = round(1000 * (e["antiferromagnetic"] - e["ferromagnetic"]), 3)
    return {"lowest": lowest, "magnetic_gain_mev": gain, "afm_minus_fm_mev": afm_fm}


def magnetic_states(params: MagneticStatesInput, settings: ToolSettings) -> MagneticStatesResult:
    """Spin-polarised DFT of an elemental fcc, bcc or hcp metal: the energy per atom (eV) and moment
    per atom (µB) of its non-magnetic, ferromagnetic and antiferromagnetic states, all in one 2-atom
    cell, and which is lowest. Method: PBE with GTH pseudopotentials, the gth-szv-molopt-sr basis,
    Fermi smearing 0.01 Ha, 3 k-points per short axis (PySCF pbc KUKS, multigrid); the
    antiferromagnetic state is held at zero total moment. Lattice: ASE's reference lattice constant
    unless given (not relaxed). Cost: three SCFs, on one core 7 s (fcc Al) to 70 s (fcc Ni) per
    call for cubic cells, 1-30 s per SCF; hcp Co 566 s (the hexagonal cell costs ~8x more per SCF),
    near the default 600 s wall-time limit (bench/magnetism_dft.py, 2026-12-07). An SCF that does
    not converge gives its state no energy. Refuses compounds, f-block elements and other structures."""
    ctx = new_context(settings)
    element = params.element.strip().capitalize()
    check_element(element)
    a, c = lattice(element, params.prototype, params.a, params.c)
    atoms = two_atom_cell(element, params.prototype, a, c)
    mesh = kmesh_for(atoms, params.kmesh)
    method = SpinMethod(**{**METHOD.as_dict(), "kmesh": mesh})
    parameters = {"element": element, "prototype": params.prototype, "a": round(a, 5),
                  "c": None if c is None else round(c, 5), "method": method.as_dict(), "engine": _engine()}  # fmt: skip

    def compute() -> dict[str, Any]:
        states: dict[str, dict[str, Any]] = {}
        for state, signs in STARTS.items():
            ctx.deadline.check()
            states[state] = _state_out(run_state(atoms, method, signs))
        if not any(s["converged"] for s in states.values()):
            raise SimulationFailed(f"no spin state of {params.prototype} {element} converged in {method.max_cycle} SCF cycles")
        warnings = [f"not converged: the {k} SCF ({v['scf_cycles']} cycles); it has no energy"
                    for k, v in states.items() if not v["converged"]]  # fmt: skip
        return {"element": element, "prototype": params.prototype, "a": round(a, 5),
                "c": None if c is None else round(c, 5), "cell": CELLS[params.prototype], "kmesh": list(mesh),
                "method": method.words(), "states": states, **compare(states), "warnings": warnings,
                "structure_id": ctx.save(atoms)}  # fmt: skip

    return MagneticStatesResult(**run_cached("magnetic_states", ctx, atoms, None, parameters, compute, params.use_cache))


def _engine() -> str:
    import importlib.metadata as md

    return f"pyscf {md.version('pyscf')}"


# No stress variant: a finer k-mesh doubles a claim's cost (minutes); bench/magnetism_dft.py --kmesh
# measures the method's sensitivity to it once instead.
magnetic_states_tool = make_tool("magnetic_states", magnetic_states, MagneticStatesInput, ["pyscf"])

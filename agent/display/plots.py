"""matplotlib figures of tool results: equation of state, polymorph energies, MD traces.

Each function takes a tool's output dict (as in a ToolRun or from ``get_tool(...).invoke``) and
returns a ``matplotlib.figure.Figure`` (Agg, no window), so notebooks show it and reports embed it
(:func:`figure_png`). matplotlib is imported inside the functions (start-up stays light)."""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _figure(width: float = 5.0, height: float = 3.4) -> Figure:
    from matplotlib.figure import Figure

    from agent.display.progress import in_notebook

    if in_notebook():
        _register_png_formatter()
    return Figure(figsize=(width, height), layout="constrained")


def _register_png_formatter() -> None:
    """Make Jupyter show a returned Figure as a PNG (not "<Figure ...>"). The figures are built
    outside pyplot (nothing is shown twice), so the formatter pyplot's inline backend would set up
    may not be registered yet."""
    from IPython import get_ipython
    from IPython.core.pylabtools import select_figure_formats

    shell = get_ipython()
    if shell is not None:
        select_figure_formats(shell, {"png"})


def eos_figure(out: dict[str, Any], claimed: dict[str, float] | None = None) -> Figure:
    """E(V) points of an equation_of_state run with the Birch-Murnaghan fit (the same cubic in
    V^(-2/3) the tool fits) and its minimum; ``claimed`` marks a claimed value:
    ``{"lattice_a_angstrom": a}`` or ``{"volume_per_atom_a3": v}`` as a vertical line at that
    volume, ``{"bulk_modulus_gpa": b}`` as the curve with the claimed curvature."""
    import numpy as np

    v = np.asarray(out["volumes_a3"], float)
    e = np.asarray(out["energies_ev"], float)
    v0, e0, b = (
        float(out["volume_per_atom_a3"]),
        float(out["energy_per_atom_ev"]),
        float(out["bulk_modulus_gpa"]),
    )
    fig = _figure()
    ax = fig.add_subplot()
    ax.plot(v, e, "o", label=f"{out.get('calculator') or ''} points".strip())
    grid = np.linspace(v.min(), v.max(), 200)
    coeffs = np.polyfit(v ** (-2.0 / 3.0), e, 3)
    ax.plot(grid, np.polyval(coeffs, grid ** (-2.0 / 3.0)), "-", label=f"BM fit, B = {b:.0f} GPa")
    ax.axvline(v0, color="grey", ls=":", lw=1, label=f"V0 = {v0:.2f} Å³/atom")
    for key, value in (claimed or {}).items():
        if key == "bulk_modulus_gpa":
            # Harmonic curve with the claimed B around the same minimum: E = E0 + B (V-V0)^2 / (2 V0)
            curve = e0 + (value / 160.21766208) * (grid - v0) ** 2 / (2 * v0)
            ax.plot(grid, curve, "--", color="C3", label=f"claimed B = {value:g} GPa")
        elif key in ("lattice_a_angstrom", "volume_per_atom_a3"):
            a0 = out.get("lattice_a_angstrom")
            vc = value if key == "volume_per_atom_a3" else (v0 * (value / a0) ** 3 if a0 else None)
            if vc is not None:
                label = (
                    f"claimed a = {value:g} Å" if key == "lattice_a_angstrom" else f"claimed V = {value:g} Å³"
                )
                ax.axvline(vc, color="C3", ls="--", label=label)
    ax.set_xlabel("volume per atom (Å³)")
    ax.set_ylabel("energy per atom (eV)")
    ax.set_title("Equation of state")
    ax.legend(fontsize=8)
    return fig


def polymorph_figure(out: dict[str, Any], band_ev: float | None = None) -> Figure:
    """Energy above the lowest candidate per prototype (compare_polymorphs) with the calculator's
    uncertainty band (by default the band the polymorph judge uses for this calculator and
    formula): bars inside the band are too close to call."""
    from agent.judges.uncertainty import polymorph_band_ev

    ranking = out["ranking"]
    calc, formula = str(out.get("calculator") or ""), out.get("formula")
    band = polymorph_band_ev(calc, "", "", formula) if band_ev is None else band_ev
    names = [r["prototype"] for r in ranking]
    deltas = [1000.0 * r["delta_ev_per_atom"] for r in ranking]
    fig = _figure()
    ax = fig.add_subplot()
    ax.axhspan(
        0,
        1000.0 * band,
        color="C1",
        alpha=0.2,
        label=f"uncertainty band ({1000 * band:.0f} meV/atom): too close to call",
    )
    ax.bar(names, deltas, color=["C2" if d == 0 else "C0" for d in deltas])
    ax.set_ylabel("E − E(lowest) (meV/atom)")
    ax.set_title(f"Polymorphs of {out.get('formula', '')} ({out.get('calculator') or ''})")
    ax.legend(fontsize=8)
    return fig


def md_figure(out: dict[str, Any]) -> Figure:
    """Temperature and total energy per step of a run_md run (its ``trace``)."""
    trace = out.get("trace") or {}
    if not trace.get("temperature_k"):
        from agent.errors import RequestError

        raise RequestError("this run_md output has no trace (run it again with a current hypoloop)")
    fig = _figure(6.0, 4.0)
    ax_t, ax_e = fig.subplots(2, 1, sharex=True)
    t = trace["time_fs"]
    ax_t.plot(t, trace["temperature_k"], lw=1)
    target = (out.get("parameters") or {}).get("temperature_k")
    if target:
        ax_t.axhline(target, color="grey", ls=":", lw=1, label=f"thermostat {target:g} K")
        ax_t.legend(fontsize=8)
    ax_t.set_ylabel("T (K)")
    ax_e.plot(t, trace["total_energy_ev_per_atom"], lw=1, label="total")
    ax_e.plot(t, trace["potential_energy_ev_per_atom"], lw=1, label="potential")
    ax_e.set_ylabel("E (eV/atom)")
    ax_e.set_xlabel("time (fs)")
    ax_e.legend(fontsize=8)
    ax_t.set_title("Molecular dynamics")
    return fig


FIGURES = {"equation_of_state": eos_figure, "compare_polymorphs": polymorph_figure, "run_md": md_figure}


def figure_for(tool: str, out: dict[str, Any] | None) -> Figure | None:
    """The figure for a tool run's output, or None when the tool has none or the output is unusable."""
    fn = FIGURES.get(tool)
    if fn is None or not out or out.get("error"):
        return None
    try:
        return fn(out)  # type: ignore[operator]
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    except Exception as e:  # md_figure's RequestError for an old output: no figure, not a crash
        from agent.errors import HypoloopError

        if isinstance(e, HypoloopError):
            return None
        raise


def figure_png(fig: Figure) -> str:
    """The figure as a base64 PNG (for ``<img src="data:image/png;base64,...">``)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    return base64.b64encode(buf.getvalue()).decode("ascii")

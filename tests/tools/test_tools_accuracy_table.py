"""The calculators' measured-error table (tools/accuracy.py): each entry names the bench command
that measured it, and agrees with the per-material calibration set the planner's models are fitted on."""

from __future__ import annotations


def test_measured_errors_name_their_bench_command() -> None:
    from pathlib import Path

    from tools.accuracy import ERRORS, measured_error

    root = Path(__file__).resolve().parents[2]
    for calc, table in ERRORS.items():
        for prop, err in table.items():
            script = err.command.split()[1]
            assert (root / script).is_file(), (calc, prop, script)
            assert err.n > 0 and err.mape_percent >= 0 and err.mae >= 0 and err.unit
    assert measured_error("chgnet", "vacancy_formation_energy") is not None
    assert measured_error("chgnet", "cohesive_energy") is None  # refused, so never measured
    assert measured_error("sevennet", "cohesive_energy") is None  # no free atoms: refused
    assert measured_error("nonexistent", "c11") is None


def test_calibration_set_agrees_with_the_summaries() -> None:
    """The bench's per-material calibration set (bench/calibration/) and the summary table of
    tools/accuracy.py are one measurement: their mean absolute percentage errors must agree
    (re-running the bench updates both)."""
    import sys
    from pathlib import Path

    from tools.accuracy import ERRORS

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import calibration_set

    groups: dict[tuple[str, str], list[float]] = {}
    for p in calibration_set.load():
        groups.setdefault((p.calculator, p.quantity), []).append(100 * abs(p.computed / p.reference - 1))
    assert len(groups) == 24  # emt 8, chgnet 9, sevennet 7 (no moments, no thermal expansion yet)
    for (calc, prop), errors in groups.items():
        assert abs(sum(errors) / len(errors) - ERRORS[calc][prop].mape_percent) < 0.1, (calc, prop)
        assert len(errors) == ERRORS[calc][prop].n, (calc, prop)


def test_side_by_side_sets_are_twenty_solids_and_sol27lc() -> None:
    """The equation-of-state sets of bench/tools_accuracy_side_by_side.py: the team's 8 plus 12
    held out (no overlap), and the 27 cubic elements of Sol27LC, each buildable by the tools."""
    import sys
    from pathlib import Path

    from ase.formula import Formula

    from tools.prototypes import PROTOTYPES

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import tools_accuracy_side_by_side as sbs

    twenty, sol27 = sbs.read_set("reference20"), sbs.read_set("sol27lc")
    assert len({r["material"] for r in twenty}) == len(twenty) == 20
    assert len({r["material"] for r in sol27}) == len(sol27) == 27
    assert all(len(Formula(r["material"]).count()) == 1 for r in sol27)
    for r in twenty + sol27:
        assert (
            r["prototype"] in PROTOTYPES
            and float(r["lattice_a_angstrom"]) > 2
            and float(r["bulk_modulus_gpa"]) > 1
        )

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

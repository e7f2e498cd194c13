"""Each calculator's signed error model, per property and material class, and what it says about the truth.

The models are fitted by ``python bench/fit_calibration.py`` on the calibration set of bench/
(computed values and handbook references live there, never here) and stored with their provenance
(set, date, command) in ``calibration_model.json`` beside this module. The product reads only
that file. The rule (documented, tested):

- the error of a computed value c is e = ln(c / true). For each calculator, property and material
  class (agent/judges/material_class.py: decided by formula and prototype, no lookup) the fit stores
  the bias (mean e), the spread (sample standard deviation of e) and the half-width of the
  prediction interval for one new material's e at the nominal level (~90 %: Student t with n - 1
  degrees of freedom, times spread x sqrt(1 + 1/n));
- the true value is then estimated as c x exp(-bias), within [c x exp(-bias - hw), c x exp(-bias + hw)].
  The same model applies to every material of the class, benchmarked or not: never the judged
  material's own error. A material's own calibration point only enters as one of n in its class fit;
- a class with fewer than ``min_points`` calibration materials falls back to the calculator's model
  pooled over all classes, its half-widths times ``fallback_widen`` (a new class may sit beyond the
  spread of the others); a property never measured gets ``UNMEASURED_LOG_HALF_WIDTH`` (±30 %), a
  convention, not a measurement, wide enough that only a gross mismatch is decided;
- density goes as a^-3: its model is the lattice constant's, bias and widths times -3 and 3;
- two materials compared with one calculator: when they share one model (one class) its bias cancels
  in the ratio and the spread of the difference of two errors remains (``pair_half_width``, the t
  interval of sqrt(2) x spread); across two models the biases do not cancel: the ratio is corrected
  by their difference and the half-widths add in quadrature.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal

from agent.judges.material_class import CLASS_WORDS, material_class

MODEL_FILE = Path(__file__).with_name("calibration_model.json")
POOLED = "*"
UNMEASURED_LOG_HALF_WIDTH = math.log(1.3)
# Bond lengths and angles of molecules: agent/judges/geometry_calibration.py.
Basis = Literal["class", "pooled", "unmeasured"]


@dataclass(frozen=True)
class ErrorModel:
    """The signed error model of one calculator for one property over one class (ln units)."""

    calculator: str
    quantity: str
    material_class: str  # a class of material_class.py, or "*" for all classes pooled
    n: int
    bias: float  # mean of ln(computed / reference): negative = the calculator underestimates
    spread: float  # sample standard deviation of ln(computed / reference)
    half_width: float  # prediction half-width of one new material's ln error at the model set's level
    pair_half_width: float  # the same for the difference of two materials' ln errors in this class
    n_sign_agree: int  # calibration materials whose computed value had the reference's sign
    basis: Basis = "class"

    def truth(self, computed: float) -> tuple[float, float, float]:
        """(estimate, low, high) of the true value from a positive ``computed`` value."""
        c = abs(computed)
        est, lo, hi = (c * math.exp(-self.bias), c * math.exp(-self.bias - self.half_width),
                       c * math.exp(-self.bias + self.half_width))  # fmt: skip
        return (est, lo, hi) if computed >= 0 else (-est, -hi, -lo)

    def describe(self, level: float) -> str:
        who = CLASS_WORDS.get(self.material_class, self.material_class)
        if self.basis == "unmeasured":
            return f"{self.calculator} unmeasured for {self.quantity}: ±{100 * math.expm1(self.half_width):.0f} % by convention"
        where = (
            f"{who}, n={self.n}"
            if self.basis == "class"
            else f"all classes pooled, n={self.n}, widened: too few {who}"
        )
        return (f"{self.calculator} bias {100 * math.expm1(self.bias):+.1f} %, ~{100 * level:.0f} % interval "
                f"×/÷ {math.exp(self.half_width):.3g} ({where})")  # fmt: skip


@dataclass(frozen=True)
class ModelSet:
    """The fitted models with their provenance and the lookup rule of the module docstring."""

    level: float
    min_points: int
    fallback_widen: float
    provenance: dict[str, str]
    models: tuple[ErrorModel, ...]

    def lookup(self, calculator: str, quantity: str, cls: str) -> ErrorModel:
        table = {(m.calculator, m.quantity, m.material_class): m for m in self.models}
        own = table.get((calculator, quantity, cls))
        if own is not None and own.n >= self.min_points:
            return own
        pooled = table.get((calculator, quantity, POOLED))
        if pooled is not None and pooled.n >= self.min_points:
            w = self.fallback_widen
            return replace(pooled, material_class=cls, half_width=w * pooled.half_width,
                           pair_half_width=w * pooled.pair_half_width, basis="pooled")  # fmt: skip
        return unmeasured(calculator, quantity, cls)

    def to_json(self) -> str:
        doc = {"level": self.level, "min_points": self.min_points, "fallback_widen": self.fallback_widen,
               "provenance": self.provenance, "models": [asdict(m) for m in self.models]}  # fmt: skip
        return json.dumps(doc, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ModelSet:
        doc: dict[str, Any] = json.loads(text)
        return cls(level=float(doc["level"]), min_points=int(doc["min_points"]),
                   fallback_widen=float(doc["fallback_widen"]), provenance=dict(doc["provenance"]),
                   models=tuple(ErrorModel(**m) for m in doc["models"]))  # fmt: skip


def unmeasured(calculator: str, quantity: str, cls: str) -> ErrorModel:
    hw = UNMEASURED_LOG_HALF_WIDTH
    return ErrorModel(calculator, quantity, cls, 0, 0.0, hw, hw, math.sqrt(2) * hw, 0, "unmeasured")


@functools.lru_cache(maxsize=1)
def models() -> ModelSet:
    """The stored models (agent/judges/calibration_model.json)."""
    return ModelSet.from_json(MODEL_FILE.read_text())


def level() -> float:
    return models().level


def error_model(quantity: str, calculator: str, formula: str, prototype: str | None) -> ErrorModel:
    """The model that applies to ``formula`` in ``prototype`` (its class's; see the module rule)."""
    cls = material_class(formula, prototype)
    if quantity == "density":
        a = models().lookup(calculator, "lattice_constant", cls)
        return replace(a, quantity="density", bias=-3 * a.bias, spread=3 * a.spread,
                       half_width=3 * a.half_width, pair_half_width=3 * a.pair_half_width)  # fmt: skip
    return models().lookup(calculator, quantity, cls)


def comparison(quantity: str, calculator: str, first: tuple[str, str | None],
               second: tuple[str, str | None]) -> tuple[float, float]:  # fmt: skip
    """(shift, half-width) in ln units for the true ln(first / second) given the computed one:
    true ln ratio ~ computed ln ratio - shift, within ± half-width (see the module rule)."""
    return pair(error_model(quantity, calculator, *first), error_model(quantity, calculator, *second))


def pair(m1: ErrorModel, m2: ErrorModel) -> tuple[float, float]:
    """(shift, half-width) of the true ln ratio of two materials with models ``m1`` and ``m2``: one
    shared model cancels its bias; two models leave their bias difference (module rule)."""
    if m1 == m2:
        return 0.0, m1.pair_half_width
    return m1.bias - m2.bias, math.hypot(m1.half_width, m2.half_width)


def pooled_spread(quantity: str, calculator: str) -> float:
    """The standard deviation (ln units) of the calculator's errors across every calibrated
    material, classes pooled; the unmeasured convention when there is no fit."""
    m = models().lookup(calculator, quantity, POOLED)
    return m.spread

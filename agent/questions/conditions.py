"""The parts of a computation question besides quantity and subject: the calculator it names,
temperature and pressure, and the check that no number in it goes unused.

A :class:`Reader` holds the question and the character spans already read, so each finder
claims its words once and whatever is left over can be checked for numbers nobody used.
"""

from __future__ import annotations

import re

CALCULATORS: dict[str, str] = {
    "xtb": r"\bGFN[- ]?2?[- ]?xTB\b|\bxTB\b|\btblite\b|\bGFN2\b",
    "emt": r"\bEMT\b|\beffective[- ]medium(?: theory| potential)?",
    "chgnet": r"\bCHGNet\b",
    "sevennet": r"\bSevenNet\b|\b7net\b",
    "pyscf": r"\bDFT\b|\bPySCF\b|\bdensity[- ]functional(?: theory)?",
}
# Methods a user may name that no offline calculator provides: refused, not silently replaced. A
# named functional is a level of theory DFT here does not run (its levels are settings: dft_level).
_UNAVAILABLE = re.compile(
    r"\b(?:VASP|Quantum ESPRESSO|PBE0?|B3LYP|HSE\d*|LDA|GGA|CCSD\(?T?\)?|MP2|Hartree[- ]Fock|ORCA|Gaussian"
    r"|MACE|M3GNet|ReaxFF|LAMMPS|LJ|Lennard[- ]Jones)\b"
)
_T_KELVIN = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:K|kelvin)\b")
_T_CELSIUS = re.compile(r"(?<![\w.])(-?\d+(?:\.\d+)?)\s*(?:°\s*C|degrees? C(?:elsius)?|celsius)\b", re.I)
_ROOM = re.compile(r"\b(?:room|ambient) temperature\b|\bstandard (?:conditions|state)\b", re.I)
_PRESSURE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?(?:e-?\d+)?)\s*(bar|atm|kPa|MPa|GPa|Pa|torr)\b", re.I)
PRESSURE_TO_BAR = {
    "bar": 1.0,
    "atm": 1.01325,
    "pa": 1e-5,
    "kpa": 1e-2,
    "mpa": 10.0,
    "gpa": 1e4,
    "torr": 1.0 / 750.062,
}
ROOM_T_K = 298.15


class Reader:
    """The normalised question and the spans of it already read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[tuple[int, int]] = []

    def take(self, start: int, end: int) -> bool:
        """Claim a span; False (nothing claimed) when it overlaps one already read."""
        if any(s < end and start < e for s, e in self.spans):
            return False
        self.spans.append((start, end))
        return True

    def masked(self) -> str:
        """The text with every span read so far blanked out (same length, same offsets)."""
        chars = list(self.text)
        for s, e in self.spans:
            chars[s:e] = " " * (e - s)
        return "".join(chars)


def calculator(r: Reader) -> str | None:
    """The calculator named (None: the default), or '!reason' when it cannot be honoured."""
    m = _UNAVAILABLE.search(r.masked())
    if m:
        return f"!{m.group(0)} is not available offline; the calculators are EMT, CHGNet, SevenNet, GFN2-xTB and DFT (PySCF)"
    named = []
    for name, pattern in CALCULATORS.items():
        for hit in re.finditer(pattern, r.text, re.I):
            if r.take(hit.start(), hit.end()) and name not in named:
                named.append(name)
    if len(named) > 1:
        return f"!it names several calculators ({', '.join(named)}); ask for one at a time"
    return named[0] if named else None


def conditions(r: Reader) -> tuple[float | None, float | None] | str:
    """(temperature in K, pressure in bar) as stated, or the reason they cannot be used."""
    temps: list[float] = []
    for m in _T_KELVIN.finditer(r.text):
        if r.take(m.start(), m.end()):
            temps.append(float(m.group(1)))
    for m in _T_CELSIUS.finditer(r.text):
        if r.take(m.start(), m.end()):
            temps.append(float(m.group(1)) + 273.15)
    room = _ROOM.search(r.text)
    if room and r.take(room.start(), room.end()):
        temps.append(ROOM_T_K)
    pressures = []
    for m in _PRESSURE.finditer(r.text):
        if r.take(m.start(), m.end()):
            pressures.append(float(m.group(1)) * PRESSURE_TO_BAR[m.group(2).lower()])
    if len(set(temps)) > 1 or len(set(pressures)) > 1:
        return "it names several temperatures or pressures; ask for one condition at a time"
    return (temps[0] if temps else None), (pressures[0] if pressures else None)


def out_of_range(t: float | None, p: float | None) -> str | None:
    """Why the thermochemistry tools cannot take these conditions, if they cannot."""
    if t is not None and not 0 < t <= 5000:
        return f"a temperature of {t:g} K is outside what the tools take (0-5000 K)"
    if p is not None and not 0 < p <= 1e4:
        return f"a pressure of {p:g} bar is outside what the thermochemistry tools take (up to 10^4 bar)"
    return None


def leftover_number(r: Reader) -> str | None:
    """A number no part of the spec used ('at 10 GPa' with a static tool): the reason to refuse."""
    m = re.search(r"\S*\d\S*(?:\s+[A-Za-z/^%°]+)?", r.masked())
    if m is None:
        return None
    return f"the question's '{m.group(0).strip(' ?.,')}' is not represented in what would be computed"

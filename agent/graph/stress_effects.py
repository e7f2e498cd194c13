"""How stress-test outcomes move a verdict. One function, used by both the offline and the
model path, so a disagreement weighs the same whoever wrote the draft.

- An independent check that agrees adds a little confidence; one that disagrees makes the
  verdict inconclusive.
- An independent check that computed the claim and found it *undecided* (the difference lies
  within the calculator's measured error) holds the verdict at :data:`WITHIN_ERROR_CAP`: the
  computation cannot tell the claim from its negation, so whatever reasoning wrote the draft
  (a language model's), the verdict may keep its label but not a decided confidence.
"""

from __future__ import annotations

from agent.results import StressCheck, VerdictLabel

# Independent checks (another calculator, finer settings) that agree add a little confidence;
# a literature search that finds nothing contradicting adds none (absence is weak evidence).
AGREE_BONUS = 0.03
DISAGREE_FACTOR = 0.6
MAX_CONFIDENCE = 0.97
# Below 0.7, the confidence the project counts as decided (agent/evaluate.py CONFIDENT; "zero wrong
# at confidence >= 0.7"): a verdict the computation cannot decide must never count as decided.
# The same height as the cap on a reading only the model made (graph/readings.py MODEL_ONLY_CAP).
WITHIN_ERROR_CAP = 0.65
DECISIVE = ("second_calculator", "sensitivity", "rule_based_cross_check")


def apply_stress(
    verdict: VerdictLabel, confidence: float, checks: list[StressCheck]
) -> tuple[VerdictLabel, float, list[str]]:
    """Return the adjusted verdict, confidence and notes explaining each change."""
    notes: list[str] = []
    if verdict == "inconclusive":
        return verdict, confidence, notes
    flips = [c for c in checks if c.outcome == "disagrees" and c.name.split(":")[0] in DECISIVE]
    for c in checks:
        if c.outcome == "agrees" and c.name.split(":")[0] in DECISIVE:
            confidence = min(MAX_CONFIDENCE, confidence + AGREE_BONUS)
        elif c.outcome == "disagrees":
            confidence *= DISAGREE_FACTOR
            notes.append(f"stress check {c.name} disagrees: {c.detail}")
    if flips:
        notes.append(
            "a second calculator or finer setting did not reproduce the conclusion, so the verdict is inconclusive"
        )
        return "inconclusive", round(min(confidence, 0.5), 3), notes
    undecided = [c for c in checks if c.outcome == "undecided" and c.name.split(":")[0] in DECISIVE]
    if undecided and confidence > WITHIN_ERROR_CAP:
        confidence = WITHIN_ERROR_CAP
        notes.append(
            f"stress check {undecided[0].name} computed the claim and found it too close to call within the "
            f"calculator's measured error, so the confidence is held at {WITHIN_ERROR_CAP:g}"
        )
    return verdict, round(confidence, 3), notes


def orient_literature(checks: list[StressCheck], verdict: VerdictLabel) -> list[StressCheck]:
    """Literature checks are recorded relative to the claim being true; for a refuted verdict,
    a passage stating the claim disagrees with the verdict and one contradicting it agrees."""
    if verdict != "refuted":
        return checks
    flip = {"agrees": "disagrees", "disagrees": "agrees"}
    return [
        c.model_copy(update={"outcome": flip[c.outcome]})
        if c.name == "literature_contradiction" and c.outcome in flip
        else c
        for c in checks
    ]

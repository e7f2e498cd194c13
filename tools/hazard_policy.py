"""The hazard policy as code: one decision for every way a request comes in (docs/safety.md).

:func:`decide` takes what the screen identified (:class:`tools.hazards.HazardResult`, each with the
policy tier of its list entry) and what the request asks (:class:`tools.hazard_intent.Intent`) and
returns a :class:`Decision`. Claims, questions, campaign goals, batch items and model proposals
reach it through :func:`tools.hazards.check_text`; structures handed to a tool reach it with
:data:`~tools.hazard_intent.COMPUTE` (a tool only computes). Nothing else decides, so the four ways
in cannot drift apart.

The line (why: docs/safety.md): no help toward chemical weapons or explosives, which means no
computation at all on Schedule 1 agents and explosives, no synthesis or production routes and no
analogue design for the scheduled toxic chemicals, and no design toward toxicity; while properties
of the bulk industrial chemicals of Schedules 2 and 3 (HCN, phosgene, POCl3) are ordinary science.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from tools.hazard_intent import COMPUTE, Intent

if TYPE_CHECKING:
    from tools.hazards import HazardResult

Rule = Literal["explosive", "agent", "class", "harm", "agent_property", "production", "analogue", "allowed"]
POLICY_PAGE = "docs/safety.md"
_LISTED = ("toxic", "precursor", "commodity")


@dataclass(frozen=True)
class Decision:
    """The policy's answer to one request: ``refused`` or not, the ``rule`` that decided, a
    one-line ``reason``, and the ``subject`` and list ``category`` it is about (None when allowed
    or when no single subject is at fault)."""

    refused: bool
    rule: Rule
    reason: str
    subject: str | None = None
    category: str | None = None

    def refusal(self) -> str:
        """The one line a user sees: ``refused: <why> (policy: docs/safety.md)``."""
        return f"refused: {self.reason} (policy: {POLICY_PAGE})"


ALLOWED = Decision(False, "allowed", "no part of the request is refused by the hazard policy")


def decide(subjects: Sequence[HazardResult], intent: Intent = COMPUTE) -> Decision:
    """The one decision of the hazard policy; the rules in the order they are tried."""
    for subject in subjects:  # computing anything about these is the uplift
        if subject.tier == "explosive":
            return _refuse("explosive", subject, f"{subject.reason}; explosives are not computed")
        if subject.tier == "agent":
            what = "chemical-warfare agents and their Schedule 1 precursors are not computed"
            return _refuse("agent", subject, f"{subject.reason}; {what}")
    for subject in subjects:
        if subject.tier == "class" and (
            intent.design or intent.production_of or intent.harm or intent.agent_property
        ):
            return _refuse("class", subject, subject.reason)
    if intent.harm:
        return Decision(
            True, "harm", f"the request asks to design toward harm ({intent.harm!r}); that is never done"
        )
    listed = [s for s in subjects if s.tier in _LISTED]
    if intent.agent_property and listed:
        why = f"the request asks for {intent.agent_property!r} in a design around {listed[0].subject}"
        return _refuse("agent_property", listed[0], f"{why} ({listed[0].reason}); that is never done")
    for subject in listed:
        if subject.tier != "commodity" and _bound(subject, intent.production_of):
            why = f"the request asks how to make {subject.subject} ({subject.reason})"
            return _refuse(
                "production", subject, f"{why}; routes are not given, its properties can be computed"
            )
        if subject.tier == "toxic" and _bound(subject, intent.analogues_of):
            why = f"the request asks for analogues of {subject.subject} ({subject.reason})"
            return _refuse(
                "analogue", subject, f"{why}; its properties can be computed, variants are not designed"
            )
    return ALLOWED


def _bound(subject: HazardResult, objects: frozenset[str]) -> bool:
    return subject.subject.lower() in objects or "*" in objects


def _refuse(rule: Rule, subject: HazardResult, reason: str) -> Decision:
    return Decision(True, rule, reason, subject.subject, subject.category)

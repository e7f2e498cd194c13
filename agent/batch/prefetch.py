"""Planned simulations sent ahead: the workers compute a claim's planned tool calls before its
agent loop asks for them.

With the offline planner, a claim's research calls are known from its text alone (the same
``parse_claim`` and ``plan_calls`` the graph's research turn uses). The batch runner hands the
claims, in the order they will start, to a :class:`Prefetcher`, which sends the calls of claims
not yet started to the workers whenever a worker would otherwise sit idle: while the driver is
still importing its agent modules (a cluster reached by address is ready long before that), and
whenever every claim in flight is in the driver between two calls. When the graph then makes the same call, the executor
hands it the result of the call already sent (:meth:`DaskToolExecutor.invoke`), not a second
computation: the ledger records the calculation exactly as if the graph had sent it.

Nothing here decides anything: a call sent ahead that the graph never makes is simply dropped
when its claim ends (its result stays in the shared cache), and one that failed is sent again by
the graph itself, with the usual retry rules.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.batch.cluster import DaskToolExecutor
    from agent.batch.items import Item

# Calls sent ahead and not yet taken by a graph, per worker thread: enough to keep every worker
# busy through a driver stall, few enough that results held in memory stay small.
AHEAD_PER_WORKER = 4


def call_key(name: str, args: dict[str, Any]) -> str:
    """One key per (tool, arguments), whatever the arguments' order."""
    return json.dumps([name, args], sort_keys=True, separators=(",", ":"), default=str)


def planned_calls(claim: str, calculator: str) -> list[tuple[str, dict[str, Any]]]:
    """The research calls the offline planner's graph will make for ``claim`` (none for a claim
    it cannot parse, or one the hazard screen refuses before any tool runs)."""
    from agent import planner
    from agent.assistant import refuse_hazardous

    try:
        refuse_hazardous(claim)
        spec = planner.parse_claim(claim)
        calls = planner.plan_calls(spec, calculator=calculator) if spec is not None else []
    except Exception:  # the graph reports whatever this claim trips over; nothing to send
        return []
    return [(c.name, dict(c.args)) for c in calls]


class Prefetcher:
    """A daemon thread sending the planned calls of ``items`` (in order) through ``executor``,
    at most ``AHEAD_PER_WORKER`` untaken per worker thread. A context manager: leaving stops it
    and drops what no graph took."""

    def __init__(self, executor: DaskToolExecutor, items: Iterable[Item], calculator: str) -> None:
        self.executor = executor
        self._items = list(items)
        self._calculator = calculator
        self._stop = threading.Event()
        self._started: set[str] = set()  # claims whose graphs send their own calls by now
        self._thread = threading.Thread(target=self._send_all, name="prefetch", daemon=True)

    def __enter__(self) -> Prefetcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.executor.drop_ahead()

    def started(self, item_id: str) -> None:
        """``item_id``'s graph is running: its calls not yet sent ahead are left to it."""
        self._started.add(item_id)

    def finished(self, item_id: str) -> None:
        """``item_id``'s run ended: what was sent ahead for it and not taken is dropped."""
        self.executor.drop_ahead(item_id)

    def _send_all(self) -> None:
        try:
            self._send_each()
        except Exception:  # noqa: S110  (the cluster closed under it: the graphs send their own calls)
            pass

    def _send_each(self) -> None:
        for item in self._items:
            claim = getattr(item, "claim", None)
            if claim is None:  # a campaign goal: its candidates are not known before it runs
                continue
            for name, args in planned_calls(claim, self._calculator):
                if self._stop.is_set():
                    return
                if self.executor.remote(name):
                    self.executor.send_ahead(name, args, item.id, AHEAD_PER_WORKER, self._wanted(item.id))

    def _wanted(self, item_id: str) -> Callable[[], bool]:
        return lambda: not self._stop.is_set() and item_id not in self._started

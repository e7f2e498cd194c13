"""The two implementations of the decision seam (agent/graph/driver.py) and the factory that
picks one: the chat model when one is configured, the offline planner otherwise."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from agent.graph.driver import Driver
    from agent.settings import LLMSettings


def driver_for(model: BaseChatModel | None, llm: LLMSettings | None = None) -> Driver:
    """The driver for a run: ``model``'s, or the offline planner's when ``model`` is None.
    ``llm`` holds the model's budgets (timeouts, claim wall time, context length)."""
    if model is None:
        from agent.graph.drivers.offline import OfflineDriver

        return OfflineDriver()
    from agent.graph.drivers.model import ModelDriver

    return ModelDriver(model, llm)

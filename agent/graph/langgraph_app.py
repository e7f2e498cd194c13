"""The agent graph for LangGraph's server and Studio: ``langgraph dev`` reads ``langgraph.json``,
which names :func:`make_graph` here.

The server builds every run from JSON, including the run context, so the library's
:class:`~agent.graph.state.RunContext` (live settings, chat model, tools) cannot travel as is.
:class:`ServerContext` carries the options a Studio user may set (provider, model, base URL)
and builds the live objects the nodes read on first use: the same attributes, so the nodes do
not know which one they got. The server persists threads itself, so the graph is compiled
without a checkpointer, and its runs are not written to hypoloop's run records (``recorder``
is None): the server keeps their history.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import Field

from agent.settings import Provider

if TYPE_CHECKING:
    from agent.graph.driver import Driver
    from agent.settings import Settings


@dataclass
class ServerContext:
    """Run options for the LangGraph server; unset ones come from the environment and config file."""

    provider: Annotated[
        Provider | None, Field(description="Model provider: auto, openai, openai-compatible or offline.")
    ] = None
    model_name: Annotated[str | None, Field(description="Chat model name (llm.model).")] = None
    base_url: Annotated[str | None, Field(description="OpenAI-compatible server URL (llm.base_url).")] = None

    recorder: ClassVar[None] = None
    executor: ClassVar[None] = None  # tools run in the server's process

    @cached_property
    def settings(self) -> Settings:
        from agent.settings import Settings

        return Settings.load(
            llm={"provider": self.provider, "model": self.model_name, "base_url": self.base_url}
        )

    @cached_property
    def model(self) -> Any:
        from agent.llm import build_chat_model

        return build_chat_model(self.settings)

    @cached_property
    def tools(self) -> dict[str, Any]:
        from agent.graph.toolset import load_tools

        return load_tools(self.settings)

    @cached_property
    def driver(self) -> Driver:
        from agent.graph.drivers import driver_for

        return driver_for(self.model, self.settings.llm)

    @property
    def offline(self) -> bool:  # for callers that report which path ran; nodes ask the driver
        return self.model is None


def make_graph() -> Any:
    """The compiled agent graph (input: ``{"mode": "test", "input": "<claim>"}``)."""
    from agent.graph import build_graph
    from agent.settings import Settings

    return build_graph(Settings.load(), context_schema=ServerContext)

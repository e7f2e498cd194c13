"""Agent commands: chat, ask, test, propose, batch, eval, runs."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    from agent.cli_common import not_built

    @app.command()
    def chat() -> None:
        """Interactive research chat (resumable threads)."""
        not_built("chat", 6)

    @app.command()
    def ask(question: str = typer.Argument(..., help="A research question.")) -> None:
        """Answer a question with literature and simulations."""
        not_built("ask", 5)

    @app.command()
    def test(claim: str = typer.Argument(..., help="The claim to stress-test.")) -> None:
        """Stress-test a claim and print a verdict."""
        not_built("test", 5)

    @app.command()
    def propose(goal: str = typer.Argument(..., help="A research goal.")) -> None:
        """Propose hypotheses for a goal (and optionally test them)."""
        not_built("propose", 5)

    @app.command()
    def batch(path: str = typer.Argument(..., help="YAML or JSONL file of hypotheses.")) -> None:
        """Test a file of hypotheses unattended, locally or on a Dask cluster."""
        not_built("batch", 6)

    @app.command(name="eval")
    def eval_() -> None:
        """Score the agent on a set of hypotheses with known answers."""
        not_built("eval", 6)

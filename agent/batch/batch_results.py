"""A batch's records as a notebook object: a plain list of result dicts that also renders as a
table in Jupyter and converts to a pandas DataFrame."""

from __future__ import annotations

from typing import Any


class BatchResults(list[dict[str, Any]]):
    """What ``run_batch`` returns: the records of this call, in the order they finished."""

    def to_dataframe(self) -> Any:
        """One row per item: id, claim, verdict, confidence, summary, error, evidence and tool-run counts."""
        import pandas as pd

        cols = ["id", "claim", "verdict", "confidence", "summary", "error"]
        rows = [
            {**{c: r.get(c) for c in cols}, "n_evidence": len(r.get("evidence") or []),
             "n_tool_runs": len(r.get("tool_runs") or [])}
            for r in self
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=[*cols, "n_evidence", "n_tool_runs"])

    def _repr_html_(self) -> str:
        from agent.display.html import batch_html

        return batch_html(self)

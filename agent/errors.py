"""The agent's typed error hierarchy, and the error roots every boundary converts.

Errors of the orchestration layer derive from :class:`HypoloopError`; the tools and the
literature index have roots of their own (``tools.errors.ToolError``,
``retrieval.errors.RetrievalError``) because they are libraries that import nothing of
``agent``. Each boundary converts all three (:data:`USER_ERRORS`): the CLI into one line on
stderr and ``exit_code``, tools into an error result the model can read; notebooks see the
exception itself. Raise with ``raise X(...) from e`` so ``--debug`` shows the root cause.
"""

from __future__ import annotations

from retrieval.errors import RetrievalError
from tools.errors import ToolError


class HypoloopError(Exception):
    """Base class of the agent's errors. ``exit_code`` is what the CLI exits with."""

    exit_code: int = 1


class ConfigError(HypoloopError):
    """Raised when settings, a config file or a CLI option are invalid."""

    exit_code = 2


class RequestError(HypoloopError):
    """Raised when a request to the assistant cannot be acted on (an empty claim or question)."""

    exit_code = 2


class ModelError(HypoloopError):
    """Raised when the chat model cannot be reached or keeps failing after retries."""


class RequestTooLarge(ModelError):
    """Raised on the model path when even the smallest request for a step (fewest tools, tool
    results summarised) does not fit the server's context; the claim is decided without the model."""


class ModelTimeBudget(ModelError):
    """Raised on the model path when a claim has spent its model wall time (``llm.claim_wall_s``);
    the claim is decided without the model."""


class BatchInputError(HypoloopError):
    """Raised when a batch file is malformed (bad YAML/JSONL, missing ``claim``, duplicate ids,
    unknown fields, wrong types), or its results file cannot be used (locked, or exists without
    ``--resume``)."""

    exit_code = 2


class WorkerLost(HypoloopError):
    """Raised when the process running a tool call died (a Dask worker killed, out of memory or
    lost with its node). It is not the hypothesis's fault: the batch runner retries the
    hypothesis once, then records it as failed."""


class ClusterError(HypoloopError):
    """Raised when a batch's Slurm or PBS cluster cannot be used: dask-jobqueue or the submit
    command (sbatch, qsub) is missing, a job submission is refused, or no worker job connects
    within ``cluster.start_timeout_s``."""


class RunNotFound(HypoloopError):
    """Raised when a run or thread id names no recorded run."""

    exit_code = 2


# Every error a user can cause or meet, whatever layer raised it: what boundaries catch.
USER_ERRORS: tuple[type[Exception], ...] = (HypoloopError, ToolError, RetrievalError)

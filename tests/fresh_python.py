"""Running a snippet in a new interpreter: for what one test process cannot show, such as which
modules a step imports (this process has imported everything by then)."""

from __future__ import annotations

import subprocess
import sys

# Offline, and nothing from the test process's environment but PATH.
ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PATH": "/usr/bin:/bin"}


def fresh_python(code: str) -> str:
    """``code``'s standard output; a failure raises with its standard error."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    if out.returncode:
        raise AssertionError(f"the snippet failed:\n{out.stderr}")
    return out.stdout

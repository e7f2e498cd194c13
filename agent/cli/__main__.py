"""``python -m agent.cli``: the same entry point as the ``hypoloop`` console script."""

from __future__ import annotations

import sys

from agent.cli import main

sys.exit(main())

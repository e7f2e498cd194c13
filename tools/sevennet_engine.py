"""SevenNet's own modules, imported quietly: sevenn with e3nn and torch_geometric, ~2 s of CPU
(``bench/cross_hypothesis_batching.py`` and -X importtime: torch_geometric.data 0.8 s, e3nn.o3
0.8 s, sevenn's dataset module 0.4 s).

An embedded cluster's fork server preloads this module (agent/batch/preload.fork_server_preload),
so every forked worker has it at no cost of its own instead of paying the 2 s at its first
SevenNet call, which nearly every crystal claim makes (SevenNet ranks polymorphs and checks
CHGNet). Elsewhere tools/calculator_sevennet.py and tools/batch_energies.py import the same
modules when first used. Importing it has no other effect, and never fails.
"""

from __future__ import annotations

import contextlib

from tools.quiet import quiet

# A broken or missing SevenNet fails its own calls, with their message (tools/calculator_sevennet.py),
# never the fork server every worker comes from (it stops only for an ImportError).
with quiet(), contextlib.suppress(Exception):  # e3nn's first import warns about torch.jit.script
    import sevenn.atom_graph_data  # noqa: F401
    import sevenn.calculator  # noqa: F401
    import sevenn.train.dataload  # noqa: F401
    import torch_geometric.data  # noqa: F401

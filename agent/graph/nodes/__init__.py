"""Graph nodes, one module per stage: propose, research, stress, verdict."""

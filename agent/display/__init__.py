"""Presentation of results outside the terminal: HTML for notebooks and reports, matplotlib
figures, progress bars. Data objects (agent/results.py) delegate here and compute nothing."""

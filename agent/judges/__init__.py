"""The judges: one module per claim kind that plans the tool calls testing a claim and judges their
results into a verdict, plus what every judge shares (the data objects they exchange with the
graph, the decision rule and confidence from margin over uncertainty, each calculator's calibrated
error model per material class, the user's measurements as evidence)."""

"""The literature judge: a claim as a small relational frame, where its concepts occur in a
retrieved passage, and whether a sentence states the same relation or its opposite."""

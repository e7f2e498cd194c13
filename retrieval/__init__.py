"""retrieval package (see DESIGN.md)."""

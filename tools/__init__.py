"""tools package (see DESIGN.md)."""

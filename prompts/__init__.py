"""prompts package (see DESIGN.md)."""

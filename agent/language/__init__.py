"""The claim language: the lexer, the grammar and the reader that turn a sentence into a typed
claim spec, or refuse it naming the span they could not read (agent/language/reader.py)."""

"""The offline question compiler: a computation question read into a typed spec, the tool calls
that answer it, and the answer with its method, assumptions and measured error."""

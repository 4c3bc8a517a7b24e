"""Output: the one writer of every format, and what the CLI says on stderr."""

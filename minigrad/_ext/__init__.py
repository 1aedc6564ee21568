"""Compiled kernels. Nothing here validates its input: callers in ``minigrad.ops`` do."""

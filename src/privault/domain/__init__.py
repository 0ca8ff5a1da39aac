"""Pure rules of privault: no I/O frameworks, no crypto, no SQL."""

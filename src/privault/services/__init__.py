"""One function per user intention; each owns its transaction, checks policy and writes audit."""

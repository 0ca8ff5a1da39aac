"""Exports: a request, an approval above a few rows, one audited download."""

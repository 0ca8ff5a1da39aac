"""Violations and sanctions in the console."""

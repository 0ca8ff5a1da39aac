"""Plumbing with no rules: file readers, worker processes, the clock, mail and SMS."""

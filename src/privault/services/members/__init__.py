"""Membership and member levels (issue 16): enrol, read, count, close; levels, rules."""

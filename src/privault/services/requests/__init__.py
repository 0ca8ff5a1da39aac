"""Customers' rights requests: intake, legal clocks, verification, answers and their files."""

"""Incidents in the console: the register and one incident's page."""

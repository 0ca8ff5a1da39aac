"""Incidents (issue 19): the register, affected customers from the trail, clocks, notices,
regulator reports and drills."""

"""Membership in the web: the REST API for a POS and the console pages."""

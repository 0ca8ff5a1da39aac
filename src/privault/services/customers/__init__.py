"""Customers: registration, search, the masked profile, reveal, changes, erasure, purchases."""

"""Stores: the registry of the shop's stores (code, names, address, phone, time zone)."""

"""Consent pages and API: the ledger, grants and withdrawals."""

"""Consents and the privacy notice: the append-only ledger, withdrawal, sharing opt-outs."""

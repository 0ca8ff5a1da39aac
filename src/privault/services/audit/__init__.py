"""The audit trail and the privacy officer's watch: reading, searching, verifying, alerts."""

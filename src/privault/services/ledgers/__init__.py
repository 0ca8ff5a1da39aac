"""What the points and stored-value ledgers share: posting an entry, an account read, reversal,
and the daily reconciliation."""

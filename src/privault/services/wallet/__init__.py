"""Stored value (储值): top-up with bonus, spend, refund."""

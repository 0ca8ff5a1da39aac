"""The compliance report page and its downloads."""

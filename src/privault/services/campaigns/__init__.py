"""Segments and campaigns: marketing only with consent, counts only for marketing (issue 16)."""

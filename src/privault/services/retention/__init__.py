"""Retention: the sweep that erases what is no longer needed, legal holds, paper forms."""

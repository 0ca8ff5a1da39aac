"""Campaigns on the web: console pages and the SMS gateway webhook (issue 16)."""

"""Audit pages and API: the trail, alerts, the dashboard."""

"""The installation: setup, backups and restores, health, demo data."""

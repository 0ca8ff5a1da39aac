"""Alembic migration trees: one for the data database, one for the keystore database."""

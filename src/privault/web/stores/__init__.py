"""The store registry's console pages (/settings/stores)."""

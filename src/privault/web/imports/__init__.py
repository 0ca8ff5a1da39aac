"""Import pages and API."""

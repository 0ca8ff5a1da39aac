"""The REST API under /api/v1, for POS and booking systems; documented at /docs."""

"""Export pages and API: request, approve, download."""

"""Customer classes in the console (/classes, /classes/briefing) and the API (/api/v1/classes)."""

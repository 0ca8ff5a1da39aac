"""Customer pages and API: search, profile, registration, privacy actions, segments."""

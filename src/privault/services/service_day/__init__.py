"""The service day: bookings, and what builds on them (today's list, cards, visits)."""

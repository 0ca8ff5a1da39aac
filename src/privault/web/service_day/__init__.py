"""The service day on the web: the bookings API (pages come with the day view)."""

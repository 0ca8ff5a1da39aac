"""Rights request pages and API: intake, steps, answers."""

"""The privault command."""

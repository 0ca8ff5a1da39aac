"""Server-rendered pages of the staff console and the customer portal."""

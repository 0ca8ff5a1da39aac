"""privault: a customer information system with privacy enforced in code."""

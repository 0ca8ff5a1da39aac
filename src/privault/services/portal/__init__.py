"""The customer portal: sign-in by one-time code, the customer's own record, consents, requests."""

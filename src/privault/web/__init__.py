"""The web adapter: the staff console, the customer portal and the REST API, on the services."""

"""The privacy officer's complaint pages and the desk's form on a customer's profile."""

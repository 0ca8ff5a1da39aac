"""Staff pages: accounts, sign-in."""

"""Staff: accounts, sign-in sessions, API tokens, the role matrix, form tokens, rate limits."""

"""The customer portal's pages."""

"""The installation's console pages: the shop's identity."""

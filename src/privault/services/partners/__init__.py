"""Partners, their agreements and the one door through which customer data leaves for them."""

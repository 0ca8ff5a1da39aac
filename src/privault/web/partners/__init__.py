"""The privacy officer's console pages for partners, agreements and disclosures."""

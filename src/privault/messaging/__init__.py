"""Messages to customers: SMS through a gateway, mail over SMTP (beside db and crypto)."""

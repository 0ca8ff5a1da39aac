"""Points and stored value in the web: the REST API for a POS and the console profile section."""

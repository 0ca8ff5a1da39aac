"""Personal data in free text: the installation's rule, applied where staff type notes."""

"""Staff violations and sanctions (issue 19)."""

"""The console's service photos: the section on a customer's profile and the take-down list."""

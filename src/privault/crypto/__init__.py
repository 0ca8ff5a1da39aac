"""Keys, envelope encryption and blind indexes."""

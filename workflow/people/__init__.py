"""People: user accounts and API tokens."""

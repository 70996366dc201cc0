"""People: logging in, the account's settings, personal API tokens."""

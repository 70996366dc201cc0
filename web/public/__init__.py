"""The public directory of partnerships at work, and its feed."""

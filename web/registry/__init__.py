"""The registry of libraries, matching them, and applications to join."""

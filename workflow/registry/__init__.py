"""The registry of libraries: its records, imports and applications to join."""

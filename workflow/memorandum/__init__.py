"""Memorandum: its versions, clauses, signing and the platform's seal."""

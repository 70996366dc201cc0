"""Cooperation: check-ins, condition evaluations and the public directory."""

"""Animator hours: entries, budgets, assignments."""

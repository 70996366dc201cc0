"""The partnership at work: check-ins, its condition, the public page."""

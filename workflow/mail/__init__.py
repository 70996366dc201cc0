"""Mail: the outbox, written in the transaction and delivered after it."""

"""The memorandum: composing it from clauses, the clause library, signing it."""

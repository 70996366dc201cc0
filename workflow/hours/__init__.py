"""Hours: the animators' assignments, budgets and hours entries."""

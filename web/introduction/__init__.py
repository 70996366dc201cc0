"""The introduction: partnership meetings, their evaluations, the leader."""

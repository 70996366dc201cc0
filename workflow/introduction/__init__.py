"""Introduction: the parties' contact persons, the meetings, their evaluations and the leader."""

"""The coordinator's cockpit: the board, the reports and the reminders."""

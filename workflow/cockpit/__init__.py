"""The coordinators' cockpit: the board, reports and reminders."""

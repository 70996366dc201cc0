"""Calendar feeds (iCalendar) of meetings and activities."""

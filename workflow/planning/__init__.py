"""Planning: the activities, their approval and the plan's feeds."""

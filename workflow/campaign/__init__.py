"""Campaign: the information campaign and its publications."""

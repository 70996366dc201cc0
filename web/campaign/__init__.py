"""The information campaign: audience, key messages, publications."""

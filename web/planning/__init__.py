"""The joint activity plan."""

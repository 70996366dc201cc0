"""Selection: matching libraries and choosing the partner."""

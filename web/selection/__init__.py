"""The selection: the partnership's parties, their contact persons and consent."""

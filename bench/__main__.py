"""Run every benchmark: one JSON object per line, ratios against same-run baselines."""

from __future__ import annotations

import logging

from bench import board, documents, transitions


def main() -> None:
    logging.disable(logging.WARNING)  # alembic's INFO lines would mix with the JSON
    transitions.run()
    documents.run()
    board.run()


if __name__ == "__main__":
    main()

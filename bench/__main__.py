"""Run every benchmark: one JSON object per line, ratios against same-run baselines."""

from __future__ import annotations

import logging

from bench import board, documents, hours, registry, transitions


def main() -> None:
    logging.disable(logging.WARNING)  # alembic's INFO lines would mix with the JSON
    transitions.run()
    documents.run()
    hours.run()
    registry.run()
    board.run()


if __name__ == "__main__":
    main()

"""Run the benchmarks: one JSON object per line, ratios against same-run baselines.

``python -m bench`` runs every one; ``--only NAME`` (repeatable) runs those
whose figures NAME names: a figure (``board_page``, ``import_100k``) or the
module that makes it (``board``, ``registry``).
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable

from bench import board, documents, hours, registry, transitions

#: Each module with the figures it emits, in the order they run.
FIGURES: dict[str, tuple[Callable[[], None], tuple[str, ...]]] = {
    "transitions": (transitions.run, ("transition_persisted",)),
    "documents": (documents.run, ("memorandum_render", "memorandum_served", "memorandum_seal")),
    "hours": (hours.run, ("timesheet_500",)),
    "registry": (
        registry.run,
        ("import_100k", "match_registry_load", "match_top10_100k", "match_peak_rss"),
    ),
    "board": (board.run, ("board_page", "board_page_filtered")),
}


def _selected(only: list[str]) -> list[str]:
    if not only:
        return list(FIGURES)
    chosen = []
    for module, (_, figures) in FIGURES.items():
        if any(name == module or name.startswith(figures) for name in only):
            chosen.append(module)
    return chosen


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="run only the benchmark making this figure (or this module); repeatable",
    )
    args = parser.parse_args(argv)
    chosen = _selected(args.only)
    if not chosen:
        known = [n for module, (_, figures) in FIGURES.items() for n in (module, *figures)]
        parser.error(f"no benchmark makes {args.only}; known: {', '.join(known)}")
    logging.disable(logging.WARNING)  # alembic's INFO lines would mix with the JSON
    for module in chosen:
        FIGURES[module][0]()


if __name__ == "__main__":
    main()

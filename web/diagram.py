"""Where the boxes and arrows of the standalone lifecycle diagram go."""

from __future__ import annotations

from dataclasses import dataclass

import states
from states.base import TRIGGER_TITLES
from states.text import Text
from workflow.lifecycle.engine import ENGINE

W, H = 160, 64
GAP = 64
LEFT, TOP = 24, 96
MAIN = tuple(s.name for s in states.STEPS) + ("cooperation", "closed")
SIDE = ("on_hold", "withdrawn")


@dataclass(frozen=True)
class Node:
    name: str
    title: Text
    number: int | None
    x: int
    y: int


@dataclass(frozen=True)
class Edge:
    trigger: str
    title: Text
    path: str
    label_x: int
    label_y: int
    dashed: bool = False
    show_label: bool = True


def layout() -> dict[str, object]:
    nodes: dict[str, Node] = {}
    for i, name in enumerate(MAIN):
        step = states.BY_NAME[name]
        number = i + 1 if i < len(states.STEPS) else None
        nodes[name] = Node(name, step.title, number, LEFT + i * (W + GAP), TOP)
    side_y = TOP + H + 150
    middle = LEFT + 2 * (W + GAP)
    for j, name in enumerate(SIDE):
        x = middle + j * (W + 2 * GAP) + W // 2
        nodes[name] = Node(name, states.BY_NAME[name].title, None, x, side_y)

    edges: list[Edge] = []
    for source, trigger, dest in ENGINE.graph():
        if source not in MAIN or dest not in MAIN:
            continue
        a, b = nodes[source], nodes[dest]
        title = TRIGGER_TITLES[trigger]
        mid_x = (a.x + b.x) // 2 + W // 2
        if trigger == "skip_memorandum":
            # Over the top: memorandum to planning, skipping the signatures.
            x1, x2, y = a.x + W // 2, b.x + W // 2, a.y
            edges.append(
                Edge(
                    trigger,
                    title,
                    f"M{x1},{y} C{x1},{y - 56} {x2},{y - 56} {x2},{y - 2}",
                    mid_x,
                    y - 50,
                    dashed=True,
                )
            )
        elif MAIN.index(dest) > MAIN.index(source):
            y = a.y + H // 2
            edges.append(
                Edge(
                    trigger,
                    title,
                    f"M{a.x + W},{y} L{b.x - 4},{y}",
                    mid_x,
                    a.y - 10,  # above the boxes: the gap is narrower than the words
                    show_label=trigger != "advance",
                )
            )
        else:
            # Backwards, under the row.
            x1, x2, y = a.x + W // 2 - 20, b.x + W // 2 + 20, a.y + H
            edges.append(
                Edge(
                    trigger,
                    title,
                    f"M{x1},{y} C{x1},{y + 56} {x2},{y + 56} {x2},{y + 2}",
                    mid_x,
                    y + 58,
                    dashed=True,
                )
            )
    hold, withdrawn = nodes["on_hold"], nodes["withdrawn"]
    y = hold.y + H // 2
    edges.append(
        Edge(
            "withdraw",
            TRIGGER_TITLES["withdraw"],
            f"M{hold.x + W},{y} L{withdrawn.x - 4},{y}",
            (hold.x + W + withdrawn.x) // 2,
            y - 8,
        )
    )
    width = LEFT * 2 + len(MAIN) * (W + GAP) - GAP
    height = side_y + H + 64
    return {
        "nodes": list(nodes.values()),
        "edges": edges,
        "width": width,
        "height": height,
        "main_y": TOP,
        "side_y": side_y,
        "hold": hold,
        "box_w": W,
        "box_h": H,
    }

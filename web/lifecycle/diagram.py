"""Where the boxes and arrows of the standalone lifecycle diagram go."""

from __future__ import annotations

from dataclasses import dataclass

import states
from states import CLOSED, COOPERATION, ON_HOLD, WITHDRAWN
from states.base import TRIGGER_TITLES
from states.text import Text
from workflow.lifecycle.engine import ENGINE

W, H = 160, 64
GAP = 64
LEFT, TOP = 24, 96
MAIN = tuple(s.name for s in states.STEPS) + (COOPERATION, CLOSED)
SIDE = (ON_HOLD, WITHDRAWN)


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


SIDE_Y = TOP + H + 150


def _nodes() -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    for i, name in enumerate(MAIN):
        step = states.BY_NAME[name]
        number = i + 1 if i < len(states.STEPS) else None
        nodes[name] = Node(name, step.title, number, LEFT + i * (W + GAP), TOP)
    middle = LEFT + 2 * (W + GAP)
    for j, name in enumerate(SIDE):
        x = middle + j * (W + 2 * GAP) + W // 2
        nodes[name] = Node(name, states.BY_NAME[name].title, None, x, SIDE_Y)
    return nodes


def _edge(trigger: str, a: Node, b: Node) -> Edge:
    """The arrow of ``trigger`` from box ``a`` to box ``b`` of the main row."""
    title = TRIGGER_TITLES[trigger]
    mid_x = (a.x + b.x) // 2 + W // 2
    if trigger == "skip_memorandum":
        # Over the top: memorandum to planning, skipping the signatures.
        x1, x2, y = a.x + W // 2, b.x + W // 2, a.y
        path = f"M{x1},{y} C{x1},{y - 56} {x2},{y - 56} {x2},{y - 2}"
        return Edge(trigger, title, path, mid_x, y - 50, dashed=True)
    if MAIN.index(b.name) > MAIN.index(a.name):
        y = a.y + H // 2
        return Edge(
            trigger,
            title,
            f"M{a.x + W},{y} L{b.x - 4},{y}",
            mid_x,
            a.y - 10,  # above the boxes: the gap is narrower than the words
            show_label=trigger != "advance",
        )
    # Backwards, under the row.
    x1, x2, y = a.x + W // 2 - 20, b.x + W // 2 + 20, a.y + H
    path = f"M{x1},{y} C{x1},{y + 56} {x2},{y + 56} {x2},{y + 2}"
    return Edge(trigger, title, path, mid_x, y + 58, dashed=True)


def layout() -> dict[str, object]:
    nodes = _nodes()
    edges = [
        _edge(trigger, nodes[source], nodes[dest])
        for source, trigger, dest in ENGINE.graph()
        if source in MAIN and dest in MAIN
    ]
    hold, withdrawn = nodes[ON_HOLD], nodes[WITHDRAWN]
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
    return {
        "nodes": list(nodes.values()),
        "edges": edges,
        "width": LEFT * 2 + len(MAIN) * (W + GAP) - GAP,
        "height": SIDE_Y + H + 64,
        "main_y": TOP,
        "side_y": SIDE_Y,
        "hold": hold,
        "box_w": W,
        "box_h": H,
    }

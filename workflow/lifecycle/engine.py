"""One ``transitions`` machine per process, compiled from ``states``.

Partnership rows are never registered with the machine: a single cursor model
is set to the partnership's state, fired, and read back under a lock, so the
machine stays small however many partnerships there are, and the database
transaction (not the machine) decides what is kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from transitions import Machine, MachineError

import states
from states.base import Step, Transition
from states.settled import FROM_ANY_OPEN


class _Cursor:
    state: str = states.INITIAL


@dataclass(frozen=True)
class Option:
    """A move declared from a partnership's current state."""

    transition: Transition
    dest: str

    @property
    def trigger(self) -> str:
        return self.transition.trigger


def _transitions_of(step: Step) -> tuple[Transition, ...]:
    return step.transitions + (FROM_ANY_OPEN if step.is_open else ())


class Engine:
    def __init__(self, steps: Iterable[Step] = states.ALL) -> None:
        self.steps = {s.name: s for s in steps}
        spec: list[dict[str, Any]] = []
        for step in self.steps.values():
            for t in _transitions_of(step):
                if t.trigger == "resume":
                    for dest in states.OPEN_STATES:
                        spec.append(
                            dict(
                                trigger="resume",
                                source=step.name,
                                dest=dest,
                                conditions=[_held_from(dest)],
                            )
                        )
                    continue
                conditions = [_when(t.when)] if t.when else []
                spec.append(
                    dict(trigger=t.trigger, source=step.name, dest=t.dest, conditions=conditions)
                )
        self._cursor = _Cursor()
        self._lock = threading.Lock()
        self.machine = Machine(
            model=self._cursor,
            states=list(self.steps),
            transitions=spec,
            initial=states.INITIAL,
            auto_transitions=False,
            send_event=True,
        )

    def options(self, partnership: Any) -> list[Option]:
        """The moves declared from the partnership's state whose conditions hold."""
        step = self.steps[partnership.status]
        found: list[Option] = []
        for t in _transitions_of(step):
            if t.when is not None and not t.when(partnership):
                continue
            if t.trigger == "resume":
                if partnership.held_from:
                    found.append(Option(t, partnership.held_from))
                continue
            found.append(Option(t, t.dest))
        return found

    def option(self, partnership: Any, trigger: str) -> Option | None:
        return next((o for o in self.options(partnership) if o.trigger == trigger), None)

    def fire(self, partnership: Any, trigger: str) -> str:
        """Run the machine for one move and return the state it arrives in.

        Raises ``MachineError`` when the machine refuses the move.
        """
        with self._lock:
            self.machine.set_state(partnership.status, model=self._cursor)
            # ``trigger`` is added to the cursor by the machine.
            fire = self._cursor.trigger  # type: ignore[attr-defined]
            if not fire(trigger, partnership=partnership):
                raise MachineError(f"{trigger!r} refused from {partnership.status!r}")
            return self._cursor.state

    def graph(self) -> list[tuple[str, str, str]]:
        """(source, trigger, dest) for every declared transition, for diagrams."""
        edges = []
        for step in self.steps.values():
            for t in step.transitions:
                if t.trigger != "resume":
                    edges.append((step.name, t.trigger, t.dest))
        return edges


def _when(condition: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda event: condition(event.kwargs["partnership"])


def _held_from(dest: str) -> Callable[[Any], bool]:
    return lambda event: event.kwargs["partnership"].held_from == dest


ENGINE = Engine()

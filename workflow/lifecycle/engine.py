"""One ``transitions`` machine per process, compiled from ``states``.

The machine decides: its conditions are the steps' declared ``when`` (and,
for ``resume``, the state the partnership was held from), and
``Engine.options`` asks the machine which of its transitions from the
partnership's state pass them, so there is no second copy of the rules.

Partnership rows are never registered with the machine: a single cursor model
is set to the partnership's state, fired, and read back under a lock, so the
machine stays small however many partnerships there are, and the database
transaction (not the machine) decides what is kept. The conditions take the
partnership as an argument (``send_event=False``), so they can be asked
without firing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from transitions import Machine, MachineError
from transitions import Transition as MachineTransition

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
        #: (source, trigger) -> the declared transition, with its roles and requirements.
        self._declared: dict[tuple[str, str], Transition] = {}
        #: (source, trigger) -> its position in the step's declaration (the page's order).
        self._order: dict[tuple[str, str], int] = {}
        for step in self.steps.values():
            for i, t in enumerate(_transitions_of(step)):
                self._declared[step.name, t.trigger] = t
                self._order[step.name, t.trigger] = i
                if t.trigger == "resume":
                    for dest in states.OPEN_STATES:
                        spec.append(
                            dict(
                                trigger="resume",
                                source=step.name,
                                dest=dest,
                                conditions=[_held_from(dest)] + _whens(t),
                            )
                        )
                    continue
                spec.append(
                    dict(trigger=t.trigger, source=step.name, dest=t.dest, conditions=_whens(t))
                )
        self._cursor = _Cursor()
        self._lock = threading.Lock()
        self.machine = Machine(
            model=self._cursor,
            states=list(self.steps),
            transitions=spec,
            initial=states.INITIAL,
            auto_transitions=False,
            send_event=False,
        )
        #: The machine's own transitions from each state, by trigger, in the step's order.
        self._from: dict[str, list[tuple[str, list[MachineTransition]]]] = {
            source: [
                (trigger, self.machine.get_transitions(trigger, source=source))
                for trigger in sorted(
                    self.machine.get_triggers(source), key=lambda t: self._order[source, t]
                )
            ]
            for source in self.steps
        }

    def options(self, partnership: Any) -> list[Option]:
        """The machine's transitions from the partnership's state whose conditions hold."""
        source = partnership.status
        found: list[Option] = []
        for trigger, transitions in self._from[source]:
            for mt in transitions:
                if mt.dest is not None and _holds(mt, partnership):
                    found.append(Option(self._declared[source, trigger], mt.dest))
                    break
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


def _holds(transition: MachineTransition, partnership: Any) -> bool:
    """Whether the machine's conditions on ``transition`` pass for ``partnership``."""
    return all(
        callable(c.func) and c.func(partnership=partnership) == c.target
        for c in transition.conditions
    )


def _whens(t: Transition) -> list[Callable[..., bool]]:
    """The declared ``when`` of ``t`` as the machine's condition (none if it has none)."""
    condition = t.when
    if condition is None:
        return []
    return [lambda partnership: bool(condition(partnership))]


def _held_from(dest: str) -> Callable[..., bool]:
    return lambda partnership: bool(partnership.held_from == dest)


ENGINE = Engine()

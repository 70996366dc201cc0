"""Domain errors. Each carries a translatable message for the person who acted."""

from __future__ import annotations

from states.text import Text, _l


class DomainError(Exception):
    message: Text = _l("This action could not be completed.")

    def __init__(self, message: Text | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class NotFound(DomainError):
    message = _l("No such partnership.")


class PermissionDenied(DomainError):
    message = _l("You may not do this.")


class TransitionNotAllowed(DomainError):
    message = _l("This move is not possible from the partnership's current step.")


class ReasonRequired(DomainError):
    message = _l("Please give a reason for this move.")


class ConfirmationRequired(DomainError):
    message = _l("This move cannot be undone: confirm it to go on.")


class RequirementsNotMet(DomainError):
    message = _l("The step is not complete yet.")

    def __init__(self, missing: list[Text]) -> None:
        self.missing = missing
        super().__init__()


class StaleVersion(DomainError):
    message = _l(
        "Someone else changed this partnership a moment ago. "
        "The page now shows its current state; please check and try again."
    )


class InvalidInput(DomainError):
    message = _l("Some of the values are not valid.")

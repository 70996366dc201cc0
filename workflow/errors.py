"""Domain errors. Each carries a translatable message for the person who acted."""

from __future__ import annotations

from states.text import Text, lazy_text


class DomainError(Exception):
    message: Text = lazy_text("This action could not be completed.")

    def __init__(self, message: Text | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class NotFound(DomainError):
    message = lazy_text("No such partnership.")


class PermissionDenied(DomainError):
    message = lazy_text("You may not do this.")


class TransitionNotAllowed(DomainError):
    message = lazy_text("This move is not possible from the partnership's current step.")


class ReasonRequired(DomainError):
    message = lazy_text("Please give a reason for this move.")


class ConfirmationRequired(DomainError):
    message = lazy_text("This move cannot be undone: confirm it to go on.")


class RequirementsNotMet(DomainError):
    message = lazy_text("The step is not complete yet.")

    def __init__(self, missing: list[Text]) -> None:
        self.missing = missing
        super().__init__()


class StaleVersion(DomainError):
    message = lazy_text(
        "Someone else changed this partnership a moment ago. "
        "The page now shows its current state; please check and try again."
    )


class InvalidInput(DomainError):
    message = lazy_text("Some of the values are not valid.")

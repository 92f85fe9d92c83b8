from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A refused action on an application; the message is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TransitionRefused(ApplicationError):
    pass


class ApplicationIncomplete(ApplicationError):
    """Submission refused: `problems` maps field names ('' for the whole form) to messages."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__(str(_("The application is not complete. See the marked fields.")))
        self.problems = problems


class DecisionFinal(ApplicationError):
    """A change to a decision of a closed meeting: it is final; correct it by a new decision."""

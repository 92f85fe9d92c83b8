"""The members' adoption cases open when the decision body's minutes are approved."""

from applications.decisions.signals import meeting_released


def _open_adoptions(sender, meeting, **kwargs) -> None:
    from applications.adoptions.services import adoptions_open

    adoptions_open(meeting=meeting)


def connect() -> None:
    meeting_released.connect(_open_adoptions, dispatch_uid="applications.adoptions.open")

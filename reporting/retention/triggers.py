"""A disposal protocol is kept for ever as it was written: PostgreSQL refuses an UPDATE or
DELETE of a protocol or of one of its lines, whoever sends it. Installed by `migrate`."""

import pgtrigger

from allocations.triggers import append_only_trigger
from reporting.models import DisposalLine, DisposalProtocol


def register() -> None:
    for model in (DisposalProtocol, DisposalLine):
        pgtrigger.register(append_only_trigger())(model)

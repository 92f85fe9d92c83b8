"""Internal case notes (tjänsteanteckningar) on an application.

The county's staff write down what happened in a case that is not in its documents: a
telephone call, an explanation given, a fact checked. A note is part of the public record
of the case (and is gathered when the records are requested), but it is never shown to the
applicant on their own pages. Notes are append-only: a correction is a new note.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models.audit import audited
from applications.models.application import Application


class CaseNoteFinal(Exception):
    """A written note is never changed or deleted."""


class CaseNote(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="case_notes",
        verbose_name=_("application"),
    )
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    audit_log = audited()

    class Meta:
        ordering = ["application", "created_at", "pk"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"{self.application} – {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise CaseNoteFinal(self.pk)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise CaseNoteFinal(self.pk)

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemReport(models.Model):
    """An accessibility problem reported from the accessibility statement page."""

    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    email = models.EmailField(_("e-mail address for a reply"), blank=True)
    page_url = models.CharField(_("page"), max_length=500, blank=True)
    description = models.TextField(_("description of the problem"))
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("accessibility problem report")
        verbose_name_plural = _("accessibility problem reports")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} – {self.description[:60]}"

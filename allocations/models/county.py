from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models.audit import audited


class DecisionMode(models.TextChoices):
    """What the county's decision body does: decide itself, or recommend a decision that each
    member (municipality, region) then adopts in its own board."""

    DECISION = "decision", _("Decides")
    RECOMMENDATION = "recommendation", _("Recommends; each member adopts")


DEFAULT_APPEAL_INSTRUCTIONS = (
    "Beslutet kan överklagas genom laglighetsprövning enligt 13 kap. kommunallagen (2017:725). "
    "Överklagandet ska ha kommit in till förvaltningsrätten inom tre veckor från den dag då "
    "det tillkännagavs på kommunens eller regionens anslagstavla att protokollet justerats."
)


class County(models.Model):
    """A county (län) that receives and administers county-joint funds."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(
        _("county code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^\d{2}$", _("Enter the two-digit county code."))],
    )
    slug = models.SlugField(_("short name"), unique=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    administering_organisation = models.ForeignKey(
        "Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("administering organisation"),
    )
    review_body_name = models.CharField(
        _("name of the review body"), max_length=200, blank=True, default="Beredningsgrupp"
    )
    decision_body_name = models.CharField(
        _("name of the decision body"), max_length=200, blank=True, default="Chefsforum"
    )
    decision_mode = models.CharField(
        _("the decision body"),
        max_length=16,
        choices=DecisionMode.choices,
        default=DecisionMode.DECISION,
    )
    appeal_instructions = models.TextField(
        _("how to appeal"),
        blank=True,
        default=DEFAULT_APPEAL_INSTRUCTIONS,
        help_text=_("Printed on decision letters, minutes and decision e-mails."),
    )
    adoption_period_days = models.PositiveSmallIntegerField(
        _("days for the members to adopt"),
        default=60,
        help_text=_(
            "When the decision body recommends: the members' adoptions are due this "
            "many days after the minutes are approved."
        ),
    )
    case_number_format = models.CharField(
        _("case number format"),
        max_length=60,
        default="{code}-{year}-{number:04d}",
        help_text=_("Placeholders: {code} county code, {year} agreement year, {number} sequence."),
    )

    audit_log = audited()

    class Meta:
        ordering = ["name"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name

    @property
    def recommends(self) -> bool:
        """The decision body recommends, and each member's board adopts."""
        return self.decision_mode == DecisionMode.RECOMMENDATION

    def clean(self) -> None:
        try:
            self.format_case_number(year=2025, number=1)
        except (KeyError, ValueError, IndexError) as exc:
            raise ValidationError(
                {"case_number_format": _("Use only {code}, {year} and {number}.")}
            ) from exc

    def format_case_number(self, *, year: int, number: int) -> str:
        return self.case_number_format.format(code=self.code, year=year, number=number)


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    REGION_UNIT = "region_unit", _("Region or region unit")
    MUNICIPAL_FEDERATION = "municipal_federation", _("Municipal federation")
    CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """An organisation that applies for, receives or handles county-joint funds."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("county")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("part of"),
    )
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        validators=[
            RegexValidator(r"^\d{6}-\d{4}$", _("Enter the organisation number as NNNNNN-NNNN."))
        ],
    )
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_("Inhabitants in the area the organisation covers, for keys by population."),
    )
    is_member = models.BooleanField(
        _("adopts the decision body's recommendations"),
        default=False,
        help_text=_("A member (municipality, region) whose board adopts each recommendation."),
    )

    audit_log = audited()

    class Meta:
        ordering = ["county", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "name"], name="organisation_name_unique_per_county"
            )
        ]

    def __str__(self) -> str:
        return self.name

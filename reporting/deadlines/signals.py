"""Deadlines follow what they are about: connected in `ReportingConfig.ready`.

A call, a completion request or a review round saved → its deadline exists (and is done
once the thing is done); an assessment, a report back, a requisition or a repayment saved
→ the deadline it settles is marked done when it is; an agreement's dates changed → the
deadlines that still have the old dates take the new ones. Grants: a report-back deadline is
made when the meeting's minutes are approved (the forum's `meeting_released` signal,
sent by `minutes_approve`), not when the grant is created at the
meeting's close; a grant saved reacts only when it is created or replaced, so follow-up
saves cost no queries here. Raw saves (fixtures) are left alone. The work is in
`reporting.deadlines.services`.
"""

from django.db.models.signals import post_save, pre_save

from reporting.deadlines import services as sync


def _call(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        sync.call_sync(call=instance)


def _completion_request(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        sync.completion_request_sync(request=instance)


def _review_round(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        sync.review_round_sync(round=instance)


def _assessment(sender, instance, raw=False, **kwargs) -> None:
    if not raw and instance.submitted_at is not None:
        sync.review_round_sync(round=instance.round)


def _grant(sender, instance, raw=False, created=False, update_fields=None, **kwargs) -> None:
    if raw:
        return
    if created:
        sync.grant_sync(grant=instance)  # none unless created already released
    elif instance.replaced_by_id is not None and (
        update_fields is None or "replaced_by" in update_fields
    ):
        sync.grant_replaced_sync(grant=instance)


def _grant_report(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    from allocations.models import ReportState

    grant = instance.grant
    sync.grant_sync(grant=grant)
    if instance.state == ReportState.ACCEPTED:  # what is to repay is settled now
        sync.county_year_sync(county=grant.county, agreement=grant.focus_area.agreement)


def _county_year(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        sync.county_year_sync(county=instance.county, agreement=instance.focus_area.agreement)


def _agreement_dates_before(sender, instance, raw=False, **kwargs) -> None:
    """Remember the agreement's dates as stored, to move the deadlines that have them."""
    if raw or instance.pk is None:
        return
    fields = list(sync.AGREEMENT_DATES.values())
    instance._dates_before = sender.objects.filter(pk=instance.pk).values(*fields).first() or {}


def _agreement_dates(sender, instance, raw=False, **kwargs) -> None:
    previous = getattr(instance, "_dates_before", None)
    if raw or not previous:
        return
    instance._dates_before = None
    sync.agreement_dates_sync(agreement=instance, previous=previous)


def _meeting_released(sender, meeting, **kwargs) -> None:
    sync.meeting_released_sync(meeting=meeting)


def connect() -> None:
    from allocations.models import Agreement, GrantReport, Repayment, Requisition
    from applications.decisions.signals import meeting_released
    from applications.models import Assessment, Call, CompletionRequest, Grant, ReviewRound

    uid = "reporting.deadlines"
    post_save.connect(_call, sender=Call, dispatch_uid=f"{uid}.call")
    post_save.connect(
        _completion_request, sender=CompletionRequest, dispatch_uid=f"{uid}.completion"
    )
    post_save.connect(_review_round, sender=ReviewRound, dispatch_uid=f"{uid}.round")
    post_save.connect(_assessment, sender=Assessment, dispatch_uid=f"{uid}.assessment")
    post_save.connect(_grant, sender=Grant, dispatch_uid=f"{uid}.grant")
    post_save.connect(_grant_report, sender=GrantReport, dispatch_uid=f"{uid}.report")
    post_save.connect(_county_year, sender=Requisition, dispatch_uid=f"{uid}.requisition")
    post_save.connect(_county_year, sender=Repayment, dispatch_uid=f"{uid}.repayment")
    pre_save.connect(_agreement_dates_before, sender=Agreement, dispatch_uid=f"{uid}.agreement")
    post_save.connect(_agreement_dates, sender=Agreement, dispatch_uid=f"{uid}.agreement")
    meeting_released.connect(_meeting_released, dispatch_uid=f"{uid}.meeting_released")

"""Jämtland Härjedalen's real 2025 decision (001_*) loads as 18 decided lines and grants."""

from collections import defaultdict

import pytest
from django.core.management import call_command

from allocations.agreements.services import read_seed
from applications.decisions.services.seed import decision_seed_load
from applications.models import Decision, Grant, MeetingState

pytestmark = pytest.mark.django_db


def test_jamtlands_2025_decision_adds_up_as_in_the_document(agreement_2025):
    meeting = decision_seed_load(data=read_seed("decision_jamtland_2025.toml"))
    assert meeting.state == MeetingState.MINUTES_APPROVED
    lines = Decision.objects.filter(item__meeting=meeting)
    assert lines.count() == 18
    per_area = defaultdict(int)
    per_handler = defaultdict(int)
    for grant in Grant.objects.filter(decision__in=lines):
        per_area[grant.focus_area.number] += grant.amount
        per_handler[grant.handled_by_label] += grant.amount
    assert dict(per_area) == {1: 4_000_000, 3: 2_506_966, 4: 6_190_809}
    assert dict(per_handler) == {
        "Kommunförbundet Jämtland Härjedalen": 3_265_000,
        "Kommunförbundet Jämtland Härjedalen i samverkan med Region Jämtland Härjedalen": 100_000,
        "Region Jämtland Härjedalen": 3_265_000,
        "Region Jämtland Härjedalen för fortsatt fördelning och nyttjande i samverkan med "
        "Kommunförbundet Jämtland Härjedalen": 6_067_775,
    }
    assert sum(per_area.values()) == 12_697_775


def test_loading_twice_changes_nothing(agreement_2025, capsys):
    call_command("load_decisions")
    call_command("load_decisions")
    assert Grant.objects.count() == 18
    assert "18 lines" in capsys.readouterr().out

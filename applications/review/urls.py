from django.urls import path

from applications.review.views import assess as review_assess
from applications.review.views import check as review_check
from applications.review.views import meetings as review_meetings
from applications.review.views import overview as review_overview
from applications.review.views import rounds as review_rounds

urlpatterns = [
    path(
        "ansokningar/<int:pk>/formell-kontroll/",
        review_check.formal_check,
        name="formal_check",
    ),
    path("lan/<slug:slug>/beredning/", review_assess.review_list, name="review_list"),
    path(
        "lan/<slug:slug>/beredning/omgangar/ny/",
        review_rounds.review_round_create,
        name="review_round_create",
    ),
    path(
        "lan/<slug:slug>/beredning/omgangar/<int:pk>/",
        review_rounds.review_round_detail,
        name="review_round_detail",
    ),
    path("beredning/ansokningar/<int:pk>/", review_assess.assess, name="assess"),
    path(
        "beredning/ansokningar/<int:pk>/bedomningar/",
        review_assess.assessments,
        name="assessments",
    ),
    path(
        "lan/<slug:slug>/beredning/oversikt/",
        review_overview.review_overview_view,
        name="review_overview",
    ),
    path(
        "lan/<slug:slug>/beredning/moten/ny/",
        review_meetings.review_meeting_create_view,
        name="review_meeting_create",
    ),
    path(
        "lan/<slug:slug>/beredning/moten/<int:pk>/",
        review_meetings.review_meeting_view,
        name="review_meeting",
    ),
    path(
        "lan/<slug:slug>/beredning/moten/<int:pk>/forslag/<int:application_pk>/",
        review_meetings.proposal_adopt_view,
        name="proposal_adopt",
    ),
    path(
        "lan/<slug:slug>/beredning/moten/<int:pk>/forslag.xlsx",
        review_meetings.proposals_xlsx,
        name="proposals_xlsx",
    ),
    path(
        "lan/<slug:slug>/beredning/moten/<int:pk>/forslag-<int:area>.pdf",
        review_meetings.proposals_pdf,
        name="proposals_pdf",
    ),
]

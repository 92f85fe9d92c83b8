"""Calls, applications, review, decisions and their documents: one include per domain."""

from django.urls import include, path

from applications.adoptions import urls as adoptions
from applications.applying import urls as applying
from applications.casenotes import urls as casenotes
from applications.decisions import urls as decisions
from applications.disclosure import urls as disclosure
from applications.documents import urls as documents
from applications.dossier import urls as dossier
from applications.register import urls as register
from applications.review import urls as review

app_name = "applications"

# In the order they are matched.
urlpatterns = [
    path("", include(domain))
    for domain in (
        applying,
        register,
        review,
        decisions,
        documents,
        dossier,
        adoptions,
        casenotes,
        disclosure,
    )
]

"""The floor: a bare Django view of the same project (same middleware, same base template with
its navigation, same context processors) that renders a page of a given size without a query
of its own. A page's time divided by the floor of the same size says how much the page's own
work costs."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import engines

_TEMPLATE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Floor{% endblock %}{% block content %}'
    "{% for row in rows %}<p>{{ row }}</p>{% endfor %}{% endblock %}"
)
_ROW = "Golv: en rad text av samma slag som sidorna visar, " * 2
_ROW_BYTES = len(f"<p>{_ROW}</p>".encode())
_BASE_BYTES: dict[int | None, int] = {}  # per user: the base page without rows (warm-up)


def floor(request: HttpRequest, size: int) -> HttpResponse:
    # The base page (navigation, footer) counts towards the size: the rows fill the rest.
    if (user := request.user.pk) not in _BASE_BYTES:
        _BASE_BYTES[user] = len(_TEMPLATE.render({"rows": []}, request).encode())
    empty = _BASE_BYTES[user]
    rows = [_ROW] * max(1, (size - empty) // _ROW_BYTES)
    return HttpResponse(_TEMPLATE.render({"rows": rows}, request))


def floor_post(request: HttpRequest) -> JsonResponse:
    """The floor of a form's POST: the same middleware and log-in, the form read, a small
    JSON answer (as an autosave's), no query of its own."""
    return JsonResponse({"fields": len(request.POST), "user": request.user.pk})

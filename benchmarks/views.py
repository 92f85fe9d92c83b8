"""The floor: a bare Django view of the same project (same middleware, same base template)
that renders a page of a given size without a single query. A page's time divided by the
floor of the same size says how much the page's own work costs."""

from django.http import HttpRequest, HttpResponse
from django.template import engines

_TEMPLATE = engines["django"].from_string(
    '<!doctype html><html lang="sv"><head><title>Floor</title></head><body><main>'
    "{% for row in rows %}<p>{{ row }}</p>{% endfor %}</main></body></html>"
)
_ROW = "Golv: en rad text av samma slag som sidorna visar, " * 2


def floor(request: HttpRequest, size: int) -> HttpResponse:
    rows = [_ROW] * max(1, size // (len(_ROW) + 7))
    return HttpResponse(_TEMPLATE.render({"rows": rows}))

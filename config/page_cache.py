"""Row parts of cached pages, keyed by their own data.

A heavy page is cached as a whole under its county's data version (config/data_version.py),
and rebuilt after a write of the county. Most of a rebuild is rendering rows that did not
change: a write touches one line of a 60-line agenda, one application of a review table. So
the rows of such a page are cached on their own, each under a key made of the data it shows
(`content_key`: every field of every object the row's template reads, and the viewer's
flags), read in one go (`rows_html`). A row whose data changed has another key and is
rendered again; a row is never stale, whatever a data version missed, as its key *is* its
data. The data itself is still read from the database on a rebuild, in the page's fixed
number of queries: only the rendering is saved.

The cache failing is a miss: the rows are rendered (config/cache.py).
"""

import hashlib
from collections.abc import Callable, Sequence

from django.core.cache import cache
from django.db.models import Model
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

TIMEOUT = 86400  # as the page parts around the rows


def _values(obj: object) -> object:
    if isinstance(obj, Model):
        # every concrete field as loaded: a field added to the model is in the key at once
        loaded = obj.__dict__
        return (  # a deferred field is read (and so in the key) rather than left out
            obj._meta.label,
            tuple(
                loaded[f.attname] if f.attname in loaded else getattr(obj, f.attname)
                for f in obj._meta.concrete_fields
            ),
        )
    if isinstance(obj, list | tuple | set | frozenset):
        items = [_values(o) for o in obj]
        return tuple(sorted(items, key=repr) if isinstance(obj, set | frozenset) else items)
    return obj


def content_key(*objects: object) -> str:
    """A key made of the objects' data: model instances by all their fields, lists item by
    item, anything else by its repr; with the language."""
    text = repr((get_language() or "", *(_values(o) for o in objects)))
    return hashlib.sha256(text.encode()).hexdigest()


def rows_html[T](
    name: str,
    rows: Sequence[T],
    *,
    key: Callable[[T], str],
    render: Callable[[T], str],
) -> list[SafeString]:
    """Each row's HTML, from the cache where a row with the same data was rendered before,
    else rendered now and stored. `name` tells the kind of row (its template)."""
    keys = [f"page-row:{name}:{key(row)}" for row in rows]
    found = cache.get_many(keys) if keys else {}
    html, new = [], {}
    for row, k in zip(rows, keys, strict=True):
        text = found.get(k)
        if text is None:
            text = new[k] = str(render(row))
        html.append(mark_safe(text))  # rendered from a template, escaped there
    if new:
        cache.set_many(new, timeout=TIMEOUT)
    return html

"""Keyset pagination: a cursor names the last item's sort key, so inserts never shift a page.

The cursor is opaque to clients (URL-safe base64 of JSON) and checked strictly when it comes
back: anything malformed is a 400, never a 500.
"""

import base64
import binascii
import json
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class BadRequest(Exception):
    """A request parameter the API cannot use; answered 400 with the message."""


def encode_cursor(values):
    data = [value.isoformat() if isinstance(value, datetime) else value for value in values]
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def in_utc(moment):
    """Return `moment` in UTC; BadRequest for a moment that has no UTC time (year 1 or 9999
    with an offset), which the database could not compare."""
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise BadRequest(f"{moment.isoformat()} is out of range.") from None


def decode_cursor(token, model, fields):
    """Return the sort-key values in `token`, converted to `fields`' types; BadRequest if not."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError):
        raise BadRequest("The cursor is malformed: pass back the `next` URL as given.") from None
    if not isinstance(data, list) or len(data) != len(fields):
        raise BadRequest("The cursor does not belong to this list.")
    values = []
    for name, value in zip(fields, data, strict=True):
        field = model._meta.get_field(name)
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise BadRequest("The cursor does not belong to this list.")
        try:
            value = field.to_python(value)
        except (ValidationError, TypeError, ValueError):
            raise BadRequest("The cursor does not belong to this list.") from None
        if isinstance(value, datetime):
            if timezone.is_naive(value):
                raise BadRequest("The cursor does not belong to this list.")
            value = in_utc(value)
        values.append(value)
    return values


def after(ordering, values):
    """Return the filter for rows strictly after `values` in `ordering` (e.g. "-published_at")."""
    condition = Q()
    for index, key in enumerate(ordering):
        name = key.lstrip("-")
        beyond = Q(**{f"{name}__{'lt' if key.startswith('-') else 'gt'}": values[index]})
        equal = Q(**{k.lstrip("-"): v for k, v in zip(ordering[:index], values, strict=False)})
        condition |= equal & beyond
    return condition


def keyset_page(request, queryset, ordering, *, cursor=None, limit=DEFAULT_LIMIT):
    """Return (items, next URL or None): `limit` rows after the cursor, in `ordering`.

    `ordering` must end in a unique field, so that the sort key names exactly one row.
    """
    fields = [key.lstrip("-") for key in ordering]
    if cursor:
        queryset = queryset.filter(after(ordering, decode_cursor(cursor, queryset.model, fields)))
    items = list(queryset.order_by(*ordering)[: limit + 1])
    if len(items) <= limit:
        return items, None
    items = items[:limit]
    query = request.GET.copy()
    query["cursor"] = encode_cursor([getattr(items[-1], name) for name in fields])
    return items, request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

"""Requests no page could answer, refused at the door with a 400."""

from django.core.exceptions import BadRequest


class RejectNulMiddleware:
    """Refuse a NUL character anywhere in the path or the query string.

    No address or search contains one, and PostgreSQL refuses it in any text, so a lookup
    with one would fail deep in a view; here it gets the site's 400 page instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("The address contains a NUL character.")
        return self.get_response(request)

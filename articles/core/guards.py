"""Requests no page could answer, refused at the door with a 400."""

from django.core.exceptions import BadRequest
from django.http.multipartparser import MultiPartParserError

from articles.core.numbers import whole_number


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


class RejectBadSelectionMiddleware:
    """Refuse an admin action whose selected ids are not whole numbers.

    Django's admin filters the selection by primary key without parsing it, and every model
    here has whole-number keys: a tampered `_selected_action` gets the 400 page, not a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST":
            return self.get_response(request)
        try:
            fields = request.POST
        except MultiPartParserError:
            raise BadRequest("The form data could not be read.") from None
        if "_selected_action" in fields:
            if any(
                whole_number(value) is None for value in fields.getlist("_selected_action")
            ):
                raise BadRequest("The selected items are not ids.")
        return self.get_response(request)

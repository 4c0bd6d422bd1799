"""Paging and fragment checks shared by every list on the site and in the admin."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404

from articles.core.numbers import whole_number

PER_PAGE = 12


def paginate(request, queryset, per_page=PER_PAGE, param="page", paginator_class=Paginator):
    """Return the requested page; a malformed or out-of-range number is a 404."""
    paginator = paginator_class(queryset, per_page)
    text = request.GET.get(param) or "1"
    try:
        number = whole_number(text, minimum=1)
        if number is None:
            raise InvalidPage
        return paginator.page(number)
    except InvalidPage:
        raise Http404(
            f"There is no page “{text[:40]}” here: this list has "
            f"{paginator.num_pages} page{'s' if paginator.num_pages != 1 else ''}."
        ) from None


def is_fragment(request):
    """Return True for an HTMX request that swaps part of a page; history restores get pages."""
    return bool(request.htmx) and not request.htmx.history_restore_request

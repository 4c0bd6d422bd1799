"""Article listings: pages of cards, counted up to a bound, with “Load more” fragments."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import cached_property

from articles.core.paging import is_fragment, paginate

LISTING_LIMIT = 10_000


class ListingPaginator(Paginator):
    """Count at most LISTING_LIMIT articles: the cost stays flat however many there are.

    Nobody pages that deep; older articles stay reachable from search, feeds and the sitemap.
    """

    @cached_property
    def count(self):
        return self.object_list.order_by().values("pk")[:LISTING_LIMIT].count()


def listing_page(request, articles):
    """Return the requested page of article cards, counted up to LISTING_LIMIT.

    The page's ids come first, from the listing's index alone (OFFSET then skips index
    entries, not wide rows); the cards are then loaded for those ids only, in one query.
    """
    page = paginate(
        request, articles.values_list("pk", flat=True), paginator_class=ListingPaginator
    )
    ids = page.object_list
    ordering = articles.query.order_by or articles.model._meta.ordering
    page.object_list = list(
        articles.model.objects.filter(pk__in=ids).for_cards().order_by(*ordering)
    )
    return page


def listing(request, template_name, queryset, context):
    """Render a paginated article listing, or only its next cards for “Load more”."""
    context["page_obj"] = listing_page(request, queryset)
    if is_fragment(request):
        template_name = "includes/card_list.html#cards"
    return render(request, template_name, context)

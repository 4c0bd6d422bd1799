"""The feed of curated comparisons."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator

from articles.feeds import FEED_ITEMS
from articles.knowledge.models import Concept
from comparisons.models import Comparison


class ComparisonFeed(Feed):
    """Curated, published comparisons; pages the comparator makes on the fly never appear."""

    language = "en"

    def title(self):
        return f"Comparisons — {settings.SITE_NAME}"

    def description(self):
        return "Side-by-side comparisons of technology concepts, assembled from sourced facts."

    def link(self):
        return reverse("comparisons:compare-index")

    def items(self):
        return (
            Comparison.objects.published()
            .prefetch_related(Prefetch("concepts", queryset=Concept.objects.only("slug")))
            .only("title", "verdict_html", "published_at", "updated_at")[:FEED_ITEMS]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return Truncator(strip_tags(item.verdict_html)).words(60)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.published_at, item.updated_at)


class ComparisonAtomFeed(ComparisonFeed):
    feed_type = Atom1Feed
    subtitle = ComparisonFeed.description

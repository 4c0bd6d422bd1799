"""RSS 2.0 and Atom feeds: the whole site, each topic, author and concept, and comparisons."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles.knowledge.models import Concept
from articles.models import Article, Author, Topic

FEED_ITEMS = 30


class LatestArticlesFeed(Feed):
    """The newest published articles, newest first."""

    language = "en"

    def title(self, obj=None):
        return settings.SITE_NAME

    def description(self, obj=None):
        return settings.SITE_TAGLINE

    def link(self, obj=None):
        return reverse("articles:home")

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return (
            self.articles(obj)
            .select_related("author", "topic")
            .prefetch_related(Prefetch("concepts", queryset=Concept.objects.only("name")))
            .only(
                "title",
                "slug",
                "teaser",
                "published_at",
                "revised_at",
                "author__name",
                "topic__name",
            )[:FEED_ITEMS]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.teaser

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_author_name(self, item):
        return item.author.name

    def item_categories(self, item):
        return [item.topic.name, *(concept.name for concept in item.concepts.all())]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class TopicFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return f"{obj.name} — {settings.SITE_NAME}"

    def description(self, obj):
        return obj.description or f"New articles in {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().filter(topic=obj)


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed
    subtitle = TopicFeed.description


class AuthorFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, obj):
        return f"{obj.name} — {settings.SITE_NAME}"

    def description(self, obj):
        return f"New articles by {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().filter(author=obj)


class AuthorAtomFeed(AuthorFeed):
    feed_type = Atom1Feed
    subtitle = AuthorFeed.description


class ConceptFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Concept.objects.only("name", "slug", "definition"), slug=slug)

    def title(self, obj):
        return f"{obj.name} — {settings.SITE_NAME}"

    def description(self, obj):
        return f"New articles about {obj.name}. {obj.definition}"

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().filter(concepts=obj)


class ConceptAtomFeed(ConceptFeed):
    feed_type = Atom1Feed
    subtitle = ConceptFeed.description

"""One address of every reader page type on the demo site (after `load_demo`), for the tests
that walk them all: layout, accessibility and HTML validity."""

from articles.knowledge.models import UseCase
from articles.models import Article, Author, Topic
from comparisons.models import Comparison


def page_types():
    article = Article.objects.published().order_by("-published_at").first()
    use_case = UseCase.objects.select_related("concept", "industry").first()
    return [
        "/",
        article.get_absolute_url(),
        "/topics/",
        Topic.objects.first().get_absolute_url(),
        Author.objects.first().get_absolute_url(),
        "/concepts/",
        use_case.concept.get_absolute_url(),
        use_case.industry.get_absolute_url(),
        "/use-cases/",
        f"/use-cases/{use_case.concept.slug}/{use_case.industry.slug}/",
        "/compare/",
        Comparison.objects.published().first().get_absolute_url(),
        "/search/?q=transformer",
        "/search/?q=zzzzqqq",
        "/articles/no-such-article/",
        "/api/v1/docs/",
    ]

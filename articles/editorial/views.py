from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles.glossary import article_body
from articles.models import Concept, Promo, Status
from articles.views import concept_article_counts, promo_slots, related_articles
from articles.editorial.models import PreviewLink


def render_article_preview(request, article, *, shared_link=None):
    """Render `article` exactly as readers will see it, marked as a preview and noindex."""
    concepts = list(Concept.objects.filter(articles=article).only("name", "slug", "definition"))
    counts = concept_article_counts(concepts)
    for concept in concepts:
        concept.article_count = counts[concept.pk]
    body = article_body(article)
    own = {concept.slug for concept in concepts}
    context = {
        "article": article,
        "concepts": concepts,
        "related": related_articles(request, article, concepts),
        "mentions": [concept for concept in body["mentions"] if concept.slug not in own],
        "sections": promo_slots(body["sections"], Promo.objects.for_article(article)),
        "shared_link": shared_link,
        "now": timezone.now(),
    }
    response = render(request, "editorial/article_preview.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_GET
def shared_preview(request, token):
    link = (
        PreviewLink.objects.select_related("article__author", "article__topic")
        .filter(token=token)
        .first()
    )
    if link is None or not link.is_active() or link.article.status == Status.UNPUBLISHED:
        raise Http404(
            "This preview link has expired, was revoked, or never existed. "
            "Ask the editor who shared it for a new one."
        )
    return render_article_preview(request, link.article, shared_link=link)

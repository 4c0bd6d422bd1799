"""Related articles: the one place where they are ranked, cached and explained."""

import math

from django.core.cache import cache
from django.db.models import Case, Count, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from articles.core import delivery
from articles.core.paging import paginate
from articles.knowledge.models import UseCase
from articles.models import Article, RelatedKind, RelatedLink

RELATED_PER_PAGE = 6
RELATED_LIMIT = 30
RELATED_CACHE_SECONDS = 60 * 5
# How many of the newest articles sharing a topic, a concept or an industry concept are
# considered for related articles.
RELATED_WINDOWS = {"topic": 100, "concepts": 600, "industries": 200}
# Sorts after any pin's position (a PositiveSmallIntegerField).
MAX_PIN_RANK = 1 << 16


def rank(articles, article, *, weights, industry_concepts=()):
    """Rank `articles` (a QuerySet) by relatedness to `article` in one query.

    Return (id, pin rank) pairs; only pins rank below MAX_PIN_RANK. Editors' pins
    (RelatedLink) come first, by position, and their exclusions never appear; then the sum
    of `weights` ({concept id: weight}) of shared concepts; then same topic (2) plus how
    many `industry_concepts` (concepts used in the article's industries) they are about;
    then the newest.

    Candidates are the newest few hundred articles sharing a concept, the topic or an
    industry concept (RELATED_WINDOWS), so the cost stays flat however many share them.
    """
    industry_concepts = list(industry_concepts)
    shared = list(weights)
    links = RelatedLink.objects.filter(article=article)
    pins = links.filter(kind=RelatedKind.PIN)
    newest = articles.order_by("-published_at")
    windows = [newest.filter(topic_id=article.topic_id)[: RELATED_WINDOWS["topic"]]]
    if shared:
        windows.append(newest.filter(concepts__in=shared)[: RELATED_WINDOWS["concepts"]])
    if industry_concepts:
        windows.append(
            newest.filter(concepts__in=industry_concepts)[: RELATED_WINDOWS["industries"]]
        )
    # One IN over a UNION, not an OR of INs: both databases then start from the few
    # candidates instead of scanning every article.
    everything = Article.objects.order_by()
    candidates = (
        everything.filter(pk__in=pins.values("related_id"))
        .values("pk")
        .union(*[everything.filter(pk__in=window.values("pk")).values("pk") for window in windows])
    )
    concept_score = Value(0)
    if weights:
        concept_score = Coalesce(
            Sum(
                Case(
                    *[When(concepts__id=pk, then=Value(w)) for pk, w in weights.items()],
                    default=Value(0),
                )
            ),
            0,
        )
    industry_score = Value(0)
    if industry_concepts:
        industry_score = Count("concepts", filter=Q(concepts__in=industry_concepts), distinct=True)
    pin_position = pins.filter(related_id=OuterRef("pk")).values("position")[:1]
    return (
        articles.exclude(pk=article.pk)
        .exclude(pk__in=links.filter(kind=RelatedKind.EXCLUDE).values("related_id"))
        .filter(pk__in=candidates)
        # Group by these alone: SQLite would otherwise group by every column, bodies too.
        .values("pk", "published_at", "topic_id")
        .annotate(
            pin_rank=Coalesce(Subquery(pin_position), Value(MAX_PIN_RANK)),
            concept_score=concept_score,
            near_score=Case(When(topic_id=article.topic_id, then=Value(2)), default=Value(0))
            + industry_score,
        )
        .order_by("pin_rank", "-concept_score", "-near_score", "-published_at", "-id")
        .values_list("pk", "pin_rank")
    )


def concept_article_counts(concepts):
    """Return {concept id: number of articles about it}, cached: rarity changes slowly."""
    keys = {f"concept-articles:{concept.pk}": concept.pk for concept in concepts}
    counts = {keys[key]: n for key, n in cache.get_many(keys).items()}
    missing = [pk for pk in keys.values() if pk not in counts]
    if missing:
        rows = (
            Article.concepts.through.objects.filter(concept_id__in=missing)
            .values_list("concept_id")
            .annotate(n=Count("article_id"))
        )
        found = {pk: 0 for pk in missing} | dict(rows)
        cache.set_many({f"concept-articles:{pk}": n for pk, n in found.items()}, 60 * 60)
        counts |= found
    return counts


def concept_weights(concepts):
    """Weight each concept by rarity among the article's own: the rarest counts most (1–6)."""
    most = max((c.article_count for c in concepts), default=1)
    return {c.pk: min(6, 1 + round(math.log2(most / max(1, c.article_count)))) for c in concepts}


def ranked_concepts(key, ranked):
    """Return {article id: its concept ids} for the `ranked` articles, for the cards' reasons.

    Kept per ranking (`key`) and per generation of the site's content: a reason never claims
    a concept its article has lost, and a page of cards costs one query, not two.
    """

    def read():
        theirs = {}
        links = Article.concepts.through.objects.filter(article_id__in=[pk for pk, _ in ranked])
        for article_id, concept_id in links.values_list("article_id", "concept_id"):
            theirs.setdefault(article_id, set()).add(concept_id)
        return theirs

    return delivery.per_generation(f"{key}:concepts", read, RELATED_CACHE_SECONDS)


def related_articles(request, article, concepts):
    """Return a page of articles related to `article`, each with a `reason` for showing it.

    The ranking is cached for a few minutes per version of the article (saving it in the
    admin, pins included, starts afresh); publish state is still checked on every request,
    and the reasons follow every change (`ranked_concepts`).
    """
    key = f"related:v2:{article.pk}:{article.updated_at.timestamp()}"
    ranking = cache.get(key)
    if ranking is None:
        industries = {}
        rows = (
            UseCase.objects.filter(industry__use_cases__concept__in=[c.pk for c in concepts])
            .order_by()
            .values_list("concept_id", "industry__name")
            .distinct()
        )
        for concept_id, industry in rows:
            industries.setdefault(concept_id, []).append(industry)
        ranked = rank(
            Article.objects.published(),
            article,
            weights=concept_weights(concepts),
            industry_concepts=industries,
        )[:RELATED_LIMIT]
        ranking = {"ranked": list(ranked), "industries": industries}
        cache.set(key, ranking, RELATED_CACHE_SECONDS)
    industries = ranking["industries"]
    pins = {pk for pk, pin_rank in ranking["ranked"] if pin_rank < MAX_PIN_RANK}
    ranked = [pk for pk, pin_rank in ranking["ranked"]]
    page = paginate(request, ranked, RELATED_PER_PAGE, param="related_page")
    cards = Article.objects.published().filter(pk__in=page.object_list).for_cards(topic=False)
    by_id = {card.pk: card for card in cards}
    rarest_first = sorted(concepts, key=lambda c: (c.article_count, c.name))
    page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
    theirs_by_card = ranked_concepts(key, ranking["ranked"])
    for card in page.object_list:
        theirs = theirs_by_card.get(card.pk, set())
        shared = [c for c in rarest_first if c.pk in theirs]
        in_industries = [name for pk in theirs for name in industries.get(pk, [])]
        if card.pk in pins:
            card.reason = "Editors’ pick"
        elif shared:
            card.reason = f"Also about {shared[0].name}"
        elif card.topic_id == article.topic_id:
            card.reason = f"More in {article.topic.name}"
        elif in_industries:
            card.reason = f"Also in {min(in_industries)}"
    return page

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.editorial.models import Status
from articles.models import Article
from tests.factories import (
    make_article,
    make_author,
    make_concept,
    make_topic,
)

PAST = timedelta(days=-1)
FUTURE = timedelta(days=1)

# (status, published_at offset from now or None, expected to be visible to readers)
PUBLISH_MATRIX = [
    (Status.DRAFT, PAST, False),
    (Status.DRAFT, FUTURE, False),
    (Status.DRAFT, None, False),
    (Status.REVIEW, PAST, False),
    (Status.REVIEW, FUTURE, False),
    (Status.REVIEW, None, False),
    (Status.PUBLISHED, PAST, True),
    (Status.PUBLISHED, FUTURE, False),
    (Status.UNPUBLISHED, PAST, False),
    (Status.UNPUBLISHED, FUTURE, False),
    (Status.UNPUBLISHED, None, False),
]


def _when(offset):
    return None if offset is None else timezone.now() + offset


@pytest.mark.parametrize(("status", "offset", "expected"), PUBLISH_MATRIX)
def test_article_published_matrix(db, status, offset, expected):
    article = make_article(status=status, published_at=_when(offset))

    in_queryset = Article.objects.published().filter(pk=article.pk).exists()

    assert in_queryset == article.is_published() == expected


@pytest.mark.parametrize(("status", "offset", "expected"), PUBLISH_MATRIX)
def test_article_scheduled_matrix(db, status, offset, expected):
    article = make_article(status=status, published_at=_when(offset))
    scheduled = status == Status.PUBLISHED and offset == FUTURE

    in_queryset = Article.objects.scheduled().filter(pk=article.pk).exists()

    assert in_queryset == article.is_scheduled() == scheduled


def test_article_drafts_are_draft_and_review_only(db):
    draft = make_article(status=Status.DRAFT)
    review = make_article(status=Status.REVIEW)
    make_article(status=Status.PUBLISHED)
    make_article(status=Status.UNPUBLISHED)

    assert set(Article.objects.drafts()) == {draft, review}


def test_article_scheduled_becomes_visible_when_time_passes(db):
    article = make_article(published_at=timezone.now() + timedelta(hours=2))
    assert not Article.objects.published().filter(pk=article.pk).exists()

    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert Article.objects.published().filter(pk=article.pk).exists()
        assert article.is_published()


def test_article_published_without_time_rejected_by_database(db):
    article = make_article()

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(published_at=None)


def test_article_full_clean_fills_publish_times(db):
    article = Article(
        title="T",
        slug="t",
        teaser="T.",
        body="Body.",
        author=make_author(),
        topic=make_topic(),
        status=Status.PUBLISHED,
    )

    article.full_clean()

    assert article.published_at is not None
    assert article.first_published_at == article.published_at


def test_article_full_clean_keeps_first_published_at(db):
    first = timezone.now() - timedelta(days=30)
    article = make_article()
    article.first_published_at = first
    article.published_at = timezone.now()

    article.full_clean()

    assert article.first_published_at == first


def test_article_rescheduled_before_going_live_moves_first_published_at(db):
    article = make_article(published_at=timezone.now() + timedelta(days=1))
    article.published_at = timezone.now() + timedelta(days=7)

    article.full_clean()

    assert article.first_published_at == article.published_at


def test_article_hero_without_alt_rejected_by_database(db):
    article = make_article()

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(hero_image="heroes/2024/x.jpg", hero_alt="")


def test_article_hero_without_alt_fails_full_clean_on_hero_alt(db):
    article = make_article()
    article.hero_image = "heroes/2024/x.jpg"
    article.hero_alt = "  "

    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()

    assert "hero_alt" in excinfo.value.message_dict


def test_article_hero_with_alt_passes_full_clean(db):
    article = make_article()
    article.hero_image = "heroes/2024/x.jpg"
    article.hero_alt = "A lighthouse at dusk"

    article.full_clean()


def test_article_render_body_fills_derived_fields(db):
    article = make_article(body="## Why it matters\n\n" + "word " * 300)

    assert '<h2 id="why-it-matters">' in article.body_html
    assert article.toc == [{"id": "why-it-matters", "title": "Why it matters", "level": 2}]
    assert article.word_count == 303
    assert article.reading_time == 2


def test_article_render_body_without_full_clean(db):
    article = Article(body="Hello **world**")

    article.render_body()

    assert article.body_html == "<p>Hello <strong>world</strong></p>\n"
    assert article.word_count == 2
    assert article.reading_time == 1


def test_article_save_without_full_clean_renders_derived_fields(db):
    article = make_article(body="Short.")
    article.body = "## Why it matters\n\n" + "word " * 300

    article.save()

    stored = Article.objects.get(pk=article.pk)
    assert '<h2 id="why-it-matters">' in stored.body_html
    assert stored.toc == [{"id": "why-it-matters", "title": "Why it matters", "level": 2}]
    assert stored.word_count == 303
    assert stored.reading_time == 2


def test_article_save_with_update_fields_body_stores_derived_fields(db):
    article = make_article(body="Short.")
    article.body = "## Why it matters\n\n" + "word " * 300

    article.save(update_fields=["body"])

    stored = Article.objects.get(pk=article.pk)
    assert stored.body == article.body
    assert '<h2 id="why-it-matters">' in stored.body_html
    assert stored.toc == [{"id": "why-it-matters", "title": "Why it matters", "level": 2}]
    assert stored.word_count == 303
    assert stored.reading_time == 2


def test_article_concepts_set_by_factory(db):
    concept = make_concept()

    article = make_article(concepts=[concept])

    assert list(article.concepts.all()) == [concept]


def test_article_meta_falls_back_to_title_and_teaser(db):
    article = make_article(title="Title", teaser="Teaser.")

    assert (article.meta_title, article.meta_description) == ("Title", "Teaser.")


def test_article_default_order_puts_undated_drafts_last_on_every_database(db):
    draft = make_article(status=Status.DRAFT, published_at=None)
    old = make_article(published_at=timezone.now() - timedelta(days=9))
    new = make_article(published_at=timezone.now() - timedelta(days=1))

    assert list(Article.objects.all()) == [new, old, draft]


def test_article_published_is_newest_first(db):
    old = make_article(published_at=timezone.now() - timedelta(days=9))
    new = make_article(published_at=timezone.now() - timedelta(days=1))

    assert list(Article.objects.published()) == [new, old]


@pytest.mark.parametrize(
    ("revised_offset", "expected"),
    [(None, False), (timedelta(days=-2), True), (timedelta(0), False), (timedelta(days=1), False)],
    ids=["never", "days-later", "same-moment", "future"],
)
def test_article_is_revised_only_for_a_later_past_update(db, revised_offset, expected):
    published = timezone.now() - timedelta(days=10)
    revised = None
    if revised_offset is not None:
        base = timezone.now() if revised_offset else published
        revised = base + revised_offset
    article = make_article(published_at=published, revised_at=revised)

    assert article.is_revised is expected
    assert article.modified_at == (revised if expected else published)


def test_promo_must_end_after_it_starts(db):
    from tests.factories import make_promo

    with pytest.raises(ValidationError, match="end after it starts"):
        make_promo(ends_at=timezone.now() - timedelta(days=2))


def test_promo_url_must_be_http(db):
    from tests.factories import make_promo

    with pytest.raises(ValidationError):
        make_promo(url="ftp://example.org/file")


def test_promos_for_an_article_match_its_topic_and_window(db):
    from articles.views import promos_for
    from tests.factories import make_promo

    topic = make_topic()
    article = make_article(topic=topic)
    general = make_promo()
    targeted = make_promo(topic=topic)
    make_promo(topic=make_topic())
    make_promo(is_active=False)
    make_promo(starts_at=timezone.now() + timedelta(hours=1))

    assert promos_for(article) == [targeted, general]
    assert targeted.is_live()


def test_related_link_cannot_point_at_its_own_article(db):
    from articles.models import RelatedLink

    article = make_article()

    with pytest.raises(ValidationError):
        RelatedLink(article=article, related=article).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        RelatedLink.objects.create(article=article, related=article)

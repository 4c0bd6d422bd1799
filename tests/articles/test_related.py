import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.core import delivery
from articles.editorial.models import Status
from tests.factories import (
    make_article,
    make_concept,
    make_industry,
    make_related_link,
    make_topic,
    make_use_case,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _days_ago(days):
    return timezone.now() - timedelta(days=days)


def _related_titles(response):
    html = response.text
    if 'id="related-cards"' in html:
        html = html.split('id="related-cards"', 1)[1]
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def _reasons(response):
    return re.findall(r'<p class="card__reason">([^<]+)</p>', response.text)


def test_related_ranks_shared_concepts_then_topic_then_industry_then_recency(client):
    topic, other_topic = make_topic(), make_topic()
    rare, common = make_concept(name="Rare idea"), make_concept(name="Common idea")
    industry = make_industry(name="Healthcare")
    used_there = make_concept(name="Used in healthcare")
    make_use_case(concept=rare, industry=industry)
    make_use_case(concept=used_there, industry=industry)
    for _ in range(4):  # makes "common" common
        make_article(concepts=[common], topic=other_topic, published_at=_days_ago(300))
    article = make_article(concepts=[rare, common], topic=topic)

    both = make_article(
        title="Both", concepts=[rare, common], topic=other_topic, published_at=_days_ago(90)
    )
    rare_only = make_article(
        title="Rare only", concepts=[rare], topic=other_topic, published_at=_days_ago(80)
    )
    common_new = make_article(
        title="Common, new", concepts=[common], topic=other_topic, published_at=_days_ago(2)
    )
    same_topic = make_article(title="Same topic", topic=topic, published_at=_days_ago(1))
    industry_only = make_article(title="Same industry", concepts=[used_there], topic=other_topic)
    make_article(title="Unrelated", topic=other_topic)

    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url() + "?related_page=2", headers=HTMX)

    titles = _related_titles(first) + _related_titles(second)
    named = [both, rare_only, common_new, same_topic, industry_only]
    assert [title for title in titles if title in {a.title for a in named}] == [
        a.title for a in named
    ]
    # The older articles about the common concept still rank above topic-only matches.
    assert titles.index(common_new.title) == 2
    assert titles.index(same_topic.title) == 7
    assert "Unrelated" not in titles
    assert article.title not in titles


def test_related_cards_say_why_they_were_chosen(client):
    topic = make_topic(name="Deep learning")
    llm = make_concept(name="Large language model")
    industry = make_industry(name="Healthcare")
    clinical = make_concept(name="Clinical search")
    make_use_case(concept=llm, industry=industry)
    make_use_case(concept=clinical, industry=industry)
    article = make_article(concepts=[llm], topic=topic)
    make_article(concepts=[llm], published_at=_days_ago(3))
    make_article(topic=topic, published_at=_days_ago(4))
    make_article(concepts=[clinical], published_at=_days_ago(5))
    pinned = make_article(published_at=_days_ago(6))
    make_related_link(article, pinned)

    response = client.get(article.get_absolute_url())

    assert _reasons(response) == [
        "Editors’ pick",
        "Also about Large language model",
        "More in Deep learning",
        "Also in Healthcare",
    ]


def test_a_renamed_concept_shows_in_the_reasons_at_once(client):
    llm = make_concept(name="Large language model")
    article = make_article(concepts=[llm])
    make_article(concepts=[llm], published_at=_days_ago(3))
    assert _reasons(client.get(article.get_absolute_url())) == ["Also about Large language model"]

    llm.name = "Language model"
    llm.save()

    # The ranking is kept for a few minutes; the names in its reasons never are.
    assert _reasons(client.get(article.get_absolute_url())) == ["Also about Language model"]


def test_a_card_that_loses_the_shared_concept_stops_claiming_it_at_once(client):
    topic = make_topic(name="Deep learning")
    xenon = make_concept(name="Xenon")
    article = make_article(concepts=[xenon], topic=topic)
    other = make_article(concepts=[xenon], topic=topic, published_at=_days_ago(2))
    assert _reasons(client.get(article.get_absolute_url())) == ["Also about Xenon"]

    other.concepts.remove(xenon)

    # Still in the ranking kept for a few minutes, but for the reason it still has.
    assert _reasons(client.get(article.get_absolute_url())) == ["More in Deep learning"]


def test_related_pins_come_first_in_order_and_excludes_never_show(client):
    concept = make_concept()
    article = make_article(concepts=[concept])
    first = make_article(title="Pinned first", published_at=_days_ago(50))
    second = make_article(title="Pinned second", published_at=_days_ago(40))
    hidden = make_article(title="Excluded", concepts=[concept])
    make_article(title="Ranked", concepts=[concept])
    make_related_link(article, second, position=2)
    make_related_link(article, first, position=1)
    make_related_link(article, hidden, kind="exclude")

    response = client.get(article.get_absolute_url())

    titles = _related_titles(response)
    assert titles[:3] == ["Pinned first", "Pinned second", "Ranked"]
    assert "Excluded" not in titles


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": Status.DRAFT, "published_at": None},
        {"status": Status.REVIEW, "published_at": None},
        {"status": Status.UNPUBLISHED},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "review", "unpublished", "scheduled"],
)
def test_related_never_shows_unpublished_articles_even_when_pinned(client, overrides):
    concept = make_concept()
    article = make_article(concepts=[concept])
    hidden = make_article(title="Not public", concepts=[concept], **overrides)
    make_related_link(article, hidden)

    response = client.get(article.get_absolute_url())

    assert "Not public" not in response.text


def test_related_section_is_absent_when_nothing_is_related(client):
    article = make_article()
    make_article(title="Elsewhere")

    response = client.get(article.get_absolute_url())

    assert 'id="related-title"' not in response.text


def test_related_load_more_is_a_real_link_and_an_htmx_append(client):
    concept = make_concept()
    article = make_article(concepts=[concept])
    for days in range(1, 9):
        make_article(title=f"Related {days}", concepts=[concept], published_at=_days_ago(days))

    first = client.get(article.get_absolute_url())
    more = client.get(article.get_absolute_url() + "?related_page=2", headers=HTMX)

    assert _related_titles(first) == [f"Related {days}" for days in range(1, 7)]
    assert 'href="?related_page=2#related-title"' in first.text
    assert 'hx-get="?related_page=2"' in first.text
    assert 'hx-push-url="true"' in first.text
    assert more.status_code == 200
    assert "<html" not in more.text
    assert _related_titles(more) == ["Related 7", "Related 8"]
    assert 'id="related-more"' not in more.text
    assert "HX-Request" in more["Vary"]


def test_related_page_two_without_javascript_is_the_full_article(client):
    concept = make_concept()
    article = make_article(title="The article", concepts=[concept])
    for _ in range(8):
        make_article(concepts=[concept])

    response = client.get(article.get_absolute_url() + "?related_page=2")

    assert response.status_code == 200
    assert "<html" in response.text
    assert '<h1 class="article__title" id="article-title">The article</h1>' in response.text
    assert "Back to the first related articles" in response.text
    assert len(_related_titles(response)) == 2


@pytest.mark.parametrize("page", ["0", "3", "x", "-2", "1.5"])
def test_related_bad_page_is_a_helpful_404(client, page):
    concept = make_concept()
    article = make_article(concepts=[concept])
    for _ in range(8):
        make_article(concepts=[concept])

    response = client.get(f"{article.get_absolute_url()}?related_page={page}")

    assert response.status_code == 404
    assert "this list has 2 pages" in response.text


def test_related_is_capped(client):
    concept = make_concept()
    article = make_article(concepts=[concept])
    for _ in range(32):
        make_article(concepts=[concept])

    assert client.get(article.get_absolute_url() + "?related_page=5").status_code == 200
    assert client.get(article.get_absolute_url() + "?related_page=6").status_code == 404


def _queries_for(client, django_assert_max_num_queries, url, headers=None):
    """Return the queries of a first (empty cache) and a second request to `url`."""
    cache.clear()
    # On Redis that also empties the reader cache: start its generation outside the count.
    delivery.generation()
    counts = []
    for _ in range(2):
        with django_assert_max_num_queries(10) as captured:
            response = client.get(url, headers=headers)
        assert response.status_code == 200
        counts.append(len(captured))
    return counts


def test_related_query_count_does_not_grow_with_data(client, django_assert_max_num_queries):
    topic = make_topic()
    concepts = [make_concept() for _ in range(3)]
    article = make_article(concepts=concepts, topic=topic)
    for _ in range(7):
        make_article(concepts=concepts[:1])
    url = article.get_absolute_url()
    small = _queries_for(client, django_assert_max_num_queries, url)
    small_more = _queries_for(
        client, django_assert_max_num_queries, url + "?related_page=2", headers=HTMX
    )

    for index in range(40):
        concept = concepts[index % 3]
        if index < 6:
            make_use_case(concept=concept)
        other = make_article(concepts=[concept, make_concept()], topic=topic)
        if index < 5:
            make_related_link(
                article, other, kind="pin" if index % 2 else "exclude", position=index
            )
    large = _queries_for(client, django_assert_max_num_queries, url)
    large_more = _queries_for(
        client, django_assert_max_num_queries, url + "?related_page=2", headers=HTMX
    )

    assert large == small
    assert large_more == small_more
    assert small[1] < small[0]  # the second view reuses the cached ranking
    # With the ranking kept: the article, its concepts, the page of cards (their reasons
    # come with the ranking) and the fact notes; the live promos are kept per generation.
    assert small[1] == 4


def test_related_ranking_is_cached_until_the_article_is_saved_again(client):
    concept = make_concept()
    article = make_article(concepts=[concept])
    client.get(article.get_absolute_url())
    make_article(title="Published since", concepts=[concept])

    before = client.get(article.get_absolute_url())
    article.save()
    after = client.get(article.get_absolute_url())

    assert "Published since" not in before.text
    assert "Published since" in after.text


def test_related_cached_ranking_still_hides_articles_unpublished_since(client):
    concept = make_concept()
    article = make_article(concepts=[concept])
    other = make_article(title="Soon withdrawn", concepts=[concept])
    assert "Soon withdrawn" in client.get(article.get_absolute_url()).text

    other.status = Status.UNPUBLISHED
    other.save()

    assert "Soon withdrawn" not in client.get(article.get_absolute_url()).text

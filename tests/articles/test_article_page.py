import io
import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.core import delivery
from articles.models import PromoPlacement
from articles.services import article_hero_renditions
from tests.factories import make_article, make_concept, make_promo, make_topic

pytestmark = pytest.mark.django_db

BODY = """Intro paragraph about things.

## First section

Text one.

## Second section

Text two.

## Third section

Text three.

## Fourth section

Text four.
"""


def _jpeg(width=1600, height=900):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 120)).save(buffer, "JPEG")
    return SimpleUploadedFile("hero.jpg", buffer.getvalue(), content_type="image/jpeg")


def _prose(response):
    return response.text.split('<div class="prose">', 1)[1].split("</div>", 1)[0]


def test_article_byline_shows_author_and_date(client):
    article = make_article(published_at=timezone.now() - timedelta(days=3))

    response = client.get(article.get_absolute_url())

    date = timezone.localtime(article.published_at).strftime("%b %d, %Y")
    assert f'>{article.author.name}</a> / <time datetime="' in response.text
    assert f">{date}</time>" in response.text
    assert "Updated" not in response.text


def test_article_byline_shows_updated_date_when_revised_later(client):
    published = timezone.now() - timedelta(days=10)
    revised = timezone.now() - timedelta(days=2)
    article = make_article(published_at=published, revised_at=revised)

    response = client.get(article.get_absolute_url())

    updated = timezone.localtime(revised).strftime("%b %d, %Y")
    assert '<p class="byline byline__updated">Updated <time datetime=' in response.text
    assert f">{updated}</time></p>" in response.text


@pytest.mark.parametrize(
    ("published_days_ago", "revised_days_ago"),
    [(5, 5), (5, 7), (5, -1)],
    ids=["same-day", "before-publishing", "in-the-future"],
)
def test_article_byline_hides_updated_date_that_is_not_a_later_update(
    client, published_days_ago, revised_days_ago
):
    now = timezone.now()
    article = make_article(
        published_at=now - timedelta(days=published_days_ago),
        revised_at=now - timedelta(days=revised_days_ago),
    )

    response = client.get(article.get_absolute_url())

    assert "Updated" not in response.text


def test_article_hero_is_a_picture_with_webp_and_jpeg_srcsets(client):
    article = make_article(hero_image=_jpeg(), hero_alt="A teal rectangle")
    article_hero_renditions(article=article)

    response = client.get(article.get_absolute_url())

    html = response.text
    assert "<picture>" in html
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', html).group(1)
    jpeg = re.search(r'<img src="[^"]+" srcset="([^"]+)"', html).group(1)
    assert [w.split()[-1] for w in webp.split(", ")] == ["480w", "960w", "1600w"]
    assert [w.split()[-1] for w in jpeg.split(", ")] == ["480w", "960w", "1600w"]
    assert 'width="1600" height="900" alt="A teal rectangle"' in html
    assert 'sizes="' in html


def test_article_hero_without_renditions_falls_back_to_the_upload(client):
    article = make_article(hero_image=_jpeg(), hero_alt="A teal rectangle")

    response = client.get(article.get_absolute_url())

    assert f'<img src="{article.hero_image.url}" alt="A teal rectangle"' in response.text
    assert "<picture>" not in response.text


def test_article_page_has_share_links_without_scripts(client):
    article = make_article(title="Share me")

    response = client.get(article.get_absolute_url())

    html = response.text
    assert 'aria-labelledby="share-title"' in html
    for host in ("mailto:?", "linkedin.com", "bsky.app", "tootpick.org", "x.com/intent"):
        assert host in html
    assert 'id="share-url" type="url" value="http://testserver/articles/' in html
    assert "Share%20me" in html


def test_article_page_without_promos_has_no_advertisement(client):
    article = make_article(body=BODY)

    response = client.get(article.get_absolute_url())

    assert "Advertisement" not in response.text
    assert 'class="promo"' not in response.text


def test_article_promos_sit_between_sections_with_a_label(client):
    article = make_article(body=BODY)
    make_promo(placement=PromoPlacement.AFTER_INTRO, headline="After intro")
    make_promo(placement=PromoPlacement.MID, headline="Middle")
    make_promo(placement=PromoPlacement.END, headline="At the end")

    response = client.get(article.get_absolute_url())

    prose = _prose(response)
    assert prose.count('<aside class="promo" aria-label="Advertisement">') == 3
    assert prose.count(">Advertisement<") == 3
    assert (
        prose.index("Intro paragraph") < prose.index("After intro") < prose.index("First section")
    )
    assert prose.index("Second section") < prose.index("Middle") < prose.index("Third section")
    assert prose.index("Text four") < prose.index("At the end")
    # Never inside a paragraph: each promo follows a closed block and precedes a heading or the end.
    for match in re.finditer(r'<aside class="promo"', prose):
        assert prose[: match.start()].rstrip().endswith("</p>")
    assert 'rel="sponsored noopener"' in prose


def test_article_promo_is_never_placed_inside_a_blockquote_or_list(client):
    body = "Intro.\n\n> ## Quoted heading\n>\n> Quoted text.\n\n- item\n\n## Real section\n\nText."
    article = make_article(body=body)
    make_promo(placement=PromoPlacement.MID, headline="Middle")

    response = client.get(article.get_absolute_url())

    prose = _prose(response)
    assert prose.index("</blockquote>") < prose.index("Middle") < prose.index("Real section")


def test_article_promo_targeting_a_topic_wins_over_a_general_one(client):
    topic = make_topic()
    article = make_article(body=BODY, topic=topic)
    make_promo(headline="For everyone")
    make_promo(headline="For this topic", topic=topic)
    make_promo(headline="For another topic", topic=make_topic())

    response = client.get(article.get_absolute_url())

    assert "For this topic" in response.text
    assert "For everyone" not in response.text
    assert "For another topic" not in response.text


@pytest.mark.parametrize(
    "overrides",
    [
        {"is_active": False},
        {"starts_at": timezone.now() + timedelta(days=1)},
        {
            "starts_at": timezone.now() - timedelta(days=5),
            "ends_at": timezone.now() - timedelta(days=1),
        },
    ],
    ids=["paused", "not-started", "ended"],
)
def test_article_promo_outside_its_window_is_not_shown(client, overrides):
    article = make_article(body=BODY)
    make_promo(headline="Hidden promo", **overrides)

    response = client.get(article.get_absolute_url())

    assert "Hidden promo" not in response.text
    assert "Advertisement" not in response.text


def test_article_promos_cost_no_query_however_many_exist(client, django_assert_max_num_queries):
    article = make_article(body=BODY)
    client.get(article.get_absolute_url())  # warm the glossary cache

    with django_assert_max_num_queries(9) as captured:
        client.get(article.get_absolute_url())
    few = len(captured)
    assert not any("articles_promo" in query["sql"] for query in captured)
    for placement in PromoPlacement.values * 4:
        make_promo(placement=placement)
    client.get(article.get_absolute_url())  # a change starts a generation: warm it again
    with django_assert_max_num_queries(few):
        response = client.get(article.get_absolute_url())

    assert response.text.count('<aside class="promo"') == 3


def test_the_live_promos_kept_per_generation_follow_every_change_and_the_clock(client):
    """Live promos are read once per generation of the site's content (the reader cache is
    off here): an edit, a promo starting and one ending each show on the next view."""
    article = make_article(body=BODY)
    now = timezone.now()
    running = make_promo(
        headline="Running", placement=PromoPlacement.AFTER_INTRO, ends_at=now + timedelta(hours=2)
    )
    make_promo(headline="Later", placement=PromoPlacement.END, starts_at=now + timedelta(hours=1))
    assert "Running" in client.get(article.get_absolute_url()).text

    running.headline = "Running, reworded"
    running.save()
    page = client.get(article.get_absolute_url()).text
    assert "Running, reworded" in page and "Later" not in page

    with time_machine.travel(now + timedelta(hours=1, seconds=1), tick=False):
        page = client.get(article.get_absolute_url()).text
        assert "Running, reworded" in page and "Later" in page
    with time_machine.travel(now + timedelta(hours=2, seconds=1), tick=False):
        page = client.get(article.get_absolute_url()).text
        assert "Running, reworded" not in page and "Later" in page


def test_promos_show_without_a_reachable_cache(client, monkeypatch):
    article = make_article(body=BODY)
    make_promo(headline="Still shown")

    def broken():
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(delivery, "_cache", broken)

    assert "Still shown" in client.get(article.get_absolute_url()).text


def test_article_page_has_seo_tags_and_json_ld(client):
    concept = make_concept(name="Transformer", slug="transformer")
    mentioned = make_concept(name="Attention", slug="attention")
    article = make_article(
        title="About transformers",
        body="Transformers rely on attention.\n\n## More\n\nText.",
        concepts=[concept],
        seo_description="A search description.",
    )

    response = client.get(article.get_absolute_url())

    html = response.text
    url = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:description" content="A search description.">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    blocks = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    ]
    data = next(block for block in blocks if block["@type"] == "Article")
    assert data["headline"] == "About transformers"
    assert data["author"]["@type"] == "Person"
    assert [term["name"] for term in data["about"]] == ["Transformer"]
    assert [term["name"] for term in data["mentions"]] == [mentioned.name]
    assert data["about"][0]["url"] == "http://testserver/concepts/transformer/"
    crumbs = next(block for block in blocks if block["@type"] == "BreadcrumbList")
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Home",
        article.topic.name,
        "About transformers",
    ]


def test_article_page_announces_its_topic_feed(client):
    article = make_article()

    response = client.get(article.get_absolute_url())

    assert f'href="/topics/{article.topic.slug}/feed/"' in response.text
    assert 'type="application/rss+xml"' in response.text


def test_article_page_loads_only_our_small_scripts(client):
    article = make_article()

    response = client.get(article.get_absolute_url())

    scripts = re.findall(r'<script src="([^"]+)"', response.text)
    assert all(src.startswith("/static/") for src in scripts)
    assert "/static/js/glossary.js" in scripts
    assert "<script>" not in response.text
    assert "style=" not in response.text

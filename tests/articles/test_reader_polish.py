"""What readers notice first: the brand's name, the main navigation, bylines on an author's
own page, thumbnails on cards, listings that use a wide screen."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import make_article, make_author, make_image

pytestmark = pytest.mark.django_db

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "site.css").read_text()


def test_the_brand_links_home_under_its_visible_name(client):
    html = client.get(reverse("articles:home")).text

    # No aria-label: the accessible name is the visible "Compendium" (axe label-content-name).
    assert '<a class="brand" href="/">' in html
    assert '<span class="brand__name">Compendium</span>' in html


def test_use_cases_are_in_the_main_navigation_and_marked_current(client):
    html = client.get(reverse("knowledge:use-case-matrix")).text

    main_nav = html.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/use-cases/" aria-current="page">Use-cases</a>' in main_nav


def test_an_authors_page_does_not_repeat_their_byline(client):
    author = make_author(name="Ana Ruiz", slug="ana-ruiz")
    make_article(title="One", author=author)
    make_article(title="Two", author=make_author(name="Someone Else"))

    page = client.get(author.get_absolute_url()).text
    cards = page.split('id="by-title"', 1)[1]

    assert "By <a" not in cards and "<time datetime=" in cards
    home = client.get(reverse("articles:home")).text
    assert ">Ana Ruiz</a> / <time" in home  # elsewhere the byline stays


def test_cards_show_the_hero_as_a_thumbnail_and_text_only_cards_stay_text(client):
    image = make_image(focal_x=80, focal_y=20)
    with_image = make_article(title="Pictured", slug="pictured")
    with_image.hero_source = image
    with_image.hero_image = image.file.name
    with_image.hero_renditions = image.renditions
    with_image.hero_alt = image.alt
    with_image.save()
    make_article(title="Words only", slug="words-only", topic=with_image.topic)

    page = client.get(with_image.topic.get_absolute_url()).text

    pictured = page.split(">Pictured</a>", 1)[0].rsplit("<article", 1)[1]
    assert 'class="card card--thumb"' in pictured
    thumb = page.split(">Pictured</a>", 1)[1].split("</article>", 1)[0]
    assert '<picture class="card__thumb">' in thumb
    assert 'class="fx-80 fy-20"' in thumb and 'alt=""' in thumb and 'loading="lazy"' in thumb
    words = page.split(">Words only</a>", 1)[1].split("</article>", 1)[0]
    assert "card__thumb" not in words


def test_listings_use_two_columns_on_a_wide_screen():
    assert ".listing .card-list { grid-template-columns: repeat(2, minmax(0, 1fr));" in CSS
    # One card in a grid takes the row instead of a third of it.
    assert "repeat(auto-fit, minmax(min(100%, 19rem), 1fr))" in CSS
    assert ".cards > .card:only-child { max-width: 42rem; }" in CSS


def test_a_wide_table_scrolls_inside_its_box():
    # Its visually hidden labels are positioned inside it, not against the page.
    assert (
        ".table-scroll { overflow-x: auto; margin-bottom: 1.5rem; position: relative;" in CSS
    )

"""`|isotime` and `|shortdate` print exactly what `|date:"c"` and `|date:"M d, Y"` do."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template import engines
from django.utils import timezone

from tests.factories import make_article

MOMENTS = [
    datetime(2026, 1, 1, 0, 0, tzinfo=UTC),
    datetime(2026, 2, 28, 23, 59, 59, 999999, tzinfo=UTC),  # the next day in Paris
    datetime(2024, 2, 29, 12, 30, tzinfo=UTC),
    datetime(999, 12, 31, 22, 0, tzinfo=UTC),  # a year of three digits
    *[datetime(2026, month, 9, 6, 5, 4, tzinfo=UTC) for month in range(1, 13)],
]
PAIRS = [("isotime", 'date:"c"'), ("shortdate", 'date:"M d, Y"')]


def render(source, **context):
    return engines["django"].from_string("{% load dates %}" + source).render(context)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "America/Los_Angeles"])
@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_the_same_as_django_date_in_any_time_zone(moment, zone):
    with timezone.override(zone):
        for ours, django in PAIRS:
            assert render(f"{{{{ when|{ours} }}}}", when=moment) == render(
                f"{{{{ when|{django} }}}}", when=moment
            )


def test_nothing_for_nothing():
    assert render("[{{ when|isotime }}][{{ when|shortdate }}]", when=None) == "[][]"


@pytest.mark.django_db
def test_an_article_byline_shows_its_date_both_ways(client):
    published = timezone.now().replace(microsecond=0) - timedelta(days=3)
    article = make_article(published_at=published)

    page = client.get(article.get_absolute_url()).text

    local = timezone.localtime(published)
    assert f'<time datetime="{local.isoformat()}">{local:%b %d, %Y}</time>' in page

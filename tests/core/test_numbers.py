"""Numbers from requests: ASCII digits only, bounded; anything else is no number at all."""

import pytest

from articles.core.numbers import BIGGEST, whole_number
from tests.factories import make_article, make_member


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", 7),
        (" 12 ", 12),
        ("0", 0),
        ("²", None),
        ("٣", None),
        ("⁴", None),
        ("-3", None),
        ("1e3", None),
        ("3.0", None),
        ("", None),
        ("\x00", None),
        ("9" * 40, None),
        (str(BIGGEST), BIGGEST),
        (str(BIGGEST + 1), None),
        (None, None),
        (["7"], None),
    ],
)
def test_whole_number_takes_only_ascii_digits_within_bounds(text, expected):
    assert whole_number(text) == expected


def test_whole_number_bounds():
    assert whole_number("1", minimum=2) is None
    assert whole_number("31", maximum=30) is None
    assert whole_number("30", maximum=30) == 30


@pytest.mark.parametrize("page", ["²", "⁴", "٣", "9" * 30, "-1", "1\x00"])
def test_unicode_and_hostile_page_numbers_are_404_not_500(client, db, page):
    make_article()

    for url in ["/", "/topics/", "/search/?q=x&"]:
        response = client.get(url, {"page": page} if "?" not in url else None)
        assert response.status_code in (200, 400, 404), (url, page, response.status_code)
    # Not a page number: 404, or 400 for a NUL character, which no address contains.
    assert client.get("/", {"page": page}).status_code == (400 if "\x00" in page else 404)


def test_unicode_numbers_in_editor_screens_are_refused_politely(client, db):
    editor = make_member("Editor")
    article = make_article()
    client.force_login(editor)

    preview = client.post(
        "/admin/articles/article/live-preview/?article=²",
        {"body": "Text"},
        headers={"HX-Request": "true"},
    )
    share = client.post(f"/admin/articles/article/{article.pk}/share/", {"days": "³"})
    compare = client.get(
        f"/admin/articles/article/{article.pk}/revisions/compare/", {"a": "١", "b": "²"}
    )

    assert preview.status_code == 200
    assert share.status_code == 302
    assert article.preview_links.get().expires_at  # the default week, not a 500
    assert compare.status_code == 404


@pytest.mark.parametrize(
    "url", ["/preview/%00/", "/concepts/?family=%00", "/search/?q=a%00b", "/?%00=1"]
)
def test_a_nul_character_anywhere_in_the_address_is_a_400(client, db, url):
    client.raise_request_exception = False

    response = client.get(url)

    assert response.status_code == 400
    assert "Bad request" in response.text


@pytest.mark.parametrize("page", ["٣", "３", "0"])
def test_page_numbers_in_other_scripts_are_not_page_numbers(client, db, page):
    for _ in range(13):
        make_article()

    response = client.get("/", {"page": page})

    assert response.status_code == 404
    assert "There is no page" in response.text

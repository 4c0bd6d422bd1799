"""The reader's pages in a real browser: load more, related articles and glossary cards."""

from datetime import timedelta

from django.utils import timezone

from articles.models import PromoPlacement
from tests.factories import make_article, make_concept, make_promo

BODY = """Some people say transformer when they mean something else.

## What it is

A longer explanation follows here, with more words.

## Why it matters

It matters for reasons.
"""


def _days_ago(days):
    return timezone.now() - timedelta(days=days)


def _mark(page):
    """Set a marker that a full page load would wipe."""
    page.evaluate("() => { window.__marker = 'still here'; }")


def _marker(page):
    return page.evaluate("() => window.__marker")


def test_home_load_more_appends_cards_in_place_and_updates_the_url(page):
    for days in range(15):
        make_article(title=f"Story {days:02d}", published_at=_days_ago(days + 1))

    page.goto("/")
    page.wait_for_function("() => window.htmx !== undefined")
    cards = page.locator("#cards article.card")
    assert cards.count() == 12
    _mark(page)

    page.get_by_role("link", name="Load more articles").click()

    page.wait_for_function("() => document.querySelectorAll('#cards article.card').length === 15")
    assert page.url.endswith("/?page=2")
    assert _marker(page) == "still here"
    assert page.get_by_role("link", name="Story 14").is_visible()
    assert page.get_by_role("link", name="Load more articles").count() == 0
    assert page.problems == []


def test_related_load_more_appends_in_place_and_updates_the_url(page):
    concept = make_concept(name="Transformer", slug="transformer")
    article = make_article(title="The main article", body=BODY, concepts=[concept])
    for days in range(9):
        make_article(title=f"Related {days}", concepts=[concept], published_at=_days_ago(days + 1))

    page.goto(article.get_absolute_url())
    page.wait_for_function("() => window.htmx !== undefined")
    related = page.locator("#related-cards article.card")
    assert related.count() == 6
    _mark(page)

    page.get_by_role("link", name="More related articles").click()

    page.wait_for_function(
        "() => document.querySelectorAll('#related-cards article.card').length === 9"
    )
    assert page.url.endswith(f"{article.get_absolute_url()}?related_page=2")
    assert _marker(page) == "still here"
    assert page.locator("h1").inner_text() == "The main article"
    assert page.problems == []


def _glossary_article():
    make_concept(
        name="Transformer",
        slug="transformer",
        definition="A neural network design built around attention.",
    )
    return make_article(title="Glossary test", body=BODY)


def test_glossary_card_shows_on_hover_and_hides_when_the_pointer_leaves(page):
    article = _glossary_article()

    page.goto(article.get_absolute_url())
    page.wait_for_function("() => window.htmx !== undefined")
    term = page.locator("a.term__link", has_text="transformer")
    card = page.locator("#term-transformer")
    assert term.get_attribute("href") == "/concepts/transformer/"
    assert not card.is_visible()

    term.hover()

    card.wait_for(state="visible")
    assert "built around attention" in card.inner_text()
    assert card.get_attribute("role") == "tooltip"
    page.mouse.move(0, 0)
    card.wait_for(state="hidden")
    assert page.problems == []


def test_glossary_card_opens_on_keyboard_focus_and_escape_dismisses_it(page):
    article = _glossary_article()

    page.goto(article.get_absolute_url())
    page.wait_for_function("() => window.htmx !== undefined")
    card = page.locator("#term-transformer")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('term__link')"):
            break
    else:
        raise AssertionError("Tab never reached the glossary link")

    card.wait_for(state="visible")
    assert "built around attention" in card.inner_text()
    described = page.evaluate("() => document.activeElement.getAttribute('aria-describedby')")
    assert described == "term-transformer"

    page.keyboard.press("Escape")

    card.wait_for(state="hidden")
    assert page.evaluate("() => document.activeElement.classList.contains('term__link')")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    card.wait_for(state="visible")
    assert page.problems == []


def test_article_page_has_no_console_errors_or_csp_violations(page):
    concept = make_concept(name="Transformer", slug="transformer")
    article = make_article(title="Clean page", body=BODY, concepts=[concept])
    make_article(concepts=[concept])
    make_promo(placement=PromoPlacement.MID, headline="A house promo")

    response = page.goto(article.get_absolute_url())

    assert response.status == 200
    page.wait_for_function("() => window.htmx !== undefined")
    assert page.locator('script[type="application/ld+json"]').count() == 2
    assert page.get_by_role("complementary", name="Advertisement").is_visible()
    page.locator("a.term__link").first.hover()
    page.locator(".term__card").first.wait_for(state="visible")
    assert page.problems == []


def test_article_page_works_without_javascript(browser, live_server, transactional_db):
    concept = make_concept(name="Transformer", slug="transformer")
    article = make_article(title="No script", body=BODY, concepts=[concept])
    for _ in range(8):
        make_article(concepts=[concept])
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()

    page.goto(article.get_absolute_url())
    page.get_by_role("link", name="More related articles").click()

    assert "related_page=2" in page.url
    assert page.locator("#related-cards article.card").count() == 2
    page.locator("a.term__link").first.click()
    assert page.url.endswith("/concepts/transformer/")
    context.close()

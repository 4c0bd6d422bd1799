import re

from playwright.sync_api import expect

from articles.core import search
from tests.factories import make_article, make_concept


def test_live_search_shows_results_while_typing(page):
    make_article(title="Nebula maps for beginners")
    make_article(title="Something else entirely")

    page.goto("/search/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator("#search-q").press_sequentially("nebula", delay=40)

    expect(page.locator(".search-hit__title")).to_have_text(["Nebula maps for beginners"])
    expect(page.locator("#search-status")).to_have_text("1 result for “nebula”.")
    expect(page).to_have_url(re.compile(r"/search/\?q=nebula"))
    expect(page.locator("#search-q")).to_be_focused()
    assert page.locator("header.site-header").count() == 1
    assert page.problems == []


def test_live_search_type_filter_updates_results_and_counts(page):
    make_article(title="Nebula maps")
    make_concept(name="Nebula")

    page.goto("/search/?q=nebula")
    page.wait_for_function("() => window.htmx !== undefined")
    expect(page.locator("#count-all")).to_have_text("2")
    page.get_by_role("radio", name=re.compile(r"Concepts")).check()

    expect(page.locator(".search-hit__title")).to_have_text(["Nebula"])
    expect(page).to_have_url(re.compile(r"type=concepts"))
    expect(page.locator("#search-status")).to_have_text("1 result for “nebula” among concepts.")
    assert page.problems == []


def test_search_load_more_appends_the_next_results(page):
    for n in range(search.PER_PAGE + 2):
        make_article(title=f"Nebula survey {n}")

    page.goto("/search/?q=nebula")
    page.wait_for_function("() => window.htmx !== undefined")
    expect(page.locator(".search-hit")).to_have_count(search.PER_PAGE)
    page.get_by_role("link", name="Load more results").click()

    expect(page.locator(".search-hit")).to_have_count(search.PER_PAGE + 2)
    expect(page.get_by_role("link", name="Load more results")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"page=2"))
    assert page.problems == []


def test_search_back_button_restores_the_whole_page(page):
    make_article(title="Nebula maps")
    make_article(title="Pulsar timing")

    page.goto("/search/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator("#search-q").fill("nebula")
    expect(page.locator(".search-hit__title")).to_have_text(["Nebula maps"])
    page.locator("#search-q").fill("pulsar")
    expect(page.locator(".search-hit__title")).to_have_text(["Pulsar timing"])

    page.go_back()

    expect(page.locator(".search-hit__title")).to_have_text(["Nebula maps"])
    expect(page.locator("#search-form")).to_have_count(1)
    expect(page.locator("header.site-header")).to_have_count(1)
    assert page.problems == []


def test_search_works_without_javascript(browser, live_server, transactional_db):
    make_article(title="Nebula maps")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/search/")
        page.locator("#search-q").fill("nebula")
        page.get_by_role("button", name="Search").click()

        expect(page).to_have_url(re.compile(r"/search/\?q=nebula"))
        expect(page.locator(".search-hit__title")).to_have_text(["Nebula maps"])
    finally:
        context.close()


def test_a_typo_while_typing_offers_the_right_word_and_it_searches(page):
    make_concept(name="Transformer", slug="transformer")
    make_article(title="How transformers changed machine learning", body="A transformer reads.")

    page.goto("/search/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator("#search-q").press_sequentially("transfomer", delay=40)

    suggestion = page.locator(".search-suggestion a")
    expect(suggestion).to_have_text("transformer")
    page.wait_for_load_state("networkidle")
    suggestion.click()

    expect(page).to_have_url(re.compile(r"q=transformer"))
    expect(page.locator(".search-hit__title").first).to_be_visible()
    expect(page.locator(".search-suggestion")).to_have_count(0)
    assert page.problems == []

"""Readers' corrections in a real browser: the form in place with htmx, and as a page without."""

from articles.knowledge.models import Suggestion
from tests.factories import make_concept, make_dimension, make_fact


def _fact():
    concept = make_concept(name="Transformer", slug="transformer")
    return make_fact(
        concept=concept,
        dimension=make_dimension(name="Purpose", slug="purpose"),
        text="Transformers model sequences with recurrence.",
    )


def test_suggestion_form_opens_in_place_and_files_with_htmx(page):
    fact = _fact()

    page.goto(fact.concept.get_absolute_url())
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("() => { window.__marker = 'still here'; }")
    page.get_by_role("link", name="Suggest a correction about Purpose").click()

    form = page.locator(f"#suggest-fact-{fact.pk} form")
    form.wait_for()
    assert page.url.endswith(fact.concept.get_absolute_url())
    form.get_by_label("Corrected text").fill("Transformers model sequences with attention.")
    form.get_by_label("Source (optional)").fill("https://arxiv.org/abs/1706.03762")
    form.get_by_role("button", name="Send the correction").click()
    page.wait_for_load_state("networkidle")

    page.locator(f"#suggest-fact-{fact.pk}").get_by_text("Thank you").wait_for()
    assert page.evaluate("() => window.__marker") == "still here"
    suggestion = Suggestion.objects.get()
    assert suggestion.text == "Transformers model sequences with attention."
    assert suggestion.source_url == "https://arxiv.org/abs/1706.03762"
    assert page.problems == []


def test_suggestion_form_works_as_a_page_without_javascript(browser, live_server, transactional_db):
    fact = _fact()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(fact.concept.get_absolute_url())
        assert context.cookies() == []
        page.get_by_role("link", name="Suggest a correction about Purpose").click()
        page.wait_for_load_state("networkidle")
        assert page.url.endswith(f"/suggest/fact/{fact.pk}/")

        page.get_by_label("Corrected text").fill("Transformers use attention.")
        page.get_by_label("Your e-mail (optional)").fill("reader@example.org")
        page.get_by_role("button", name="Send the correction").click()
        page.wait_for_load_state("networkidle")

        assert page.url.endswith(f"/suggest/fact/{fact.pk}/sent/")
        assert page.get_by_role("heading", name="Thank you").is_visible()
        suggestion = Suggestion.objects.get()
        assert suggestion.text == "Transformers use attention."
        assert suggestion.email == "reader@example.org"
    finally:
        context.close()


def test_bad_address_shows_the_error_in_place(page):
    fact = _fact()

    page.goto(f"/suggest/fact/{fact.pk}/")
    page.get_by_label("Corrected text").fill("Better.")
    page.get_by_label("Source (optional)").fill("javascript:alert(1)")
    page.get_by_role("button", name="Send the correction").click()
    page.wait_for_load_state("networkidle")

    assert page.get_by_text("Enter a web address starting with http:// or https://.").is_visible()
    assert Suggestion.objects.count() == 0

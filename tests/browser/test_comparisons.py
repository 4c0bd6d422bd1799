import re

import pytest

from articles.knowledge.models import RelationKind
from tests.factories import (
    make_concept,
    make_dimension,
    make_fact,
    make_industry,
    make_relation,
    make_use_case,
)


@pytest.fixture
def concepts(transactional_db):
    purpose = make_dimension(name="Purpose", slug="purpose")
    shared = make_dimension(name="Training data", slug="training-data")
    made = {}
    for slug, name in [("alpha", "Alpha model"), ("beta", "Beta model"), ("gamma", "Gamma model")]:
        made[slug] = make_concept(name=name, slug=slug)
        make_fact(concept=made[slug], dimension=purpose, text=f"{name} has its own purpose.")
        make_fact(concept=made[slug], dimension=shared, text="Large amounts of text.")
    return made


def marked(page):
    """Mark the current document; the mark survives HTMX swaps but not a page load."""
    page.evaluate("() => { window.__marker = 1; }")


def still_marked(page):
    return page.evaluate("() => window.__marker") == 1


def rows(page):
    return page.locator("table.compare-table").first.locator("tbody tr")


def pick(page, field, name):
    """Type a concept's name into a picker box and leave it with Tab, which commits it."""
    page.fill(field, name)
    page.press(field, "Tab")


def test_pick_concepts_add_a_third_remove_it_and_show_differences_in_place(page, concepts):
    page.goto("/compare/")
    page.wait_for_function("() => window.htmx !== undefined")
    marked(page)

    pick(page, "#id_a", "Gamma model")
    page.wait_for_url(re.compile(r"/compare/\?a=Gamma\+model$"))
    assert page.get_by_text("Now choose a second concept").is_visible()
    pick(page, "#id_b", "Alpha model")
    page.wait_for_url("**/compare/gamma-vs-alpha/")

    assert page.locator("h1").inner_text() == "Gamma model vs Alpha model"
    assert page.title().startswith("Gamma model vs Alpha model")
    assert rows(page).count() == 2
    # The picker is not replaced: focus stays where Tab took it.
    assert page.evaluate("() => document.activeElement.id") == "id_c"
    assert still_marked(page)

    pick(page, "#id_c", "Beta model")
    page.wait_for_url("**/compare/gamma-vs-alpha-vs-beta/")
    assert page.locator("table.compare-table thead th").count() == 3
    assert page.get_by_text("Beta model has its own purpose.").is_visible()
    assert still_marked(page)

    page.get_by_role("link", name="Remove Beta model from the comparison").click()
    page.wait_for_url("**/compare/gamma-vs-alpha/")
    assert page.locator("table.compare-table thead th").count() == 2
    assert page.input_value("#id_c") == ""
    assert still_marked(page)

    page.get_by_role("link", name="Show differences only").click()
    page.wait_for_url("**/compare/gamma-vs-alpha/?diff=1")
    assert rows(page).count() == 1
    assert page.get_by_text("Showing the 1 of 2 rows where they differ.").is_visible()
    assert page.get_by_role("link", name="Show all rows").is_visible()
    assert still_marked(page)

    pick(page, "#id_c", "Beta model")
    page.wait_for_url("**/compare/gamma-vs-alpha-vs-beta/?diff=1")
    assert rows(page).count() == 1
    assert still_marked(page)
    assert page.problems == []


def test_quick_successive_picks_are_not_lost(page, concepts):
    page.goto("/compare/")
    page.wait_for_function("() => window.htmx !== undefined")

    pick(page, "#id_a", "Beta model")
    pick(page, "#id_b", "Gamma model")
    pick(page, "#id_c", "Alpha model")

    page.wait_for_url("**/compare/beta-vs-gamma-vs-alpha/")
    page.wait_for_function(
        "() => document.querySelectorAll('table.compare-table thead th').length === 3"
    )
    assert page.problems == []


def test_back_button_restores_the_previous_comparison(page, concepts):
    page.goto("/compare/alpha-vs-beta/")
    page.wait_for_function("() => window.htmx !== undefined")
    pick(page, "#id_b", "Gamma model")
    page.wait_for_url("**/compare/alpha-vs-gamma/")

    page.go_back()
    page.wait_for_url("**/compare/alpha-vs-beta/")

    page.wait_for_function(
        "() => document.querySelector('h1').textContent === 'Alpha model vs Beta model'"
    )
    assert page.locator("header.site-header").count() == 1
    assert page.input_value("#id_b") == "Beta model"
    assert page.problems == []


def test_picker_without_javascript_redirects_to_the_canonical_url(browser, live_server, concepts):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/compare/")
        page.fill("#id_a", "gamma model")
        page.fill("#id_b", "Beta model")
        page.get_by_role("button", name="Compare").click()
        page.wait_for_url("**/compare/gamma-vs-beta/")

        page.get_by_role("link", name="Show differences only").click()
        page.wait_for_url("**/compare/gamma-vs-beta/?diff=1")
        assert page.locator("table.compare-table tbody tr").count() == 1
    finally:
        context.close()


def test_picker_offers_matches_while_typing_from_a_long_list(page, concepts):
    for index in range(40):
        make_concept(name=f"Filler concept {index:02}", slug=f"filler-{index:02}")
    make_concept(name="Large language model", slug="large-language-model", aliases="LLM")

    page.goto("/compare/")
    page.wait_for_function("() => window.htmx !== undefined")
    marked(page)
    assert page.locator("#id_a-options option").count() == 0
    page.type("#id_a", "llm")
    page.wait_for_function("() => document.querySelectorAll('#id_a-options option').length > 0")

    values = page.eval_on_selector_all(
        "#id_a-options option", "options => options.map(o => o.value)"
    )
    assert values == ["Large language model"]
    pick(page, "#id_a", values[0])
    pick(page, "#id_b", "Gamma model")
    page.wait_for_url("**/compare/large-language-model-vs-gamma/")
    assert still_marked(page)
    assert page.problems == []


def test_hub_compare_with_any_concept_by_name(page, concepts):
    page.goto("/concepts/alpha/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.type("#compare-with", "gam")
    page.wait_for_function(
        "() => document.querySelectorAll('#compare-with-options option').length > 0"
    )
    page.fill("#compare-with", "Gamma model")
    page.press("#compare-with", "Enter")

    page.wait_for_url("**/compare/alpha-vs-gamma/")
    assert page.problems == []


def test_hub_use_case_tabs_filter_in_place(page, concepts):
    alpha = concepts["alpha"]
    make_relation(alpha, RelationKind.KIND_OF, concepts["beta"])
    health = make_industry(name="Healthcare", slug="healthcare")
    finance = make_industry(name="Finance", slug="finance")
    make_use_case(concept=alpha, industry=health, title="Reading scans")
    make_use_case(concept=alpha, industry=finance, title="Spotting fraud")

    page.goto("/concepts/alpha/")
    page.wait_for_function("() => window.htmx !== undefined")
    marked(page)
    tabs = page.get_by_role("navigation", name="Filter use-cases by industry")
    tabs.get_by_role("link", name="Finance").click()
    page.wait_for_url("**/concepts/alpha/?industry=finance")

    assert page.get_by_role("link", name="Spotting fraud", exact=True).is_visible()
    assert page.get_by_role("link", name="Reading scans", exact=True).count() == 0
    assert page.locator('#use-cases a[aria-current="true"]').inner_text() == "Finance"
    assert still_marked(page)

    page.get_by_role("link", name="Alpha model vs Beta model").click()
    page.wait_for_url("**/compare/alpha-vs-beta/")
    assert page.problems == []

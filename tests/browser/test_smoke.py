from tests.factories import make_article


def test_home_loads_htmx_without_console_errors_or_csp_violations(page):
    make_article(title="A browser-visible article")

    response = page.goto("/")

    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_function("() => window.htmx !== undefined")
    assert page.evaluate("() => htmx.config.allowEval") is False
    assert page.evaluate("() => htmx.config.includeIndicatorStyles") is False
    assert page.get_by_role("link", name="A browser-visible article").is_visible()
    assert page.problems == []

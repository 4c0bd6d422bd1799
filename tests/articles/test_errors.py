import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from articles.views import server_error
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_404_for_a_mistyped_article_suggests_close_titles(client):
    make_article(title="Generative AI vs LLMs", slug="generative-ai-vs-llms")
    make_article(title="Generative models in drug discovery", slug="generative-models-in-drugs")
    make_article(title="Unrelated", slug="unrelated-piece")
    make_article(
        title="Hidden draft", slug="generative-ai-vs-llms-draft", status="draft", published_at=None
    )

    response = client.get("/articles/generative-ai-vs-llm/")

    assert response.status_code == 404
    assert "Were you looking for" in response.text
    assert '<a href="/articles/generative-ai-vs-llms/">Generative AI vs LLMs</a>' in response.text
    assert "Unrelated" not in response.text
    assert "Hidden draft" not in response.text
    assert 'name="q" value="generative ai vs llm"' in response.text


def test_404_suggestions_cost_one_bounded_query(client, django_assert_max_num_queries):
    for n in range(30):
        make_article(slug=f"generative-{n}")

    # The lookup by slug, by old slug (each through its unique index), then suggestions.
    with django_assert_max_num_queries(3):
        response = client.get("/articles/generative-x/")

    assert response.status_code == 404


def test_404_for_other_paths_has_search_and_links_but_no_suggestions(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert 'role="search"' in response.text
    assert "Were you looking for" not in response.text
    assert '<meta name="robots" content="noindex">' in response.text
    assert 'rel="canonical"' not in response.text


def test_404_explains_a_missing_page_number(client):
    make_article()

    response = client.get("/?page=7")

    assert response.status_code == 404
    assert "There is no page “7” here: this list has 1 page." in response.text


def test_500_renders_the_site_design_without_touching_the_database(
    settings, django_assert_num_queries
):
    settings.SITE_NAME = "Compendium"
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert 'class="site-header"' in html
    assert "/static/css/site.css" in html
    assert "Compendium" in html


def test_500_handler_is_ours(client):
    from django.urls import get_resolver

    assert get_resolver().resolve_error_handler(500) is server_error


def test_403_page_is_in_the_site_design():
    html = render_to_string("403.html", {}, request=RequestFactory().get("/private/"))

    assert "You don’t have access to this page" in html
    assert 'class="site-header"' in html
    assert "/admin/login/?next=/private/" in html

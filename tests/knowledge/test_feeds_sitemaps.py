"""Industry feeds, the comparisons feed's announcement, and use-cases in the sitemap."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import make_article, make_concept, make_industry, make_use_case

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def healthcare():
    industry = make_industry(name="Healthcare", slug="healthcare", description="Hospitals.")
    llm = make_concept(name="Large language model", slug="large-language-model")
    make_use_case(concept=llm, industry=industry, title="Drafting clinical notes")
    make_article(title="Generative AI in healthcare", concepts=[llm])
    make_article(title="Coding assistants", concepts=[llm])
    return industry


def _sitemap_urls(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {entry.findtext(f"{SITEMAP}loc") for entry in root.findall(f"{SITEMAP}url")}


# Industry feeds


def test_industry_feed_lists_the_industry_articles_only(client, healthcare):
    response = client.get("/industries/healthcare/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Healthcare — Compendium"
    assert channel.findtext("link") == "http://testserver/industries/healthcare/"
    assert channel.findtext("description") == "Hospitals."
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Generative AI in healthcare"]


def test_industry_atom_feed_lists_the_same_articles(client, healthcare):
    response = client.get("/industries/healthcare/feed/atom/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert titles == ["Generative AI in healthcare"]


def test_industry_feed_of_an_unknown_industry_is_a_404(client):
    assert client.get("/industries/nowhere/feed/").status_code == 404


def test_industry_feed_is_cookie_free_and_tagged_for_purges(client, healthcare, reader_cache):
    response = client.get("/industries/healthcare/feed/")

    assert not response.cookies
    assert "public" in response["Cache-Control"]
    assert {"articles", "concepts", "industries"} <= set(response["Surrogate-Key"].split())


def test_industry_feed_queries_do_not_grow_with_articles(
    client, healthcare, django_assert_max_num_queries
):
    counts = []
    for size in (1, 20):
        for number in range(size):
            make_article(
                title=f"Healthcare {size}-{number}", concepts=[healthcare.use_cases.get().concept]
            )
        with django_assert_max_num_queries(4) as captured:
            assert client.get("/industries/healthcare/feed/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_industry_page_announces_and_links_its_feed(client, healthcare):
    response = client.get("/industries/healthcare/")

    assert (
        '<link rel="alternate" type="application/rss+xml" title="Healthcare — Compendium (RSS)"'
        ' href="/industries/healthcare/feed/">'
    ) in response.text
    assert 'type="application/atom+xml"' in response.text
    assert 'href="/industries/healthcare/feed/atom/"' in response.text
    assert '<a href="/industries/healthcare/feed/">RSS feed of Healthcare articles</a>' in (
        response.text
    )


# The comparisons feed


def test_compare_index_announces_the_comparisons_feed(client):
    response = client.get("/compare/")

    assert response.status_code == 200
    head = response.text.split("</head>", 1)[0]
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Comparisons — Compendium (RSS)"'
        ' href="/compare/feed/">'
    ) in head


# Sitemaps


def test_sitemap_index_lists_the_use_case_section(client):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert "http://testserver/sitemap-use-cases.xml" in response.text


def test_sitemap_lists_the_use_case_matrix_and_every_use_case(client, healthcare):
    other = make_use_case(industry=make_industry(slug="retail"))

    pages = _sitemap_urls(client, "/sitemap-pages.xml")
    use_cases = _sitemap_urls(client, "/sitemap-use-cases.xml")

    assert "http://testserver/use-cases/" in pages
    assert use_cases == {
        "http://testserver/use-cases/large-language-model/healthcare/",
        f"http://testserver/use-cases/{other.concept.slug}/retail/",
    }
    for url in use_cases:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200


def test_use_case_sitemap_queries_do_not_grow(client, django_assert_max_num_queries):
    counts = []
    for size in (1, 20):
        for _ in range(size):
            make_use_case()
        with django_assert_max_num_queries(3) as captured:
            assert client.get("/sitemap-use-cases.xml").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]

"""An industry page lists the articles about that industry, not every article on its concepts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.editorial.models import Status
from tests.factories import make_article, make_concept, make_industry, make_use_case

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
HIDDEN = [
    {"status": Status.DRAFT, "published_at": None},
    {"status": Status.REVIEW, "published_at": None},
    {"status": Status.UNPUBLISHED},
    {"published_at": timezone.now() + timedelta(days=1)},
]


@pytest.fixture
def healthcare():
    """Healthcare with a use-case of LLMs, as in the demo."""
    industry = make_industry(name="Healthcare", slug="healthcare")
    llm = make_concept(name="Large language model", slug="large-language-model")
    make_use_case(concept=llm, industry=industry, title="Drafting clinical notes")
    return {"industry": industry, "llm": llm}


def _titles(response):
    return response.text.split('id="articles-title"', 1)[1]


def test_industry_lists_an_article_naming_it_in_the_title(client, healthcare):
    make_article(
        title="Generative AI in healthcare: promise and limits", concepts=[healthcare["llm"]]
    )

    response = client.get("/industries/healthcare/")

    assert response.status_code == 200
    assert "Generative AI in healthcare: promise and limits" in _titles(response)


def test_industry_lists_an_article_naming_it_in_the_teaser(client, healthcare):
    make_article(
        title="Ambient scribes",
        teaser="How Healthcare providers draft notes with language models.",
        concepts=[healthcare["llm"]],
    )

    response = client.get("/industries/healthcare/")

    assert ">Ambient scribes</a>" in _titles(response)


def test_industry_leaves_out_articles_that_only_share_a_concept(client, healthcare):
    # The issue: coding assistants and classroom tutors are about LLMs, not about healthcare.
    make_article(
        title="Coding assistants", teaser="Programmers and LLMs.", concepts=[healthcare["llm"]]
    )
    make_article(
        title="Language-model tutors in the classroom",
        teaser="What works for students.",
        concepts=[healthcare["llm"]],
    )

    response = client.get("/industries/healthcare/")

    listed = _titles(response)
    assert "Coding assistants" not in listed
    assert "Language-model tutors" not in listed
    assert "No articles about Healthcare yet." in listed


def test_industry_leaves_out_a_passing_mention_in_the_body(client, healthcare):
    make_article(
        title="What is a language model?",
        teaser="A next-word predictor.",
        body="Used everywhere, from retail to healthcare.",
        concepts=[healthcare["llm"]],
    )

    response = client.get("/industries/healthcare/")

    assert "What is a language model?" not in _titles(response)


def test_industry_needs_an_article_about_a_concept_of_its_use_cases(client, healthcare):
    make_article(title="Healthcare budgets in 2030", concepts=[make_concept()])
    make_article(title="Healthcare without concepts")

    response = client.get("/industries/healthcare/")

    assert "Healthcare budgets" not in _titles(response)
    assert "Healthcare without concepts" not in _titles(response)


def test_industry_name_matches_whole_words_and_their_forms(client):
    retail = make_industry(name="Retail", slug="retail")
    concept = make_concept()
    make_use_case(concept=concept, industry=retail)
    make_article(title="What retailers want from search", concepts=[concept])
    make_article(title="Retailoring the model", concepts=[concept])

    listed = _titles(client.get("/industries/retail/"))

    assert "What retailers want from search" in listed
    assert "Retailoring" not in listed


def test_industry_name_of_several_words_matches_as_a_phrase(client):
    industry = make_industry(name="Software development", slug="software-development")
    concept = make_concept()
    make_use_case(concept=concept, industry=industry)
    make_article(title="Coding assistants in software development", concepts=[concept])
    make_article(title="Software for development banks", concepts=[concept])

    listed = _titles(client.get("/industries/software-development/"))

    assert "Coding assistants in software development" in listed
    assert "Software for development banks" not in listed


@pytest.mark.parametrize("overrides", HIDDEN, ids=["draft", "review", "unpublished", "scheduled"])
def test_industry_never_lists_unpublished_articles(client, healthcare, overrides):
    make_article(title="Healthcare, not yet", concepts=[healthcare["llm"]], **overrides)

    response = client.get("/industries/healthcare/")

    assert "Healthcare, not yet" not in response.text


def test_industry_without_use_cases_has_an_empty_state(client):
    make_industry(name="Shipping", slug="shipping")
    make_article(title="Shipping news")

    response = client.get("/industries/shipping/")

    assert response.status_code == 200
    assert "No articles about Shipping yet." in response.text
    assert 'id="uses-title"' not in response.text


def test_industry_load_more_fragment_lists_only_its_articles(client, healthcare):
    for number in range(13):
        make_article(title=f"Healthcare story {number}", concepts=[healthcare["llm"]])
    make_article(title="Coding assistants", concepts=[healthcare["llm"]])

    full = client.get("/industries/healthcare/")
    fragment = client.get("/industries/healthcare/?page=2", headers=HTMX)

    assert full.text.count(">Healthcare story ") == 12
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert fragment.text.count(">Healthcare story ") == 1
    assert "Coding assistants" not in full.text + fragment.text


def test_industry_page_queries_do_not_grow_with_articles(
    client, healthcare, django_assert_max_num_queries
):
    counts = []
    for size in (1, 25):
        for number in range(size):
            make_article(title=f"Healthcare {size} {number}", concepts=[healthcare["llm"]])
            make_article(title=f"Elsewhere {size} {number}", concepts=[healthcare["llm"]])
        with django_assert_max_num_queries(6) as captured:
            assert client.get("/industries/healthcare/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_industry_page_is_cookie_free_and_tagged_for_purges(client, healthcare, reader_cache):
    make_article(title="Healthcare story", concepts=[healthcare["llm"]])

    response = client.get("/industries/healthcare/")

    assert response.status_code == 200
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    assert "cookie" not in response.get("Vary", "").lower()
    keys = set(response["Surrogate-Key"].split())
    assert {f"industry-{healthcare['industry'].pk}", "industries", "articles", "concepts"} <= keys


def test_an_article_tagged_with_the_industry_is_listed_whatever_its_words(client, healthcare):
    tagged = make_article(
        title="Searching the medical literature", teaser="Citations that hold up.", concepts=[]
    )
    tagged.industries.add(healthcare["industry"])
    other = make_article(title="Tutors in the classroom", concepts=[healthcare["llm"]])
    other.industries.add(make_industry(name="Education", slug="education"))

    page = _titles(client.get("/industries/healthcare/"))
    feed = client.get("/industries/healthcare/feed/").text

    assert ">Searching the medical literature</a>" in page
    assert "Tutors in the classroom" not in page
    assert "Searching the medical literature" in feed and "Tutors in the classroom" not in feed


def test_tagging_an_article_shows_on_the_cached_industry_page_at_once(client, healthcare, settings):
    settings.COMPENDIUM_READER_CACHE = True
    article = make_article(title="Searching the medical literature", teaser="Citations.")
    assert "Searching the medical literature" not in client.get("/industries/healthcare/").text

    article.industries.add(healthcare["industry"])

    assert "Searching the medical literature" in client.get("/industries/healthcare/").text


def test_editors_choose_industries_in_the_article_form(client, healthcare):
    from tests.editorial.helpers import article_data, change_url
    from tests.factories import make_member

    client.force_login(make_member("Editor"))
    article = make_article(title="Searching the medical literature", teaser="Citations.")

    data = article_data(article, industries=[healthcare["industry"].pk])
    assert client.post(change_url(article), data).status_code == 302

    assert list(article.industries.all()) == [healthcare["industry"]]
    assert ">Searching the medical literature</a>" in _titles(client.get("/industries/healthcare/"))


def test_the_demo_industries_list_their_own_articles(client):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)

    healthcare = _titles(client.get("/industries/healthcare/"))
    for title in (
        "Generative AI in healthcare",
        "How language models help clinicians search the medical literature",
        "Synthetic medical images",
    ):
        assert title in healthcare
    assert "drug discovery" not in healthcare  # tagged too, but scheduled: not yet
    assert "Coding assistants" not in healthcare
    assert "Language-model tutors in the classroom" not in healthcare
    education = _titles(client.get("/industries/education/"))
    assert "Language-model tutors in the classroom" in education
    assert "No articles about" not in _titles(client.get("/industries/finance/"))

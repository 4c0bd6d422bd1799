"""Knowledge-base embeds in article bodies: compare tables, facts and use-cases, kept live."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.checks import article_checks
from articles.editorial.checks import ERROR
from articles.knowledge.services import FactEdit, fact_grid_save, fact_version
from articles.models import Article
from tests.factories import (
    make_article,
    make_concept,
    make_curator,
    make_dimension,
    make_fact,
    make_industry,
    make_member,
    make_use_case,
)

pytestmark = pytest.mark.django_db

COMPARE = "{{< compare large-language-model generative-adversarial-network >}}"


@pytest.fixture
def kb():
    llm = make_concept(name="Large language model", slug="large-language-model")
    gan = make_concept(name="Generative adversarial network", slug="generative-adversarial-network")
    purpose = make_dimension(name="Purpose", slug="purpose", position=1)
    architecture = make_dimension(name="Architecture", slug="architecture", position=2)
    healthcare = make_industry(name="Healthcare", slug="healthcare")
    facts = {
        "llm-purpose": make_fact(
            concept=llm,
            dimension=purpose,
            value="Generate content",
            text="Produces and understands text.",
            sources=[{"title": "LLM survey", "url": "https://arxiv.org/abs/2303.18223"}],
            verified_on=datetime.date(2026, 3, 5),
        ),
        "gan-purpose": make_fact(
            concept=gan,
            dimension=purpose,
            value="Generate content",
            text="Produces realistic samples such as images.",
            sources=[{"title": "GAN paper", "url": "https://arxiv.org/abs/1406.2661"}],
        ),
        "llm-architecture": make_fact(
            concept=llm, dimension=architecture, value="Transformer", text="A decoder stack."
        ),
        "gan-architecture": make_fact(
            concept=gan, dimension=architecture, value="Two networks", text="Generator and critic."
        ),
    }
    use_case = make_use_case(
        concept=gan,
        industry=healthcare,
        title="Synthetic scans",
        text="Synthetic scans enlarge small training sets.",
        as_of=datetime.date(2025, 11, 2),
    )
    return {
        "llm": llm,
        "gan": gan,
        "purpose": purpose,
        "architecture": architecture,
        "healthcare": healthcare,
        "facts": facts,
        "use_case": use_case,
    }


def _prose(response):
    text = response.content.decode()
    return text.split('<div class="prose">', 1)[1].split("</article>", 1)[0]


def test_compare_embed_renders_the_live_table_with_sources_and_link(client, kb):
    article = make_article(body=f"Before.\n\n{COMPARE}\n\nAfter.")

    response = client.get(article.get_absolute_url())

    prose = _prose(response)
    assert response.status_code == 200
    assert 'class="embed embed--compare"' in prose
    assert "Produces and understands text." in prose and "Generator and critic." in prose
    assert "<strong>Generate content</strong>" in prose
    assert 'as of <time datetime="2026-03-05">Mar 2026</time>' in prose
    assert 'href="https://arxiv.org/abs/2303.18223"' in prose
    assert 'id="embed-1-source-1"' in prose and 'href="#embed-1-source-1"' in prose
    assert "Same</span>" in prose and "Differs</span>" in prose
    assert 'href="/compare/large-language-model-vs-generative-adversarial-network/"' in prose
    assert "data-embed" not in prose


def test_compare_embed_keeps_only_the_dimensions_named(client, kb):
    body = COMPARE.replace(" >}}", " dimensions=architecture >}}")
    article = make_article(body=body)

    prose = _prose(client.get(article.get_absolute_url()))

    assert "A decoder stack." in prose
    assert "Produces and understands text." not in prose


def test_fact_embed_renders_value_text_source_and_as_of(client, kb):
    article = make_article(body="Intro.\n\n{{< fact large-language-model purpose >}}\n")

    prose = _prose(client.get(article.get_absolute_url()))

    assert 'class="embed embed--fact"' in prose
    assert "<strong>Generate content</strong>" in prose
    assert "Produces and understands text." in prose
    assert 'href="https://arxiv.org/abs/2303.18223"' in prose and "LLM survey" in prose
    assert '<time datetime="2026-03-05">Mar 2026</time>' in prose
    assert 'href="/concepts/large-language-model/"' in prose


def test_usecase_embed_renders_the_card(client, kb):
    article = make_article(body="{{< usecases generative-adversarial-network healthcare >}}")

    prose = _prose(client.get(article.get_absolute_url()))

    assert "usecase-card" in prose and "Synthetic scans" in prose
    assert "Synthetic scans enlarge small training sets." in prose
    assert 'href="/use-cases/generative-adversarial-network/healthcare/"' in prose or (
        reverse("knowledge:use-case-detail", args=["generative-adversarial-network", "healthcare"])
        in prose
    )
    assert '<time datetime="2025-11-02">Nov 2025</time>' in prose


def test_article_with_embeds_carries_fact_and_concept_keys(client, kb):
    article = make_article(body=COMPARE)

    keys = client.get(article.get_absolute_url())["Surrogate-Key"].split()

    assert "facts" in keys
    assert f"concept-{kb['llm'].pk}" in keys and f"concept-{kb['gan'].pk}" in keys


def _pages_showing_the_llm_architecture(kb):
    """An article embedding the comparison, the comparison page and the hub: all show it."""
    article = make_article(body=COMPARE)
    return [
        article.get_absolute_url(),
        "/compare/large-language-model-vs-generative-adversarial-network/",
        kb["llm"].get_absolute_url(),
    ]


def test_fact_save_shows_at_once_on_article_comparison_and_hub(client, kb, reader_cache):
    pages = _pages_showing_the_llm_architecture(kb)
    for url in pages:
        assert "A decoder stack." in client.get(url).content.decode(), url
        assert client.get(url)["X-Reader-Cache"] == "hit", url

    fact = kb["facts"]["llm-architecture"]
    fact.text = "A stack of decoder blocks."
    fact.save()

    for url in pages:
        text = client.get(url).content.decode()
        assert "A stack of decoder blocks." in text, url
        assert "A decoder stack." not in text, url


def test_fact_grid_save_shows_at_once_on_article_comparison_and_hub(client, kb, reader_cache):
    pages = _pages_showing_the_llm_architecture(kb)
    for url in pages:
        client.get(url)
    fact = kb["facts"]["llm-architecture"]

    fact_grid_save(
        concept=kb["llm"],
        edits=[
            FactEdit(
                dimension=kb["architecture"],
                action="update",
                text="Decoder-only transformer.",
                value="Transformer",
                sources=({"title": "Attention", "url": "https://arxiv.org/abs/1706.03762"},),
                verified_on=datetime.date(2026, 4, 1),
                version=fact_version(fact),
            )
        ],
        by=make_curator(),
    )

    for url in pages:
        text = client.get(url).content.decode()
        assert "Decoder-only transformer." in text, url
        assert "A decoder stack." not in text, url


def test_use_case_save_shows_at_once(client, kb, reader_cache):
    article = make_article(body="{{< usecases generative-adversarial-network healthcare >}}")
    client.get(article.get_absolute_url())

    kb["use_case"].title = "Synthetic training scans"
    kb["use_case"].save()

    assert "Synthetic training scans" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("body", "slug"),
    [
        ("{{< compare large-language-model nowhere-model >}}", "nowhere-model"),
        (COMPARE.replace(" >}}", " dimensions=purpose,colour >}}"), "colour"),
        ("{{< fact large-language-model colour >}}", "colour"),
        ("{{< usecases generative-adversarial-network farming >}}", "farming"),
        ("{{< usecases large-language-model healthcare >}}", "large-language-model"),
        ("{{< fact nowhere-model purpose >}}", "nowhere-model"),
    ],
)
def test_unknown_slug_is_a_check_error_and_no_500(client, kb, body, slug):
    article = make_article(body=body)

    errors = [c for c in article_checks(article, concept_count=1) if c.level == ERROR]
    response = client.get(article.get_absolute_url())

    assert [c.label for c in errors] == ["Embeds"]
    assert f"“{slug}”" in errors[0].message
    assert response.status_code == 200
    assert "embed--missing" in _prose(response)


def test_missing_fact_is_a_check_error(kb):
    make_dimension(name="Limitations", slug="limitations")
    article = make_article(body="{{< fact generative-adversarial-network limitations >}}")

    errors = [c for c in article_checks(article, concept_count=1) if c.level == ERROR]

    assert "no fact about “generative-adversarial-network” on “limitations”" in errors[0].message


def test_valid_embeds_pass_the_check(kb):
    article = make_article(body=f"{COMPARE}\n\n{{{{< fact large-language-model purpose >}}}}")

    checks = {c.label: c for c in article_checks(article, concept_count=1)}

    assert checks["Embeds"].level != ERROR


def test_code_keeps_shortcodes_literal(client, kb):
    body = (
        "Write `{{< fact large-language-model purpose >}}` on its own line.\n\n"
        "```\n{{< compare large-language-model generative-adversarial-network >}}\n```\n\n"
        "    {{< usecases generative-adversarial-network healthcare >}}\n"
    )
    article = make_article(body=body)

    prose = _prose(client.get(article.get_absolute_url()))

    assert "<code>{{&lt; fact large-language-model purpose &gt;}}</code>" in prose
    assert "{{&lt; compare large-language-model generative-adversarial-network &gt;}}" in prose
    assert "{{&lt; usecases generative-adversarial-network healthcare &gt;}}" in prose
    assert "embed--" not in prose


def test_hostile_args_are_escaped_and_named_safely(client, kb):
    article = make_article(
        body='<script>alert(1)</script>\n\n{{< fact "><script>alert(2)</script> purpose >}}\n\n'
        "{{< compare large-language-model <img/src=x/onerror=alert(3)> >}}"
    )

    response = client.get(article.get_absolute_url())
    errors = [c for c in article_checks(article, concept_count=1) if c.level == ERROR]

    assert "<script>alert" not in article.body_html and "<img" not in article.body_html
    assert "&lt;script&gt;alert(2)" in article.body_html
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
    assert "onerror" not in _prose(response).replace("onerror=alert(3)&gt;", "")
    assert "<img/src" not in response.content.decode()
    assert '“"><script>alert(2)</script>”' in errors[0].message


def _embeds_shown(response):
    return len(re.findall(r'id="embed-\d+"', response.content.decode()))


def test_query_count_is_the_same_for_three_kinds_once_and_six_embeds(client, kb):
    one = make_article(
        body=f"{COMPARE}\n\n{{{{< fact large-language-model purpose >}}}}\n\n"
        "{{< usecases generative-adversarial-network healthcare >}}"
    )
    six = make_article(body=(one.body + "\n\n") * 2)
    client.get(make_article().get_absolute_url())  # the glossary's terms, loaded once
    counts = []
    for article in (one, six):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(article.get_absolute_url())
        assert _embeds_shown(response) == len(re.findall("{{<", article.body))
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_query_count_is_the_same_for_one_compare_embed_and_six(client, kb):
    client.get(make_article().get_absolute_url())  # the glossary's terms, loaded once
    counts = []
    for times in (1, 6):
        article = make_article(body="\n\n".join([COMPARE] * times))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(article.get_absolute_url())
        assert _embeds_shown(response) == times
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_live_preview_shows_embeds(client, kb):
    client.force_login(make_member("Editor"))

    response = client.post(
        reverse("admin:articles_article_live_preview"),
        {"title": "T", "teaser": "t", "body": f"Intro.\n\n{COMPARE}\n"},
        headers={"HX-Request": "true"},
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "embed--compare" in text and "Generator and critic." in text


def test_demo_articles_embed_live_knowledge(client):
    call_command("load_demo", stdout=io.StringIO())
    again = io.StringIO()
    call_command("load_demo", stdout=again)

    assert " 0 rows created or changed" in again.getvalue()
    embedding = [a for a in Article.objects.all() if 'class="embed"' in a.body_html]
    assert len(embedding) >= 3
    for article in embedding:
        checks = article_checks(article, concept_count=1)
        assert next(c for c in checks if c.label == "Embeds").level != ERROR, article.slug
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200 and _embeds_shown(response), article.slug
        assert "embed--missing" not in response.content.decode(), article.slug


def test_embeds_offer_a_correction_link_for_each_fact_and_use_case(client, kb):
    article = make_article(
        body=f"{COMPARE}\n\n{{{{< fact large-language-model purpose >}}}}\n\n"
        "{{< usecases generative-adversarial-network healthcare >}}"
    )

    response = client.get(article.get_absolute_url())

    assert _prose(response).count('class="suggest-link"') == 4 + 1 + 1
    assert not response.cookies

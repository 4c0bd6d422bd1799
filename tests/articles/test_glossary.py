import re

import pytest

from articles.core import delivery
from articles.core.markdown import render_markdown
from articles.glossary import glossary_terms, link_concepts, split_sections
from tests.factories import make_article, make_concept

pytestmark = pytest.mark.django_db


def _link(markdown):
    html, linked = link_concepts(render_markdown(markdown).html, glossary_terms(delivery.generation()[0]))
    return html, linked


def _linked_texts(html):
    return re.findall(r'<a class="term__link" href="([^"]+)"[^>]*>([^<]+)</a>', html)


def test_glossary_links_only_the_first_mention():
    make_concept(name="Transformer", slug="transformer")

    html, linked = _link("A transformer is neat. Another transformer follows.")

    assert _linked_texts(html) == [("/concepts/transformer/", "transformer")]
    assert linked == ["transformer"]
    assert 'hx-get="/glossary/transformer/"' in html
    assert 'hx-trigger="mouseenter once, focus once"' in html
    assert 'aria-describedby="term-transformer"' in html
    assert '<span class="term__card" id="term-transformer" role="tooltip"></span>' in html


def test_glossary_matches_aliases_case_insensitively_and_longest_first():
    make_concept(name="Large language model", slug="llm", aliases="large language models")
    make_concept(name="Language", slug="language")

    html, _ = _link("Large Language Models are everywhere.")

    assert _linked_texts(html) == [("/concepts/llm/", "Large Language Models")]


def test_glossary_matches_acronyms_only_in_capitals():
    make_concept(name="Retrieval-augmented generation", slug="rag", aliases="RAG")

    html, _ = _link("An old rag. Then RAG helps.")

    assert _linked_texts(html) == [("/concepts/rag/", "RAG")]


def test_glossary_matches_whole_words_only():
    make_concept(name="Attention", slug="attention")

    html, _ = _link("Inattention and attentions are not attention.")

    assert _linked_texts(html) == [("/concepts/attention/", "attention")]


def test_glossary_skips_links_headings_and_code():
    make_concept(name="Transformer", slug="transformer")

    html, _ = _link(
        "## Transformer basics\n\n[a transformer link](https://example.org) and `transformer` "
        "code.\n\n```\ntransformer\n```\n\nFinally a transformer."
    )

    assert _linked_texts(html) == [("/concepts/transformer/", "transformer")]
    assert "Finally a <span class=\"term\">" in html
    assert '<h2 id="transformer-basics">Transformer basics</h2>' in html


def test_glossary_treats_an_authors_hub_link_as_the_first_mention():
    make_concept(name="Transformer", slug="transformer")

    html, linked = _link("See [the transformer](/concepts/transformer/). A transformer again.")

    assert _linked_texts(html) == []
    assert linked == ["transformer"]


def test_glossary_keeps_html_escaping_intact():
    make_concept(name="Q&A model", slug="qa-model")

    html, _ = _link("A Q&A model <b>answers</b>.")

    assert "&lt;b&gt;answers&lt;/b&gt;" in html
    assert _linked_texts(html) == [("/concepts/qa-model/", "Q&amp;A model")]


def test_split_sections_cuts_before_top_level_h2_only():
    html = render_markdown(
        "Intro.\n\n## One\n\nA.\n\n> ## Quoted\n>\n> B.\n\n- ## In a list\n\n## Two\n\nC."
    ).html

    sections = split_sections(html)

    assert len(sections) == 3
    assert sections[0].startswith("<p>Intro.")
    assert sections[1].startswith('<h2 id="one">') and "<blockquote>" in sections[1]
    assert sections[2].startswith('<h2 id="two">')
    assert "".join(sections) == html


def test_article_page_links_concepts_and_follows_renames(client):
    concept = make_concept(name="Transformer", slug="transformer")
    article = make_article(body="Transformers aside, a transformer is a model.")

    first = client.get(article.get_absolute_url())
    concept.slug = "transformer-model"
    concept.save()
    second = client.get(article.get_absolute_url())

    assert 'href="/concepts/transformer/"' in first.text
    assert 'href="/concepts/transformer-model/"' in second.text
    assert 'href="/concepts/transformer/"' not in second.text


def test_article_page_without_glossary_links_when_turned_off(client):
    make_concept(name="Transformer", slug="transformer")
    article = make_article(body="A transformer is a model.", glossary_links=False)

    response = client.get(article.get_absolute_url())

    assert 'class="term__link"' not in response.text
    assert "A transformer is a model." in response.text


def test_article_glossary_queries_do_not_grow_with_concepts(
    client, django_assert_max_num_queries
):
    make_concept(name="Alpha", slug="alpha")
    article = make_article(body="Alpha and beta.")
    client.get(article.get_absolute_url())
    with django_assert_max_num_queries(10) as captured:
        client.get(article.get_absolute_url())
    few = len(captured)

    for n in range(60):
        make_concept(name=f"Term {n}", slug=f"term-{n}")
    client.get(article.get_absolute_url())
    with django_assert_max_num_queries(few):
        response = client.get(article.get_absolute_url())

    assert 'href="/concepts/alpha/"' in response.text


def test_glossary_leaves_quoted_titles_alone_and_links_the_next_mention():
    make_concept(name="Attention", slug="attention")

    html, linked = _link('The paper "Attention Is All You Need" made attention famous.')

    assert "“Attention Is All You Need”" in html
    assert _linked_texts(html) == [("/concepts/attention/", "attention")]
    assert html.index("term__link") > html.index("You Need”")
    assert linked == ["attention"]


def test_glossary_skips_straight_quotes_and_q_elements():
    make_concept(name="Transformer", slug="transformer")

    html, _ = link_concepts(
        "<p>&quot;Transformer&quot; and <q>Transformer</q> are quoted, a transformer is not.</p>",
        glossary_terms(delivery.generation()[0]),
    )

    assert _linked_texts(html) == [("/concepts/transformer/", "transformer")]

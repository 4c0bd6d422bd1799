"""The search engine's query parsing and highlighting; the /search/ page is tested in articles."""

from articles.core import search
from articles.core.search import highlight, parse_query


def test_parse_query_quotes_every_word_for_fts5():
    query = parse_query('neural NEAR "deep learning" -hype AND trans')

    assert query.fts5() == (
        '("neural" AND "NEAR" AND "deep learning" AND "AND" AND "trans"*) NOT "hype"'
    )
    assert query.fts5(["title"]) == "{title} : " + query.fts5()


def test_parse_query_prefix_only_while_typing_a_word_of_three_letters_or_more():
    assert parse_query("trans").terms[-1].prefix
    assert not parse_query("trans ").terms[-1].prefix
    assert not parse_query("tr").terms[-1].prefix
    assert not parse_query('"trans"').terms[-1].prefix
    assert not parse_query("-trans").terms[-1].prefix


def test_parse_query_splits_symbols_into_phrases():
    query = parse_query("GPT-4 o'clock")

    assert [term.words for term in query.terms] == [("GPT", "4"), ("o", "clock")]
    assert [term.text for term in query.terms] == ["GPT-4", "o'clock"]
    assert query.fts5() == '("GPT 4" AND "o clock")'


def test_parse_query_without_a_word_to_find_is_false():
    assert not parse_query("")
    assert not parse_query("  ")
    assert not parse_query("-quasar")
    assert not parse_query('" * ( ) -')
    assert parse_query("quasar -pulsar")


def test_parse_query_limits_length_and_terms():
    query = parse_query(" ".join(f"w{n}" for n in range(100)))

    assert len(query.terms) == search.MAX_TERMS
    assert len(parse_query("x" * 1000).text) == search.MAX_QUERY_LENGTH


def test_highlight_escapes_and_balances_marks():
    assert highlight("a \x02<b>\x03 & \x02c") == "a <mark>&lt;b&gt;</mark> &amp; <mark>c</mark>"
    assert highlight("\x03stray\x03 \x02\x02x\x03") == "stray <mark>x</mark>"
    assert highlight(None) == ""

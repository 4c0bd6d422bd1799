from html.parser import HTMLParser

import pytest

from articles.core.markdown import render_markdown, sanitize

HOSTILE_MARKDOWN = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    "<style>body { display: none }</style>",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    "[x][evil]\n\n[evil]: data:text/html,<script>alert(1)</script>",
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<details open ontoggle=alert(1)>",
    "```html\n<script>alert(1)</script>\n```",
    "    <img src=x onerror=alert(1)>",
]

HOSTILE_HTML = [
    "<script>alert(1)</script><p>ok</p>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="javascript&#58;alert(1)">x</a>',
    '<a href=" &#x6A;avascript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<img src="data:image/png;base64,iVBORw0KGgo=">',
    '<iframe src="https://evil.example"></iframe>',
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    "<style>body { display: none }</style>",
    '<p style="color: red" onmouseover="alert(1)">p</p>',
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "<!-- <script>alert(1)</script> -->",
]

FORBIDDEN_TAGS = {"script", "style", "iframe", "svg", "math", "object", "embed", "form"}


class _Elements(HTMLParser):
    """Collect (tag, attributes) for every element, as a browser would parse them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html):
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def assert_safe(html):
    """Escaped text may mention `javascript:`; no element, attribute or URL may carry it."""
    lowered = html.lower()
    for marker in ("<script", "<iframe", "<style", "<svg", "<object", "<embed"):
        assert marker not in lowered
    for tag, attrs in elements(html):
        assert tag not in FORBIDDEN_TAGS
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name != "style", tag
            if name in ("href", "src"):
                url = "".join((value or "").split()).lower()
                assert not url.startswith(("javascript:", "vbscript:", "data:")), (tag, url)


@pytest.mark.parametrize("source", HOSTILE_MARKDOWN)
def test_render_markdown_hostile_input_is_harmless(source):
    html = render_markdown(source).html

    assert_safe(html)


@pytest.mark.parametrize("source", HOSTILE_MARKDOWN)
def test_render_markdown_hostile_input_makes_no_dangerous_links(source):
    for tag, attrs in elements(render_markdown(source).html):
        for name in ("href", "src"):
            assert "script:" not in (attrs.get(name) or "").lower()
            assert "data:" not in (attrs.get(name) or "").lower()


@pytest.mark.parametrize("html", HOSTILE_HTML)
def test_sanitize_hostile_html_is_harmless(html):
    cleaned = sanitize(html)

    assert_safe(cleaned)
    assert "javascript" not in cleaned.lower()


def test_sanitize_drops_script_content():
    assert sanitize("<script>alert(1)</script><p>ok</p>") == "<p>ok</p>"


def test_sanitize_strips_event_handler_and_keeps_image():
    assert sanitize("<img src=x onerror=alert(1)>") == '<img src="x">'


def test_sanitize_keeps_allowed_markup():
    html = '<p><a href="https://example.org" rel="noopener">x</a> <code>y</code></p>'

    assert sanitize(html) == html


def test_sanitize_removes_unknown_classes():
    assert sanitize('<p class="evil">x</p><code class="language-python">y</code>') == (
        '<p>x</p><code class="language-python">y</code>'
    )


def test_render_markdown_raw_html_is_escaped_not_rendered():
    html = render_markdown("<b>bold</b>").html

    assert html == "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n"


def test_render_markdown_external_link_gets_noopener():
    html = render_markdown("[site](https://example.org/page)").html

    assert html == '<p><a href="https://example.org/page" rel="noopener">site</a></p>\n'


def test_render_markdown_protocol_relative_link_gets_noopener():
    html = render_markdown("[site](//example.org/page)").html

    assert 'rel="noopener"' in html


def test_render_markdown_uppercase_scheme_link_gets_noopener():
    html = render_markdown("[site](HTTPS://example.org/page)").html

    assert 'rel="noopener"' in html


def test_render_markdown_relative_link_has_no_rel():
    html = render_markdown("[about](/articles/about/)").html

    assert html == '<p><a href="/articles/about/">about</a></p>\n'


def test_render_markdown_mailto_link_kept():
    html = render_markdown("[mail](mailto:editor@example.org)").html

    assert 'href="mailto:editor@example.org"' in html


def test_render_markdown_image_lazy_loaded():
    html = render_markdown("![A chart](/media/chart.png)").html

    assert html == (
        '<p><img src="/media/chart.png" alt="A chart" loading="lazy" decoding="async"></p>\n'
    )


def test_render_markdown_h1_becomes_h2():
    html = render_markdown("# Title").html

    assert html.startswith("<h2")
    assert "<h1" not in html


def test_render_markdown_headings_get_ids_and_toc():
    rendered = render_markdown("## First part\n\ntext\n\n### A *detail*\n\n#### Deep")

    assert '<h2 id="first-part">First part</h2>' in rendered.html
    assert '<h3 id="a-detail">A <em>detail</em></h3>' in rendered.html
    assert rendered.toc == [
        {"id": "first-part", "title": "First part", "level": 2},
        {"id": "a-detail", "title": "A detail", "level": 3},
    ]


def test_render_markdown_table_has_scope_and_no_style():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |").html

    assert html.count('<th scope="col">') == 2
    assert "style=" not in html
    assert "<td>1</td>" in html


def test_render_markdown_footnotes():
    html = render_markdown("Claim.[^1]\n\n[^1]: The source.").html

    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>' in html
    assert '<li id="fn1" class="footnote-item">' in html
    assert '<a href="#fnref1" class="footnote-backref">' in html


def test_render_markdown_fenced_code_keeps_language_class():
    html = render_markdown("```python\nprint(1)\n```").html

    assert html == '<pre><code class="language-python">print(1)\n</code></pre>\n'


@pytest.mark.parametrize(
    ("words", "minutes"), [(1, 1), (229, 1), (230, 1), (231, 2), (460, 2), (461, 3)]
)
def test_render_markdown_reading_time(words, minutes):
    rendered = render_markdown("word " * words)

    assert rendered.word_count == words
    assert rendered.reading_time == minutes


@pytest.mark.parametrize("source", ["", None])
def test_render_markdown_empty_input(source):
    rendered = render_markdown(source)

    assert rendered.html == ""
    assert rendered.toc == []
    assert rendered.word_count == 0
    assert rendered.reading_time == 1

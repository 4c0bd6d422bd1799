"""Tags for search engines and sharing: canonical URLs, JSON-LD and share links."""

import json
from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.core.links import link
from articles.core.numbers import whole_number
from articles.knowledge.jsonld import defined_term

register = template.Library()

# The same escapes as Django's json_script: the JSON can never close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data):
    """Render a dict as a JSON-LD <script> element, safe against any text inside it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(text.translate(_JSON_ESCAPES))
    )


def _absolute(context, path):
    request = context.get("request")
    if request is None:
        return path
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        # The page for a request with a bad Host header (a 400) still renders.
        return path


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return _absolute(context, path)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """Return this page's canonical URL: the path, plus ?page=N past the first page."""
    request = context.get("request")
    if request is None:
        return ""
    url = _absolute(context, request.path)
    page = whole_number(request.GET.get("page", ""), minimum=2)
    if page is not None:
        url += "?" + urlencode({"page": page})
    return url


def _person(context, author):
    return {
        "@type": "Person",
        "name": author.name,
        "url": _absolute(context, author.get_absolute_url()),
    }


@register.simple_tag(takes_context=True)
def person_jsonld(context, author):
    """JSON-LD `ProfilePage` about the author as a `Person`."""
    person = _person(context, author)
    if author.bio:
        person["description"] = author.bio
    if author.avatar:
        person["image"] = _absolute(context, author.avatar.url)
    return jsonld({"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": person})


@register.simple_tag(takes_context=True)
def breadcrumbs_jsonld(context, *names_and_paths):
    """JSON-LD `BreadcrumbList` from alternating names and paths, home first."""
    pairs = zip(names_and_paths[::2], names_and_paths[1::2], strict=True)
    return jsonld(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": str(name),
                    "item": _absolute(context, path),
                }
                for position, (name, path) in enumerate(pairs, start=1)
            ],
        }
    )


@register.simple_tag(takes_context=True)
def article_jsonld(context, article, concepts=(), mentions=()):
    """JSON-LD `Article`: about its own concepts, mentioning the others it links to."""
    def absolute(path):
        return _absolute(context, path)

    url = absolute(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title[:110],
        "description": article.meta_description,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.published_at,
        "dateModified": article.modified_at,
        "author": _person(context, article.author),
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": _absolute(context, link("articles:home")),
            "logo": {"@type": "ImageObject", "url": _absolute(context, static("favicon.svg"))},
        },
        "articleSection": article.topic.name,
        "wordCount": article.word_count,
        "inLanguage": "en",
    }
    hero = article.hero
    if hero:
        data["image"] = _absolute(context, hero["src"])
    elif article.hero_image:
        data["image"] = _absolute(context, article.hero_image.url)
    if concepts:
        data["about"] = [defined_term(concept, absolute) for concept in concepts]
    if mentions:
        data["mentions"] = [defined_term(concept, absolute) for concept in mentions]
    return jsonld(data)


@register.simple_tag(takes_context=True)
def website_jsonld(context):
    """JSON-LD `WebSite` with the search box search engines may show."""
    search = _absolute(context, link("articles:search"))
    return jsonld(
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "description": settings.SITE_TAGLINE,
            "url": _absolute(context, link("articles:home")),
            "potentialAction": {
                "@type": "SearchAction",
                "target": f"{search}?q={{search_term_string}}",
                "query-input": "required name=search_term_string",
            },
        }
    )


@register.simple_tag(takes_context=True)
def share_links(context, title, path):
    """Return (label, URL) pairs for sharing a page: plain links, no third-party scripts."""
    url = _absolute(context, path)

    def query(**params):
        return urlencode(params, quote_via=quote)

    return [
        ("Email", f"mailto:?{query(subject=title, body=url)}"),
        ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?{query(url=url)}"),
        ("Bluesky", f"https://bsky.app/intent/compose?{query(text=f'{title} {url}')}"),
        # Tootpick asks for the reader's own server; the text stays in the URL fragment.
        ("Mastodon", f"https://tootpick.org/#{query(text=f'{title} {url}')}"),
        ("X", f"https://x.com/intent/post?{query(text=title, url=url)}"),
    ]

"""Hostile input never costs a 500: every routed pattern, with hostile values, as each role."""

import re

import pytest
from django.urls import URLResolver, get_resolver

from tests.factories import (
    make_article,
    make_comparison,
    make_concept,
    make_fact,
    make_industry,
    make_member,
    make_preview_link,
    make_use_case,
)

pytestmark = pytest.mark.django_db

# What an attacker or a broken link puts where a value goes.
HOSTILE_PARTS = ["²", "٣", "-1", "9" * 30, "%00", "a" * 300, "x'--", '"NEAR(a b)*"', "..%2F"]
HOSTILE_QUERIES = [
    "page=²",
    "page=⁴",
    "page=-1",
    "page=99999999999999999999999",
    "page=1&page=2&page=%00",
    "related_page=²",
    "p=²",
    "q=%22a%22+OR+NEAR(b+c)+*&type=..%2F&topic=%00",
    "q=" + "x" * 5000,
    "industry=%00&family=" + "f" * 500,
    "a=²&b=٣&c=%00&diff=²",
    "article=²&comparison=⁴&days=³&a=٣&b=²",
]
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def routed_patterns():
    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return [p.lstrip("^") for p in walk(get_resolver()) if "(?P" not in p]


def fill(pattern, value, ids):
    """Return `pattern` with every converter filled: `value` for strings, an id or a huge
    number for ints, a slug-shaped value for slugs."""

    def replace(match):
        kind = match.group(1) or "str"
        if kind == "int":
            return ids
        if kind == "slug":
            return "no-such-thing" if not re.fullmatch(r"[-\w]+", value) else value
        return value

    return "/" + CONVERTER.sub(replace, pattern)


@pytest.fixture
def site():
    concept = make_concept(slug="transformer")
    industry = make_industry(slug="healthcare")
    make_use_case(concept=concept, industry=industry)
    make_fact(concept=concept)
    article = make_article(concepts=[concept])
    make_preview_link(article)
    make_comparison(concepts=[concept, make_concept(slug="gan")])
    return article


def requests_for(patterns, ids):
    for pattern in patterns:
        for value in HOSTILE_PARTS if "<" in pattern else [""]:
            yield fill(pattern, value, ids)
        base = fill(pattern, "transformer", ids)
        for query in HOSTILE_QUERIES:
            yield f"{base}?{query}"


def test_public_patterns_never_answer_5xx(client, site):
    client.raise_request_exception = False
    public = [p for p in routed_patterns() if not p.startswith("admin/")]
    failures = []

    for url in requests_for(public, str(site.pk)):
        response = client.get(url)
        if response.status_code >= 500:
            failures.append((url, response.status_code))

    assert failures == [], "\n".join(f"{u} {s}" for u, s in failures)


ADMIN_PARTS = ["²", "9" * 30]
ADMIN_QUERIES = ["p=²&o=²&q=%00", "page=⁴&_changelist_filters=%00", "article=²&comparison=⁴&a=٣"]


@pytest.mark.parametrize("role", ["Editor", "superuser"])
def test_admin_patterns_never_answer_5xx(client, site, role, django_user_model):
    if role == "superuser":
        user = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    else:
        user = make_member(role)
    client.force_login(user)
    client.raise_request_exception = False
    failures = []

    for pattern in routed_patterns():
        if not pattern.startswith("admin/") or "logout" in pattern:
            continue
        urls = [fill(pattern, value, str(site.pk)) for value in ADMIN_PARTS]
        urls.append(fill(pattern, "x", "9" * 25))
        base = fill(pattern, "transformer", str(site.pk))
        urls += [f"{base}?{query}" for query in ADMIN_QUERIES]
        for url in dict.fromkeys(urls):
            response = client.get(url)
            if response.status_code >= 500:
                failures.append((url, response.status_code))

    assert failures == [], "\n".join(f"{u} {s}" for u, s in failures)

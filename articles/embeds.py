"""Knowledge-base embeds in article bodies: `{{< compare … >}}`, `{{< fact … >}}`,
`{{< usecases … >}}`.

The Markdown pipeline stores each shortcode as a placeholder (articles/core/markdown.py);
`render_embeds` fills the placeholders with current facts and use-cases when the body is
shown (inside `article_body`, kept per content generation, so a corrected fact shows at
once). Every embed of a body is loaded together: a constant number of queries however many
there are. The link to the full comparison page comes from the ``compare-url`` extension
point, since the comparisons app sits above this one.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string

from articles.core import extensions
from articles.core.markdown import EMBED_RE, embeds_in
from articles.knowledge.models import Concept, Dimension, Fact, Industry, UseCase
from articles.knowledge.tables import FactTable

TEMPLATE = "articles/article_embeds.html"
# Readers' "Suggest a correction" link, shown beside each fact and use-case when installed.
MAX_COMPARED = 3
EXPECTED = {
    "fact": ("a dimension", "{{< fact transformer architecture >}}"),
    "usecases": ("an industry", "{{< usecases diffusion-model healthcare >}}"),
}


@dataclass
class Embed:
    """One shortcode's request: which concepts, dimensions or industry it names."""

    kind: str
    concepts: list = field(default_factory=list)
    dimensions: list | None = None
    industry: str = ""
    problems: list = field(default_factory=list)

    words: list = field(default_factory=list)

    @property
    def shortcode(self):
        return "{{< " + " ".join([self.kind, *self.words]) + " >}}"


def parse(kind, words):
    """Return the Embed that shortcode `kind` with these `words` asks for."""
    if kind == "compare":
        embed = Embed(kind, words=words)
        for word in words:
            name, equals, value = word.partition("=")
            if not equals:
                embed.concepts.append(word)
            elif name == "dimensions":
                embed.dimensions = [slug for slug in value.split(",") if slug]
            else:
                embed.problems.append(f"unknown option “{name}” (only “dimensions=” is known)")
        if not 2 <= len(embed.concepts) <= MAX_COMPARED:
            embed.problems.append("a comparison names two or three concepts")
        elif len(set(embed.concepts)) != len(embed.concepts):
            embed.problems.append("the same concept is named twice")
        return embed
    if len(words) != 2:
        second, example = EXPECTED[kind]
        return Embed(kind, words=words, problems=[f"name a concept then {second}, as in {example}"])
    if kind == "fact":
        return Embed(kind, concepts=[words[0]], dimensions=[words[1]], words=words)
    return Embed(kind, concepts=[words[0]], industry=words[1], words=words)


@dataclass
class Loaded:
    concepts: dict
    dimensions: dict
    industries: dict
    facts: dict
    use_cases: dict


def load(embeds):
    """Fetch what `embeds` show, one query per kind of thing named, however many embeds."""
    concept_slugs = {slug for embed in embeds for slug in embed.concepts}
    dimension_slugs = {slug for embed in embeds for slug in embed.dimensions or ()}
    industry_slugs = {embed.industry for embed in embeds if embed.industry}
    concepts = dimensions = industries = facts = use_cases = {}
    if concept_slugs:
        concepts = {
            concept.slug: concept
            for concept in Concept.objects.filter(slug__in=concept_slugs).only(
                "name", "slug", "definition"
            )
        }
    if dimension_slugs:
        dimensions = {d.slug: d for d in Dimension.objects.filter(slug__in=dimension_slugs)}
    if industry_slugs:
        industries = {i.slug: i for i in Industry.objects.filter(slug__in=industry_slugs)}
    with_facts = {slug for e in embeds if e.kind in ("compare", "fact") for slug in e.concepts}
    known = [concepts[slug].pk for slug in with_facts if slug in concepts]
    if known:
        facts = {
            (fact.concept_id, fact.dimension_id): fact
            for fact in Fact.objects.filter(concept__in=known).select_related("dimension")
        }
    if industries and any(embed.kind == "usecases" for embed in embeds):
        use_cases = {
            (use_case.concept_id, use_case.industry_id): use_case
            for use_case in UseCase.objects.filter(
                concept__in=[c.pk for c in concepts.values()],
                industry__in=[i.pk for i in industries.values()],
            )
        }
    return Loaded(concepts, dimensions, industries, facts, use_cases)


def problems(embed, loaded):
    """Return what stops `embed` from showing, each naming the slug at fault."""
    found = list(embed.problems)
    for slug in embed.concepts:
        if slug not in loaded.concepts:
            found.append(f"no concept has the slug “{slug}”")
    for slug in embed.dimensions or ():
        if slug not in loaded.dimensions:
            found.append(f"no dimension has the slug “{slug}”")
    if embed.industry and embed.industry not in loaded.industries:
        found.append(f"no industry has the slug “{embed.industry}”")
    if found:
        return found
    concept = loaded.concepts[embed.concepts[0]]
    if embed.kind == "fact":
        dimension = loaded.dimensions[embed.dimensions[0]]
        if (concept.pk, dimension.pk) not in loaded.facts:
            found.append(f"there is no fact about “{concept.slug}” on “{dimension.slug}” yet")
    elif embed.kind == "usecases":
        industry = loaded.industries[embed.industry]
        if (concept.pk, industry.pk) not in loaded.use_cases:
            found.append(f"there is no use-case of “{concept.slug}” in “{industry.slug}” yet")
    return found


def embed_problems(body_html):
    """Return a sentence per embed of `body_html` that cannot show, naming its slugs."""
    embeds = [parse(kind, words) for kind, words in embeds_in(body_html)]
    if not embeds:
        return []
    loaded = load(embeds)
    return [
        f"{embed.shortcode}: {'; '.join(found)}"
        for embed in embeds
        if (found := problems(embed, loaded))
    ]


def compare_url(slugs):
    """Return the full comparison page of `slugs`, if an app provides comparison pages."""
    for function in extensions.functions("compare-url"):
        return function(slugs)
    return None


def _context(number, embed, loaded):
    concepts = [loaded.concepts[slug] for slug in embed.concepts]
    # Ids carry the embed's number: several embeds on one page never share one.
    context = {"number": number, "kind": embed.kind, "sources_id": f"embed-{number}-source-"}
    if embed.kind == "compare":
        dimensions = None
        if embed.dimensions is not None:
            dimensions = [loaded.dimensions[slug] for slug in embed.dimensions]
        context |= {
            "table": FactTable(concepts, dimensions, facts=loaded.facts),
            "names": " vs ".join(concept.name for concept in concepts),
            "compare_url": compare_url([concept.slug for concept in concepts]),
        }
    elif embed.kind == "fact":
        fact = loaded.facts[concepts[0].pk, loaded.dimensions[embed.dimensions[0]].pk]
        context |= {"concept": concepts[0], "fact": fact}
    else:
        industry = loaded.industries[embed.industry]
        context |= {
            "concept": concepts[0],
            "industry": industry,
            "use_case": loaded.use_cases[concepts[0].pk, industry.pk],
        }
    return context


def render_embeds(html):
    """Return `html` with its embed placeholders filled, and the ids of the concepts shown.

    An embed that cannot show (an unknown slug, a fact deleted) becomes a short note; the
    content checks name the cause to editors.
    """
    embeds = [parse(kind, words) for kind, words in embeds_in(html)]
    if not embeds:
        return html, []
    loaded = load(embeds)
    shown = set()
    rendered = []
    for number, embed in enumerate(embeds, start=1):
        if problems(embed, loaded):
            rendered.append(render_to_string(TEMPLATE + "#missing", {"kind": embed.kind}))
            continue
        context = _context(number, embed, loaded)
        shown |= {loaded.concepts[slug].pk for slug in embed.concepts}
        rendered.append(render_to_string(f"{TEMPLATE}#{embed.kind}", context))
    parts = iter(rendered)
    return EMBED_RE.sub(lambda match: next(parts), html), sorted(shown)

"""Where a higher layer adds to a lower layer's pages without the lower layer importing it.

Apps register functions here in their AppConfig.ready(); the lower layer's views call
whatever is registered. Each point names what its functions receive and return:

- ``concept-hub``: ``(request, concept, fragment=bool) -> dict`` of context for the hub
  (articles add ``page_obj``, the articles about the concept; comparisons add theirs). With
  ``fragment=True`` only the article listing is wanted, for “Load more”.
- ``industry-page``: ``(request, industry, use_cases) -> dict`` (articles add ``page_obj``).
- ``cells-shown``: ``(has_fact) -> set`` of (concept id, dimension id) cells that published
  pages show readers, so the freshness report lists those missing facts first.
- ``home``: ``(request) -> dict`` of context for the home page (comparisons add the
  featured comparisons).
- ``next-change``: ``() -> QuerySet`` of one date-time column, soonest first: when
  something readers see changes by the clock alone (a scheduled item going live, a promo
  starting or ending). The reader cache keeps no page past the soonest of them
  (`articles/core/delivery.py`), asking them all in one query.
- ``image-changed``: ``(image_id) -> None``: a library image's words or renditions changed;
  whoever stores HTML showing it renders that again (articles their bodies, concepts their
  explanations, comparisons their texts).
- ``image-usage``: ``(image_id) -> list`` of ``(label, admin_url)`` of what uses a library
  image: the library shows them and refuses to delete an image in use.
- ``compare-url``: ``(slugs) -> str``: the address of the full comparison page of these
  concept slugs, in this order (comparisons provide it; article embeds link to it).
- ``fact-dependents``: ``(fact_ids) -> dict`` of fact id → ``{"articles": [(title,
  admin_url)], "more": n}``: the live articles that state each fact, the first few and how
  many more (the freshness report lists them beside each stale fact).
"""

POINTS = ("concept-hub", "industry-page", "cells-shown", "home", "next-change", "image-changed",
          "image-usage", "compare-url", "fact-dependents")
_registry = {point: [] for point in POINTS}


def extend(point, function):
    """Register `function` at extension `point` (once; registering again is a no-op)."""
    if function not in _registry[point]:
        _registry[point].append(function)


def context_from(point, *args, **kwargs):
    """Return the merged context every function registered at `point` contributes."""
    context = {}
    for function in _registry[point]:
        context |= function(*args, **kwargs)
    return context


def functions(point):
    """Return the functions registered at `point`, in registration order."""
    return list(_registry[point])


def union_from(point, *args, **kwargs):
    """Return the union of the sets every function registered at `point` returns."""
    result = set()
    for function in _registry[point]:
        result |= function(*args, **kwargs)
    return result

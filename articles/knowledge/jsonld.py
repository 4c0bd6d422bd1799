"""The one schema.org builder for concepts: every page that describes a concept uses it."""

from articles.core.links import link


def defined_term(concept, absolute, *, facts=None, standalone=False):
    """Return a schema.org `DefinedTerm` for `concept`.

    `absolute` turns a path into an absolute URL. `facts` is [(dimension, fact)], added as
    properties; aliases are added when they were loaded with the concept (never a query).
    """
    data = {"@context": "https://schema.org"} if standalone else {}
    data |= {
        "@type": "DefinedTerm",
        "name": concept.name,
        "url": absolute(concept.get_absolute_url()),
        "inDefinedTermSet": absolute(link("knowledge:concept-list")),
    }
    if concept.definition:
        data["description"] = concept.definition
    if "aliases" not in concept.get_deferred_fields() and concept.alias_list:
        data["alternateName"] = concept.alias_list
    if facts is not None:
        data["additionalProperty"] = [
            {"@type": "PropertyValue", "name": dimension.name, "value": fact.text}
            for dimension, fact in facts
        ]
    return data

import difflib

from django import forms
from django.urls import reverse
from django.utils.text import Truncator, slugify


def suggest(term, concepts, limit=5):
    """Return concepts whose slug, name or an alias is close to `term`, closest first."""
    keys = {}
    for concept in concepts:
        for key in [concept.slug, slugify(concept.name), *map(slugify, concept.alias_list)]:
            if key:
                keys.setdefault(key, concept)
    term = slugify(term)
    if not term:
        return []
    close = difflib.get_close_matches(term, keys, n=limit * 3, cutoff=0.6)
    contained = [key for key in keys if term in key or (len(key) >= 3 and key in term)]
    found = []
    for key in close + contained:
        if keys[key] not in found:
            found.append(keys[key])
    return found[:limit]


def alias_index(concepts):
    """Map each alias (slugified) to its concept, leaving out aliases shared by two concepts."""
    index, shared = {}, set()
    for concept in concepts:
        for alias in {slugify(alias) for alias in concept.alias_list} | {slugify(concept.name)}:
            if alias in index and index[alias] != concept:
                shared.add(alias)
            index[alias] = concept
    return {alias: concept for alias, concept in index.items() if alias not in shared}


class ConceptInput(forms.TextInput):
    """A search box that names a concept; as the reader types, HTMX fills its datalist with
    up to a dozen matches, so the page never carries the whole list of concepts."""

    input_type = "search"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        options_id = f"{widget_attrs.get('id', name)}-options"
        widget_attrs |= {
            "list": options_id,
            "autocomplete": "off",
            "spellcheck": "false",
            "hx-get": reverse("comparisons:concept-options"),
            "hx-trigger": "input changed delay:150ms",
            "hx-target": f"#{options_id}",
            "hx-swap": "innerHTML",
            "hx-sync": "this:replace",
        }
        return context


class CompareForm(forms.Form):
    """Name two or three concepts (by name, alias or slug); a valid pick becomes the pair URL."""

    a = forms.CharField(label="First concept", max_length=200, widget=ConceptInput)
    b = forms.CharField(label="Second concept", max_length=200, widget=ConceptInput)
    c = forms.CharField(
        label="Third concept (optional)", max_length=200, required=False, widget=ConceptInput
    )

    def __init__(self, *args, concepts, **kwargs):
        super().__init__(*args, **kwargs)
        self.concepts = concepts
        for name in "ab":
            self.fields[name].error_messages["required"] = "Name a concept, e.g. Transformer."

    def resolve(self, text):
        """Return the concept `text` names (slug, name or alias, any case), or None."""
        key = slugify(text)
        by_slug = {concept.slug: concept for concept in self.concepts}
        return (
            by_slug.get(text.strip().lower())
            or by_slug.get(key)
            or alias_index(self.concepts).get(key)
        )

    def clean(self):
        cleaned = super().clean()
        seen = set()
        for name in ["a", "b", "c"]:
            text = cleaned.get(name)
            if not text:
                continue
            concept = self.resolve(text)
            if concept is None:
                close = ", ".join(c.name for c in suggest(text, self.concepts, limit=3))
                message = f"We have no concept called “{Truncator(text).chars(60)}”."
                self.add_error(name, f"{message} Did you mean {close}?" if close else message)
                continue
            if concept.slug in seen:
                self.add_error(name, "This concept is already chosen: pick a different one.")
            seen.add(concept.slug)
            cleaned[name] = concept.slug
        return cleaned

    def slugs(self):
        return [self.cleaned_data[name] for name in ["a", "b", "c"] if self.cleaned_data.get(name)]


def picker_initial(concepts):
    """The picker's values for concepts already chosen: their names, as readers type them."""
    return dict(zip("abc", (concept.name for concept in concepts), strict=False))

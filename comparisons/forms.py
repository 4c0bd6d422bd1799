from django import forms


class ConceptSelect(forms.Select):
    """A select whose options carry each concept's aliases, for the picker's filter box."""

    def __init__(self, *args, terms=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.terms = terms or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if self.terms.get(value):
            option["attrs"]["data-terms"] = self.terms[value]
        return option


def concept_choices(concepts, blank):
    """Group concepts by family (A–Z, families with no name last) for a select."""
    families = {}
    for concept in sorted(concepts, key=lambda c: c.name.casefold()):
        families.setdefault(concept.family or "", []).append((concept.slug, concept.name))
    choices = [("", blank)]
    if list(families) == [""]:
        return choices + families[""]
    for family in sorted(families, key=lambda f: (not f, f.casefold())):
        choices.append((family or "Other concepts", families[family]))
    return choices


class CompareForm(forms.Form):
    """Pick two or three concepts; the view turns a valid pick into the canonical pair URL."""

    a = forms.ChoiceField(label="First concept")
    b = forms.ChoiceField(label="Second concept")
    c = forms.ChoiceField(label="Third concept (optional)", required=False)

    choice_errors = {
        "required": "Choose a concept from the list.",
        "invalid_choice": "“%(value)s” is not one of our concepts: choose one from the list.",
    }

    def __init__(self, *args, concepts, **kwargs):
        super().__init__(*args, **kwargs)
        terms = {
            concept.slug: f"{concept.name} {concept.aliases}".strip()
            for concept in concepts
            if concept.aliases
        }
        for name, blank in [
            ("a", "Choose a concept…"),
            ("b", "Choose a concept…"),
            ("c", "None: compare two"),
        ]:
            field = self.fields[name]
            field.choices = concept_choices(concepts, blank)
            field.widget = ConceptSelect(choices=field.choices, terms=terms)
            field.widget.attrs["data-filterable"] = ""
            field.error_messages |= self.choice_errors

    def clean(self):
        cleaned = super().clean()
        seen = set()
        for name in ["a", "b", "c"]:
            slug = cleaned.get(name)
            if not slug:
                continue
            if slug in seen:
                self.add_error(name, "This concept is already chosen: pick a different one.")
            seen.add(slug)
        return cleaned

    def slugs(self):
        return [self.cleaned_data[name] for name in ["a", "b", "c"] if self.cleaned_data.get(name)]

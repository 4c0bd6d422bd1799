from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from comparisons.models import Fact


class SourcesField(forms.CharField):
    """Edit a list of {"title", "url"} sources as lines of “Title | https://…”."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{source['title']} | {source['url']}" for source in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        sources = []
        check_url = URLValidator(schemes=["http", "https"])
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            title, bar, url = line.rpartition("|")
            title, url = title.strip(), url.strip()
            if not bar or not title:
                raise ValidationError(
                    f"Line {number}: write the source as “Title | https://…”.", code="format"
                )
            try:
                check_url(url)
            except ValidationError:
                raise ValidationError(
                    f"Line {number}: “{url}” is not a valid http(s) address.", code="url"
                ) from None
            sources.append({"title": title, "url": url})
        return sources


class FactForm(forms.ModelForm):
    sources = SourcesField(
        required=False,
        help_text="One source per line: “Title | https://…”.",
    )

    class Meta:
        model = Fact
        fields = ["concept", "dimension", "text", "sources", "verified_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 60})}

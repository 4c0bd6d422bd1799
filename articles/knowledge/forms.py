import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from articles.knowledge.models import Fact, SuggestionKind
from articles.knowledge.services import fact_version


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


class UseCaseFilterForm(forms.Form):
    family = forms.ChoiceField(label="Concept family", required=False)
    industry = forms.ChoiceField(label="Industry", required=False)

    def __init__(self, *args, families, industries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = [("", "All families")] + [(f, f) for f in families]
        self.fields["industry"].choices = [("", "All industries")] + [
            (industry.slug, industry.name) for industry in industries
        ]


class FreshnessForm(forms.Form):
    months = forms.IntegerField(
        label="Not verified for",
        min_value=1,
        max_value=600,
        required=False,
        help_text="months",
        widget=forms.NumberInput(attrs={"size": 4}),
    )


class FactGridForm(forms.Form):
    """One row of the fact grid: the fact of one concept along one dimension."""

    value = forms.CharField(
        required=False,
        max_length=80,
        widget=forms.TextInput(
            attrs={"size": 44, "placeholder": "Short value, e.g. Generate new content"}
        ),
        help_text="The short answer compared across a row (optional).",
    )
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 44}),
        help_text="Clear the text to delete the fact.",
    )
    sources = SourcesField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 40}),
        help_text="One per line: “Title | https://…”.",
    )
    verified_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    # What the row held when the page was opened: to tell the curator's edits from others'.
    version = forms.CharField(required=False, widget=forms.HiddenInput)
    digest = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, dimension, fact=None, **kwargs):
        self.dimension = dimension
        self.fact = fact
        if fact is None:
            initial = {"text": "", "value": "", "sources": [], "verified_on": timezone.localdate()}
        else:
            initial = {
                "text": fact.text,
                "value": fact.value,
                "sources": fact.sources,
                "verified_on": fact.verified_on,
            }
        initial |= {"version": fact_version(fact), "digest": row_digest(**initial)}
        super().__init__(*args, initial=initial, prefix=f"dim-{dimension.pk}", **kwargs)
        self.fields["text"].label = f"{dimension.name}: fact"
        self.fields["value"].label = f"{dimension.name}: short value"
        self.fields["sources"].label = f"{dimension.name}: sources"
        self.fields["verified_on"].label = f"{dimension.name}: verified on"

    def clean_text(self):
        return self.cleaned_data["text"].replace("\r\n", "\n").strip()

    def clean_value(self):
        return " ".join(self.cleaned_data["value"].split())

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text"):
            if cleaned.get("sources") and self.fact is None:
                self.add_error("text", "Write the fact, or clear the sources to leave it empty.")
        elif not cleaned.get("verified_on") and "verified_on" not in self.errors:
            self.add_error("verified_on", "Say when this was last checked against its sources.")
        return cleaned

    @property
    def action(self):
        """Return "create", "update", "delete" or None: what the curator asked of this row."""
        data = self.cleaned_data
        edited = row_digest(data["text"], data["sources"], data["verified_on"], data["value"])
        if edited == data["digest"]:
            return None
        if self.fact is None:
            return "create" if data["text"] else None
        return "update" if data["text"] else "delete"


def row_digest(text, sources, verified_on, value=""):
    """Fingerprint a grid row's values, ignoring line-ending and edge-whitespace differences."""
    text = (text or "").replace("\r\n", "\n").strip()
    value = " ".join((value or "").split())
    payload = json.dumps(
        [text, sources or [], verified_on.isoformat() if verified_on else "", value],
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


class WebAddressField(forms.URLField):
    """An http(s) address only: no javascript:, data:, ftp: or mailto:."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {"invalid": "Enter a web address starting with http:// or https://."}


# The longest correction a reader may send: a fact or use-case is a few sentences.
SUGGESTION_MAX_TEXT = 2000


class SuggestionForm(forms.Form):
    """A reader's correction of a fact or use-case; no account needed."""

    text = forms.CharField(
        label="Corrected text",
        max_length=SUGGESTION_MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text="Edit the text above to say what is right.",
    )
    value = forms.CharField(label="Short value", max_length=80, required=False)
    source_url = WebAddressField(
        label="Source (optional)",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="A web page that supports the correction.",
        widget=forms.URLInput(attrs={"placeholder": "https://…"}),
    )
    email = forms.EmailField(
        label="Your e-mail (optional)",
        required=False,
        max_length=254,
        help_text="Only for the curator’s questions; never shown or shared.",
    )
    # A trap for robots: hidden from people (and screen readers), filled in by form-fillers.
    website = forms.CharField(label="Leave this field empty", required=False, max_length=200)

    def __init__(self, *args, target, **kwargs):
        self.target = target
        self.kind = SuggestionKind.FACT if isinstance(target, Fact) else SuggestionKind.USE_CASE
        initial = {"text": target.text}
        if self.kind == SuggestionKind.FACT:
            initial["value"] = target.value
        else:
            initial["value"] = target.title
        # Several forms may open on one page: their fields' ids must differ.
        kwargs.setdefault("auto_id", f"suggest-{self.kind}-{target.pk}-%s")
        super().__init__(*args, initial=initial, **kwargs)
        if self.kind == SuggestionKind.USE_CASE:
            self.fields["value"] = forms.CharField(label="Title", max_length=160, required=False)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_trapped(self):
        """True if the honeypot was filled in: a robot, to be thanked and ignored."""
        return bool(self.data.get("website", "").strip())

    def clean_text(self):
        return self.cleaned_data["text"].replace("\r\n", "\n").strip()

    def clean_value(self):
        return " ".join(self.cleaned_data["value"].split())

    def cleaned_data_for_filing(self):
        """The keyword arguments of `suggestion_file()` besides the target."""
        return {name: self.cleaned_data[name] for name in ("text", "value", "source_url", "email")}

    def clean(self):
        cleaned = super().clean()
        current_value = self.target.value if self.kind == SuggestionKind.FACT else self.target.title
        if (
            cleaned.get("text") == self.target.text.strip()
            and cleaned.get("value", "") in ("", current_value)
            and not cleaned.get("source_url")
            and not self.errors
        ):
            raise ValidationError(
                "That is what it says already: change the text, or add a source that confirms it."
            )
        if cleaned.get("value") == current_value:
            cleaned["value"] = ""  # Unchanged: nothing to propose.
        return cleaned


class SuggestionDecisionForm(forms.Form):
    """A curator's decision on one reader suggestion."""

    decision = forms.ChoiceField(
        choices=[("accept", "Accept and apply"), ("reject", "Reject")], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="For the record, e.g. why it was rejected. Readers never see it.",
    )

"""Hostile input never costs a 500: every routed pattern, with hostile values, as each role.

GETs fill every pattern and query with values from tests/fuzz_corpus.py. POSTs take each
form the admin shows (its fields, inline formsets and actions, read from the page's context),
post it back as a browser would, then spoiled: every field at once, values likely valid (to
reach the save), and the keys that end a request early one at a time. The 5xx that only code
owned by another change can fix are KNOWN: left out of the sweeps, each proven by an xfail
(none are left).
"""

import importlib
import re
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm, AdminForm, InlineAdminFormSet
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.forms.formsets import ManagementForm
from django.test import RequestFactory
from django.test.utils import ContextList
from django.urls import URLResolver, get_resolver

from articles.editorial.models import AuditAction, AuditEntry
from articles.knowledge.models import Concept
from articles.models import PreviewLink
from tests.factories import (
    make_article,
    make_comparison,
    make_concept,
    make_draft,
    make_fact,
    make_industry,
    make_member,
    make_preview_link,
    make_promo,
    make_relation,
    make_use_case,
    make_user,
)
from tests.fuzz_corpus import (
    ADMIN_PARTS,
    ADMIN_QUERIES,
    HOSTILE_BODY,
    HOSTILE_PARTS,
    HOSTILE_QUERIES,
    HOSTILE_TEXT,
    HOSTILE_VALUES,
)

pytestmark = pytest.mark.django_db

ROOT = f"{Path(__file__).resolve().parents[1]}/"

# The role groups the project creates, the Admin group, a superuser and nobody.
ROLES = [
    *importlib.import_module("articles.editorial.migrations.0002_roles").ROLES,
    "Admin",
    "superuser",
    "anonymous",
]
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
# simple_history routes its revert form with unnamed groups: ^([^/]+)/history/([^/]+)/$
UNNAMED = re.compile(r"\^?\(\[\^/\]\+\)(/history/)\(\[\^/\]\+\)/\$")


@dataclass(frozen=True)
class Known:
    """A 5xx whose fix belongs in code that another change owns: left out of the sweeps,
    and proven by a strict xfail test below, which fails once the fix lands."""

    reason: str
    error: str
    # Where it is raised from: "path/file.py:function", any of them in the traceback, with
    # none of our code called below it.
    frames: tuple
    vendor: str = ""

    def matches(self, exc_info):
        if exc_info[0].__name__ != self.error or self.vendor not in ("", connection.vendor):
            return False
        frames = traceback.extract_tb(exc_info[2])
        for depth, frame in enumerate(frames):
            if f"{frame.filename}:{frame.name}".endswith(self.frames):
                return not any(is_ours(below) for below in frames[depth + 1 :])
        return False


def is_ours(frame):
    return frame.filename.startswith(ROOT) and "site-packages" not in frame.filename


# None left: the four found were fixed (tests at the end of this file).
KNOWN = []


def raised(response):
    """Return what a failed request raised and where, for the failure message."""
    exc_info = getattr(response, "exc_info", None)
    if not exc_info:
        return ""
    frames = [
        f
        for f in traceback.extract_tb(exc_info[2])
        if not re.search(r"django/(template|db)/|/test/utils.py", f.filename)
    ]
    where = " < ".join(
        f"{f.filename.rpartition('site-packages/')[2].removeprefix(ROOT)}:{f.lineno} {f.name}"
        for f in frames[:-3:-1]
    )
    message = " ".join(str(exc_info[1]).split())[:90]
    return f": {exc_info[0].__name__}: {message} [{where}]"


class Sweep:
    """Send requests through `client` and collect every 5xx that is not KNOWN."""

    def __init__(self, client, role="anonymous"):
        client.raise_request_exception = False
        self.client = client
        self.role = role
        self.failures = []

    def send(self, method, url, what="", **kwargs):
        response = getattr(self.client, method)(url, **kwargs)
        exc_info = getattr(response, "exc_info", None)
        if response.status_code >= 500 and not (
            exc_info and any(known.matches(exc_info) for known in KNOWN)
        ):
            what = what if len(what) < 90 else what[:87] + "..."
            self.failures.append(
                f"{method.upper()} {url[:150]} -> {response.status_code} as {self.role}"
                f"{', ' if what else ''}{what}{raised(response)}"
            )
        return response

    def report(self):
        return f"{len(self.failures)} requests answered 5xx:\n" + "\n".join(self.failures)


def routed_patterns():
    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    patterns = (UNNAMED.sub(r"<object_id>\1<version_id>/", p) for p in walk(get_resolver()))
    return [p.lstrip("^") for p in patterns if "(?P" not in p]


def fill(pattern, value, ids, known=None):
    """Return `pattern` with every converter filled: `value` for strings, an id or a huge
    number for ints, a slug-shaped value for slugs; `known` values by converter name."""

    def filled(match):
        kind, name = match.group(1) or "str", match.group(2)
        if known and name in known:
            return known[name]
        if kind == "int":
            return ids
        if kind == "slug":
            return "no-such-thing" if not re.fullmatch(r"[-\w]+", value) else value
        return value

    return "/" + CONVERTER.sub(filled, pattern)


@pytest.fixture
def site():
    """One of everything the admin lists, so every change form has a row to show."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    concept = make_concept(slug="transformer")
    industry = make_industry(slug="healthcare")
    make_use_case(concept=concept, industry=industry)
    make_fact(concept=concept)
    other = make_concept(slug="gan")
    make_relation(concept, "related", other)
    article = make_article(concepts=[concept])
    make_preview_link(article)
    make_comparison(concepts=[concept, other])
    make_promo()
    AuditEntry.record(actor=None, action=AuditAction.PUBLISHED, obj=article)
    make_user()
    seen = {"user_agent": "fuzz", "ip_address": "127.0.0.1", "username": "x", "path_info": "/"}
    AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**seen)
    AccessFailureLog.objects.create(**seen)
    return article


def log_in(client, role):
    """Log `client` in as a member of `role`, a superuser, or nobody; return the user."""
    if role == "anonymous":
        return None
    user = make_user("superuser") if role == "superuser" else make_member(role)
    if role == "Author":
        make_preview_link(make_draft(author=user.author))
    client.force_login(user)
    return user


def requests_for(patterns, ids):
    for pattern in patterns:
        for value in HOSTILE_PARTS if "<" in pattern else [""]:
            yield fill(pattern, value, ids)
        base = fill(pattern, "transformer", ids)
        for query in HOSTILE_QUERIES:
            yield f"{base}?{query}"


def test_public_patterns_never_answer_5xx(client, site):
    sweep = Sweep(client)
    public = [p for p in routed_patterns() if not p.startswith("admin/")]

    for url in requests_for(public, str(site.pk)):
        sweep.send("get", url)

    assert sweep.failures == [], sweep.report()


def test_public_patterns_refuse_writes_without_5xx(client, site):
    sweep = Sweep(client)
    body = urlencode(HOSTILE_BODY, doseq=True)

    for pattern in routed_patterns():
        if pattern.startswith("admin/"):
            continue
        for url in {fill(pattern, "transformer", str(site.pk)), fill(pattern, "²", "9" * 25)}:
            for method in ("post", "put", "patch", "delete"):
                sweep.send(method, url, data=body, content_type="application/x-www-form-urlencoded")

    assert sweep.failures == [], sweep.report()


@pytest.mark.parametrize("role", ROLES)
def test_admin_patterns_never_answer_5xx(client, site, role):
    log_in(client, role)
    sweep = Sweep(client, role)

    for pattern in routed_patterns():
        if not pattern.startswith("admin/") or "logout" in pattern:
            continue
        urls = [fill(pattern, value, str(site.pk)) for value in ADMIN_PARTS]
        urls.append(fill(pattern, "x", "9" * 25))
        # An object's own pages, for an object that does not exist, only redirect: the
        # queries go to the lists and the custom pages.
        if "<path:object_id>" not in pattern:
            base = fill(pattern, "transformer", str(site.pk))
            urls += [f"{base}?{query}" for query in ADMIN_QUERIES]
        for url in dict.fromkeys(urls):
            sweep.send("get", url)

    assert sweep.failures == [], sweep.report()


# POSTs: every form the admin shows, posted back as a browser would, then spoiled.

# Keys the custom admin views read besides the form.
EXTRA_KEYS = ["days", "article", "comparison"]
# Keys outside the form that end a change-form request early: posted one at a time, with
# a hostile value and what else they need.
ALONE_KEYS = {
    "_to_field": ("\x00", {}),
    "_popup": ("²", {}),
    "_saveasnew": ("²", {}),
    "_transition": (HOSTILE_TEXT, {}),
    "publish_at": ("9999-12-31", {"_transition": "published"}),
}
HOSTILE_KEY = "\x00" + "k" * 300


@dataclass
class Submission:
    """A form as a browser posts it: its data, and the keys of each field to spoil."""

    url: str
    data: dict = field(default_factory=dict)
    # Field name -> its keys (one, or one per part of a date and time).
    fields: dict = field(default_factory=dict)
    # Name -> (keys, value, data they need): posted one at a time.
    alone: dict = field(default_factory=dict)
    # Two sets of values each field likely accepts, yet unusual: to reach the save.
    plausible: list = field(default_factory=lambda: [{}, {}])
    # The formsets' counts (TOTAL_FORMS…).
    counts: list = field(default_factory=list)
    files: set = field(default_factory=set)

    def add(self, form):
        for bound in form:
            if bound.field.disabled:
                continue
            keys = []
            for key, value in browser_values(bound):
                keys.append(key)
                if isinstance(bound.field.widget, forms.FileInput):
                    self.files.add(key)
                if value is not None:
                    self.data[key] = value if isinstance(value, list) else [value]
            if isinstance(form, ManagementForm):
                self.counts += keys
                continue
            self.fields[bound.html_name] = keys
            for values, value in zip(self.plausible, plausible_values(bound.field)):
                values[bound.html_name] = (keys, value)

    def spoiled(self, changes, given=None):
        """Return the data with each (keys, value) of `changes` put in."""
        data = self.data | (given or {})
        for keys, value in changes:
            for index, key in enumerate(keys):
                part = value[min(index, len(value) - 1)] if isinstance(value, tuple) else value
                if key in self.files:
                    text = part if isinstance(part, str) else "".join(part)
                    part = SimpleUploadedFile(f"{text[:50]}.png", text.encode(), "image/png")
                data[key] = part
        return data


def browser_values(bound):
    """Return [(key, value)] a browser sends for a bound field as rendered (None: nothing)."""
    widget = bound.field.widget
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    value = bound.value()
    name = bound.html_name
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, (list, tuple)) else widget.decompress(value)
        return [
            (name + suffix, sub.format_value(part))
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts)
        ]
    if isinstance(widget, forms.CheckboxInput):
        return [(name, "on" if widget.check_test(value) else None)]
    if isinstance(widget, forms.FileInput):
        return [(name, None)]
    return [(name, widget.format_value(value))]


def plausible_values(form_field):
    """Return two values `form_field` likely accepts that are still unusual ([]: keep it)."""
    if isinstance(form_field, (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)):
        return [value for value in HOSTILE_VALUES if isinstance(value, tuple)]
    if isinstance(form_field, forms.IntegerField):
        top = form_field.max_value
        return ["٣", "٣" if top is None else str(top)]
    if type(form_field) is forms.CharField:
        longest = form_field.max_length or 5000
        return [HOSTILE_TEXT[:longest], "a" * longest]
    return []


def forms_on(context):
    """Return the forms a page shows: admin forms, inline and list formsets, lists of forms."""
    found = []

    def visit(value):
        if isinstance(value, AdminForm):
            visit(value.form)
        elif isinstance(value, InlineAdminFormSet):
            visit(value.formset)
        elif isinstance(value, ChangeList):
            visit(value.formset)
        elif isinstance(value, forms.BaseFormSet):
            visit(value.management_form)
            for form in value.forms:
                visit(form)
        elif isinstance(value, forms.BaseForm):
            if all(form is not value for form in found):
                found.append(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, (forms.BaseForm, InlineAdminFormSet)):
                    visit(item)

    for value in context.values():
        visit(value)
    return found


def submissions(url, response):
    """Return what a browser may post from the page at `url`: its forms, and its actions."""
    context = response.context
    if isinstance(context, ContextList):
        context = context[0]
    context = {} if context is None else context.flatten()
    found = forms_on(context)
    result = []
    plain = [form for form in found if not isinstance(form, ActionForm)]
    if plain:
        sub = Submission(url)
        for form in plain:
            sub.add(form)
        sub.fields |= {key: [key] for key in EXTRA_KEYS}
        if "adminform" in context or "cl" in context:
            sub.data["_save"] = ["Save"]
        if context.get("original") is not None:
            sub.alone |= {key: ([key], *spoil) for key, spoil in ALONE_KEYS.items()}
        result.append(sub)
    for form in found:
        if not isinstance(form, ActionForm):
            continue
        sub = Submission(url)
        sub.add(form)
        original, changelist = context.get("original"), context.get("cl")
        chosen = [original] if original else list(changelist.result_list[:3]) if changelist else []
        names = [name for name, _ in form.fields["action"].choices if name]
        if names:
            name = "delete_selected" if "delete_selected" in names else names[0]
            sub.data[form.add_prefix("action")] = [name]
        sub.data |= {"_selected_action": [str(obj.pk) for obj in chosen], "index": ["0"]}
        sub.fields["index"] = ["index"]
        # With a real action chosen: what the action does with what it is given.
        sub.alone |= {"_selected_action": (["_selected_action"], "²", {})}
        sub.alone |= {"select_across": ([form.add_prefix("select_across")], "²", {})}
        result.append(sub)
    return result


@dataclass(frozen=True)
class Plan:
    """How much `Fuzzer.fuzz` posts: rounds of every field spoiled, which of the two sets of
    plausible values, and whether each key that ends a request early is posted alone."""

    rounds: range
    plausible: tuple = (0,)
    alone: bool = False


def plan_for(role):
    """The superuser posts the most. The Admin group, who may do as much, and the narrower
    roles post other rounds and the other plausible values, so that between them each field
    gets most values, yet no form is posted ten times over."""
    if role == "superuser":
        return Plan(range(3), plausible=(0,), alone=True)
    index = ROLES.index(role)
    return Plan(range(index + 3, index + 4), plausible=(index % 2,))


class Fuzzer(Sweep):
    def __init__(self, client, role):
        super().__init__(client, role)
        self.plan = plan_for(role)

    def post(self, url, data, what):
        return self.send("post", url, what, data=data)

    def fuzz(self, sub):
        """Post the form with every field spoiled, in rounds (field i gets value i + round);
        with values likely valid, to reach the save; then (alone) each key that ends a
        request early, and the formsets' counts."""
        values, plan = HOSTILE_VALUES, self.plan
        for round_ in plan.rounds:
            changes = [
                (keys, values[(index + round_) % len(values)])
                for index, keys in enumerate(sub.fields.values())
            ]
            data = sub.spoiled(changes) | {HOSTILE_KEY: values[round_ % len(values)]}
            first = f"{next(iter(sub.fields))} = {changes[0][1]!r:.30}"
            self.post(sub.url, data, f"every field spoiled, {first}…")
        for flavour in plan.plausible:
            if sub.plausible[flavour]:
                changes = sub.plausible[flavour].values()
                what = ", ".join(
                    f"{name} = {value!r:.20}" for name, (_, value) in sub.plausible[flavour].items()
                )
                self.post(sub.url, sub.spoiled(changes), what)
        if not plan.alone:
            return
        for name, (keys, value, given) in sub.alone.items():
            self.post(sub.url, sub.spoiled([(keys, value)], given), f"{name} = {value!r:.30}")
        if sub.counts:
            self.post(sub.url, sub.spoiled([(sub.counts, "²")]), "every formset count = '²'")


def admin_targets(user):
    """Return {url prefix: object to change, or None} for every registered model admin."""
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    targets = {}
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        objects = (
            model._default_manager.all() if user is None else model_admin.get_queryset(request)
        )
        if model is get_user_model() and user is not None:
            objects = objects.exclude(pk=user.pk)
        targets[prefix] = objects.order_by("pk").first()
    return targets


def known_ids(target):
    """Return converter values that name real rows, for the views around `target`."""
    known = {"concept_id": str(Concept.objects.order_by("pk").first().pk)}
    link = PreviewLink.objects.order_by("pk").first()
    if target is not None:
        known |= {"object_id": str(target.pk), "id": str(target.pk)}
        link = PreviewLink.objects.filter(article_id=target.pk).first() or link
        history = getattr(target, "history", None)
        record = history.order_by("-history_id").first() if history is not None else None
        if record is not None:
            known |= dict.fromkeys(["history_id", "version_id"], str(record.history_id))
    known["link_id"] = str(link.pk)
    return known


@pytest.mark.parametrize("role", ROLES)
def test_admin_posts_never_answer_5xx(client, site, role):
    user = log_in(client, role)
    fuzzer = Fuzzer(client, role)
    targets = admin_targets(user)
    done, change_forms = set(), {}

    # The change list, add form and change form of every registered model admin.
    for prefix, target in targets.items():
        urls = [f"/{prefix}", f"/{prefix}add/"]
        if target is not None:
            urls.append(f"/{prefix}{target.pk}/change/")
        for url in urls:
            done.add(url)
            found = submissions(url, fuzzer.send("get", url))
            if not found:
                fuzzer.post(url, HOSTILE_BODY, "hostile body")
            for sub in found:
                if url.endswith("/change/") and "_save" in sub.data:
                    change_forms[prefix] = sub
                fuzzer.fuzz(sub)

    # Every other admin address: with real ids, its own forms or, for one that only takes
    # POSTs (live previews, autosave, presence, share links…), the change form it serves;
    # then with hostile ids.
    for pattern in routed_patterns():
        if not pattern.startswith("admin/") or "logout" in pattern:
            continue
        prefix = next((p for p in targets if pattern.startswith(p)), None)
        url = fill(pattern, "transformer", str(site.pk), known_ids(targets.get(prefix)))
        takes_posts = pattern.endswith("/delete/")
        # Posting anything to a delete page deletes: the forms above still need the rows.
        if url not in done and not takes_posts:
            done.add(url)
            response = fuzzer.send("get", url)
            found = submissions(url, response)
            takes_posts = response.status_code == 405 or bool(found)
            if response.status_code == 405 and prefix in change_forms:
                found = [replace(change_forms[prefix], url=url, alone={}, counts=[])]
            if not found:
                fuzzer.post(url, HOSTILE_BODY, "hostile body")
            for sub in found:
                fuzzer.fuzz(sub)
        if "<" in pattern and takes_posts:
            fuzzer.post(fill(pattern, "²", "9" * 25), HOSTILE_BODY, "hostile body")

    assert fuzzer.failures == [], fuzzer.report()


# The 5xx the sweeps found, one request each, now answered properly.


def test_known_history_revert_form_with_a_bad_id_is_a_404(admin_client):
    fact = make_fact()
    admin_client.raise_request_exception = False

    response = admin_client.get(f"/admin/knowledge/fact/{fact.pk}/history/²/")

    assert response.status_code == 404


def test_known_history_revert_form_with_popup_saves_as_without(admin_client):
    fact = make_fact()
    record = fact.history.first()
    url = f"/admin/knowledge/fact/{fact.pk}/history/{record.history_id}/"
    data = submissions(url, admin_client.get(url))[0].data | {"_popup": "1"}
    admin_client.raise_request_exception = False

    response = admin_client.post(url, data)

    assert response.status_code == 302  # reverted, as without _popup


def test_known_admin_action_with_an_id_that_is_not_a_number_is_refused(admin_client):
    admin_client.raise_request_exception = False
    data = {"action": "delete_selected", "_selected_action": ["²"], "index": "0"}

    response = admin_client.post("/admin/knowledge/concept/", data)

    assert response.status_code == 400


def test_known_ids_beyond_64_bits_in_a_list_are_no_choice(admin_client):
    admin_client.raise_request_exception = False
    data = {"name": "Group", "permissions": ["9" * 19]}

    response = admin_client.post("/admin/auth/group/add/", data)

    assert response.status_code == 200

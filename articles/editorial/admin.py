from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, ActionLocation
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST, require_safe
from simple_history.admin import SimpleHistoryAdmin

from articles.core.maintenance import KeepWorkAdmin
from articles.core.numbers import whole_number
from articles.core.paging import paginate
from articles.editorial import history, services
from articles.editorial.checks import ERROR, OK, WARNING, live_message, live_problems
from articles.editorial.models import (
    PRESENCE_TIMEOUT,
    AuditAction,
    AuditEntry,
    Autosave,
    EditingSession,
    Status,
)
from articles.editorial.spec import spec_for, spec_models
from articles.editorial.workflow import LABELS, allowed_transitions, can_edit, publish_perm

CHECK_ICONS = {OK: "✓", WARNING: "!", ERROR: "✗"}
CHECK_WORDS = {OK: "Passed", WARNING: "Warning", ERROR: "Blocks publishing"}


class HistoryAdmin(KeepWorkAdmin, SimpleHistoryAdmin):
    """django-simple-history's history page, with a 404 for an id that is not a number."""

    def history_view(self, request, object_id, extra_context=None):
        if whole_number(unquote(object_id)) is None:
            raise Http404("There is no such item: its id is not a number.")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if whole_number(unquote(object_id)) is None or whole_number(version_id) is None:
            raise Http404("There is no such revision: its id is not a number.")
        if IS_POPUP_VAR in request.POST:
            # The revert page is never a popup, and Django's popup answer needs a route
            # that names its object id, which this one does not.
            request.POST = request.POST.copy()
            del request.POST[IS_POPUP_VAR]
        return super().history_form_view(request, object_id, version_id, extra_context)


@dataclass
class Conflict:
    opened: int
    current: int
    changes: list
    editors: list
    saved_at: datetime | None
    server_values: dict


class VersionedForm(forms.ModelForm):
    """A change form that refuses to save over a version it was not opened at, and refuses
    content that would block publishing while the item is live or scheduled."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    # Set by EditorialAdmin.get_form: the state a workflow button asks for with this save.
    target_status = None

    def _post_clean(self):
        super()._post_clean()
        obj = self.instance
        # Only an otherwise valid form of a saved item; and not on the way out of the live
        # states ("Save and unpublish" must work on the very content that needs fixing).
        if self._errors or obj.pk is None or self.target_status not in (None, Status.PUBLISHED):
            return
        for check in live_problems(obj, spec_for(obj).checks(obj)):
            field = check.field if check.field in self.fields else None
            self.add_error(field, live_message(obj, check))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk is not None:
            self.initial.setdefault("opened_version", self.instance.version)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        model = type(self.instance)
        # Locks the row on PostgreSQL until the admin's transaction ends; SQLite's IMMEDIATE
        # transactions already hold the write lock.
        current = (
            model.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None:
            raise ValidationError("This item was deleted while you were editing it.")
        opened = cleaned.get("opened_version")
        if opened == current:
            return cleaned
        self.conflict = self.describe_conflict(opened, current)
        # The next save is against the version shown now, after the editor has merged.
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_version")] = str(current)
        who = ", ".join(self.conflict.editors) or "Someone"
        raise ValidationError(
            f"{who} saved this {model._meta.verbose_name} while you were editing it. Nothing "
            "was saved: your text is still in the form. Compare it with theirs below, merge, "
            "and save again.",
            code="conflict",
        )

    def describe_conflict(self, opened, current):
        obj = self.instance
        since = obj.history.filter(version__gt=opened or 0).select_related("history_user")
        editors = sorted(
            {
                record.history_user.get_full_name() or record.history_user.get_username()
                for record in since
                if record.history_user
            }
        )
        old, new = history.revision_at(obj, opened), history.revision_at(obj, current)
        changes = history.compare(old, new) if old and new else []
        fresh = type(obj).objects.get(pk=obj.pk)
        server_values = {
            change.name: getattr(fresh, change.name)
            for change in changes
            if change.name in self.fields and change.multiline
        }
        return Conflict(
            opened=opened,
            current=current,
            changes=changes,
            editors=editors,
            saved_at=new.history_date if new else None,
            server_values=server_values,
        )


def primary_transition(obj, transitions):
    """The workflow step the action bar offers first: publishing a draft for those who may,
    submitting it for review for those who may not; none for what is already live."""
    allowed = dict(transitions)
    if obj.status == Status.PUBLISHED:
        return None
    for to in (Status.PUBLISHED, Status.REVIEW):
        if to in allowed:
            return (to, allowed[to])
    return None


def new_item_key(content_type, user):
    """The browser's storage key for what `user` types into a new item's form."""
    return f"compendium:{content_type.model}:new:{user.pk}"


def change_reason(form):
    """'Edited title, body' from what the form changed; 'Saved without changes' if nothing."""
    names = [
        str(form[name].label).lower()
        for name in form.changed_data
        if name in form.fields and name != "opened_version"
    ]
    return f"Edited {', '.join(names)}"[:100] if names else "Saved without changes"


def fold_revisions(obj, edit):
    """Make a save followed by a workflow step one revision: the step's, which holds the
    edited text too, saying both what changed and what the step did."""
    if edit is None:
        return
    step = obj.history.order_by("-history_id").first()
    if step is None or step.history_id == edit.history_id:
        return
    if edit.history_change_reason != "Saved without changes":
        reason = f"{step.history_change_reason}; {edit.history_change_reason.lower()}"
        step.history_change_reason = reason[:100]
        step.save(update_fields=["history_change_reason"])
    edit.delete()


def parse_publish_at(value):
    """Return an aware datetime from a datetime-local input, None if empty; ValueError if bad."""
    value = (value or "").strip()
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def state_summary(obj):
    if obj.pk is None:
        return "Not saved yet"
    if obj.is_scheduled():
        return f"Scheduled for {timezone.localtime(obj.published_at):%b %d, %Y %H:%M %Z}"
    if obj.is_published():
        return f"Live since {timezone.localtime(obj.published_at):%b %d, %Y %H:%M %Z}"
    text = obj.get_status_display()
    if obj.status == Status.REVIEW and obj.submitted_at:
        text += f" since {timezone.localtime(obj.submitted_at):%b %d, %Y %H:%M %Z}"
    if obj.status == Status.UNPUBLISHED and obj.unpublished_at:
        text += f" since {timezone.localtime(obj.unpublished_at):%b %d, %Y %H:%M %Z}"
    return text


class EditorialAdmin(KeepWorkAdmin, admin.ModelAdmin):
    """Publishing states, conflicts, presence, autosave, revisions and audit for a model admin."""

    form = VersionedForm
    editorial_readonly = [
        "status",
        "published_at",
        "first_published_at",
        "submitted_at",
        "unpublished_at",
        "state",
        "checklist",
    ]

    # Permissions

    def can_publish(self, request):
        return request.user.has_perm(publish_perm(self.model))

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or can_edit(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), *self.editorial_readonly]
        if not self.can_publish(request):
            fields.append("featured")
        return list(dict.fromkeys(fields))

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.insert(
                1,
                (
                    "Publishing state",
                    {"fields": ["state", "checklist", "opened_version"]},
                ),
            )
        return fieldsets

    @admin.display(description="State", ordering="status")
    def state(self, obj):
        return state_summary(obj)

    def content_checks(self, obj):
        return spec_for(self.model).checks(obj)

    @admin.display(description="Checks before publishing")
    def checklist(self, obj):
        if obj is None or obj.pk is None:
            return "Save first to see the checks."
        return render_checklist(self.content_checks(obj))

    # Saving

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.target_status = request.POST.get("_transition") or None
        return form

    def view_on_site(self, obj):
        """"View on site" only where readers can see it; the others have "Preview"."""
        return obj.get_absolute_url() if obj.is_published() else None

    def save_model(self, request, obj, form, change):
        obj._change_reason = change_reason(form) if change else "Created"
        super().save_model(request, obj, form, change)
        # The revision this save made: a workflow button then folds it into its own.
        request.compendium_edit_revision = obj.history.order_by("-history_id").first()
        services.autosave_discard(
            user=request.user, content_type=self.content_type(), object_id=obj.pk
        )

    def response_add(self, request, obj, post_url_continue=None):
        if "_transition" in request.POST:
            self.apply_transition(request, obj)
            return redirect(self.change_url(obj))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_transition" in request.POST:
            self.apply_transition(request, obj)
            return redirect(self.change_url(obj))
        return super().response_change(request, obj)

    def apply_transition(self, request, obj):
        to = request.POST.get("_transition", "")
        label = LABELS.get(to, to).lower()
        try:
            publish_at = parse_publish_at(request.POST.get("publish_at"))
        except ValueError:
            messages.error(request, "Saved, but not published: the publish time is not a date.")
            return
        was_live = obj.is_published()
        try:
            obj = self.transition(obj=obj, to=to, by=request.user, publish_at=publish_at)
        except PermissionDenied as error:
            messages.error(request, f"Saved, but not done: {error}")
        except ValidationError as error:
            messages.error(request, f"Saved, but not done ({label}): " + " ".join(error.messages))
        else:
            fold_revisions(obj, getattr(request, "compendium_edit_revision", None))
            messages.success(request, f"“{obj}” is now: {state_summary(obj)}.")
            if was_live and not obj.is_published():
                self.after_leaving_readers(request, obj)

    def after_leaving_readers(self, request, obj):
        """Called when `obj` stops being readable (unpublished, deleted): a model admin may
        warn about what still points at it."""

    def transition(self, *, obj, to, by, publish_at):
        return services.transition(obj=obj, to=to, by=by, publish_at=publish_at)

    def delete_model(self, request, obj):
        AuditEntry.record(actor=request.user, action=AuditAction.DELETED, obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                AuditEntry.record(actor=request.user, action=AuditAction.DELETED, obj=obj)
            super().delete_queryset(request, queryset)

    # Changelist actions

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if action_location != ActionLocation.CHANGE_LIST:
            return actions
        for name, (to, description) in {
            "submit_for_review": (Status.REVIEW, "Submit selected for review"),
            "publish_now": (Status.PUBLISHED, "Publish selected now"),
            "unpublish": (Status.UNPUBLISHED, "Unpublish selected"),
            "back_to_draft": (Status.DRAFT, "Move selected back to draft"),
        }.items():
            if to in (Status.PUBLISHED, Status.UNPUBLISHED) and not self.can_publish(request):
                continue
            if not super().has_change_permission(request):
                continue
            actions[name] = (self.make_action(to), name, description)
        return actions

    def make_action(self, to):
        def action(modeladmin, request, queryset):
            done, failed = 0, []
            for obj in queryset:
                try:
                    self.transition(obj=obj, to=to, by=request.user, publish_at=None)
                    done += 1
                except (PermissionDenied, ValidationError) as error:
                    reason = " ".join(getattr(error, "messages", [str(error)]))
                    failed.append(f"“{obj}”: {reason}")
            if done:
                messages.success(request, f"{LABELS[to]}: done for {done}.")
            for failure in failed:
                messages.error(request, failure)

        return action

    # Change form

    def content_type(self):
        return ContentType.objects.get_for_model(self.model)

    def change_url(self, obj):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    def url_name(self, suffix):
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_{suffix}"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if obj is not None and self.has_view_or_change_permission(request, obj):
            extra_context |= self.editorial_context(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        """A new item has no autosave on the server yet: what is typed is kept in the
        browser until the first save, and offered back after a reload or a crash."""
        content_type = self.content_type()
        extra_context = (extra_context or {}) | {
            "editorial": {
                "editable": True,
                "new": True,
                "autosave_fields": spec_for(self.model).autosave_fields,
                "storage_key": new_item_key(content_type, request.user),
            }
        }
        return super().add_view(request, form_url, extra_context)

    def editorial_context(self, request, obj):
        content_type = self.content_type()
        editable = self.has_change_permission(request, obj)
        if editable:
            services.presence_touch(user=request.user, content_type=content_type, object_id=obj.pk)
        autosave = Autosave.objects.filter(
            user=request.user, content_type=content_type, object_id=obj.pk
        ).first()
        if autosave and autosave.saved_at <= obj.updated_at:
            autosave = None
        transitions = [(to, LABELS[to]) for to in allowed_transitions(request.user, obj)]
        return {
            "editorial": {
                "editable": editable,
                "transitions": transitions,
                "primary": primary_transition(obj, transitions),
                "others": self.others_editing(request, obj),
                "presence_url": reverse(f"admin:{self.url_name('presence')}", args=[obj.pk]),
                "autosave_url": reverse(f"admin:{self.url_name('autosave')}", args=[obj.pk]),
                "revisions_url": reverse(f"admin:{self.url_name('revisions')}", args=[obj.pk]),
                "autosave": autosave,
                "autosave_fields": spec_for(self.model).autosave_fields,
                "storage_key": f"compendium:{content_type.model}:{obj.pk}:{request.user.pk}",
                "new_key": new_item_key(content_type, request.user),
                "version": obj.version,
                "state": state_summary(obj),
            }
        }

    def others_editing(self, request, obj):
        return list(
            EditingSession.objects.filter(
                content_type=self.content_type(),
                object_id=obj.pk,
                seen_at__gt=timezone.now() - PRESENCE_TIMEOUT,
            )
            .exclude(user=request.user)
            .select_related("user")
            .order_by("started_at")
        )

    # Extra views

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/presence/",
                view(require_POST(self.presence_view)),
                name=self.url_name("presence"),
            ),
            path(
                "<int:object_id>/autosave/",
                view(require_POST(self.autosave_view)),
                name=self.url_name("autosave"),
            ),
            path(
                "<int:object_id>/revisions/",
                view(require_safe(self.revisions_view)),
                name=self.url_name("revisions"),
            ),
            path(
                "<int:object_id>/revisions/compare/",
                view(require_safe(self.compare_view)),
                name=self.url_name("compare"),
            ),
            path(
                "<int:object_id>/revisions/<int:history_id>/restore/",
                view(require_POST(self.restore_view)),
                name=self.url_name("restore"),
            ),
        ] + super().get_urls()

    def editable_object(self, request, object_id):
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def visible_object(self, request, object_id):
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def presence_view(self, request, object_id):
        obj = self.visible_object(request, object_id)
        services.presence_touch(
            user=request.user, content_type=self.content_type(), object_id=obj.pk
        )
        context = {
            "editorial": {
                "others": self.others_editing(request, obj),
                "presence_url": request.path,
            },
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/editorial/panel.html#presence", context)

    def autosave_view(self, request, object_id):
        obj = self.editable_object(request, object_id)
        base_version = whole_number(request.POST.get("opened_version", ""))
        if base_version is None:
            base_version = obj.version
        try:
            autosave = services.autosave_keep(
                user=request.user,
                obj=obj,
                content_type=self.content_type(),
                data=request.POST,
                base_version=base_version,
            )
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        return JsonResponse(
            {
                "saved_at": autosave.saved_at.isoformat(),
                "label": f"Draft kept on the server at {timezone.localtime(autosave.saved_at):%H:%M:%S}",
                "newer_version": obj.version != base_version,
            }
        )

    def tool_context(self, request, obj, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "title": title,
            "can_change": self.has_change_permission(request, obj),
            "restore_url_name": f"admin:{self.url_name('restore')}",
            "compare_url": reverse(f"admin:{self.url_name('compare')}", args=[obj.pk]),
            "revisions_url": reverse(f"admin:{self.url_name('revisions')}", args=[obj.pk]),
            "change_url": self.change_url(obj),
        }

    def revisions_view(self, request, object_id):
        obj = self.visible_object(request, object_id)
        page = paginate(request, history.revisions(obj), per_page=50)
        records = list(page.object_list)
        context = self.tool_context(request, obj, f"Revisions of “{obj}”") | {
            "page_obj": page,
            "records": records,
        }
        return TemplateResponse(request, "admin/editorial/revisions.html", context)

    def compare_view(self, request, object_id):
        obj = self.visible_object(request, object_id)
        records = obj.history.all()
        a, b = request.GET.get("a", ""), request.GET.get("b", "")
        a, b = whole_number(a), whole_number(b)
        if a is None or b is None:
            raise Http404("Choose two revisions to compare.")
        found = {r.history_id: r for r in records.filter(history_id__in=[a, b])}
        if a not in found or b not in found:
            raise Http404("One of those revisions does not belong to this item.")
        old, new = sorted([found[a], found[b]], key=lambda r: r.history_id)
        context = self.tool_context(request, obj, f"Compare revisions of “{obj}”") | {
            "old": old,
            "new": new,
            "changes": history.compare(old, new),
        }
        return TemplateResponse(request, "admin/editorial/compare.html", context)

    def restore_view(self, request, object_id, history_id):
        obj = self.editable_object(request, object_id)
        record = get_object_or_404(obj.history.all(), history_id=history_id)
        try:
            services.revision_restore(obj=obj, record=record, by=request.user, can_change=True)
        except ValidationError as error:
            messages.error(request, "Could not restore that revision: " + " ".join(error.messages))
            return redirect(reverse(f"admin:{self.url_name('revisions')}", args=[obj.pk]))
        messages.success(
            request,
            f"Restored the revision of {timezone.localtime(record.history_date):%b %d, %Y %H:%M}"
            " as a new revision.",
        )
        return redirect(self.change_url(obj))


def render_checklist(checks):
    return format_html(
        '<ul class="editorial-checklist">{}</ul>',
        format_html_join(
            "",
            '<li class="check check--{}"><span aria-hidden="true">{}</span> '
            '<strong>{}</strong> <span class="check__level">({})</span>: {}</li>',
            (
                (c.level, CHECK_ICONS[c.level], c.label, CHECK_WORDS[c.level], c.message)
                for c in checks
            ),
        ),
    )


class TypeFilter(admin.SimpleListFilter):
    """Every kind of item that goes through the workflow, whether or not it has entries yet
    (Django's related-only filter hides itself while only one kind has)."""

    title = "type"
    parameter_name = "type"

    def lookups(self, request, model_admin):
        models = sorted(spec_models(), key=lambda model: model._meta.verbose_name_plural)
        return [
            (model._meta.label_lower, str(model._meta.verbose_name_plural).capitalize())
            for model in models
        ]

    def queryset(self, request, queryset):
        chosen = {model._meta.label_lower: model for model in spec_models()}.get(self.value())
        if chosen is None:
            return queryset
        return queryset.filter(content_type=ContentType.objects.get_for_model(chosen))


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "content_type", "object_link", "summary"]
    list_filter = [
        "action",
        TypeFilter,
        ("actor", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["actor", "content_type"]
    search_fields = ["object_repr"]
    date_hierarchy = "created_at"
    list_per_page = 50

    @admin.display(description="Item", ordering="object_repr")
    def object_link(self, entry):
        if entry.action == AuditAction.DELETED:
            return f"{entry.object_repr} (deleted)"
        app, model = entry.content_type.app_label, entry.content_type.model
        try:
            url = reverse(f"admin:{app}_{model}_change", args=[entry.object_id])
        except NoReverseMatch:
            return entry.object_repr
        return format_html('<a href="{}">{}</a>', url, entry.object_repr)

    @admin.display(description="Details")
    def summary(self, entry):
        return ", ".join(f"{key}: {value}" for key, value in entry.details.items()) or "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from articles.checks import article_checks
from articles.core.maintenance import KeepWorkAdmin
from articles.core.numbers import whole_number
from articles.editorial.admin import EditorialAdmin, render_checklist
from articles.editorial.autocomplete import AutocompleteAdmin
from articles.editorial.workflow import publish_perm
from articles.freshness import QUEUE_PERMISSION, changes, needs_look_resolve
from articles.glossary import article_body
from articles.media.models import Image
from articles.models import Article, Author, NeedsLook, Promo, RelatedLink, Topic
from articles.services import (
    article_hero_renditions,
    article_hero_to_library,
    article_slug_change,
    preview_link_create,
    preview_link_revoke,
)
from articles.views import render_article

SHARE_DAYS = (1, 3, 7, 14, 30)


@admin.register(Author)
class AuthorAdmin(KeepWorkAdmin, AutocompleteAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        # The article form's byline picker: whoever may not publish may only sign as
        # themselves (ArticleAdmin.formfield_for_foreignkey accepts nothing else).
        picking_byline = (
            request.GET.get("app_label") == "articles"
            and request.GET.get("model_name") == "article"
            and request.GET.get("field_name") == "author"
        )
        if picking_byline and not request.user.has_perm(publish_perm(Article)):
            queryset = queryset.filter(user=request.user)
        return queryset, duplicates


@admin.register(Topic)
class TopicAdmin(KeepWorkAdmin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class RelatedLinkInline(AutocompleteAdmin, admin.TabularInline):
    model = RelatedLink
    fk_name = "article"
    extra = 0
    fields = ["kind", "related", "position"]
    autocomplete_fields = ["related"]
    verbose_name_plural = "related articles: pin or exclude (the rest are picked automatically)"


@admin.register(Article)
class ArticleAdmin(AutocompleteAdmin, EditorialAdmin):
    """Articles: authors see and edit only their own drafts; editors see everything."""

    list_display = ["title", "state", "author", "topic", "published_at", "featured"]
    list_filter = ["status", "featured", "topic", "author"]
    list_select_related = ["author", "topic"]
    search_fields = ["title", "teaser", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "topic", "concepts", "industries", "hero_source"]
    date_hierarchy = "published_at"
    readonly_fields = ["word_count", "reading_time", "first_published_at", "updated_at"]
    inlines = [RelatedLinkInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "teaser", "body", "glossary_links"]}),
        ("About", {"fields": ["author", "topic", "concepts", "industries", "featured"]}),
        ("Hero image", {"fields": ["hero_source", "hero_image", "hero_alt", "hero_caption"]}),
        # Rarely needed while writing: folded. The state itself is in the action bar.
        (
            "Corrections",
            {
                "fields": ["revised_at"],
                "classes": ["collapse"],
                "description": "Set “Updated” when a published article is corrected or "
                "substantially changed.",
            },
        ),
        ("Search engines", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
        (
            "Record",
            {
                "fields": [
                    "status",
                    "published_at",
                    "first_published_at",
                    "updated_at",
                    "word_count",
                    "reading_time",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.can_publish(request):
            return queryset
        return queryset.filter(author__user=request.user)

    def after_leaving_readers(self, request, obj):
        # Taking an article down must always work; what links to it is named, to be fixed.
        linking = list(
            Article.objects.published()
            .exclude(pk=obj.pk)
            .filter(body_html__contains=f'href="/articles/{obj.slug}/"')
            .only("title")[:10]
        )
        if linking:
            titles = ", ".join(f"“{article.title}”" for article in linking)
            messages.warning(
                request,
                f"Live articles link to /articles/{obj.slug}/, which readers can no longer "
                f"open: {titles}. Readers now see those links as plain text; point them "
                f"elsewhere (their next save requires it).",
            )

    def delete_model(self, request, obj):
        was_live = obj.is_published()
        super().delete_model(request, obj)
        if was_live:
            self.after_leaving_readers(request, obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        own = list(Author.objects.filter(user=request.user).values_list("pk", flat=True)[:2])
        if len(own) == 1:
            initial.setdefault("author", own[0])  # one's own byline, ready on a new article
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author" and not self.can_publish(request):
            kwargs["queryset"] = Author.objects.filter(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        body = form.base_fields.get("body")
        if body is not None:
            body.widget.attrs.update(
                {
                    "hx-post": reverse("admin:articles_article_live_preview")
                    + (f"?article={obj.pk}" if obj else ""),
                    "hx-trigger": "load, input changed delay:500ms",
                    "hx-target": "#live-preview",
                    "hx-include": "closest form",
                    "hx-swap": "innerHTML",
                    "rows": 24,
                    "class": "vLargeTextField markdown-editor",
                }
            )
        return form

    def save_model(self, request, obj, form, change):
        before = None
        if change:
            before = (
                Article.objects.filter(pk=obj.pk).only("slug", "status", "published_at").first()
            )
        super().save_model(request, obj, form, change)
        if before is not None and before.slug != obj.slug:
            was_published = before.is_published()
            article_slug_change(
                article=obj, old_slug=before.slug, by=request.user, was_published=was_published
            )
            if was_published:
                messages.info(
                    request,
                    f"The old address /articles/{before.slug}/ now redirects permanently to the "
                    "new one.",
                )
        try:
            article_hero_renditions(article=obj)
            article_hero_to_library(article=obj, by=request.user)
        # Pillow raises OSError subclasses for files it cannot read.
        except (OSError, ValueError) as error:
            self.message_user(
                request,
                f"The article was saved, but its hero image could not be resized ({error}). "
                "Upload it again as a JPEG, PNG or WebP file.",
                messages.WARNING,
            )

    def editorial_context(self, request, obj):
        context = super().editorial_context(request, obj)
        context["editorial"] |= {
            "preview_url": reverse("admin:articles_article_site_preview", args=[obj.pk]),
        }
        # Live share links are secrets: only people who may edit the article see them.
        if self.has_change_permission(request, obj):
            context["editorial"]["share"] = self.share_context(request, obj)
        return context

    def share_context(self, request, obj):
        return {
            "links": list(obj.preview_links.active().select_related("created_by")),
            "can_share": request.user.has_perm("articles.add_previewlink"),
            "days": SHARE_DAYS,
            "create_url": reverse("admin:articles_article_share", args=[obj.pk]),
            "revoke_url_name": "admin:articles_article_share_revoke",
            "article": obj,
        }

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "live-preview/",
                view(require_POST(self.live_preview_view)),
                name="articles_article_live_preview",
            ),
            path(
                "<int:object_id>/preview/",
                view(never_cache(require_safe(self.site_preview_view))),
                name="articles_article_site_preview",
            ),
            path(
                "<int:object_id>/share/",
                view(require_POST(self.share_view)),
                name="articles_article_share",
            ),
            path(
                "<int:object_id>/share/<int:link_id>/revoke/",
                view(require_POST(self.revoke_view)),
                name="articles_article_share_revoke",
            ),
        ] + super().get_urls()

    def live_preview_view(self, request):
        """Render the body being typed with the public pipeline, with counts and checks."""
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        post = request.POST
        draft = Article(
            title=post.get("title", ""),
            slug=post.get("slug", ""),
            teaser=post.get("teaser", ""),
            body=post.get("body", ""),
            hero_alt=post.get("hero_alt", ""),
            hero_caption=post.get("hero_caption", ""),
            seo_title=post.get("seo_title", ""),
            seo_description=post.get("seo_description", ""),
            glossary_links=bool(post.get("glossary_links")),
            published_at=timezone.now(),
        )
        draft.render_body()
        # What the page around the body shows: byline, topic, hero, as saved or as chosen.
        draft.author = Author.objects.filter(pk=whole_number(post.get("author", ""))).first()
        draft.topic = Topic.objects.filter(pk=whole_number(post.get("topic", ""))).first()
        own = whole_number(post.get("article") or request.GET.get("article", ""), minimum=1)
        saved = None
        if own is not None:
            saved = (
                self.get_queryset(request)
                .filter(pk=own)
                .only("hero_image", "hero_renditions", "hero_source", "published_at")
                .first()
            )
        if saved is not None:
            draft.published_at = saved.published_at or draft.published_at
            draft.hero_image, draft.hero_renditions = saved.hero_image, saved.hero_renditions
        source = Image.objects.filter(pk=whole_number(post.get("hero_source", ""))).first()
        if source is not None and (saved is None or saved.hero_source_id != source.pk):
            draft.hero_image, draft.hero_renditions = source.file.name, source.renditions
        if source is not None:
            draft.hero_alt = draft.hero_alt.strip() or source.alt
            draft.hero_caption = draft.hero_caption.strip() or source.caption
        concepts = [pk for pk in post.getlist("concepts") if pk.strip()]
        context = {
            "article": draft,
            "sections": [{"html": html} for html in article_body(draft)["sections"]],
            "checklist": render_checklist(article_checks(draft, concept_count=len(concepts))),
        }
        return TemplateResponse(
            request, "admin/articles/article/live_preview.html#preview", context
        )

    @vary_on_headers("HX-Request")
    def site_preview_view(self, request, object_id):
        obj = get_object_or_404(
            self.get_queryset(request).select_related("author", "topic"), pk=object_id
        )
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return render_article(request, obj, preview=True)

    @vary_on_headers("HX-Request")
    def share_view(self, request, object_id):
        obj = self.editable_object(request, object_id)
        if not request.user.has_perm("articles.add_previewlink"):
            raise PermissionDenied
        days = whole_number(request.POST.get("days", ""))
        days = days if days in SHARE_DAYS else 7
        preview_link_create(article=obj, by=request.user, days=days)
        return self.share_response(
            request, obj, f"Created a preview link valid for {days} day{pluralize(days)}."
        )

    @vary_on_headers("HX-Request")
    def revoke_view(self, request, object_id, link_id):
        obj = self.editable_object(request, object_id)
        link = get_object_or_404(obj.preview_links.all(), pk=link_id)
        preview_link_revoke(link=link, by=request.user)
        return self.share_response(request, obj, "Revoked the preview link: it no longer opens.")

    def share_response(self, request, obj, message):
        if request.htmx:
            context = {"editorial": {"share": self.share_context(request, obj)}, "notice": message}
            return TemplateResponse(request, "admin/editorial/share.html#share", context)
        messages.success(request, message)
        return HttpResponseRedirect(self.change_url(obj) + "#share-links")


@admin.register(Promo)
class PromoAdmin(KeepWorkAdmin, AutocompleteAdmin, admin.ModelAdmin):
    list_display = ["name", "advertiser", "placement", "topic", "starts_at", "ends_at", "live"]
    list_filter = ["placement", "is_active", "topic"]
    list_select_related = ["topic"]
    search_fields = ["name", "advertiser", "headline"]
    autocomplete_fields = ["topic"]
    date_hierarchy = "starts_at"
    fieldsets = [
        (None, {"fields": ["name", "advertiser", "headline", "text", "url", "link_label"]}),
        ("Where and when", {"fields": ["placement", "topic", "starts_at", "ends_at", "is_active"]}),
    ]

    @admin.display(description="Showing now", boolean=True)
    def live(self, promo):
        return promo.is_live()


class QueueStateFilter(admin.SimpleListFilter):
    """Open entries unless asked otherwise."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("resolved", "Resolved"), ("all", "All")]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "Open",
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        if self.value() == "all":
            return queryset
        return queryset.open()


@admin.register(NeedsLook)
class NeedsLookAdmin(admin.ModelAdmin):
    """The editors' queue of live articles whose facts changed since they were published."""

    list_display = ["label", "article", "changed_at", "state"]
    list_filter = [QueueStateFilter]
    list_select_related = ["article", "resolved_by"]
    search_fields = ["label", "article__title"]

    def may_review(self, request):
        return request.user.is_active and request.user.has_perm(QUEUE_PERMISSION)

    def has_module_permission(self, request):
        return self.may_review(request)

    def has_view_permission(self, request, obj=None):
        return self.may_review(request)

    def has_change_permission(self, request, obj=None):
        return self.may_review(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="State")
    def state(self, entry):
        if entry.resolved_at is None:
            return "Open"
        who = entry.resolved_by or "someone"
        return f"{entry.get_resolution_display()} ({who}, {entry.resolved_at:%b %d, %Y})"

    def changelist_view(self, request, extra_context=None):
        count = NeedsLook.objects.open().count() if self.may_review(request) else 0
        extra_context = {"title": f"Needs a look: {count} open"} | (extra_context or {})
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/resolve/",
                view(require_POST(self.resolve_view)),
                name="articles_needslook_resolve",
            ),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.may_review(request):
            raise PermissionDenied
        if request.method not in ("GET", "HEAD"):
            return HttpResponseRedirect(request.path)
        entry = get_object_or_404(
            NeedsLook.objects.select_related("article", "resolved_by"),
            pk=whole_number(str(object_id)) or 0,
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{entry.label} changed",
            "entry": entry,
            "changes": changes(entry),
            "article_url": reverse("admin:articles_article_change", args=[entry.article_id]),
        }
        return TemplateResponse(request, "admin/articles/needslook/review.html", context)

    def resolve_view(self, request, object_id):
        if not self.may_review(request):
            raise PermissionDenied
        entry = get_object_or_404(NeedsLook, pk=object_id)
        note = request.POST.get("outcome") == "noted"
        try:
            needs_look_resolve(entry=entry, by=request.user, note=note)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"“{entry.article}” still holds"
                + (": its page now notes the updated fact." if note else "."),
            )
        return HttpResponseRedirect(reverse("admin:articles_needslook_changelist"))

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_safe

from articles.core import extensions
from articles.core.maintenance import KeepWorkAdmin
from articles.media import services
from articles.media.models import Image

PICKER_SIZE = 12


def usage(image):
    found = []
    for function in extensions.functions("image-usage"):
        found += function(image.pk)
    return found


@admin.register(Image)
class ImageAdmin(KeepWorkAdmin, admin.ModelAdmin):
    list_display = ["thumbnail", "title", "alt", "width", "height", "uploaded_by", "created_at"]
    list_display_links = ["thumbnail", "title"]
    search_fields = ["title", "alt", "caption", "credit"]
    list_per_page = 40
    readonly_fields = ["preview", "markdown_snippet", "used_in", "size", "uploaded_by"]
    fieldsets = [
        (None, {"fields": ["file", "preview", "title", "alt", "caption", "credit"]}),
        ("Focal point", {"fields": ["focal_x", "focal_y"], "classes": ["collapse"]}),
        ("Use", {"fields": ["markdown_snippet", "used_in", "size", "uploaded_by"]}),
    ]

    @admin.display(description="")
    def thumbnail(self, image):
        return self._img(image, 120)

    @admin.display(description="Image")
    def preview(self, image):
        return self._img(image, 480) if image.pk else "Upload a file and save to see it here."

    def _img(self, image, width):
        smallest = image.smallest
        if smallest is None:
            return "—"
        height = round(smallest["height"] * width / smallest["width"])
        return format_html(
            '<img src="{}" alt="" width="{}" height="{}" loading="lazy">',
            image.thumbnail_url,
            width,
            height,
        )

    @admin.display(description="Markdown")
    def markdown_snippet(self, image):
        if not image.pk:
            return "—"
        return format_html(
            '<code>{}</code><p class="help">Paste it into a body, or use “Insert an image” '
            "beside an article's text. The library's alternative text is used unless you "
            "write one between the brackets.</p>",
            image.markdown,
        )

    @admin.display(description="Used in")
    def used_in(self, image):
        if not image.pk:
            return "—"
        found = usage(image)
        if not found:
            return "Nothing yet: it can be deleted."
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", '<li><a href="{}">{}</a></li>', ((u, t) for t, u in found)),
        )

    @admin.display(description="Size")
    def size(self, image):
        return f"{image.width} × {image.height} pixels" if image.width else "—"

    def save_model(self, request, obj, form, change):
        services.image_save(image=obj, by=request.user)

    def delete_view(self, request, object_id, extra_context=None):
        image = self.get_object(request, object_id)
        if image is not None:
            found = usage(image)
            if found:
                labels = ", ".join(f"“{label}”" for label, _ in found[:5])
                messages.error(
                    request,
                    f"“{image}” is used in {labels}: take it out of those first, then delete it.",
                )
                return redirect(reverse("admin:media_image_change", args=[image.pk]))
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        services.image_delete(image=obj, used_by=[label for label, _ in usage(obj)])

    def delete_queryset(self, request, queryset):
        for image in queryset:
            try:
                self.delete_model(request, image)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("picker/", view(require_safe(self.picker_view)), name="media_image_picker"),
        ] + super().get_urls()

    def picker_view(self, request):
        """The editor's image picker: the newest images, or those matching `q`."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()[:100]
        images = Image.objects.all()
        if query:
            images = images.filter(
                Q(title__icontains=query) | Q(alt__icontains=query) | Q(caption__icontains=query)
            )
        context = {
            "images": images[:PICKER_SIZE],
            "query": query,
            "library_url": reverse("admin:media_image_changelist"),
            "can_add": self.has_add_permission(request),
        }
        response = TemplateResponse(request, "admin/media/image/picker.html#results", context)
        response["Vary"] = "HX-Request"
        return response

from django.apps import AppConfig


class MediaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles.media"
    label = "media"
    verbose_name = "Media library"

    def ready(self):
        from articles.core import markdown
        from articles.media import services

        markdown.register_image_source(services.image_source)

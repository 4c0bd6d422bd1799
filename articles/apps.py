from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and knowledge base"

    def ready(self):
        from articles.search import ensure_index_after_migrate

        # Schema upkeep, like Django's own permissions: on SQLite a migration that rebuilds
        # an indexed table drops its search triggers, so every `migrate` ends with a repair.
        post_migrate.connect(ensure_index_after_migrate, sender=self)

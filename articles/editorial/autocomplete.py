"""Autocomplete fields that show a tampered id as no choice instead of failing.

To show the chosen rows again on a form with errors, Django's autocomplete widgets look up
whatever ids were posted: one that is not a number makes the query raise, and one beyond
64 bits overflows SQLite, so a hand-made POST cost a 500. Here the ids go through
`whole_number()` first; the form field still reports the bad choice.
"""

from django.contrib.admin import widgets
from django.db import models

from articles.core.numbers import whole_number


class ChosenIdsMixin:
    def optgroups(self, name, value, attr=None):
        if isinstance(self.field.target_field, models.IntegerField):
            value = [chosen for chosen in value if whole_number(str(chosen)) is not None]
        return super().optgroups(name, value, attr)


class AutocompleteSelect(ChosenIdsMixin, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(ChosenIdsMixin, widgets.AutocompleteSelectMultiple):
    pass


class AutocompleteAdmin:
    """Mixed into a ModelAdmin or inline: its `autocomplete_fields` use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

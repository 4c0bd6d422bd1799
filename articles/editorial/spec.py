"""What each app tells the editorial machinery about its models, registered in AppConfig.ready().

The machinery (workflow, history, autosave, the admin) looks a model's spec up here, so it
never imports a concrete model.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class EditorialSpec:
    # (obj) -> [Check]: the content checklist; errors in it block publishing.
    checks: Callable
    # Text fields an autosave keeps: what an editor types, nothing derived.
    autosave_fields: tuple[str, ...]
    # What a restore brings back: the writing, never the state, the address or the byline.
    restored_fields: tuple[str, ...]
    # What "Compare revisions" shows, in order; `text_fields` among them get a line diff.
    compared_fields: tuple[str, ...]
    text_fields: tuple[str, ...] = ()
    # Many-to-many fields recorded by history (HistoricalRecords(m2m_fields=…)), compared
    # and restored as sets.
    m2m_fields: tuple[str, ...] = ()


_specs = {}


_models = {}


def register(model, spec):
    _specs[model._meta.label_lower] = spec
    _models[model._meta.label_lower] = model


def spec_models():
    """Return the model classes that have registered a spec."""
    return list(_models.values())


def spec_for(model):
    """Return the EditorialSpec of a model class or instance."""
    return _specs[model._meta.label_lower]

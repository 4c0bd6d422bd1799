"""Comparisons go through the same publishing states, with their own checks and permission."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.editorial.models import AuditAction, AuditEntry, Status
from comparisons.models import Comparison
from comparisons.services import comparison_transition
from tests.factories import make_comparison, make_member

pytestmark = pytest.mark.django_db


def draft(**overrides):
    return make_comparison(status=Status.DRAFT, published_at=None, **overrides)


def test_curator_publishes_and_unpublishes_a_comparison():
    curator = make_member("Curator")
    comparison = comparison_transition(comparison=draft(), to=Status.PUBLISHED, by=curator)
    assert comparison.is_published()

    comparison = comparison_transition(comparison=comparison, to=Status.UNPUBLISHED, by=curator)

    assert not Comparison.objects.published().filter(pk=comparison.pk).exists()
    assert [e.action for e in AuditEntry.objects.order_by("id")] == [
        AuditAction.PUBLISHED,
        AuditAction.UNPUBLISHED,
    ]


def test_editor_cannot_publish_a_comparison():
    with pytest.raises(PermissionDenied):
        comparison_transition(comparison=draft(), to=Status.PUBLISHED, by=make_member("Editor"))


def test_a_comparison_without_two_concepts_cannot_be_published():
    comparison = draft(concepts=[])

    with pytest.raises(ValidationError) as error:
        comparison_transition(comparison=comparison, to=Status.PUBLISHED, by=make_member("Curator"))

    assert "two or three concepts" in " ".join(error.value.messages)


def test_scheduled_comparison_goes_live_on_time(client):
    at = timezone.now() + timedelta(hours=1)
    comparison = comparison_transition(
        comparison=draft(), to=Status.PUBLISHED, by=make_member("Curator"), publish_at=at
    )

    assert comparison.is_scheduled()
    with time_machine.travel(at + timedelta(seconds=1)):
        assert Comparison.objects.published().filter(pk=comparison.pk).exists()

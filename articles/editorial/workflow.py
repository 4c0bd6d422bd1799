"""Publishing states for any Publishable model: who may move what where."""

from articles.editorial.models import Status

ALLOWED = {
    Status.DRAFT: {Status.REVIEW, Status.PUBLISHED},
    Status.REVIEW: {Status.DRAFT, Status.PUBLISHED},
    # Published → published only reschedules an item that is not live yet.
    Status.PUBLISHED: {Status.UNPUBLISHED, Status.PUBLISHED},
    Status.UNPUBLISHED: {Status.DRAFT},
}
NEEDS_PUBLISH = {Status.PUBLISHED, Status.UNPUBLISHED}
LABELS = {
    Status.REVIEW: "Submit for review",
    Status.DRAFT: "Back to draft",
    Status.PUBLISHED: "Publish",
    Status.UNPUBLISHED: "Unpublish",
}


def publish_perm(model):
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def can_edit(user, obj):
    """Return True if `user` may change `obj` in its current state."""
    opts = obj._meta
    if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        return False
    if user.has_perm(publish_perm(type(obj))):
        return True
    author = getattr(obj, "author", None)
    # Authors: only their own pieces, and only until they are published.
    return (
        author is not None
        and author.user_id == user.pk
        and obj.status in (Status.DRAFT, Status.REVIEW)
    )


def allowed_transitions(user, obj):
    """Return the states `user` may move `obj` to from its current state."""
    if obj.pk is None or not can_edit(user, obj):
        return []
    targets = []
    for target in sorted(ALLOWED.get(obj.status, ()), key=list(LABELS).index):
        if target in NEEDS_PUBLISH and not user.has_perm(publish_perm(type(obj))):
            continue
        if target == Status.PUBLISHED == obj.status and not obj.is_scheduled():
            continue
        targets.append(target)
    return targets

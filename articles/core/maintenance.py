"""Degrade, don't die: when nothing can be written, readers keep reading and writers are told.

A write can be refused by the database (SQLite's file or folder made read-only, a PostgreSQL
replica or `default_transaction_read_only`, a full disk) or by the filesystem (a media upload
onto a full or read-only volume). `refusal(error)` recognises these; the site's error handler
(`articles.views.server_error`) then answers 503 with `Retry-After` and a page saying what
happened instead of a generic 500, and the admin's forms (`KeepWorkAdmin`) show the editor's
form again, with everything typed in it, and the reason.

`COMPENDIUM_READ_ONLY=1` puts the site in this state on purpose (for maintenance, a restore,
a move): the settings open every database connection read-only, so the database itself
refuses every write, whichever code path tries it.
"""

import errno
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection, transaction

READ_ONLY = "read-only"
FULL = "full"

MESSAGES = {
    READ_ONLY: "Compendium is read-only for maintenance: reading works, saving does not.",
    FULL: "Compendium cannot save right now: the server has run out of storage space.",
}

# What each engine says when it refuses a write (SQLite's message; PostgreSQL's SQLSTATE).
SQLITE_REFUSALS = {
    "attempt to write a readonly database": READ_ONLY,
    "database or disk is full": FULL,
}
POSTGRESQL_REFUSALS = {
    "25006": READ_ONLY,  # read_only_sql_transaction (a replica, or read-only mode)
    "53100": FULL,  # disk_full
}
OS_REFUSALS = {errno.EROFS: READ_ONLY, errno.ENOSPC: FULL, errno.EDQUOT: FULL}


def refusal(error):
    """Return READ_ONLY or FULL when `error` (or what caused it) is a refused write, else None."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, DatabaseError):
            message = str(error).lower()
            for text, reason in SQLITE_REFUSALS.items():
                if text in message:
                    return reason
        code = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
        if code in POSTGRESQL_REFUSALS:
            return POSTGRESQL_REFUSALS[code]
        if isinstance(error, OSError) and error.errno in OS_REFUSALS:
            return OS_REFUSALS[error.errno]
        error = error.__cause__ or error.__context__
    return None


def is_read_only():
    return settings.COMPENDIUM_READ_ONLY


def retry_after():
    """Seconds a client should wait before trying a write again (the Retry-After header)."""
    return settings.COMPENDIUM_RETRY_AFTER


def message(reason):
    return MESSAGES[reason]


def refused(response, reason):
    """Make `response` the answer to a refused write: 503, Retry-After, never cached."""
    response.status_code = 503
    response["Retry-After"] = str(retry_after())
    response["Cache-Control"] = "private, no-store"
    response["X-Compendium-Refused"] = reason
    return response


@contextmanager
def reading_only():
    """Open transactions as readers do, for a page shown while writes are refused.

    SQLite's `BEGIN IMMEDIATE` (our transaction mode: writers queue at BEGIN) is itself a
    write and fails on a read-only database; a deferred BEGIN reads fine.
    """
    if connection.vendor != "sqlite":
        yield
        return
    mode = connection.transaction_mode
    connection.transaction_mode = "DEFERRED"
    try:
        yield
    finally:
        connection.transaction_mode = mode


class KeepWorkAdmin:
    """ModelAdmin mixin: a save the database or disk refuses shows the form again, filled in
    with everything the editor sent and the reason at the top, with a 503 and Retry-After."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Exception as error:
            reason = refusal(error)
            if reason is None:
                raise
        # Once more, reading only; a POST with its form made invalid, so that the admin
        # renders it again from what was sent.
        if request.method == "POST":
            request.compendium_refused = reason
        with reading_only():
            response = super().changeform_view(request, object_id, form_url, extra_context)
        return refused(response, reason) if request.method == "POST" else response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        reason = getattr(request, "compendium_refused", None)
        if reason is None:
            return form

        class Refused(form):
            def clean(self):
                # A check that writes or locks (PostgreSQL refuses SELECT … FOR UPDATE in
                # a read-only transaction) cannot run now; the others still do.
                try:
                    with transaction.atomic():
                        return super().clean()
                except DatabaseError as error:
                    if refusal(error) is None:
                        raise
                    return self.cleaned_data

            def full_clean(self):
                super().full_clean()
                if self.is_bound:
                    self.add_error(
                        None,
                        f"{message(reason)} Nothing was saved; everything you wrote is "
                        "still in this form. Save again in a few minutes.",
                    )

        Refused.__name__ = form.__name__
        return Refused

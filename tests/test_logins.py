"""Logins resist guessing (django-axes), and editors can reset a forgotten password."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.factories import make_user

pytestmark = pytest.mark.django_db
RIGHT = "the-right-password-42"


@pytest.fixture
def ana():
    return make_user(role="staff", username="ana", password=RIGHT, email="ana@example.org")


def log_in(client, password):
    return client.post("/admin/login/", {"username": "ana", "password": password})


def test_after_ten_wrong_passwords_even_the_right_one_is_refused(client, ana):
    for _ in range(9):
        assert log_in(client, "wrong").status_code == 200  # the form, with its error
    locked = log_in(client, "wrong")

    refused = log_in(client, RIGHT)

    assert locked.status_code == 429
    assert refused.status_code == 429
    assert "Too many failed logins" in refused.text
    assert "15 minutes" in refused.text
    assert "_auth_user_id" not in client.session


def test_the_lockout_ends_after_its_time(client, ana):
    for _ in range(10):
        log_in(client, "wrong")

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = log_in(client, RIGHT)

    assert response.status_code == 302


def test_an_administrator_lifts_a_lockout_with_a_command(client, ana):
    for _ in range(10):
        log_in(client, "wrong")

    call_command("axes_reset_username", "ana")

    assert log_in(client, RIGHT).status_code == 302


def test_a_few_wrong_passwords_then_the_right_one_logs_in(client, ana):
    for _ in range(3):
        log_in(client, "wrong")

    assert log_in(client, RIGHT).status_code == 302


def test_lockouts_are_listed_in_the_admin(client, ana, admin_client):
    for _ in range(10):
        log_in(client, "wrong")

    response = admin_client.get("/admin/axes/accessattempt/")

    assert response.status_code == 200
    assert "ana" in response.text


def test_password_reset_mails_a_link_that_sets_a_new_password(client, ana):
    assert "/admin/password_reset/" in client.get("/admin/login/").text

    sent = client.post("/admin/password_reset/", {"email": "ana@example.org"})

    assert sent.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/admin/reset/\S+/)", mail.outbox[0].body)[1]
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.request["PATH_INFO"],
        {"new_password1": "a-brand-new-secret-77", "new_password2": "a-brand-new-secret-77"},
    )
    assert done.status_code == 302
    assert client.post(
        "/admin/login/", {"username": "ana", "password": "a-brand-new-secret-77"}
    ).status_code == 302

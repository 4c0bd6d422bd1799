"""Readers' corrections: the public form, the curators' queue, the abuse it withstands."""

import time

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from articles.knowledge import throttle, views
from articles.knowledge.models import Fact, Suggestion, SuggestionKind, SuggestionStatus, UseCase
from articles.knowledge.services import suggestion_accept, suggestion_file, suggestion_reject
from tests.factories import (
    make_comparison,
    make_concept,
    make_dimension,
    make_fact,
    make_industry,
    make_member,
    make_use_case,
    make_user,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def fact():
    concept = make_concept(name="Transformer", slug="transformer")
    dimension = make_dimension(name="Purpose", slug="purpose")
    return make_fact(
        concept=concept,
        dimension=dimension,
        value="Model sequences",
        text="Transformers model sequences with recurrence.",
    )


@pytest.fixture
def use_case(fact):
    industry = make_industry(name="Healthcare", slug="healthcare")
    return make_use_case(
        concept=fact.concept,
        industry=industry,
        title="Reading scans",
        text="Transformers read scans.",
    )


def form_url(target):
    if isinstance(target, Fact):
        return reverse("knowledge:suggest-fact", args=[target.pk])
    return reverse("knowledge:suggest-use-case", args=[target.pk])


def post(client, target, **fields):
    data = {"text": "Transformers model sequences with attention, not recurrence."} | fields
    return client.post(form_url(target), data)


def file(target, **fields):
    fields = {"text": "Corrected by a reader.", "fingerprint": "f" * 32} | fields
    return suggestion_file(target=target, **fields)


# The public flow, without JavaScript


def test_form_page_shows_the_fact_and_a_form(client, fact):
    response = client.get(form_url(fact))

    assert response.status_code == 200
    assert b"<html" in response.content
    assert f'id="suggest-fact-{fact.pk}"'.encode() in response.content
    assert b"Transformers model sequences with recurrence." in response.content
    assert b'name="csrfmiddlewaretoken"' in response.content


def test_form_page_is_private_and_never_cached(client, fact):
    response = client.get(form_url(fact))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "X-Reader-Cache" not in response


def test_form_fragment_has_the_form_and_no_page(client, fact):
    response = client.get(form_url(fact), headers=HTMX)

    assert response.status_code == 200
    assert f'id="suggest-fact-{fact.pk}"'.encode() in response.content
    assert b"<html" not in response.content
    assert b'hx-post="' in response.content
    assert "HX-Request" in response["Vary"]


def test_post_files_a_suggestion_and_redirects_to_thanks(client, fact):
    response = post(
        client,
        fact,
        value="Model sequences with attention",
        source_url="https://arxiv.org/abs/1706.03762",
        email="reader@example.org",
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("knowledge:suggest-fact-sent", args=[fact.pk])
    suggestion = Suggestion.objects.get()
    assert suggestion.kind == SuggestionKind.FACT
    assert suggestion.fact == fact
    assert suggestion.status == SuggestionStatus.PENDING
    assert suggestion.value == "Model sequences with attention"
    assert suggestion.source_url == "https://arxiv.org/abs/1706.03762"
    assert suggestion.email == "reader@example.org"
    assert suggestion.original_text == fact.text
    assert len(suggestion.fingerprint) == 32
    assert "127.0.0.1" not in suggestion.fingerprint


def test_thank_you_page_after_filing(client, fact):
    response = post(client, fact, follow=False)
    thanks = client.get(response["Location"])

    assert thanks.status_code == 200
    assert b"Thank you" in thanks.content
    assert fact.concept.get_absolute_url().encode() in thanks.content


def test_filing_changes_nothing_public(client, fact):
    post(client, fact)

    fact.refresh_from_db()
    assert fact.text == "Transformers model sequences with recurrence."
    assert fact.history.count() == 1


def test_htmx_post_answers_the_thank_you_fragment(client, fact):
    response = client.post(form_url(fact), {"text": "A better text."}, headers=HTMX)

    assert response.status_code == 200
    assert f'id="suggest-fact-{fact.pk}"'.encode() in response.content
    assert b"Thank you" in response.content
    assert b"<html" not in response.content
    assert Suggestion.objects.count() == 1


def test_use_case_suggestion_with_a_title(client, use_case):
    response = client.post(
        form_url(use_case), {"text": "Transformers triage scans.", "value": "Triaging scans"}
    )

    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.kind == SuggestionKind.USE_CASE
    assert suggestion.use_case == use_case
    assert suggestion.value == "Triaging scans"


def test_unknown_or_huge_ids_are_404(client):
    assert client.get("/suggest/fact/999999/").status_code == 404
    assert client.get("/suggest/use-case/" + "9" * 25 + "/").status_code == 404
    assert client.post("/suggest/fact/" + "9" * 25 + "/", {"text": "x"}).status_code == 404


# Bad input: 400 with the form and its errors, never a 500


def test_empty_text_is_400_with_the_form(client, fact):
    response = post(client, fact, text="")

    assert response.status_code == 400
    assert b"This field is required." in response.content
    assert b"<form" in response.content
    assert not Suggestion.objects.exists()


def test_unchanged_text_is_400(client, fact):
    response = post(client, fact, text=fact.text, value=fact.value)

    assert response.status_code == 400
    assert b"what it says already" in response.content


def test_oversized_input_is_400(client, fact):
    for fields in (
        {"text": "a" * 2001},
        {"value": "v" * 81},
        {"source_url": "https://example.org/" + "a" * 500},
        {"email": "a" * 250 + "@example.org"},
    ):
        response = post(client, fact, **fields)
        assert response.status_code == 400, fields
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/file",
        "mailto:someone@example.org",
        "http://",
        "https://exa mple.org/",
    ],
)
def test_bad_source_urls_are_400(client, fact, url):
    response = post(client, fact, source_url=url)

    assert response.status_code == 400
    assert b"http:// or https://" in response.content
    assert not Suggestion.objects.exists()


def test_bad_email_is_400(client, fact):
    response = post(client, fact, email="not an address")

    assert response.status_code == 400
    assert not Suggestion.objects.exists()


def test_nul_characters_are_400(client, fact):
    response = post(client, fact, text="Null\x00byte")

    assert response.status_code == 400
    assert not Suggestion.objects.exists()


def test_invalid_htmx_post_rerenders_the_fragment_with_200(client, fact):
    response = client.post(form_url(fact), {"text": ""}, headers=HTMX)

    assert response.status_code == 200
    assert b"This field is required." in response.content
    assert b"<html" not in response.content


def test_other_methods_are_refused(client, fact):
    assert client.put(form_url(fact)).status_code == 405
    assert client.delete(form_url(fact)).status_code == 405
    assert client.head(form_url(fact)).status_code == 200


def test_post_without_csrf_token_is_refused(fact):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(form_url(fact), {"text": "Changed."})

    assert response.status_code == 403
    assert not Suggestion.objects.exists()


# Abuse: honeypot, floods


def test_honeypot_looks_accepted_but_keeps_nothing(client, fact):
    response = post(client, fact, website="https://spam.example")

    assert response.status_code == 302
    assert not Suggestion.objects.exists()


def test_flood_from_one_client_gets_429_with_retry_after(client, fact, settings):
    settings.COMPENDIUM_SUGGESTIONS_PER_HOUR = 3
    for number in range(3):
        assert post(client, fact, text=f"Correction {number}").status_code == 302

    response = post(client, fact, text="One too many")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert b"try again in about" in response.content
    assert b"<html" in response.content
    assert Suggestion.objects.count() == 3


def test_flood_counts_honeypot_hits_too(client, fact, settings):
    settings.COMPENDIUM_SUGGESTIONS_PER_HOUR = 2
    post(client, fact, website="x")
    post(client, fact, website="x")

    assert post(client, fact).status_code == 429


def test_other_clients_are_not_limited_by_one(client, fact, settings):
    settings.COMPENDIUM_SUGGESTIONS_PER_HOUR = 1
    assert post(client, fact).status_code == 302
    assert post(client, fact, text="Again").status_code == 429

    response = client.post(form_url(fact), {"text": "Other"}, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 302


def test_global_cap_per_target(client, fact, settings):
    settings.COMPENDIUM_SUGGESTIONS_PER_TARGET_PER_HOUR = 2
    for number in range(2):
        address = f"203.0.113.{number + 1}"
        response = client.post(form_url(fact), {"text": f"T{number}"}, REMOTE_ADDR=address)
        assert response.status_code == 302

    response = client.post(form_url(fact), {"text": "T9"}, REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 429
    assert "Retry-After" in response


def test_a_request_arriving_while_another_is_being_filed_counts_it(
    client, fact, settings, monkeypatch
):
    """Requests at the same moment: each is counted before it files anything, so the one
    that arrives while another is still being filed already sees it."""
    settings.COMPENDIUM_SUGGESTIONS_PER_HOUR = 1
    meanwhile = []
    original = views.suggestion_file

    def slow_filing(**fields):
        if not meanwhile:
            meanwhile.append(post(client, fact, text="Sent at the same moment"))
        return original(**fields)

    monkeypatch.setattr(views, "suggestion_file", slow_filing)

    assert post(client, fact, text="First").status_code == 302
    assert meanwhile[0].status_code == 429
    assert list(Suggestion.objects.values_list("text", flat=True)) == ["First"]


def test_a_form_with_errors_uses_up_nothing(client, fact, settings):
    settings.COMPENDIUM_SUGGESTIONS_PER_HOUR = 1
    settings.COMPENDIUM_SUGGESTIONS_PER_TARGET_PER_HOUR = 1
    assert post(client, fact, text="").status_code == 400
    assert post(client, fact, text=fact.text, value=fact.value).status_code == 400  # unchanged

    assert post(client, fact, text="Now with a real correction").status_code == 302
    assert post(client, fact, text="And another").status_code == 429


def test_a_refused_attempt_counts_nothing():
    limit = throttle.Limit("test-refusals", allowed=2)
    assert limit.take("me") == 0 and limit.take("me") == 0
    for _ in range(5):
        assert limit.take("me") > 0

    limit.give_back("me")

    assert limit.take("me") == 0  # one freed, and the five refusals used none
    assert limit.take("me") > 0


def test_a_place_given_back_after_the_hour_turned_goes_back_to_its_own_hour():
    hour = throttle.WINDOW_SECONDS
    start = (time.time() // hour + 1) * hour - 1  # one second before the hour turns
    slow = throttle.Limit("test-turn", allowed=1)  # a request whose form turns out invalid
    with time_machine.travel(start, tick=False):
        assert slow.take("me") == 0
    with time_machine.travel(start + 2, tick=False):
        assert throttle.Limit("test-turn", allowed=1).take("me") == 0  # the new hour's one

        slow.give_back("me")

        assert throttle.Limit("test-turn", allowed=1).take("me") > 0  # still one an hour
    with time_machine.travel(start, tick=False):
        assert throttle.Limit("test-turn", allowed=1).take("me") == 0  # its own hour's is back


def test_rate_limited_htmx_post_answers_a_fragment(client, fact, settings):
    settings.COMPENDIUM_SUGGESTIONS_PER_HOUR = 0

    response = client.post(form_url(fact), {"text": "x"}, headers=HTMX)

    assert response.status_code == 200
    assert "Retry-After" in response
    assert b"try again in about" in response.content


def test_fingerprint_hides_the_address_and_groups_ipv6_by_64():
    from django.test import RequestFactory

    factory = RequestFactory()
    one = factory.get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    same = factory.get("/", REMOTE_ADDR="2001:db8:1:2:bbbb::9")
    other = factory.get("/", REMOTE_ADDR="2001:db8:1:3::1")

    assert throttle.fingerprint(one) == throttle.fingerprint(same)
    assert throttle.fingerprint(one) != throttle.fingerprint(other)
    assert "2001" not in throttle.fingerprint(one)


def test_fingerprint_behind_a_proxy_uses_the_forwarded_address(settings):
    from django.test import RequestFactory

    settings.AXES_IPWARE_PROXY_COUNT = 1
    factory = RequestFactory()
    one = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    two = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")

    assert throttle.fingerprint(one) != throttle.fingerprint(two)


# Nothing unsanitised


def test_script_payloads_are_stored_as_text_and_escaped_everywhere(client, fact):
    response = post(client, fact, text=SCRIPT, value="<b>bold</b>")
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.text == SCRIPT

    curator = make_member("Curator")
    client.force_login(curator)
    for url in (
        reverse("admin:knowledge_suggestion_changelist"),
        reverse("admin:knowledge_suggestion_change", args=[suggestion.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert b"<script>alert" not in page.content
        assert b"<img src=x" not in page.content
        assert b"<b>bold</b>" not in page.content
        assert b"&lt;script&gt;" in page.content


def test_accepted_script_payload_is_escaped_on_the_hub(client, fact):
    suggestion = file(fact, text=SCRIPT)
    suggestion_accept(suggestion=suggestion, by=make_member("Curator"))

    response = client.get(fact.concept.get_absolute_url())

    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;alert" in response.content


# Reader pages stay cookie-free and cacheable


def reader_pages(fact, use_case):
    other = make_concept(name="GAN", slug="gan")
    make_fact(concept=other, dimension=fact.dimension, text="GANs generate.")
    comparison = make_comparison(concepts=[fact.concept, other], dimensions=[fact.dimension])
    return [
        fact.concept.get_absolute_url(),
        use_case.get_absolute_url(),
        use_case.industry.get_absolute_url(),
        comparison.get_absolute_url(),
        "/compare/gan-vs-transformer/",
    ]


def test_reader_pages_link_to_the_form_and_set_no_cookie(client, fact, use_case):
    for url in reader_pages(fact, use_case):
        response = client.get(url, follow=True)

        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "Set-Cookie" not in response, url
        assert "Cookie" not in response.get("Vary", ""), url
        assert "public" in response["Cache-Control"], url
        assert b"csrfmiddlewaretoken" not in response.content, url
        assert b"Suggest a correction" in response.content, url


def test_hub_links_each_fact_and_use_case(client, fact, use_case):
    response = client.get(fact.concept.get_absolute_url())

    assert form_url(fact).encode() in response.content
    assert form_url(use_case).encode() in response.content
    link = f'<a class="suggest-link" href="{form_url(fact)}" hx-get="{form_url(fact)}"'
    assert link.encode() in response.content


def test_comparison_cells_link_to_the_form(client, fact):
    other = make_concept(name="GAN", slug="gan")
    gan_fact = make_fact(concept=other, dimension=fact.dimension, text="GANs generate.")

    response = client.get("/compare/gan-vs-transformer/", follow=True)

    assert form_url(fact).encode() in response.content
    assert form_url(gan_fact).encode() in response.content


def test_filing_keeps_the_reader_cache(client, fact, reader_cache):
    hub = fact.concept.get_absolute_url()
    assert client.get(hub)["X-Reader-Cache"] == "miss"

    post(client, fact)

    assert client.get(hub)["X-Reader-Cache"] == "hit"


def test_accepting_shows_at_once_with_the_reader_cache_on(client, fact, reader_cache):
    hub = fact.concept.get_absolute_url()
    client.get(hub)
    assert client.get(hub)["X-Reader-Cache"] == "hit"
    suggestion = file(fact, text="Transformers use attention.")

    suggestion_accept(suggestion=suggestion, by=make_member("Curator"))

    response = client.get(hub)
    assert response["X-Reader-Cache"] == "miss"
    assert b"Transformers use attention." in response.content
    assert b"with recurrence" not in response.content


# The curators' queue: accept, reject


def test_accept_updates_the_fact_with_history_and_a_source():
    fact = make_fact(value="Old value", text="Old text.")
    curator = make_member("Curator")
    suggestion = file(
        fact, text="New text.", value="New value", source_url="https://example.com/paper"
    )

    suggestion_accept(suggestion=suggestion, by=curator, note="Checked.")

    fact.refresh_from_db()
    suggestion.refresh_from_db()
    assert fact.text == "New text."
    assert fact.value == "New value"
    assert fact.sources[-1] == {
        "title": "example.com (suggested by a reader)",
        "url": "https://example.com/paper",
    }
    assert len(fact.sources) == 2
    record = fact.history.first()
    assert record.history_change_reason == (
        f"Reader suggestion #{suggestion.pk} accepted by {curator}"
    )
    assert record.history_user == curator
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert suggestion.decided_by == curator
    assert suggestion.decided_at is not None
    assert suggestion.note == "Checked."


def test_accept_does_not_duplicate_a_known_source():
    fact = make_fact(sources=[{"title": "Paper", "url": "https://example.com/paper"}])
    suggestion = file(fact, source_url="https://example.com/paper")

    suggestion_accept(suggestion=suggestion, by=make_member("Curator"))

    fact.refresh_from_db()
    assert len(fact.sources) == 1


def test_accept_updates_a_use_case_with_history(use_case):
    curator = make_member("Curator")
    suggestion = file(use_case, text="Transformers triage scans.", value="Triage")

    suggestion_accept(suggestion=suggestion, by=curator)

    use_case.refresh_from_db()
    assert use_case.text == "Transformers triage scans."
    assert use_case.title == "Triage"
    assert use_case.history.first().history_change_reason.startswith(
        f"Reader suggestion #{suggestion.pk} accepted by"
    )


def test_accept_twice_is_refused(fact):
    suggestion = file(fact)
    curator = make_member("Curator")
    suggestion_accept(suggestion=suggestion, by=curator)

    with pytest.raises(ValidationError):
        suggestion_accept(suggestion=suggestion, by=curator)


def test_reject_keeps_the_fact(fact):
    suggestion = file(fact)

    count = suggestion_reject(
        suggestions=Suggestion.objects.all(), by=make_member("Curator"), note="No source."
    )

    suggestion.refresh_from_db()
    fact.refresh_from_db()
    assert count == 1
    assert suggestion.status == SuggestionStatus.REJECTED
    assert suggestion.note == "No source."
    assert fact.text == "Transformers model sequences with recurrence."


@pytest.mark.parametrize("role", ["Author", "Editor"])
def test_services_refuse_who_may_not(fact, role):
    suggestion = file(fact)
    user = make_member(role)

    with pytest.raises(PermissionDenied):
        suggestion_accept(suggestion=suggestion, by=user)
    with pytest.raises(PermissionDenied):
        suggestion_reject(suggestions=Suggestion.objects.all(), by=user)
    with pytest.raises(PermissionDenied):
        suggestion_accept(suggestion=suggestion, by=AnonymousUser())


# The admin, per role


def decide(client, suggestion, decision, note=""):
    url = reverse("admin:knowledge_suggestion_decide", args=[suggestion.pk])
    return client.post(url, {"decision": decision, "note": note})


@pytest.mark.parametrize("role", ["Curator", "Admin"])
def test_curator_and_admin_see_the_queue_with_filters(client, fact, role):
    file(fact, text="Proposed words here.")
    client.force_login(make_member(role))

    response = client.get(reverse("admin:knowledge_suggestion_changelist"))

    assert response.status_code == 200
    assert b"Proposed words here." in response.content
    assert b"By status" in response.content
    assert b"By kind" in response.content


def test_change_page_shows_current_beside_proposed_with_a_diff(client, fact):
    suggestion = file(fact, text="Transformers model sequences with attention.")
    client.force_login(make_member("Curator"))

    response = client.get(reverse("admin:knowledge_suggestion_change", args=[suggestion.pk]))

    assert response.status_code == 200
    assert b"Transformers model sequences with recurrence." in response.content
    assert b"<del>recurrence.</del>" in response.content
    assert b"<ins>attention.</ins>" in response.content
    assert b"Accept and apply" in response.content
    assert b'name="_save"' not in response.content


@pytest.mark.parametrize("role", ["Curator", "Admin"])
def test_curator_and_admin_accept_in_the_admin(client, fact, role):
    suggestion = file(fact, text="Accepted words.")
    user = make_member(role)
    client.force_login(user)

    response = decide(client, suggestion, "accept")

    assert response.status_code == 302
    fact.refresh_from_db()
    assert fact.text == "Accepted words."
    assert fact.history.first().history_change_reason == (
        f"Reader suggestion #{suggestion.pk} accepted by {user}"
    )


def test_curator_rejects_with_a_note_in_the_admin(client, fact):
    suggestion = file(fact)
    client.force_login(make_member("Curator"))

    response = decide(client, suggestion, "reject", note="Wrong.")

    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED
    assert suggestion.note == "Wrong."


def test_deciding_twice_shows_an_error_not_a_500(client, fact):
    suggestion = file(fact)
    client.force_login(make_member("Curator"))
    decide(client, suggestion, "reject")

    response = decide(client, suggestion, "accept", note="late")

    assert response.status_code == 302
    fact.refresh_from_db()
    assert fact.text == "Transformers model sequences with recurrence."


def test_bad_decisions_are_not_500(client, fact):
    suggestion = file(fact)
    client.force_login(make_member("Curator"))

    assert decide(client, suggestion, "\x00").status_code == 302
    assert decide(client, suggestion, "accept", note="n" * 3000).status_code == 302
    url = "/admin/knowledge/suggestion/" + "9" * 25 + "/decide/"
    assert client.post(url, {"decision": "accept"}).status_code == 404
    assert (
        client.get(reverse("admin:knowledge_suggestion_decide", args=[suggestion.pk])).status_code
        == 405
    )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PENDING


def test_bulk_reject(client, fact, use_case):
    first, second = file(fact), file(use_case)
    client.force_login(make_member("Curator"))

    response = client.post(
        reverse("admin:knowledge_suggestion_changelist"),
        {"action": "reject_suggestions", "_selected_action": [first.pk, second.pk]},
    )

    assert response.status_code == 302
    assert set(Suggestion.objects.values_list("status", flat=True)) == {"rejected"}


@pytest.mark.parametrize("role", ["Author", "Editor"])
def test_authors_and_editors_cannot_see_or_act(client, fact, role):
    suggestion = file(fact)
    client.force_login(make_member(role))

    assert client.get(reverse("admin:knowledge_suggestion_changelist")).status_code == 403
    assert (
        client.get(reverse("admin:knowledge_suggestion_change", args=[suggestion.pk])).status_code
        == 403
    )
    assert decide(client, suggestion, "accept").status_code == 403
    response = client.post(
        reverse("admin:knowledge_suggestion_changelist"),
        {"action": "reject_suggestions", "_selected_action": [suggestion.pk]},
    )
    assert response.status_code == 403
    assert b"Suggestions" not in client.get(reverse("admin:index")).content
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PENDING


def test_readers_cannot_reach_the_queue(client, fact):
    suggestion = file(fact)
    client.force_login(make_user())

    response = decide(client, suggestion, "accept")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PENDING


def test_nobody_adds_suggestions_in_the_admin(client):
    client.force_login(make_member("Admin"))

    assert client.get(reverse("admin:knowledge_suggestion_add")).status_code == 403


def test_suggestion_needs_exactly_one_target(fact, use_case):
    suggestion = Suggestion(fact=fact, use_case=use_case, text="x", fingerprint="f")
    suggestion.kind = SuggestionKind.FACT

    with pytest.raises(ValidationError):
        suggestion.full_clean()
    assert UseCase.objects.count() == 1


# Hostile requests, as tests/test_fuzz.py sends them: never a 5xx


def test_hostile_addresses_and_bodies_never_answer_5xx(client, fact, use_case, settings):
    from urllib.parse import urlencode

    from tests.fuzz_corpus import HOSTILE_BODY, HOSTILE_PARTS, HOSTILE_VALUES

    settings.COMPENDIUM_SUGGESTIONS_PER_HOUR = 1000
    body = urlencode(HOSTILE_BODY, doseq=True)
    urls = [form_url(fact), form_url(use_case), f"{form_url(fact)}sent/"]
    urls += [f"/suggest/{kind}/{part}/" for kind in ("fact", "use-case") for part in HOSTILE_PARTS]
    for url in urls:
        assert client.get(url).status_code < 500, url
        assert client.head(url).status_code < 500, url
        for method in ("post", "put", "delete"):
            response = getattr(client, method)(
                url, data=body, content_type="application/x-www-form-urlencoded"
            )
            assert response.status_code < 500, (method, url)
    for name in ("text", "value", "source_url", "email", "website"):
        for value in HOSTILE_VALUES:
            value = list(value) if isinstance(value, tuple) else value
            for target in (fact, use_case):
                response = client.post(form_url(target), {"text": "Valid text.", name: value})
                assert response.status_code < 500, (name, value)


def test_refused_write_keeps_the_text_with_a_503(client, fact, monkeypatch):
    from django.db import OperationalError

    from articles.knowledge import views

    def refuse(**kwargs):
        raise OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(views, "suggestion_file", refuse)

    response = post(client, fact, text="Kept words.")

    assert response.status_code == 503
    assert "Retry-After" in response
    assert b"Kept words." in response.content


@pytest.mark.parametrize("kind", ["fact", "use_case"])
def test_the_form_costs_the_same_queries_however_many_suggestions_wait(
    client, fact, use_case, kind, django_assert_max_num_queries
):
    target = fact if kind == "fact" else use_case
    counts = []
    for waiting in (0, 12):
        for n in range(waiting):
            suggestion_file(target=target, text=f"Wording {n}.", fingerprint=f"{n:032d}")
        for headers in ({}, HTMX):
            with django_assert_max_num_queries(4) as captured:
                assert client.get(form_url(target), headers=headers).status_code == 200
            counts.append(len(captured))
    assert counts[:2] == counts[2:]

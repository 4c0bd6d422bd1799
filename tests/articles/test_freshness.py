import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.editorial.models import Status
from articles.freshness import fact_dependents, needs_look_resolve, shortcodes
from articles.knowledge.services import FactEdit, fact_grid_save
from articles.models import ArticleDependency, DependencyKind, FactNote, NeedsLook, Resolution
from tests.factories import (
    make_article,
    make_concept,
    make_dimension,
    make_draft,
    make_fact,
    make_industry,
    make_member,
    make_use_case,
)

pytestmark = pytest.mark.django_db

OLD = datetime.date(2000, 1, 1)


def deps(article):
    return set(ArticleDependency.objects.filter(article=article).values_list("kind", "object_id"))


def change(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


@pytest.fixture
def kb():
    llm = make_concept(name="Large language model", slug="llm")
    gan = make_concept(name="GAN", slug="gan")
    purpose = make_dimension(name="Purpose", slug="purpose")
    size = make_dimension(name="Size", slug="size")
    health = make_industry(name="Healthcare", slug="health")
    return {
        "llm": llm,
        "gan": gan,
        "llm-purpose": make_fact(concept=llm, dimension=purpose, value="Text", text="Writes."),
        "llm-size": make_fact(concept=llm, dimension=size, text="Billions of weights."),
        "gan-purpose": make_fact(concept=gan, dimension=purpose, text="Makes images."),
        "gan-size": make_fact(concept=gan, dimension=size, text="Smaller."),
        "llm-health": make_use_case(concept=llm, industry=health, text="Drafts notes."),
    }


# Parsing and dependencies


def test_shortcodes_skip_fenced_code():
    body = "```\n{{< fact llm purpose >}}\n```\n~~~~md\n{{< fact a b >}}\n```\n~~~~\n{{< usecases llm health >}}\n"

    assert list(shortcodes(body)) == [("usecases", ["llm", "health"])]


def test_dependencies_from_concepts_and_links(kb):
    linked = make_concept(slug="linked")
    article = make_article(concepts=[kb["gan"]], body="See [this](/concepts/linked/).")

    assert deps(article) == {
        (DependencyKind.CONCEPT, kb["gan"].pk),
        (DependencyKind.CONCEPT, linked.pk),
    }


def test_dependencies_follow_concept_changes(kb):
    article = make_article(body="Words.")
    article.concepts.add(kb["llm"])
    assert deps(article) == {(DependencyKind.CONCEPT, kb["llm"].pk)}

    article.concepts.remove(kb["llm"])
    assert deps(article) == set()


def test_dependencies_from_fact_shortcode(kb):
    article = make_article(body="Intro.\n\n{{< fact llm purpose >}}\n")

    assert deps(article) == {(DependencyKind.FACT, kb["llm-purpose"].pk)}


def test_dependencies_from_compare_with_and_without_dimensions(kb):
    some = make_article(body="{{< compare llm gan dimensions=size >}}")
    every = make_article(body="{{< compare llm gan >}}")

    assert deps(some) == {
        (DependencyKind.FACT, kb["llm-size"].pk),
        (DependencyKind.FACT, kb["gan-size"].pk),
    }
    assert deps(every) == {
        (DependencyKind.FACT, kb[key].pk)
        for key in ("llm-purpose", "llm-size", "gan-purpose", "gan-size")
    }


def test_dependencies_from_usecases_shortcode(kb):
    article = make_article(body="{{< usecases llm health >}}")

    assert deps(article) == {(DependencyKind.USE_CASE, kb["llm-health"].pk)}


def test_fenced_shortcodes_and_links_are_not_dependencies(kb):
    article = make_article(body="```\n{{< fact llm purpose >}}\n[x](/concepts/llm/)\n```\n")

    assert deps(article) == set()


def test_dependencies_recomputed_when_body_changes(kb):
    article = make_article(body="{{< fact llm purpose >}}")
    change(article, body="{{< fact gan size >}}")

    assert deps(article) == {(DependencyKind.FACT, kb["gan-size"].pk)}


# The queue


def test_fact_change_after_publication_opens_one_entry(kb):
    article = make_article(body="{{< fact llm purpose >}}")

    change(kb["llm-purpose"], value="Language", text="Writes and reads.")

    entry = NeedsLook.objects.get()
    assert entry.article == article
    assert entry.label == "Purpose of Large language model"
    assert entry.before == {"Value": "Text", "Text": "Writes."}
    assert entry.after == {"Value": "Language", "Text": "Writes and reads."}
    assert entry.resolved_at is None


def test_verification_alone_opens_nothing(kb):
    make_article(body="{{< fact llm purpose >}}")

    change(kb["llm-purpose"], verified_on=OLD)

    assert not NeedsLook.objects.exists()


def test_repeated_changes_coalesce_keeping_the_oldest_before(kb):
    make_article(body="{{< fact llm purpose >}}")

    change(kb["llm-purpose"], text="Second.")
    change(kb["llm-purpose"], text="Third.")

    entry = NeedsLook.objects.get()
    assert entry.before["Text"] == "Writes."
    assert entry.after["Text"] == "Third."


def test_change_back_closes_nothing_left_to_look_at(kb):
    make_article(body="{{< fact llm purpose >}}")

    change(kb["llm-purpose"], text="Second.")
    change(kb["llm-purpose"], text="Writes.")

    assert not NeedsLook.objects.exists()


def test_fact_grid_service_opens_an_entry(kb, editor):
    make_article(body="{{< compare llm gan dimensions=size >}}")
    fact = kb["llm-size"]
    curator = make_member("Curator")
    edit = FactEdit(
        dimension=fact.dimension,
        action="update",
        text="Trillions of weights.",
        verified_on=fact.verified_on,
        version=fact.updated_at.isoformat(),
    )

    fact_grid_save(concept=kb["llm"], edits=[edit], by=curator)

    assert NeedsLook.objects.get().after["Text"] == "Trillions of weights."


def test_use_case_and_concept_changes_open_entries(kb):
    make_article(concepts=[kb["gan"]], body="{{< usecases llm health >}}")

    change(kb["llm-health"], text="Drafts discharge letters.")
    change(kb["gan"], definition="Two networks in a contest.")

    assert set(NeedsLook.objects.values_list("kind", "label")) == {
        (DependencyKind.USE_CASE, "Large language model in Healthcare"),
        (DependencyKind.CONCEPT, "Definition of GAN"),
    }


def test_fact_deleted_opens_an_entry(kb):
    make_article(body="{{< fact llm purpose >}}")

    kb["llm-purpose"].delete()

    assert NeedsLook.objects.get().after == {}


def test_changes_before_publication_open_nothing(kb):
    make_article(body="{{< fact llm purpose >}}", published_at=timezone.now() + timedelta(days=1))

    change(kb["llm-purpose"], text="Changed while scheduled.")

    assert not NeedsLook.objects.exists()


def test_drafts_get_no_entries(kb):
    make_draft(body="{{< fact llm purpose >}}")
    make_article(body="{{< fact llm purpose >}}", status=Status.UNPUBLISHED)

    change(kb["llm-purpose"], text="Changed.")

    assert not NeedsLook.objects.exists()


# Resolving


def test_confirm_closes_without_saving_the_article(kb, editor):
    article = make_article(body="{{< fact llm purpose >}}")
    version, revisions = article.version, article.history.count()
    change(kb["llm-purpose"], text="Changed.")

    needs_look_resolve(entry=NeedsLook.objects.get(), by=editor, note=False)

    entry = NeedsLook.objects.get()
    assert entry.resolution == Resolution.HOLDS
    assert entry.resolved_by == editor and entry.resolved_at is not None
    assert not FactNote.objects.exists()
    article.refresh_from_db()
    assert (article.version, article.history.count()) == (version, revisions)


def test_next_change_after_resolving_opens_a_new_entry(kb, editor):
    make_article(body="{{< fact llm purpose >}}")
    change(kb["llm-purpose"], text="Changed.")
    needs_look_resolve(entry=NeedsLook.objects.get(), by=editor, note=False)

    change(kb["llm-purpose"], text="Changed again.")

    entry = NeedsLook.objects.open().get()
    assert entry.before["Text"] == "Changed."


def test_confirm_and_note_shows_escaped_on_the_page_at_once(client, editor, reader_cache):
    concept = make_concept(name="<b>Bold</b> & co", slug="bold")
    fact = make_fact(concept=concept, dimension=make_dimension(name="Size", slug="size"))
    article = make_article(body="{{< fact bold size >}}")
    version = article.version
    url = article.get_absolute_url()
    assert "Updated facts" not in client.get(url).text
    assert client.get(url)["X-Reader-Cache"] == "hit"
    change(fact, text="Changed.")
    client.get(url)  # the fact's change started a new generation: cache the page again
    assert client.get(url)["X-Reader-Cache"] == "hit"

    needs_look_resolve(entry=NeedsLook.objects.get(), by=editor, note=True)

    text = client.get(url).text
    assert "Updated facts: Size of &lt;b&gt;Bold&lt;/b&gt; &amp; co (" in text
    assert "<b>Bold</b>" not in text
    article.refresh_from_db()
    assert article.version == version


def test_resolving_twice_is_refused(kb, editor):
    make_article(body="{{< fact llm purpose >}}")
    change(kb["llm-purpose"], text="Changed.")
    entry = NeedsLook.objects.get()
    needs_look_resolve(entry=entry, by=editor, note=False)

    with pytest.raises(ValidationError):
        needs_look_resolve(entry=entry, by=editor, note=True)


# The admin queue


@pytest.fixture
def entry(kb):
    make_article(title="About LLMs", body="{{< fact llm purpose >}}")
    change(kb["llm-purpose"], text="Writes and reads.")
    return NeedsLook.objects.get()


@pytest.mark.parametrize("role", ["Editor", "Admin"])
def test_editors_see_the_queue_with_a_diff(client, entry, role):
    client.force_login(make_member(role))

    listing = client.get(reverse("admin:articles_needslook_changelist"))
    page = client.get(reverse("admin:articles_needslook_change", args=[entry.pk]))

    assert "Needs a look: 1 open" in listing.text
    assert "Purpose of Large language model" in listing.text
    assert page.status_code == 200
    assert "Removed" in page.text and "Writes." in page.text
    assert "Writes and reads." in page.text and "Confirm and note it on the page" in page.text


@pytest.mark.parametrize("role", ["Author", "Curator"])
def test_authors_and_curators_have_no_queue(client, entry, role):
    client.force_login(make_member(role))

    assert client.get(reverse("admin:articles_needslook_changelist")).status_code == 403
    assert (
        client.get(reverse("admin:articles_needslook_change", args=[entry.pk])).status_code == 403
    )
    response = client.post(
        reverse("admin:articles_needslook_resolve", args=[entry.pk]), {"outcome": "noted"}
    )
    assert response.status_code == 403
    assert NeedsLook.objects.open().count() == 1


def test_service_refuses_authors(entry):
    with pytest.raises(PermissionDenied):
        needs_look_resolve(entry=entry, by=make_member("Author"), note=False)


def test_editor_resolves_with_a_note_from_the_admin(client, entry, editor):
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_needslook_resolve", args=[entry.pk]), {"outcome": "noted"}
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.resolution == Resolution.NOTED
    assert FactNote.objects.get().label == "Purpose of Large language model"
    listing = client.get(reverse("admin:articles_needslook_changelist"))
    assert "Needs a look: 0 open" in listing.text


def test_queue_query_count_is_constant(client, kb, editor, django_assert_max_num_queries):
    for _ in range(5):
        make_article(body="{{< fact llm purpose >}}")
    change(kb["llm-purpose"], text="Changed.")
    client.force_login(editor)
    url = reverse("admin:articles_needslook_changelist")
    client.get(url)

    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _ in range(5):
        make_article(body="{{< fact llm purpose >}}")
    change(kb["llm-purpose"], text="Changed again.")
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert "Needs a look: 10 open" in response.text


# The freshness report


def test_fact_dependents_lists_live_articles_only(kb):
    live = make_article(title="Live one", body="{{< fact llm purpose >}}")
    make_draft(body="{{< fact llm purpose >}}")

    found = fact_dependents([kb["llm-purpose"].pk, kb["gan-size"].pk])

    url = reverse("admin:articles_article_change", args=[live.pk])
    assert found == {kb["llm-purpose"].pk: {"articles": [("Live one", url)], "more": 0}}


def test_freshness_report_lists_dependent_articles(admin_client, kb):
    change(kb["llm-purpose"], verified_on=OLD)
    for _ in range(6):
        make_article(body="{{< compare llm gan >}}")
    article = make_article(title="Stale-dependent article", body="{{< fact llm purpose >}}")

    response = admin_client.get(reverse("admin:knowledge_fact_freshness"))

    assert reverse("admin:articles_article_change", args=[article.pk]) in response.text
    assert "and 2 more" in response.text


def test_freshness_report_query_count_is_bounded(admin_client, django_assert_max_num_queries):
    def stale_fact_with_articles():
        fact = make_fact(verified_on=OLD)
        for _ in range(2):
            make_article(body=f"{{{{< fact {fact.concept.slug} {fact.dimension.slug} >}}}}")

    stale_fact_with_articles()
    url = reverse("admin:knowledge_fact_freshness")
    admin_client.get(url)
    with django_assert_max_num_queries(30) as few:
        admin_client.get(url)
    for _ in range(4):
        stale_fact_with_articles()

    with django_assert_max_num_queries(len(few)):
        response = admin_client.get(url)
    assert response.text.count("/admin/articles/article/") >= 10

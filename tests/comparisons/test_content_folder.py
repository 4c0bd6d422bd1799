import hashlib
import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.knowledge.models import Concept, Dimension, Fact, Industry, UseCase
from articles.media.models import Image
from articles.models import Article, Author, Topic
from comparisons.models import Comparison
from tests.factories import (
    make_article,
    make_author,
    make_comparison,
    make_concept,
    make_dimension,
    make_fact,
    make_image,
    make_industry,
    make_relation,
    make_use_case,
)


def export(directory):
    call_command("export_content", str(directory), stdout=io.StringIO())
    return directory


def run_import(directory, *options):
    out = io.StringIO()
    call_command("import_content", str(directory), *options, stdout=out)
    return out.getvalue()


def files_of(directory):
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def storage_files(folder=""):
    folders, names = default_storage.listdir(folder)
    found = {f"{folder}/{name}".lstrip("/") for name in names}
    for name in folders:
        found |= storage_files(f"{folder}/{name}".lstrip("/"))
    return found


def rewrite(directory, name, change):
    """Edit one exported file as an editor would, and record its new checksum."""
    path = directory / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    manifest_path = directory / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"][name] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")


def delete_content():
    """Empty the site of everything an export holds, in an order its protections allow."""
    Comparison.objects.all().delete()
    Article.objects.all().delete()
    Fact.objects.all().delete()
    UseCase.objects.all().delete()
    Concept.objects.all().delete()
    Dimension.objects.all().delete()
    Industry.objects.all().delete()
    Image.objects.all().delete()
    Author.objects.all().delete()
    Topic.objects.all().delete()


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.fixture
def site(db):
    """A small site with one of everything, an image in a body and as a hero."""
    industry = make_industry(slug="health")
    dimension = make_dimension(slug="purpose")
    llm = make_concept(slug="llm", name="Large language model", aliases="LLM, LLMs")
    genai = make_concept(slug="generative-ai", name="Generative AI")
    make_relation(llm, "kind_of", genai)
    make_fact(concept=llm, dimension=dimension, value="Generate text")
    make_use_case(concept=llm, industry=industry)
    image = make_image(caption="A caption", credit="Ana, CC BY", focal_x=20, focal_y=80)
    article = make_article(
        slug="about-llms",
        concepts=[llm, genai],
        hero_source=image,
        body=f"## Intro\n\nSee this:\n\n![A chart]({image.reference})\n",
    )
    article.industries.set([industry])
    make_comparison(slug="llm-vs-genai", concepts=[llm, genai], dimensions=[dimension])
    return article


def test_demo_round_trip_in_the_same_site_changes_nothing(demo, tmp_path):
    first = export(tmp_path / "first")

    output = run_import(first)

    assert "Imported: nothing changed." in output
    assert "articles: 0 created, 0 updated, 36 unchanged" in output
    assert files_of(export(tmp_path / "second")) == files_of(first)


def test_demo_round_trip_into_an_empty_site_gives_the_same_folder(demo, tmp_path, settings):
    first = export(tmp_path / "first")
    delete_content()
    settings.MEDIA_ROOT = tmp_path / "other-media"

    output = run_import(first)

    assert "articles: 36 created, 0 updated, 0 unchanged" in output
    assert files_of(export(tmp_path / "second")) == files_of(first)
    assert all(article.body_html for article in Article.objects.all())
    assert all(article.hero for article in Article.objects.all())


def test_import_again_changes_nothing(site, tmp_path):
    folder = export(tmp_path / "export")
    delete_content()
    run_import(folder)

    output = run_import(folder)

    assert "Imported: nothing changed." in output
    assert Article.objects.count() == 1
    assert Image.objects.count() == 1


def test_import_moves_library_references_to_the_new_ids(site, tmp_path):
    folder = export(tmp_path / "export")
    assert "![A chart](image:library-" in (folder / "articles/about-llms.md").read_text()
    delete_content()
    make_image()  # takes an id, so that the imported image gets another one

    run_import(folder)

    article = Article.objects.get(slug="about-llms")
    image = Image.objects.get(file=site.hero_source.file.name)
    assert image.pk != site.hero_source_id
    assert f"![A chart](image:{image.pk})" in article.body
    assert article.hero_source == image
    assert "<picture>" in article.body_html


def test_images_round_trip_with_their_words_and_focal_point(site, tmp_path, settings):
    original = site.hero_source
    with default_storage.open(original.file.name) as handle:
        data = handle.read()
    folder = export(tmp_path / "export")
    delete_content()
    settings.MEDIA_ROOT = tmp_path / "other-media"

    run_import(folder)

    image = Image.objects.get()
    assert image.file.name == original.file.name
    with default_storage.open(image.file.name) as handle:
        assert handle.read() == data
    assert (image.title, image.alt, image.caption, image.credit) == (
        original.title,
        original.alt,
        "A caption",
        "Ana, CC BY",
    )
    assert (image.focal_x, image.focal_y) == (20, 80)
    assert image.renditions["focal"] == [20, 80]
    assert image.width == 800


def test_dry_run_writes_nothing(site, tmp_path, settings):
    folder = export(tmp_path / "export")
    delete_content()
    settings.MEDIA_ROOT = tmp_path / "other-media"

    output = run_import(folder, "--dry-run")

    assert "articles: 1 created, 0 updated, 0 unchanged" in output
    assert "Dry run" in output
    assert not Article.objects.exists()
    assert not Concept.objects.exists()
    assert not Image.objects.exists()
    assert not (tmp_path / "other-media").exists() or storage_files() == set()


def test_dry_run_reports_an_edit_without_making_it(site, tmp_path):
    folder = export(tmp_path / "export")
    rewrite(folder, "articles/about-llms.md", lambda text: text.replace("## Intro", "## Start"))

    output = run_import(folder, "--dry-run")

    assert "articles: 0 created, 1 updated, 0 unchanged" in output
    assert "## Intro" in Article.objects.get().body


def test_import_updates_in_place(site, tmp_path):
    folder = export(tmp_path / "export")
    rewrite(folder, "articles/about-llms.md", lambda text: text.replace("## Intro", "## Start"))

    run_import(folder)

    article = Article.objects.get()
    assert article.pk == site.pk
    assert "## Start" in article.body
    assert 'id="start"' in article.body_html


def test_tampered_file_fails_the_checksum(site, tmp_path):
    folder = export(tmp_path / "export")
    path = folder / "concepts/llm.md"
    path.write_text(path.read_text() + "Sneaky.\n")

    with pytest.raises(CommandError, match=r"concepts/llm\.md: its SHA-256 does not match"):
        run_import(folder)


def test_missing_concept_names_the_file_and_field(site, tmp_path):
    folder = export(tmp_path / "export")
    rewrite(
        folder,
        "articles/about-llms.md",
        lambda text: text.replace("- llm\n", "- no-such-concept\n"),
    )

    with pytest.raises(CommandError) as raised:
        run_import(folder)

    assert "articles/about-llms.md: concepts: no concept 'no-such-concept'." in str(raised.value)


def test_error_writes_nothing(site, tmp_path):
    folder = export(tmp_path / "export")
    delete_content()
    rewrite(folder, "comparisons/llm-vs-genai.md", lambda text: text.replace("slug:", "slug: x"))

    with pytest.raises(CommandError, match="llm-vs-genai.md: slug: "):
        run_import(folder)

    assert not Topic.objects.exists()
    assert not Image.objects.exists()


def test_unknown_field_is_named(site, tmp_path):
    folder = export(tmp_path / "export")
    rewrite(
        folder, "topics/" + site.topic.slug + ".md", lambda text: "---\ncolour: red\n" + text[4:]
    )

    with pytest.raises(CommandError, match=r"topics/.*\.md: colour: unknown field"):
        run_import(folder)


def test_odd_characters_survive(db, tmp_path):
    title = "Colons: \"quotes\", 'apostrophes' — ünïcödé ✓ #not-a-comment"
    teaser = "Line one: here\nline two — # hash, {braces} [brackets] & *stars*"
    make_article(
        slug="odd",
        title=title,
        teaser=teaser,
        seo_description="yes",
        body="---\nNot a header.\n---\n\nCRLF\r\nends here",
        author=make_author(name="Zoë “Z” O'Brien: ☃"),
    )
    folder = export(tmp_path / "export")
    delete_content()

    run_import(folder)

    article = Article.objects.get()
    assert (article.title, article.teaser, article.seo_description) == (title, teaser, "yes")
    assert article.body == "---\nNot a header.\n---\n\nCRLF\nends here"
    assert article.author.name == "Zoë “Z” O'Brien: ☃"
    assert "Imported: nothing changed." in run_import(folder)


def test_export_is_deterministic_text(site, tmp_path):
    folder = export(tmp_path / "export")
    manifest = json.loads((folder / "manifest.json").read_text())

    texts = [data for name, data in files_of(folder).items() if name.endswith((".md", ".yaml"))]

    assert all(b"\r" not in data for data in texts)
    assert all(data.decode("utf-8") for data in texts)
    assert manifest["counts"]["articles"] == 1
    assert manifest["counts"]["relations"] == 1
    assert "articles.0001_initial" in manifest["migrations"]
    assert set(manifest["files"]) == set(files_of(folder)) - {"manifest.json"}


def test_export_removes_what_no_longer_exists(site, tmp_path):
    folder = export(tmp_path / "export")
    Comparison.objects.all().delete()

    export(folder)

    assert not (folder / "comparisons").exists()
    assert "Imported: nothing changed." in run_import(folder)


def test_export_refuses_a_folder_of_other_files(db, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")

    with pytest.raises(CommandError, match="holds files but no manifest.json"):
        export(tmp_path)


def test_use_case_and_fact_round_trip(site, tmp_path):
    folder = export(tmp_path / "export")
    fact = Fact.objects.get()
    use_case = UseCase.objects.get()
    delete_content()

    run_import(folder)

    assert Fact.objects.get().sources == fact.sources
    assert Fact.objects.get().value == "Generate text"
    assert UseCase.objects.get().as_of == use_case.as_of
    assert Concept.objects.get(slug="llm").outgoing_relations.get().target.slug == "generative-ai"
    assert list(
        Comparison.objects.get().comparison_dimensions.values_list("dimension__slug", flat=True)
    ) == ["purpose"]


def test_stray_file_is_named(site, tmp_path):
    folder = export(tmp_path / "export")
    (folder / "notes").mkdir()
    (folder / "notes/todo.md").write_text("")
    rewrite(folder, "notes/todo.md", lambda text: "---\ntitle: x\n---\n")

    with pytest.raises(CommandError, match=r"notes/todo\.md: not a file of this format"):
        run_import(folder)


def _tamper(folder, name, edit):
    """Rewrite `name` with `edit(text)` and fix its checksum, as someone with the folder can."""
    import hashlib
    import json

    path = folder / name
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"][name] = hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.django_db
def test_an_import_never_reads_or_writes_outside_its_folder(tmp_path, settings):
    from comparisons.content_folder import ContentError, export_content, import_content
    from tests.factories import make_image

    image = make_image()
    folder = tmp_path / "export"
    export_content(folder)
    (tmp_path / "secret.txt").write_text("not for readers")
    [header] = [p.name for p in (folder / "images").glob("*.yaml")]
    name = f"images/{header}"
    original = (folder / name).read_text(encoding="utf-8")

    for bad_file in ("../../secret.txt", "/etc/hostname"):
        _tamper(
            folder,
            name,
            lambda text: text.replace(
                f"file: {image.file.name.rsplit('/', 1)[1]}", f"file: {bad_file}"
            ),
        )
        with pytest.raises(ContentError, match="in the manifest"):
            import_content(folder)
        _tamper(folder, name, lambda text: original)
    _tamper(folder, name, lambda text: text.replace("path: ", "path: ../../", 1))
    with pytest.raises(ContentError, match="leaves the media folder"):
        import_content(folder)


@pytest.mark.django_db
def test_an_export_never_deletes_outside_its_folder(tmp_path):
    import json

    from comparisons.content_folder import ContentError, export_content

    folder = tmp_path / "export"
    export_content(folder)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["../victim.txt"] = "x"
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    with pytest.raises(ContentError, match="outside the folder"):
        export_content(folder)
    assert victim.read_text() == "keep me"

"""The editorial workflow in a real browser: live preview, autosave, conflicts, sharing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as Picture

from articles.editorial.models import Autosave, Status
from articles.media.models import Image
from articles.media.services import image_save
from articles.models import PreviewLink
from tests.factories import make_article, make_member


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def editor(transactional_db):
    return make_member("Editor", first_name="Ana")


@pytest.fixture
def article(transactional_db):
    return make_article(
        title="Browser draft",
        body="## Start\n\nFirst words.",
        status=Status.DRAFT,
        published_at=None,
    )


def type_at_end(page, text):
    body = page.locator("#id_body")
    body.focus()
    page.keyboard.press("Control+End")
    body.press_sequentially(text, delay=10)


def open_form(page, article):
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))


def test_live_preview_follows_typing(page, live_server, editor, article):
    log_in(page, live_server, editor)
    open_form(page, article)
    preview = page.locator("#live-preview")
    preview.locator("h2#start").wait_for()

    page.fill("#id_body", "## Fresh heading\n\n" + "word " * 300)

    preview.locator("h2#fresh-heading").wait_for()
    assert "302 words" in preview.inner_text()
    assert "2 min read" in preview.inner_text()
    assert page.problems == []


def test_autosave_after_typing_keeps_text_on_the_server(page, live_server, editor, article):
    log_in(page, live_server, editor)
    open_form(page, article)

    type_at_end(page, " Unsaved thought")
    page.locator("#autosave-status").filter(has_text="Draft kept on the server").wait_for()

    saved = Autosave.objects.get(object_id=article.pk)
    assert saved.data["body"].endswith("Unsaved thought")
    article.refresh_from_db()
    assert "Unsaved thought" not in article.body
    assert page.problems == []


def test_expired_session_keeps_the_text_in_the_browser(page, live_server, editor, article):
    log_in(page, live_server, editor)
    open_form(page, article)
    page.locator("#autosave-status").wait_for()
    page.context.clear_cookies()

    type_at_end(page, " Typed offline")

    notice = page.locator("#session-notice")
    notice.wait_for()
    assert "session has expired" in notice.inner_text()
    assert notice.locator("a").get_attribute("target") == "_blank"
    # Back after logging in again: the form offers the text typed before.
    log_in(page, live_server, editor)
    open_form(page, article)
    page.locator("#local-copy").wait_for()
    page.click("#restore-local")
    assert page.input_value("#id_body").endswith("Typed offline")
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert article.body.endswith("Typed offline")
    assert not [p for p in page.problems if "403" not in p and "Failed to load" not in p]


def test_conflict_screen_keeps_both_texts(page, live_server, editor, article):
    log_in(page, live_server, editor)
    open_form(page, article)
    # Someone else saves while the form is open.
    other = make_member("Editor", first_name="Ben")
    article.body = "## Start\n\nBen's words."
    article.full_clean()
    article.save()
    article.history.filter(version=article.version).update(history_user=other)

    page.fill("#id_body", "## Start\n\nAna's words.")
    page.click("input[name=_continue]")

    page.locator("#conflict").wait_for()
    assert "Ben saved this article while you were editing it" in page.content()
    assert page.input_value("#id_body") == "## Start\n\nAna's words."
    assert "Ben's words." in page.input_value("#current-body")
    # Merge and save again against the new version.
    page.fill("#id_body", "## Start\n\nAna's words.\n\nBen's words.")
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert article.body.replace("\r\n", "\n") == "## Start\n\nAna's words.\n\nBen's words."
    assert page.problems == []


def test_share_link_flow(page, live_server, editor, article):
    log_in(page, live_server, editor)
    open_form(page, article)

    page.click("#share-links button:has-text('Create a preview link')")
    field = page.locator("#share-links input[readonly]")
    field.wait_for()
    url = field.input_value()
    assert PreviewLink.objects.filter(article=article).count() == 1

    reviewer = page.context.browser.new_context()
    try:
        anonymous = reviewer.new_page()
        anonymous.goto(url)
        assert anonymous.locator("h1").inner_text() == "Browser draft"
        assert (
            anonymous.locator('meta[name="robots"]').get_attribute("content") == "noindex, nofollow"
        )

        page.click("#share-links button:has-text('Revoke')")
        page.locator("#share-links").filter(has_text="No active preview links").wait_for()
        response = anonymous.goto(url)
        assert response.status == 404
    finally:
        reviewer.close()
    assert page.problems == []


def test_presence_notice_and_preview_on_site(page, live_server, editor, article):
    other = make_member("Editor", first_name="Ben")
    client = Client()
    client.force_login(other)
    client.get(reverse("admin:articles_article_change", args=[article.pk]))
    log_in(page, live_server, editor)
    open_form(page, article)

    assert "Ben is editing this article since" in page.locator("#presence").inner_text()
    with page.expect_popup() as popup:
        page.click(".object-tools >> text=Preview")
    preview = popup.value
    preview.wait_for_load_state()
    assert preview.locator("h1").inner_text() == "Browser draft"
    assert page.problems == []


def test_editorial_admin_pages_hold_the_strict_csp(page, live_server, transactional_db):
    from articles.editorial.history import revisions
    from tests.factories import make_comparison

    admin = make_member("Admin")
    article = make_article(body="One\n\nTwo")
    article.body = "One\n\nThree"
    article.full_clean()
    article.save()
    old, new = list(revisions(article))[::-1][:2]
    comparison = make_comparison(status=Status.DRAFT, published_at=None)
    log_in(page, live_server, admin)

    for url in [
        reverse("admin:comparisons_comparison_change", args=[comparison.pk]),
        reverse("admin:articles_article_revisions", args=[article.pk]),
        reverse("admin:articles_article_compare", args=[article.pk])
        + f"?a={old.history_id}&b={new.history_id}",
        reverse("admin:editorial_auditentry_changelist"),
        reverse("admin:articles_article_changelist"),
    ]:
        response = page.goto(url)
        assert response.status == 200, url
    assert (
        "Removed"
        in page.goto(
            reverse("admin:articles_article_compare", args=[article.pk])
            + f"?a={old.history_id}&b={new.history_id}"
        ).text()
    )
    problems = [p for p in page.problems if "favicon" not in p and "404" not in p]
    assert problems == []


def test_the_add_page_keeps_typed_text_across_a_reload(page, live_server, editor, article):
    log_in(page, live_server, editor)
    page.goto(reverse("admin:articles_article_add"))
    assert "kept in this browser until the first save" in page.inner_text("#autosave-status")

    page.fill("#id_title", "A piece begun before lunch")
    type_at_end(page, "Its first paragraph, never saved.")
    page.reload()

    page.locator("#local-copy").wait_for()
    page.click("#restore-local")
    assert page.input_value("#id_title") == "A piece begun before lunch"
    assert page.input_value("#id_body") == "Its first paragraph, never saved."

    # Once saved as an item, the copy typed into the new form is cleared: here, one whose
    # text is that of the existing article.
    key = f"compendium:article:new:{editor.pk}"
    page.evaluate(
        """([key, fields]) => localStorage.setItem(key, JSON.stringify({at: "", fields}))""",
        [key, {"title": article.title, "slug": article.slug, "teaser": article.teaser,
               "body": article.body, "hero_alt": "", "hero_caption": "", "seo_title": "",
               "seo_description": ""}],
    )  # fmt: skip
    open_form(page, article)
    page.locator("#autosave-status").filter(has_text="Drafts are kept").wait_for()
    assert page.evaluate("(key) => localStorage.getItem(key)", key) is None
    assert page.problems == []


COVERED_TEXT = """() => {
  const covered = [];
  const selector = "h1, h2, h3, p, label, legend, li, a, button, input[type=submit], td, th";
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    if (box.width < 2 || box.height < 2 || !el.textContent.trim() && el.tagName !== "INPUT") continue;
    if (getComputedStyle(el).visibility === "hidden" || el.closest(".visually-hidden")) continue;
    // The folded content of a closed <details> keeps its boxes but is not painted.
    const folded = el.closest("details:not([open])");
    if (folded && !el.closest("summary")) continue;
    for (const [fx, fy] of [[0.5, 0.5], [0.1, 0.5], [0.9, 0.5]]) {
      const x = box.left + box.width * fx, y = box.top + box.height * fy;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit && !el.contains(hit) && !hit.contains(el)) {
        covered.push(`${el.tagName} "${el.textContent.trim().slice(0, 40)}" under ` +
                     `${hit.tagName}.${hit.className} "${(hit.textContent || "").trim().slice(0, 40)}"`);
        break;
      }
    }
  }
  return covered;
}"""


@pytest.mark.parametrize("width", [1440, 375])
def test_the_change_form_has_no_element_covering_anothers_text(
    page, live_server, editor, article, width
):
    make_member("Editor")  # someone else to make the form busy: presence, share links
    PreviewLink.objects.create(article=article, created_by=editor)
    log_in(page, live_server, editor)
    page.set_viewport_size({"width": width, "height": 900})
    open_form(page, article)
    page.locator("#live-preview h2#start").wait_for()
    page.wait_for_load_state("networkidle")  # the picker and the preview have loaded
    # Everything in view at once, the action bar where it sits before any scrolling.
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_load_state("networkidle")

    covered = page.evaluate(COVERED_TEXT)
    assert covered == [], "\n".join(covered)
    assert (
        page.locator("#share-links").bounding_box()["y"]
        > page.locator("input[name=_save]").bounding_box()["y"]
    )


def test_publish_from_the_action_bar_and_enter_only_saves(page, live_server, editor, article):
    log_in(page, live_server, editor)
    open_form(page, article)
    bar = page.locator(".editorial-bar")
    assert bar.locator(".editorial-bar__state").inner_text() == "Draft"
    page.wait_for_load_state("networkidle")

    # Enter in a field saves (the bar's first button) and never publishes.
    page.fill("#id_title", "Browser draft, retitled")
    with page.expect_navigation():
        page.press("#id_title", "Enter")
    page.locator(".messagelist .success").wait_for()
    # The live server shares the test's in-memory database connection: ask it nothing while
    # the page's own requests (live preview, presence) are in flight.
    page.wait_for_load_state("networkidle")
    article.refresh_from_db()
    assert article.title == "Browser draft, retitled" and article.status == Status.DRAFT

    # The bar stays in reach further down the form, and publishes.
    page.locator("input[name=_save]").scroll_into_view_if_needed()
    assert abs(bar.bounding_box()["y"]) < 2
    with page.expect_navigation():
        bar.get_by_role("button", name="Save and publish").click()
    page.locator(".messagelist .success").filter(has_text="Live since").wait_for()
    page.wait_for_load_state("networkidle")
    article.refresh_from_db()
    assert article.is_published()
    assert page.locator(".editorial-bar").count() == 1
    assert page.locator(".editorial-bar__primary").count() == 0  # live: Save is the action
    assert page.problems == []


def test_wide_screens_show_the_reader_styled_preview_beside_the_text(
    page, live_server, editor, article
):
    log_in(page, live_server, editor)
    page.set_viewport_size({"width": 1440, "height": 900})
    open_form(page, article)
    heading = page.locator("#live-preview h2#start")
    heading.wait_for()

    body = page.locator("#id_body").bounding_box()
    preview = page.locator(".editorial-preview-box").bounding_box()
    assert preview["x"] >= body["x"] + body["width"]  # beside, not below
    assert preview["y"] < body["y"] + body["height"]
    # The public stylesheet, not the admin's: no blue bar behind headings, the reader's font.
    styles = heading.evaluate(
        "h => [getComputedStyle(h).backgroundColor, getComputedStyle(h).fontFamily]"
    )
    admin_h2 = page.locator("fieldset h2").first.evaluate(
        "h => getComputedStyle(h).backgroundColor"
    )
    assert styles[0] != admin_h2
    assert "system-ui" in styles[1]
    assert page.problems == []


def test_an_image_inserted_from_the_library_shows_on_the_public_page(
    page, live_server, editor, article
):
    buffer = io.BytesIO()
    Picture.new("RGB", (1200, 600), (200, 120, 40)).save(buffer, "JPEG")
    image = image_save(
        image=Image(
            file=SimpleUploadedFile("dunes.jpg", buffer.getvalue()),
            title="Dunes at noon",
            alt="Orange dunes under a white sky",
        )
    )
    log_in(page, live_server, editor)
    open_form(page, article)

    page.fill("#image-picker-q", "dunes")
    page.locator(f'.image-picker__insert[data-insert="![](image:{image.pk})"]').click()
    assert f"![](image:{image.pk})" in page.input_value("#id_body")
    # The live preview shows it as readers will, in its shadow root.
    page.locator('#live-preview img[alt="Orange dunes under a white sky"]').wait_for()

    page.locator(".editorial-bar").get_by_role("button", name="Save and publish").click()
    page.locator(".messagelist .success").filter(has_text="Live since").wait_for()
    page.goto(f"{live_server.url}/articles/{article.slug}/")
    picture = page.locator(".prose picture")
    assert picture.locator("source[type='image/webp']").count() == 1
    assert picture.locator("img").get_attribute("alt") == "Orange dunes under a white sky"
    # Media files are not served by the test server: only their loading may fail.
    assert [p for p in page.problems if "Failed to load resource" not in p] == []


def test_narrow_screens_jump_to_the_preview_and_back(page, live_server, editor, article):
    log_in(page, live_server, editor)
    page.set_viewport_size({"width": 375, "height": 800})
    open_form(page, article)
    page.locator("#live-preview h2#start").wait_for()

    page.locator(".editorial-bar").get_by_role("link", name="Live preview").click()
    assert page.locator("#live-preview-box").bounding_box()["y"] < 800
    page.get_by_role("link", name="Back to the text").click()
    assert page.evaluate("location.hash") == "#id_body"
    # Wide screens have it beside the text: no jump links.
    page.set_viewport_size({"width": 1440, "height": 900})
    assert not page.locator(".editorial-bar__preview").is_visible()

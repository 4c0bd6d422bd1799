"""Import a WordPress export: posts become articles, their images library images, their old
addresses redirects. Importing the same export again updates what the first run made."""

import ipaddress
import re
import socket
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.core import delivery, uploads
from articles.editorial.models import Status
from articles.knowledge.models import Concept
from articles.media.models import Image
from articles.media.services import image_save
from articles.models import Article, Author, ImportedItem, LegacyPath, OldSlug, Topic
from articles.services import article_hero_renditions
from articles.wordpress import wxr
from articles.wordpress.convert import plain_text, to_markdown

FETCH_TIMEOUT = 15
# Thumbnails WordPress made from an upload: `photo-1024x768.jpg` is a size of `photo.jpg`.
SIZED_RE = re.compile(r"-\d{1,5}x\d{1,5}(?=\.\w{2,5}$)")
UPLOADS_MARK = "/wp-content/uploads/"
# A teaser made from the content stops after the sentence that reaches this many characters.
TEASER_ENOUGH = 120
SENTENCE_RE = re.compile(r"(?<=[.!?…])\s+")
EMPTY_DATE = "0000-00-00 00:00:00"
STATUSES = {
    "publish": Status.PUBLISHED,
    "future": Status.PUBLISHED,  # With its future date: scheduled.
    "draft": Status.DRAFT,
    "pending": Status.DRAFT,
}
FALLBACK_TOPIC = ("Uncategorized", "uncategorized")
# The history entry of an import's save: any later entry is someone's edit on this site.
IMPORT_REASON = "Imported from WordPress"
TITLE_LENGTH = Article._meta.get_field("title").max_length
TEASER_LENGTH = Article._meta.get_field("teaser").max_length
SLUG_LENGTH = Article._meta.get_field("slug").max_length
PATH_LENGTH = LegacyPath._meta.get_field("path").max_length


class FetchError(Exception):
    pass


def public_address(url):
    """Raise FetchError unless `url` is http(s) on a host whose every address is public: an
    export (or the old site's redirects) must not make this server read its own network
    (loopback, private ranges, link-local such as cloud metadata, reserved)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("only http and https addresses are fetched")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError) as error:
        raise FetchError(f"cannot resolve {parts.hostname}: {error}") from error
    for *_, address in found:
        ip = ipaddress.ip_address(address[0].split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            raise FetchError(f"{parts.hostname} is not a public address ({ip}): not fetched")


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        public_address(newurl)  # every hop, not only the first
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_HttpOnlyRedirects)


def fetch(url, *, max_bytes=None):
    """Return the bytes at http(s) `url`, at most `max_bytes` (the library's upload limit).

    Raises FetchError for any other scheme, a host that is not public (checked again on
    every redirect), a network error, an HTTP error or a file over the limit.
    """
    max_bytes = max_bytes or settings.COMPENDIUM_IMAGE_MAX_BYTES
    public_address(url)
    request = urllib.request.Request(url, headers={"User-Agent": "Compendium importer"})
    try:
        with _opener.open(request, timeout=FETCH_TIMEOUT) as response:
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"larger than {max_bytes} bytes")
            data = response.read(max_bytes + 1)
    except (OSError, ValueError, urllib.error.URLError) as error:
        raise FetchError(str(error)) from error
    if len(data) > max_bytes:
        raise FetchError(f"larger than {max_bytes} bytes")
    return data


@dataclass
class Attachment:
    url: str
    title: str = ""
    alt: str = ""


@dataclass
class Report:
    """What an import did, counted, with the reasons for what it did not do."""

    created: int = 0
    updated: int = 0
    skipped: Counter = field(default_factory=Counter)
    failed: list = field(default_factory=list)
    missing_images: list = field(default_factory=list)
    images: int = 0
    authors: int = 0
    topics: int = 0
    unmatched_tags: Counter = field(default_factory=Counter)
    notes: list = field(default_factory=list)

    def lines(self):
        """Return the summary as lines of text."""
        skipped = sum(self.skipped.values())
        found = [
            (
                f"Articles: {self.created} created, {self.updated} updated, {skipped} skipped, "
                f"{len(self.failed)} failed."
            ),
            (
                f"Authors created: {self.authors}; topics created: {self.topics}; "
                f"images added to the library: {self.images}."
            ),
        ]
        found += [f"  skipped {count}: {reason}" for reason, count in sorted(self.skipped.items())]
        found += [f"  failed {label}: {reason}" for label, reason in self.failed]
        if self.missing_images:
            found.append(f"Images not imported: {len(self.missing_images)}.")
            found += [f"  {label}: {url} ({reason})" for label, url, reason in self.missing_images]
        if self.unmatched_tags:
            found.append("Tags not imported (no concept of that name or alias):")
            found += [f"  {tag} ({count})" for tag, count in self.unmatched_tags.most_common()]
        found += [f"Note: {note}" for note in self.notes]
        return found


def parse_date(value):
    """Return an aware datetime for a WordPress "YYYY-MM-DD HH:MM:SS", or None when unset.

    Raises ValueError for anything else.
    """
    value = (value or "").strip()
    if not value or value == EMPTY_DATE:
        return None
    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")


def make_teaser(excerpt, content):
    """The excerpt's words, else the content's first sentences, within the teaser's length."""
    text = plain_text(excerpt)
    enough = TEASER_LENGTH
    if not text:
        text, enough = plain_text(content), TEASER_ENOUGH
    teaser = ""
    for sentence in SENTENCE_RE.split(text):
        candidate = f"{teaser} {sentence}".strip()
        if len(candidate) > TEASER_LENGTH:
            break
        teaser = candidate
        if len(teaser) >= enough:
            break
    if not teaser and text:
        teaser = text[: TEASER_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return teaser


def legacy_path(link):
    """Return the path of a post's old address to redirect (unquoted, as Django sees it), or
    "" when it has none beyond the site's root."""
    parts = urlsplit(link or "")
    path = unquote(parts.path)
    if not path.strip("/") or len(path) > PATH_LENGTH or "\x00" in path:
        return ""
    return path


def post_id_path(post_id):
    return f"/?p={post_id}"


class Importer:
    """One run over one export; `run()` returns its Report."""

    def __init__(self, path, *, media_dir=None, fetch_media=True, tags_as_concepts=False,
                 dry_run=False, progress=None):  # fmt: skip
        self.path = path
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.fetch_media = fetch_media
        self.tags_as_concepts = tags_as_concepts
        self.dry_run = dry_run
        self.progress = progress or (lambda done, total: None)
        self.report = Report()
        self.site = wxr.Site()
        self.authors = {}  # login → wxr.Author
        self.categories = {}  # slug → name
        self.attachments = {}  # WordPress id → Attachment
        self.attachment_urls = {}  # url → Attachment
        self.total = 0
        self._authors = {}
        self._topics = {}
        self._concepts = None
        self.images_of_post = ""
        # The bytes (or the FetchError) of each image of the post being imported, fetched
        # before its transaction opens.
        self.fetched = {}
        self.collecting = False

    # The two passes ------------------------------------------------------------------------

    def run(self):
        self.survey()
        if self.dry_run:
            with delivery.quiet(), transaction.atomic():
                self.import_posts()
                transaction.set_rollback(True)
        else:
            self.import_posts()
        return self.report

    def survey(self):
        """First pass: the site, its authors, categories and attachments; count the posts."""
        for record in wxr.read(self.path):
            if isinstance(record, wxr.Site):
                self.site = record
            elif isinstance(record, wxr.Author):
                self.authors[record.login] = record
            elif isinstance(record, wxr.Term):
                if record.kind == "category" and record.slug:
                    self.categories[record.slug] = record.name
            elif record.post_type == "attachment":
                if record.post_id is not None and record.attachment_url:
                    attachment = Attachment(
                        url=record.attachment_url,
                        title=record.title,
                        alt=record.meta.get("_wp_attachment_image_alt", ""),
                    )
                    self.attachments[record.post_id] = attachment
                    self.attachment_urls[record.attachment_url] = attachment
            elif record.post_type == "post":
                self.total += 1

    def import_posts(self):
        done = 0
        for record in wxr.read(self.path):
            if not isinstance(record, wxr.Post) or record.post_type == "attachment":
                continue
            if record.post_type != "post":
                self.report.skipped[f"a {record.post_type or 'typeless item'}, not a post"] += 1
                continue
            label = f"post {record.post_id} “{record.title[:60]}”"
            try:
                self.prefetch(record, label)
                with uploads.uncommitted_files_removed(), transaction.atomic():
                    self.import_post(record, label)
            # One bad item is reported and rolled back; it must not stop the rest.
            except Exception as error:  # noqa: BLE001
                reason = "; ".join(error.messages) if isinstance(error, ValidationError) else error
                self.report.failed.append((label, f"{type(error).__name__}: {reason}"))
            finally:
                self.fetched.clear()
            done += 1
            self.progress(done, self.total)

    # One post --------------------------------------------------------------------------------

    @property
    def site_url(self):
        return (self.site.base_url or self.site.link or "").rstrip("/")

    def import_post(self, post, label):
        if post.post_id is None:
            raise ValueError("the item has no wp:post_id")
        status = STATUSES.get(post.status)
        if status is None:
            self.report.skipped[f"{post.status or 'no'} status"] += 1
            return
        published_at = None
        if status == Status.PUBLISHED:
            gmt = parse_date(post.date_gmt)
            local = parse_date(post.date)
            if gmt is not None:
                published_at = timezone.make_aware(gmt, UTC)
            elif local is not None:
                published_at = timezone.make_aware(local)
        key = f"wordpress:{self.site_url}/?p={post.post_id}"
        record = ImportedItem.objects.filter(source=key).select_related("article").first()
        latest = record.article.history.order_by("-history_date").first() if record else None
        if latest is not None and latest.history_change_reason != IMPORT_REASON:
            # Someone changed it on this site since: their work wins over the export's.
            self.report.skipped["edited on this site since it was imported (kept as it is)"] += 1
            return
        article = record.article if record else Article()
        self.images_of_post = label
        body = to_markdown(post.content, image=self.inline_image).strip()
        if not body:
            self.report.skipped["no content"] += 1
            return
        article.title = (post.title.strip() or f"Untitled post {post.post_id}")[:TITLE_LENGTH]
        if article.pk is None:
            article.slug = self.unique_slug(post, article)
        article.teaser = make_teaser(post.excerpt, post.content) or article.title[:TEASER_LENGTH]
        article.body = body + "\n"
        article.status = status
        article.published_at = published_at
        if status != Status.PUBLISHED:
            article.first_published_at = None
        article.author = self.author(post.creator)
        article.topic = self.topic(post)
        hero = self.featured_image(post, label)
        if hero is not None and article.hero_source_id != hero.pk:
            article.hero_source, article.hero_alt, article.hero_caption = hero, "", ""
        article.full_clean()
        created = article.pk is None
        article._change_reason = IMPORT_REASON
        article.save()
        if hero is not None:
            article_hero_renditions(article=article)
        if record is None:
            ImportedItem.objects.create(source=key, article=article)
        self.keep_address(legacy_path(post.link), article, label)
        self.keep_address(post_id_path(post.post_id), article, label)
        concepts = self.concepts(post)
        if concepts:
            article.concepts.add(*concepts)
        if created:
            self.report.created += 1
        else:
            self.report.updated += 1

    def unique_slug(self, post, article):
        base = slugify(unquote(post.slug)) or slugify(post.title) or f"post-{post.post_id}"
        base = base[:SLUG_LENGTH].strip("-")
        slug, n = base, 1
        while (
            Article.objects.filter(slug=slug).exclude(pk=article.pk).exists()
            or OldSlug.objects.filter(slug=slug).exists()
        ):
            n += 1
            suffix = f"-{n}"
            slug = base[: SLUG_LENGTH - len(suffix)] + suffix
        return slug

    def keep_address(self, path, article, label):
        if not path:
            return
        found = LegacyPath.objects.filter(path=path).first()
        if found is None:
            LegacyPath.objects.create(path=path, article=article)
        elif found.article_id != article.pk:
            self.report.notes.append(
                f"{label}: the old address {path} already leads to another article; kept that."
            )

    def author(self, login):
        login = login.strip() or "wordpress"
        if login not in self._authors:
            slug = slugify(login)[:120] or "wordpress"
            author = Author.objects.filter(slug=slug).first()
            if author is None:
                known = self.authors.get(login)
                name = (known.display_name if known else "") or login
                author = Author(name=name[:120], slug=slug)
                author.full_clean()
                author.save()
                self.report.authors += 1
            self._authors[login] = author
        return self._authors[login]

    def topic(self, post):
        categories = [term for term in post.terms if term.kind == "category"]
        if categories:
            slug = slugify(unquote(categories[0].slug)) or slugify(categories[0].name)
            name = categories[0].name or self.categories.get(categories[0].slug) or slug
        else:
            name, slug = FALLBACK_TOPIC
        slug = slug[:80] or FALLBACK_TOPIC[1]
        if slug not in self._topics:
            topic = (
                Topic.objects.filter(slug=slug).first()
                or Topic.objects.filter(name__iexact=name[:80]).first()
            )
            if topic is None:
                topic = Topic(name=name[:80], slug=slug)
                topic.full_clean()
                topic.save()
                self.report.topics += 1
            self._topics[slug] = topic
        return self._topics[slug]

    def concepts(self, post):
        tags = [term.name for term in post.terms if term.kind == "post_tag" and term.name]
        if not tags:
            return []
        if not self.tags_as_concepts:
            self.report.unmatched_tags.update(tags)
            return []
        if self._concepts is None:
            self._concepts = {}
            for concept in Concept.objects.only("name", "aliases"):
                for name in (concept.name, *concept.alias_list):
                    self._concepts.setdefault(name.casefold(), concept)
        found = []
        for tag in tags:
            concept = self._concepts.get(tag.strip().casefold())
            if concept is None:
                self.report.unmatched_tags[tag] += 1
            else:
                found.append(concept)
        return found

    # Images --------------------------------------------------------------------------------

    def prefetch(self, post, label):
        """Fetch the post's images before its transaction opens: on SQLite the write lock is
        held from a transaction's start, and a slow old server must not keep editors waiting.
        Runs the same lookups as the import, writing and reporting nothing."""
        if not self.fetch_media or self.dry_run:
            return
        self.collecting, self.images_of_post = True, label
        try:
            self.featured_image(post, label)
            to_markdown(post.content, image=self.inline_image)
        finally:
            self.collecting = False

    def fetch_once(self, url):
        """`fetch(url)`, remembered for the post being imported."""
        if url not in self.fetched:
            try:
                self.fetched[url] = fetch(url)
            except FetchError as error:
                self.fetched[url] = error
        found = self.fetched[url]
        if isinstance(found, FetchError):
            raise found
        return found

    def featured_image(self, post, label):
        thumbnail = wxr.whole(post.meta.get("_thumbnail_id"))
        if thumbnail is None:
            return None
        attachment = self.attachments.get(thumbnail)
        if attachment is None:
            if not self.collecting:
                self.report.missing_images.append(
                    (label, f"attachment {thumbnail}", "not in the export")
                )
            return None
        return self.library_image(attachment.url, label, attachment=attachment)

    def inline_image(self, src, alt, attachment_id):
        """The converter's image callback: a library reference when the image could be had."""
        label = self.images_of_post
        absolute = urljoin(self.site_url + "/", src) if src else ""
        attachment = self.attachments.get(attachment_id) if attachment_id else None
        if attachment is None:
            original = SIZED_RE.sub("", absolute)
            attachment = self.attachment_urls.get(absolute) or self.attachment_urls.get(original)
        url = attachment.url if attachment else absolute
        image = self.library_image(url, label, attachment=attachment, alt=alt, sized=absolute)
        if image is None:
            # Our pages show images from our own origin only: a link to the old file instead.
            if urlsplit(absolute).scheme in ("http", "https"):
                return absolute, alt, True
            return None
        return image.reference, alt, False

    def library_image(self, url, label, *, attachment=None, alt="", sized=""):
        """Return the library image for `url` (imported once, then found again), or None when
        it cannot be had (recorded in the report)."""
        if not url:
            return None
        key = f"wordpress-media:{url}"[:500]
        known = ImportedItem.objects.filter(source=key).select_related("image").first()
        if known is not None:
            return known.image
        data, reason = None, "no --media-dir copy and fetching is off"
        for candidate in dict.fromkeys([url, sized]):
            if candidate and self.media_dir is not None:
                data = self.local_copy(candidate)
                if data is not None:
                    break
                reason = "not in --media-dir"
        own = attachment is not None or urlsplit(url).netloc == urlsplit(self.site_url).netloc
        if data is None and self.fetch_media and not own:
            reason = "not one of the export's files, so not fetched"
        elif data is None and self.fetch_media and not self.dry_run:
            try:
                data = self.fetch_once(url)
            except FetchError as error:
                reason = f"could not fetch: {error}"
        if self.collecting:
            return None
        if data is None:
            if not (self.dry_run and self.fetch_media and own):
                self.report.missing_images.append((label, url, reason))
            return None
        if self.dry_run:
            self.report.images += 1  # Would be added.
            return None
        name = PurePosixPath(urlsplit(url).path).name or "image"
        title = (attachment.title if attachment else "") or PurePosixPath(name).stem
        words = (attachment.alt if attachment else "") or alt or title
        image = Image(file=ContentFile(data, name=name), title=title[:200], alt=words[:250])
        try:
            with transaction.atomic():
                image_save(image=image)
                ImportedItem.objects.create(source=key, image=image)
        except (ValidationError, OSError, ValueError) as error:
            detail = "; ".join(error.messages) if isinstance(error, ValidationError) else error
            self.report.missing_images.append((label, url, f"not a usable image: {detail}"))
            return None
        self.report.images += 1
        return image

    def local_copy(self, url):
        """Return the bytes of `…/wp-content/uploads/<rest>` from `<media dir>/<rest>`."""
        path = unquote(urlsplit(url).path)
        if UPLOADS_MARK not in path:
            return None
        rest = path.split(UPLOADS_MARK, 1)[1]
        candidate = (self.media_dir / rest).resolve()
        if not candidate.is_relative_to(self.media_dir) or not candidate.is_file():
            return None
        if candidate.stat().st_size > settings.COMPENDIUM_IMAGE_MAX_BYTES:
            return None
        return candidate.read_bytes()

"""Full-text search over articles, concepts and comparisons with the database's own engine.

SQLite: one FTS5 external-content table per model, kept current by triggers on the model's
table. PostgreSQL: a weighted `search_document` tsvector column per model, filled by a trigger
and indexed with GIN. Both are created by `create_index()` (migration articles 0003), so every
write path (admin, management commands, bulk inserts, raw SQL) keeps the index current. Publish
state is never indexed: it is checked at query time with `.published()`.

This module knows no model: each app registers its searchable kinds in its AppConfig
(`register(Kind(...))`), saying which table to index and how readers may see its rows.
"""

import bisect
import functools
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import BooleanField, F
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.core import delivery

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MIN_PREFIX_LENGTH = 3
SNIPPET_WORDS = 28
START, STOP = "\x02", "\x03"


@dataclass(frozen=True)
class Kind:
    """One searchable model and how its text is indexed and shown."""

    name: str
    label: str
    table: str
    # (column, PostgreSQL weight, SQLite bm25 weight), most important first.
    columns: tuple[tuple[str, str, float], ...]
    # Matching any of these puts a result in the "title" tier, above body-only matches.
    title_columns: tuple[str, ...]
    # Shown under the title: the first that contains a match, else the first one.
    # (column, whole) where whole=True shows the full (short) text highlighted.
    summary_columns: tuple[tuple[str, bool], ...]
    # The reader's "type" filter shows kinds in this order, under this name.
    position: int
    plural: str
    # (topic or None) -> QuerySet of the rows readers may see: publish state decided there.
    visible: Callable
    # (ids) -> {id: object}, loading what a result shows in one or two queries.
    fetch: Callable
    aliases_column: str | None = None
    # Only kinds that belong to topics are searched when the reader picks a topic.
    by_topic: bool = False
    # () -> QuerySet of `.values(label=…, more=…, ref=…)`, most useful first: the words of
    # `label` and `more` are the vocabulary spelling suggestions draw on (see `spelling()`).
    vocabulary: Callable | None = None
    # (ref) -> URL, for kinds whose items are offered when a search finds nothing.
    offer: Callable | None = None

    @property
    def fts_table(self):
        return f"search_{self.name}"

    @property
    def column_names(self):
        return [column for column, _, _ in self.columns]


# Filled by the apps' AppConfig.ready(), in the order of `Kind.position`.
KINDS = {}


def register(kind):
    """Make `kind` searchable; the index is created for it by `create_index()`."""
    KINDS[kind.name] = kind
    ordered = sorted(KINDS.values(), key=lambda k: (k.position, k.name))
    KINDS.clear()
    KINDS.update((k.name, k) for k in ordered)


def types():
    """Return the reader's "type" filter: {value: (label, kinds it searches)}."""
    return {"all": ("All", tuple(KINDS))} | {
        kind.plural.lower(): (kind.plural, (kind.name,)) for kind in KINDS.values()
    }


PER_PAGE = 10
# A query matching more than this many items of one type ranks only the most recently added
# ones (highest ids), which keeps every search fast whatever the size of the site.
RANK_LIMIT = 2000


# Query parsing ----------------------------------------------------------------------------

WORD = re.compile(r"[^\W_]+")
CHUNK = re.compile(r'(-?)(?:"([^"]*)"?|([^\s"]+))')


@dataclass(frozen=True)
class Term:
    """A word or phrase the results must (or, if negated, must not) contain."""

    text: str  # as typed, for PostgreSQL's parser
    words: tuple[str, ...]  # letters and digits only, for FTS5
    negated: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    terms: tuple[Term, ...]

    def __bool__(self):
        return any(not term.negated for term in self.terms)

    def fts5(self, columns=()):
        """Return the FTS5 MATCH expression: every token quoted, so no operator gets through."""

        def phrase(term):
            quoted = '"' + " ".join(term.words) + '"'
            return quoted + "*" if term.prefix else quoted

        expression = "(" + " AND ".join(phrase(t) for t in self.terms if not t.negated) + ")"
        for term in self.terms:
            if term.negated:
                expression += " NOT " + phrase(term)
        if columns:
            expression = "{" + " ".join(columns) + "} : " + expression
        return expression

    def tsquery(self):
        """Return SQL and parameters for the PostgreSQL tsquery of this query."""
        parts, params = [], []
        for term in self.terms:
            if term.prefix:
                # A single word of letters and digits: nothing in it needs quoting. The whole
                # word besides its prefix changes no match, but gives the planner the word's
                # statistics: a common word then walks the newest rows instead of reading
                # every match (220 → 20 ms for a word in all of 100,000 articles).
                parts.append("(plainto_tsquery('english', %s) || to_tsquery('english', %s))")
                params += [term.words[0], f"'{term.words[0]}':*"]
            else:
                # The same parser as the documents, so "GPT-4" is tokenised alike on both sides.
                parts.append("phraseto_tsquery('english', %s)")
                params.append(term.text)
            if term.negated:
                parts[-1] = "!!" + parts[-1]
        return "(" + " && ".join(parts) + ")", params


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_query(text):
    """Return what the reader typed, cut to length and without control characters."""
    return CONTROL.sub("", text)[:MAX_QUERY_LENGTH]


def parse_query(text):
    """Turn what the reader typed into terms; operators and stray syntax are treated as words.

    "quoted words" make a phrase, a leading minus leaves a word or phrase out, and the last
    word is matched as a prefix while it is still being typed (no space after it yet).
    """
    text = clean_query(text)
    terms = []
    for match in CHUNK.finditer(text):
        negated, quoted, bare = match.group(1) == "-", match.group(2), match.group(3)
        chunk = quoted if quoted is not None else bare
        words = tuple(WORD.findall(chunk))
        if not words:
            continue
        terms.append(Term(text=chunk, words=words, negated=negated))
        if len(terms) == MAX_TERMS:
            break
    if terms:
        last = terms[-1]
        still_typing = text == text.rstrip() and not text.endswith('"')
        if (
            still_typing
            and not last.negated
            and len(last.words) == 1
            and len(last.words[0]) >= MIN_PREFIX_LENGTH
        ):
            terms[-1] = Term(text=last.text, words=last.words, prefix=True)
    return ParsedQuery(text=text.strip(), terms=tuple(terms))


# Highlighting -----------------------------------------------------------------------------

MARKDOWN_HEADING = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+(.*?)[ \t#]*$")
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)?")
MARKDOWN_MARKS = re.compile(r"(?m)^\s*(?:#{1,6}|[-*+>]|\d+\.)\s+|[*_`|#]+|<[^>]*>")
SPACES = re.compile(r"\s+")


def _heading(match):
    heading = match.group(1)
    ends_a_sentence = heading.rstrip(START + STOP)[-1:] in (".", "?", "!", ":")
    return heading if ends_a_sentence else heading + ":"


def plain(text):
    """Return Markdown source as readable plain text for a snippet."""
    text = MARKDOWN_HEADING.sub(_heading, text)
    text = MARKDOWN_LINK.sub(r"\1", text)
    text = MARKDOWN_MARKS.sub(" ", text)
    return SPACES.sub(" ", text).strip()


def highlight(text):
    """Escape text and turn the engine's match markers into <mark> elements, always balanced."""
    html, is_open = [], False
    for piece in re.split(f"([{START}{STOP}])", text or ""):
        if piece == START:
            if not is_open:
                html.append("<mark>")
                is_open = True
        elif piece == STOP:
            if is_open:
                html.append("</mark>")
                is_open = False
        else:
            html.append(escape(piece))
    if is_open:
        html.append("</mark>")
    return mark_safe("".join(html))


# Results --------------------------------------------------------------------------------


@dataclass
class Hit:
    kind: Kind
    object: object
    title: str
    summary: str
    aliases: str = ""

    @property
    def type(self):
        return self.kind.name


def _visible(kind, topic):
    """Return a QuerySet of what readers may see: publish state is decided by the kind."""
    return kind.visible(topic if kind.by_topic else None)


class SqliteBackend:
    """FTS5 queries. Each method returns (common table expressions, SQL, parameters)."""

    def prelude(self, query):
        return []

    def candidates(self, query, kind, topic, limit, columns=""):
        """Return SQL for the newest visible matches, at most `limit` of them.

        CROSS JOIN keeps the full-text match as the outer loop (SQLite never reorders it;
        otherwise it may run the match once per published row), and FTS5 hands rows over
        newest first, so the scan stops at the limit.
        """
        visible = _visible(kind, topic).order_by().values("pk", label=F(kind.title_columns[0]))
        visible, params = visible.query.sql_with_params()
        fts = kind.fts_table
        sql = (
            f"SELECT {fts}.rowid AS id, visible.label AS label{columns} FROM {fts}"
            f" CROSS JOIN ({visible}) AS visible ON visible.pk = {fts}.rowid"
            f" WHERE {fts} MATCH %s ORDER BY {fts}.rowid DESC LIMIT %s"
        )
        return sql, [*params, query.fts5(), limit]

    def count_sql(self, query, kind, topic, label=None):
        candidates, params = self.candidates(query, kind, topic, RANK_LIMIT + 1)
        sql = f"SELECT %s, count(*) FROM ({candidates}) AS c"
        return [], sql, [label or kind.name, *params]

    def hits_sql(self, query, kind, topic):
        fts, name = kind.fts_table, f"{kind.name}_candidates"
        weights = ", ".join(str(weight) for _, _, weight in kind.columns)
        candidates, params = self.candidates(
            query, kind, topic, RANK_LIMIT, columns=f", -bm25({fts}, {weights}) AS score"
        )
        # The title matches among the candidates only: a rowid range FTS5 can skip to.
        sql = (
            f"SELECT %s AS kind, c.id, CASE"
            f" WHEN lower(c.label) = lower(%s) THEN 2"
            f" WHEN c.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s"
            f" AND rowid >= (SELECT min(id) FROM {name})) THEN 1"
            f" ELSE 0 END AS tier, c.score FROM {name} AS c"
        )
        title_match = query.fts5(kind.title_columns)
        return [(name, candidates, params)], sql, [kind.name, query.text, title_match]

    def snippets_sql(self, query, kind, ids):
        fts = kind.fts_table
        index = {column: n for n, column in enumerate(kind.column_names)}
        marks = "char(2), char(3)"
        columns = [f"highlight({fts}, 0, {marks})"]
        if kind.aliases_column:
            columns.append(f"highlight({fts}, {index[kind.aliases_column]}, {marks})")
        else:
            columns.append("''")
        for column, whole in kind.summary_columns:
            if whole:
                columns.append(f"highlight({fts}, {index[column]}, {marks})")
            else:
                columns.append(f"snippet({fts}, {index[column]}, {marks}, '…', {SNIPPET_WORDS})")
        columns += ["''"] * (3 - len(kind.summary_columns))
        placeholders = ", ".join(["%s"] * len(ids))
        # A rowid range, not the list: FTS5 would run a prefix query once per listed rowid.
        sql = (
            f"SELECT %s, rowid, {', '.join(columns)} FROM {fts} WHERE {fts} MATCH %s"
            f" AND rowid BETWEEN %s AND %s AND +rowid IN ({placeholders})"
        )
        return [], sql, [kind.name, query.fts5(), min(ids), max(ids), *ids]


class PostgresBackend:
    """tsvector queries. Each method returns (common table expressions, SQL, parameters)."""

    HIGHLIGHT_ALL = f"StartSel={START}, StopSel={STOP}, HighlightAll=TRUE"
    FRAGMENT = (
        f"StartSel={START}, StopSel={STOP}, MaxFragments=1, "
        f"MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}, ShortWord=2"
    )

    def prelude(self, query):
        tsquery, params = query.tsquery()
        return [("q", f"SELECT {tsquery} AS query", params)]

    def candidates(self, query, kind, topic, limit):
        """Return SQL for the newest visible matches, at most `limit` of them.

        The match is written into the QuerySet's own query, with the tsquery inline, so the
        planner can use the lexeme statistics: an index scan newest first for a common word,
        the GIN index for a rare one.
        """
        tsquery, params = query.tsquery()
        document = RawSQL(f"{kind.table}.search_document", [])
        matches = RawSQL(
            f"{kind.table}.search_document @@ {tsquery}", params, output_field=BooleanField()
        )
        candidates = (
            _visible(kind, topic)
            .filter(matches)
            .order_by("-pk")
            .values("pk", label=F(kind.title_columns[0]), document=document)[:limit]
        )
        return candidates.query.sql_with_params()

    def count_sql(self, query, kind, topic, label=None):
        candidates, params = self.candidates(query, kind, topic, RANK_LIMIT + 1)
        sql = f"SELECT %s, count(*) FROM ({candidates}) AS c"
        return [], sql, [label or kind.name, *params]

    def hits_sql(self, query, kind, topic):
        candidates, params = self.candidates(query, kind, topic, RANK_LIMIT)
        sql = (
            f"SELECT %s AS kind, c.pk AS id, CASE"
            f" WHEN lower(c.label) = lower(%s) THEN 2"
            f" WHEN ts_filter(c.document, '{{a}}') @@ q.query THEN 1"
            f" ELSE 0 END AS tier, ts_rank(c.document, q.query) AS score"
            f" FROM ({candidates}) AS c CROSS JOIN q"
        )
        return [], sql, [kind.name, query.text, *params]

    def snippets_sql(self, query, kind, ids):
        columns = ["ts_headline('english', t.{}, q.query, %s)".format(kind.title_columns[0])]
        params = [self.HIGHLIGHT_ALL]
        if kind.aliases_column:
            columns.append(f"ts_headline('english', t.{kind.aliases_column}, q.query, %s)")
            params.append(self.HIGHLIGHT_ALL)
        else:
            columns.append("''")
        for column, whole in kind.summary_columns:
            columns.append(f"ts_headline('english', t.{column}, q.query, %s)")
            params.append(self.HIGHLIGHT_ALL if whole else self.FRAGMENT)
        columns += ["''"] * (3 - len(kind.summary_columns))
        placeholders = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT %s, t.id, {', '.join(columns)} FROM {kind.table} t CROSS JOIN q"
            f" WHERE t.id IN ({placeholders})"
        )
        return [], sql, [kind.name, *params, *ids]


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()


def _execute(backend, query, parts, before="", after="", after_params=()):
    """Run the UNION ALL of `parts` wrapped as `before (union) after`; return its rows."""
    ctes = backend.prelude(query) + [cte for part_ctes, _, _ in parts for cte in part_ctes]
    params = [param for _, _, cte_params in ctes for param in cte_params]
    params += [param for _, _, part_params in parts for param in part_params]
    sql = " UNION ALL ".join(sql for _, sql, _ in parts)
    if before:
        sql = f"{before} ({sql}) {after}"
    if ctes:
        sql = "WITH " + ", ".join(f"{name} AS ({cte})" for name, cte, _ in ctes) + " " + sql
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *after_params])
        return cursor.fetchall()


class SearchResults:
    """A lazily sliced result list for Django's Paginator: a constant number of queries a page.

    Counting runs one query (per-type counts for the filters too); a page runs one ranked
    query, one for snippets and one fetch per type on the page. Each type ranks at most its
    RANK_LIMIT most recent matches, so the work per search stays bounded on a large site.
    """

    def __init__(self, query, kinds, topic=None, suggestion=None):
        self.query = query
        # A topic filter leaves out the kinds that have no topics.
        self.kinds = [KINDS[name] for name in kinds if topic is None or KINDS[name].by_topic]
        self.topic = topic
        # A corrected spelling of the query (see `spelling()`), counted in the same query.
        self.suggested = suggestion
        self.backend = backend()

    @cached_property
    def _found(self):
        """Return ({type: matches}, {type: matches of the suggestion}), in one query.

        Matches are counted up to RANK_LIMIT + 1. A topic filters the kinds that have topics,
        and leaves the other types out.
        """
        searched = [kind for kind in KINDS.values() if self.topic is None or kind.by_topic]
        parts = [self.backend.count_sql(self.query, kind, self.topic) for kind in searched]
        if self.suggested:
            parts += [
                self.backend.count_sql(self.suggested.query, kind, self.topic, f"~{kind.name}")
                for kind in searched
            ]
        found = dict(_execute(self.backend, self.query, parts))
        return (
            {name: found.get(name, 0) for name in KINDS},
            {name: found.get(f"~{name}", 0) for name in KINDS},
        )

    @property
    def found(self):
        """Return {type: matches, counted up to RANK_LIMIT + 1} for every type."""
        return self._found[0]

    @property
    def suggestion(self):
        """Return the suggested spelling if the query found few results and it finds more."""
        if not self.suggested:
            return None
        found = self.count()
        suggested = sum(min(self._found[1][kind.name], RANK_LIMIT) for kind in self.kinds)
        return self.suggested if found <= FEW_RESULTS and suggested > 2 * found else None

    @property
    def counts(self):
        return {name: min(count, RANK_LIMIT) for name, count in self.found.items()}

    @property
    def capped(self):
        """Return the types with more matches than are ranked."""
        return {name for name, count in self.found.items() if count > RANK_LIMIT}

    def count(self):
        return sum(self.counts[kind.name] for kind in self.kinds)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("Search results are sliced by page.")
        start, stop = index.start or 0, index.stop
        if stop is None or stop <= start or not self.kinds or not self.count():
            return []
        return self.page(start, stop - start)

    def page(self, offset, limit):
        parts = [self.backend.hits_sql(self.query, kind, self.topic) for kind in self.kinds]
        ranked = _execute(
            self.backend,
            self.query,
            parts,
            before="SELECT kind, id FROM",
            after="AS hits ORDER BY tier DESC, score DESC, kind, id DESC LIMIT %s OFFSET %s",
            after_params=[limit, offset],
        )
        if not ranked:
            return []

        ids = {}
        for name, pk in ranked:
            ids.setdefault(name, []).append(pk)
        parts = [
            self.backend.snippets_sql(self.query, KINDS[name], pks) for name, pks in ids.items()
        ]
        texts = {(row[0], row[1]): row[2:] for row in _execute(self.backend, self.query, parts)}

        objects = {name: KINDS[name].fetch(pks) for name, pks in ids.items()}
        hits = []
        for name, pk in ranked:
            obj = objects[name].get(pk)
            if obj is None or (name, pk) not in texts:
                # Deleted between the queries.
                continue
            title, aliases, *summaries = texts[name, pk]
            hits.append(
                Hit(
                    kind=KINDS[name],
                    object=obj,
                    title=highlight(title),
                    aliases=highlight(aliases) if aliases and START in aliases else "",
                    summary=summarise(KINDS[name], summaries),
                )
            )
        return hits


def summarise(kind, texts):
    """Return the first summary text with a match, else the first one, highlighted."""
    shown = [
        text if whole else plain(text)
        for (_, whole), text in zip(kind.summary_columns, texts, strict=False)
    ]
    chosen = next((text for text in shown if START in text), shown[0] if shown else "")
    return highlight(chosen)


# Spelling suggestions ---------------------------------------------------------------------

# Results at or below this count are few enough to offer a corrected spelling.
FEW_RESULTS = 3
# The vocabulary: words of the first items of each kind (its `vocabulary()` orders them).
VOCABULARY_ITEMS = 5000
VOCABULARY_WORDS = 30000
MIN_CORRECTED_LENGTH, MAX_CORRECTED_LENGTH = 4, 30
# Words sharing the most trigrams with a misspelt word, measured by edit distance.
CANDIDATES = 40
OFFERS = 6
# A word from the name of an offered item (a concept) counts as this many title words.
OFFERED_WEIGHT = 5
# A word the site uses this little is corrected too, to a neighbour used COMMONER times more.
RARE_WEIGHT = 2
COMMONER = 5


def normalise(word):
    """Return `word` as the index compares it: lower case, accents removed."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def trigrams(word):
    padded = f"  {word} "
    return {padded[n : n + 3] for n in range(len(padded) - 2)}


def edit_distance(a, b, limit):
    """Return the edit distance of `a` and `b` (a swap of neighbours counts one), capped at
    limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, previous = None, list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


@dataclass(frozen=True)
class Offer:
    label: str
    url: str


class Vocabulary:
    """The site's own words, from the rows of every kind's `vocabulary()`, with a trigram
    index to find the closest to a misspelt word, and the items offered on an empty result."""

    def __init__(self, rows):
        weights, forms = Counter(), {}
        self.offers, offered_by_word = [], {}
        for name, label, more, ref in rows:
            kind = KINDS.get(name)
            if kind is None:
                continue
            offered = bool(kind.offer and ref)
            if offered:
                self.offers.append((label, name, ref))
            for typed in WORD.findall(f"{label} {more or ''}"):
                word = normalise(typed)
                if len(word) < 3 or not word.isalpha():
                    continue
                weights[word] += OFFERED_WEIGHT if offered else 1
                forms.setdefault(word, typed)
                if offered:
                    offered_by_word.setdefault(word, []).append(len(self.offers) - 1)
        chosen = weights.most_common(VOCABULARY_WORDS)
        self.words = [word for word, _ in chosen]
        self.weights = dict(chosen)
        self.forms = {word: forms[word] for word in self.words}
        self.sorted = sorted(self.words)
        self.offered_by_word = offered_by_word
        self.postings = {}
        for number, word in enumerate(self.words):
            for gram in trigrams(word):
                self.postings.setdefault(gram, array("I")).append(number)

    def starts_a_word(self, prefix):
        at = bisect.bisect_left(self.sorted, prefix)
        return at < len(self.sorted) and self.sorted[at].startswith(prefix)

    def closest(self, word, above=0):
        """Return the closest word used more than `above` times, within 1 edit (2 from six
        letters), the most used first; or None."""
        limit = 1 if len(word) < 6 else 2
        shared = Counter()
        for gram in trigrams(word):
            shared.update(self.postings.get(gram, ()))
        best = None
        for number, _ in shared.most_common(CANDIDATES):
            candidate = self.words[number]
            weight = self.weights[candidate]
            if weight <= above:
                continue
            distance = edit_distance(word, candidate, limit)
            if distance <= limit:
                key = (distance, -weight, candidate)
                best = min(best or key, key)
        return best[2] if best else None

    def offered(self, words):
        """Return items to offer: those named by the most of `words`, then the first ones."""
        scores = Counter()
        for word in dict.fromkeys(words):
            scores.update(dict.fromkeys(self.offered_by_word.get(word, ()), 1))
        chosen = [number for number, _ in sorted(scores.items(), key=lambda s: (-s[1], s[0]))]
        chosen += [number for number in range(OFFERS * 2) if number not in scores]
        chosen = [number for number in chosen if number < len(self.offers)]
        return [
            Offer(label=label, url=KINDS[name].offer(ref))
            for label, name, ref in (self.offers[number] for number in chosen[:OFFERS])
        ]


def _vocabulary_rows():
    parts, params = [], []
    for kind in KINDS.values():
        if kind.vocabulary is None:
            continue
        sql, kind_params = kind.vocabulary()[:VOCABULARY_ITEMS].query.sql_with_params()
        parts.append(f"SELECT %s, v.label, v.more, v.ref FROM ({sql}) AS v")
        params += [kind.name, *kind_params]
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


@functools.lru_cache(maxsize=1)
def _vocabulary(generation):
    return Vocabulary(_vocabulary_rows())


def vocabulary():
    """Return the site's vocabulary: read in one query, kept until the content changes.

    Without the cache (unreachable), there is no generation to keep it by: searches still
    work, without suggestions."""
    generation = delivery.token()
    return _vocabulary(generation) if generation else Vocabulary([])


@dataclass(frozen=True)
class Suggestion:
    text: str
    # The text in pieces, (piece, True if corrected), to show the corrections.
    pieces: tuple[tuple[str, bool], ...]

    @cached_property
    def query(self):
        return parse_query(self.text)


def _cased(typed, form):
    """Return the vocabulary's `form` of a word in the case the reader typed it."""
    if any(char.isupper() for char in form[1:]):
        return form  # an acronym or a name such as "PyTorch"
    if typed.isupper() and len(typed) > 1:
        return form.upper()
    if typed[:1].isupper():
        return form[:1].upper() + form[1:].lower()
    return form.lower()


def spelling(query):
    """Return `query` with each misspelt word replaced by the closest word of the site's
    vocabulary, or None if every word is known or none has a close match.

    A word is misspelt if the vocabulary lacks it, or has it but rarely, next to a close word
    used far more (a typo in one title). Left-out words are kept as typed; the last word,
    while it may still be typed, counts as known if a word of the vocabulary starts with it.
    """
    if not query:
        return None
    words = vocabulary()
    typing_at = len(query.text) if query.terms and query.terms[-1].prefix else -1
    pieces, position, changed = [], 0, False
    # The words of the terms searched for, as parse_query() takes them.
    chunks = [chunk for chunk in CHUNK.finditer(query.text) if WORD.search(chunk.group())]
    for chunk in chunks[:MAX_TERMS]:
        if chunk.group(1) == "-":
            continue
        for match in WORD.finditer(query.text, chunk.start(), chunk.end()):
            typed, word = match.group(), normalise(match.group())
            if not (MIN_CORRECTED_LENGTH <= len(word) <= MAX_CORRECTED_LENGTH and word.isalpha()):
                continue
            weight = words.weights.get(word, 0)
            if weight > RARE_WEIGHT:
                continue
            if not weight and match.end() == typing_at and words.starts_a_word(word):
                continue
            corrected = words.closest(word, above=weight * COMMONER)
            if corrected is None:
                continue
            pieces += [(query.text[position : match.start()], False)]
            pieces += [(_cased(typed, words.forms[corrected]), True)]
            position, changed = match.end(), True
    if not changed:
        return None
    pieces.append((query.text[position:], False))
    pieces = tuple(piece for piece in pieces if piece[0])
    return Suggestion(text="".join(text for text, _ in pieces), pieces=pieces)


def offers(query, suggestion=None):
    """Return items to offer when `query` found nothing, the closest to its words first."""
    queries = [suggestion.query, query] if suggestion else [query]
    words = [
        normalise(word)
        for searched in queries
        for term in searched.terms
        if not term.negated
        for word in term.words
    ]
    return vocabulary().offered(words)


# Index DDL --------------------------------------------------------------------------------

SQLITE_TOKENIZER = "porter unicode61 remove_diacritics 2"


def _sqlite_statements(kind):
    fts, table = kind.fts_table, kind.table
    columns = kind.column_names
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({names}, content='{table}', "
        f"content_rowid='id', tokenize='{SQLITE_TOKENIZER}')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {names} ON {table} "
        f"WHEN {changed} BEGIN {delete} {insert} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def _postgres_document(kind, row):
    return " || ".join(
        f"setweight(to_tsvector('english', coalesce({row}.{column}, '')), '{weight}')"
        for column, weight, _ in kind.columns
    )


def _postgres_statements(kind):
    fts, table = kind.fts_table, kind.table
    columns = kind.column_names
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
    return [
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_document tsvector",
        f"CREATE OR REPLACE FUNCTION {fts}_document() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN NEW.search_document := {_postgres_document(kind, 'NEW')}; RETURN NEW; END $$",
        f"DROP TRIGGER IF EXISTS {fts}_insert ON {table}",
        f"CREATE TRIGGER {fts}_insert BEFORE INSERT ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {fts}_document()",
        f"DROP TRIGGER IF EXISTS {fts}_update ON {table}",
        f"CREATE TRIGGER {fts}_update BEFORE UPDATE OF {', '.join(columns)} ON {table} "
        f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {fts}_document()",
        f"UPDATE {table} SET search_document = {_postgres_document(kind, table)}",
        f"CREATE INDEX IF NOT EXISTS {fts}_idx ON {table} USING GIN (search_document)",
    ]


def create_index(connection):
    """Create (or repair) the search index and its triggers, and index every existing row.

    Safe to run again. On SQLite, a migration that rebuilds one of the indexed tables drops
    its triggers: `ensure_index()` repairs that at the end of every `migrate`.
    """
    builder = _postgres_statements if connection.vendor == "postgresql" else _sqlite_statements
    with connection.cursor() as cursor:
        for kind in KINDS.values():
            for statement in builder(kind):
                cursor.execute(statement)


def _missing(connection):
    """Return the kinds whose index table or triggers are missing."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", [r"search\_%"])
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"
                " AND name LIKE %s ESCAPE '\\'",
                [r"search\_%"],
            )
        present = {name for (name,) in cursor.fetchall()}
    missing = []
    for kind in KINDS.values():
        names = {f"{kind.fts_table}_insert", f"{kind.fts_table}_update"}
        if connection.vendor != "postgresql":
            names |= {kind.fts_table, f"{kind.fts_table}_delete"}
        if not names <= present:
            missing.append(kind)
    return missing


def ensure_index(connection):
    """Repair the index after migrations, if it has been created (articles 0003) and damaged.

    On SQLite, Django rebuilds a table to add most kinds of column, which drops the table's
    triggers; this puts them back and reindexes that table. It runs after every `migrate`
    (see ArticlesConfig.ready); a data migration that writes to an indexed table after one
    that rebuilt it should call it first.
    """
    recorder = MigrationRecorder(connection)
    if not recorder.has_table() or ("articles", "0003_search") not in recorder.applied_migrations():
        return
    builder = _postgres_statements if connection.vendor == "postgresql" else _sqlite_statements
    with connection.cursor() as cursor:
        for kind in _missing(connection):
            for statement in builder(kind):
                cursor.execute(statement)


def ensure_index_after_migrate(sender, using, **kwargs):
    """post_migrate receiver: repair the index of the database just migrated."""
    ensure_index(connections[using])


def drop_index(connection):
    """Remove everything `create_index()` made."""
    with connection.cursor() as cursor:
        for kind in KINDS.values():
            fts, table = kind.fts_table, kind.table
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_insert ON {table}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_update ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {fts}_document()")
                cursor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document")
            else:
                for action in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_{action}")
                cursor.execute(f"DROP TABLE IF EXISTS {fts}")

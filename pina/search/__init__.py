"""Site-wide search: one page (`/<lang>/search/?q=`) over every searchable model.

Adding a source is its label in `SEARCHABLE_MODELS` and, for PostgreSQL, a migration with
`search_column_operation()` for its searched fields. A searchable model keeps this contract:

- `Model.objects.search(query)` returns a QuerySet of the rows a visitor may see (the model's own
  `published()` rule) that match `query` in the ACTIVE language, each annotated with `rank`
  (a number, higher is better) and ordered by `-rank`, then newest first. A blank query gives no
  rows. It never raises on what a visitor typed (quotes, operators, HTML, 1,000 characters).
- `Model.objects.search_ranks(query)` returns the same rows as [(pk, rank)], best first
  (`ranked_matches(self, ...)`, with the read rule as a function of the time,
  `published(now)`, so that PostgreSQL's ranking query is compiled once per process), and
  `Model.objects.search_rows(pks)` the rows with those keys, loaded for showing as results
  (only the columns shown, in the active language: `shown_columns()`):
  the search page ranks with the first on every search and loads the rows of the page it
  shows with the second, when they are not in the fragment cache already (`MergedResults`).
- each instance has `search_title()` and `search_excerpt()` (plain text, not HTML),
  `get_absolute_url()` (in the active language) and, optionally, `search_date()` (a date or
  datetime shown with the result) and `search_label()` (what kind of thing it is, e.g. the
  post's category; the model's verbose name otherwise).

`text_search(queryset, query, weighted_fields)` implements the matching for a model whose
fields are translated with django-modeltranslation (a language without its own text is searched
in the English text the visitor is shown):

- PostgreSQL: full-text search (`websearch_to_tsquery`) with the text search configuration of
  the active language (`english`, `russian`, `simple` for Uzbek), ranked with `ts_rank`. The
  documents are stored: one `tsvector` column per language (`search_en`, `search_ru`,
  `search_uz`), GENERATED ALWAYS ... STORED, so PostgreSQL keeps them current on every write, each
  with a GIN index (`search_column_operation()` adds them in a PostgreSQL-only migration). The
  columns are not model fields: no other query loads them; `SearchDocument` names them in a
  search. In Uzbek, the apostrophes of oʻ, gʻ and maʼlumot and their look-alikes (' ‘ ’ ʼ `) are
  one letter, U+02BB, in the documents and in the query.
- SQLite (local work and tests): every word must occur in one of the fields, compared after
  Unicode case folding in Python (SQLite's own LIKE folds ASCII letters only, so "Торговля"
  would not match "торговля"); rank = weight of the fields that contain each word.

Ranking is bounded: only the newest `MAX_RANKED` + 1 matches of a model are ranked (a common word
such as "trafficking" matches nearly every post, and ranking 100,000 rows takes seconds; ranking
the newest 300 instead of 100 made a search at 100,000 posts 36 % slower than at 100). With
fewer matches every match is ranked; with more, `MergedResults.truncated` says so and the page
tells the visitor to add words.
"""

import dataclasses
import datetime
import heapq
import logging
import re
import unicodedata
from urllib.parse import urlencode

from django.apps import apps as app_registry
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from pina.caching.fragments import remember_many
from pina.content.paging import page_number, page_or_404

logger = logging.getLogger(__name__)

SEARCHABLE_MODELS = [
    "news.Post",
    "events.Conference",
]

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
POSTGRES_CONFIGS = {"en": "english", "ru": "russian"}
# SQLite rank of a word found in a field of weight A, B, C or D.
SQLITE_WEIGHTS = {"A": 8, "B": 4, "C": 2, "D": 1}
# The Unicode apostrophes of Uzbek Latin (oʻ, gʻ, maʼlumot) and their look-alikes compare equal.
APOSTROPHES = re.compile("[\u02bb\u02bc\u2018\u2019`]")
# PostgreSQL, Uzbek: every apostrophe becomes U+02BB, which the text search parser takes for a
# letter (it splits words at ' and ’), so "O'zbekiston" and "Oʻzbekiston" are one word.
UZBEK_LETTER_MARK = "\u02bb"
UZBEK_APOSTROPHES = "'\u02bc\u2018\u2019`"
# At most this many matches of each model (the newest) are ranked; see the module docstring.
MAX_RANKED = 100
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
QUOTED = re.compile(r"[\"“”«»„]([^\"“”«»„]*)[\"“”«»„]?")


def searchable_models():
    return [app_registry.get_model(label) for label in SEARCHABLE_MODELS]


def clean_query(raw) -> str:
    """What a visitor typed, made safe to search for: no control characters, at most
    MAX_QUERY_LENGTH characters, spaces collapsed."""
    text = CONTROL_CHARACTERS.sub(" ", str(raw or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def fold(text) -> str:
    """Text as it is compared by the SQLite search: NFC, case-folded, one kind of apostrophe."""
    if text is None:
        return None
    return APOSTROPHES.sub("'", unicodedata.normalize("NFC", str(text)).casefold())


def parse_terms(query: str) -> tuple[list[str], list[str]]:
    """(words or "quoted phrases" to find, -words to leave out), folded, at most MAX_TERMS.

    Follows websearch_to_tsquery's syntax closely enough for the SQLite search: `or` is
    dropped (every word must match), punctuation around words is ignored.
    """
    wanted, unwanted = [], []
    for phrase in QUOTED.findall(query):
        phrase = " ".join(re.findall(r"\w[\w']*", fold(phrase)))
        if phrase:
            wanted.append(phrase)
    rest = QUOTED.sub(" ", query)
    for token in rest.split():
        negative = token.startswith("-")
        words = re.findall(r"\w[\w']*", fold(token))
        for word in words:
            if word == "or":
                continue
            (unwanted if negative else wanted).append(word)
    return wanted[:MAX_TERMS], unwanted[:MAX_TERMS]


def postgres_config(language_code=None) -> str:
    code = (language_code or translation.get_language() or "en").split("-")[0]
    return POSTGRES_CONFIGS.get(code, "simple")


def localized_text(model, field_name, language_code):
    """The field's text in `language_code`, or in the default language when it has none.

    Works on historical models in migrations too: it only looks at the model's fields.
    """
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    names = {field.name for field in model._meta.get_fields()}
    localized, fallback = f"{field_name}_{language_code}", f"{field_name}_{default}"
    if localized not in names:
        return F(field_name)
    if localized == fallback:
        return F(localized)
    text = models.TextField()
    return Coalesce(
        NullIf(F(localized), Value(""), output_field=text), F(fallback), output_field=text
    )


def search_vector(model, weighted_fields: dict, language_code):
    """The tsvector expression of a language, as the GIN expression indexes of the first search
    migrations had it (they are replaced by stored columns: `search_column_operation()`)."""
    from django.contrib.postgres.search import SearchVector

    config = postgres_config(language_code)
    vector = None
    for field_name, weight in weighted_fields.items():
        part = SearchVector(
            localized_text(model, field_name, language_code), config=config, weight=weight
        )
        vector = part if vector is None else vector + part
    return vector


def _matching(queryset, query, weighted_fields: dict):
    """(the rows matching `query`, their annotations, the rank expression), or None when the
    query has nothing to look for."""
    query = clean_query(query)
    if not query:
        return None
    if connections[queryset.db].vendor == "postgresql":
        terms = _postgres_terms(queryset.model, query)
    else:
        terms = _folded_terms(queryset.model, query, weighted_fields)
    if terms is None:
        return None
    annotations, matches, rank = terms
    matching = (queryset.annotate(**annotations) if annotations else queryset).filter(matches)
    return matching, annotations, rank


def _newest_first(model, newest_first):
    return newest_first or [*(model._meta.ordering or []), "-pk"]


def text_search(queryset, query, weighted_fields: dict, newest_first=None):
    """`queryset` narrowed to the rows matching `query` in the active language, with `rank`.

    `weighted_fields` maps field names to weights "A" (most important) to "D". Only the first
    `MAX_RANKED` + 1 matches in `newest_first` order (the model's ordering by default) are
    ranked and returned, so a word found in every row costs what a rarer one does.
    """
    found = _matching(queryset, query, weighted_fields)
    if found is None:
        return queryset.annotate(rank=Value(0.0)).none()
    matching, annotations, rank = found
    order = _newest_first(queryset.model, newest_first)
    candidates = matching.order_by(*order).values("pk")[: MAX_RANKED + 1]
    # The outer query reads and ranks the candidates only (by primary key).
    return queryset.filter(pk__in=candidates).annotate(**annotations, rank=rank)


def ranked_matches(queryset, query, weighted_fields: dict, newest_first=None) -> list:
    """[(pk, rank)] of the rows `text_search()` returns, best first (newest first among equal
    ranks), in one query that reads each candidate row once.

    `queryset.published(now)` is the model's read rule: what visitors may see at `now`. It
    must depend on the time through `now` only: on PostgreSQL the query is compiled once per
    process and language, with a stand-in time and text (`_RankStatement`).

    The search page uses this and then loads only the rows it shows: ranking inside the
    newest-first scan costs a third of `text_search()`'s query at 100,000 posts, which reads
    every candidate a second time to rank it (its stored vector is large and TOASTed).
    """
    query = clean_query(query)
    if not query:
        return []
    statement = _RankStatement.cached(queryset, weighted_fields, newest_first)
    if statement is None:
        statement = _RankStatement.compile(
            queryset.published(timezone.now()), query, weighted_fields, newest_first
        )
        if statement is None:
            return []
    rows = statement.run(query)
    rows.sort(key=lambda row: -float(row[1]))  # stable: newest first among equal ranks
    return rows


@dataclasses.dataclass(frozen=True)
class _RankStatement:
    """The SQL of a ranking query with the places of the searched text and of the time in its
    parameters, so that running it again for another search or another moment needs no
    QuerySet built or compiled. Building and compiling took most of a search's Python work:
    4.5 million instructions a model and search at 100,000 posts, 1.6 million with this.
    """

    database: str
    sql: str
    params: tuple
    text_at: tuple = ()
    time_at: tuple = ()
    pk_at: int = 0
    rank_at: int = 1

    # Stand-ins no visitor's text or publication time can equal.
    TEXT = "\ue000pina-search-text\ue000"
    TIME = datetime.datetime(1901, 2, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)

    @classmethod
    def compile(cls, queryset, query, weighted_fields, newest_first):
        found = _matching(queryset, query, weighted_fields)
        if found is None:
            return None
        matching, _annotations, rank = found
        order = _newest_first(queryset.model, newest_first)
        candidates = matching.annotate(rank=rank).order_by(*order).values_list("pk", "rank")
        compiler = candidates[: MAX_RANKED + 1].query.get_compiler(queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # a rule that lets nothing through
            return None
        # The columns in the order compiled (modeltranslation may put the annotation first).
        aliases = [alias for _expression, _sql, alias in compiler.select]
        return cls(
            queryset.db,
            sql,
            tuple(params),
            pk_at=aliases.index("pk"),
            rank_at=aliases.index("rank"),
        )

    @classmethod
    def cached(cls, queryset, weighted_fields, newest_first):
        """PostgreSQL: the statement for the model's rule (`queryset.published(now)`) in the
        active language, compiled the first time; None for SQLite (its query has a shape of its
        own for each search) and for a QuerySet narrowed already (its conditions are its own).
        """
        query = queryset.query
        if connections[queryset.db].vendor != "postgresql" or (
            query.has_filters() or query.annotations or query.extra or query.is_sliced
        ):
            return None
        language = _search_language()
        # The rule's function, not the QuerySet's class: modeltranslation makes a class for
        # every QuerySet it hands out.
        key = (
            queryset.published.__func__,
            queryset.model._meta.label,
            queryset.db,
            language,
            MAX_RANKED,
            tuple(newest_first or ()),
            tuple(weighted_fields.items()),
        )
        if key in _RANK_STATEMENTS:
            return _RANK_STATEMENTS[key]
        base = queryset.published(cls.TIME)
        draft = cls.compile(base, cls.TEXT, weighted_fields, newest_first)
        if draft is None:
            return None
        text = _postgres_query_text(cls.TEXT, language)
        statement = dataclasses.replace(
            draft,
            text_at=tuple(i for i, param in enumerate(draft.params) if param == text),
            time_at=tuple(i for i, param in enumerate(draft.params) if param == cls.TIME),
        )
        if not (statement.text_at and statement.time_at):
            # A rule that reads the clock itself: compiled for every search, as on SQLite.
            logger.warning("%s: published(now) ignores `now`; its search is not cached", key[1])
            statement = None
        _RANK_STATEMENTS[key] = statement
        return statement

    def run(self, query: str) -> list:
        params = list(self.params)
        if self.text_at or self.time_at:
            text = _postgres_query_text(query, _search_language())
            now = timezone.now()
            for index in self.text_at:
                params[index] = text
            for index in self.time_at:
                params[index] = now
        # Straight from the cursor: two plain numbers a row need none of the per-row machinery
        # of a QuerySet (modeltranslation's fallback iterator, converters).
        with connections[self.database].cursor() as cursor:
            cursor.execute(self.sql, params)
            return [(row[self.pk_at], row[self.rank_at]) for row in cursor.fetchall()]


_RANK_STATEMENTS: dict[tuple, _RankStatement | None] = {}


def shown_columns(model, *names, prefix="") -> list[str]:
    """Field names for `.only()`: the `names` a search result shows, a translated one as the
    columns modeltranslation reads in the active language (its own and its fallbacks'), not
    every language's. A post's body in three languages is most of what its row weighs.

    `prefix` ("category__") names the fields of a model loaded with select_related.
    """
    from modeltranslation.manager import append_fallback

    columns, _translated = append_fallback(model, names)
    return sorted(prefix + column for column in columns)


class SearchDocument(models.Expression):
    """PostgreSQL: a model's stored search vector in one language (the `search_<code>` column
    that `search_column_operation()` adds; deliberately not a model field, see the module
    docstring). Resolves to the column of the query's own table, also inside subqueries."""

    def __init__(self, language_code, alias=None):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())
        self.language_code = language_code
        self.alias = alias

    def resolve_expression(self, query=None, *args, **kwargs):
        return SearchDocument(self.language_code, alias=query.get_initial_alias())

    def relabeled_clone(self, relabels):
        return SearchDocument(self.language_code, alias=relabels.get(self.alias, self.alias))

    def get_group_by_cols(self):
        return [self]

    def as_sql(self, compiler, connection):
        column = connection.ops.quote_name(search_column_name(self.language_code))
        return f"{compiler.quote_name_unless_alias(self.alias)}.{column}", []


def search_column_name(language_code) -> str:
    return f"search_{language_code}"


def uzbek_apostrophes(text: str) -> str:
    """Every kind of apostrophe as the one letter mark the Uzbek search vectors contain."""
    return text.translate(str.maketrans(UZBEK_APOSTROPHES, UZBEK_LETTER_MARK * 5))


def _search_language() -> str:
    """The language searched in: the active one, or the default when it has no columns."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language not in settings.MODELTRANSLATION_LANGUAGES:
        language = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return language


def _postgres_query_text(query: str, language: str) -> str:
    """The text given to websearch_to_tsquery for a (cleaned) query in `language`."""
    return uzbek_apostrophes(query) if language == "uz" else query


def _postgres_terms(model, query):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorExact

    language = _search_language()
    query = _postgres_query_text(query, language)
    search_query = SearchQuery(query, search_type="websearch", config=postgres_config(language))
    document = SearchDocument(language)
    return {}, SearchVectorExact(document, search_query), SearchRank(document, search_query)


class Folded(models.Func):
    """SQLite: the value passed through `fold()` (a Python function registered per connection)."""

    function = "pina_fold"
    output_field = models.TextField()


def register_sqlite_functions(sender, connection, **kwargs):
    """connection_created handler: makes `pina_fold()` available to SQLite queries."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("pina_fold", 1, fold, deterministic=True)


def _folded_terms(model, query, weighted_fields):
    wanted, unwanted = parse_terms(query)
    if not wanted:
        return None
    language = translation.get_language() or settings.LANGUAGE_CODE
    folded = {
        f"_search_{name}": Folded(localized_text(model, name, language)) for name in weighted_fields
    }
    matches = Q()
    rank = Value(0)
    for term in wanted:
        anywhere = Q()
        for name, weight in weighted_fields.items():
            found = Q(**{f"_search_{name}__contains": term})
            anywhere |= found
            rank = rank + Case(
                When(found, then=Value(SQLITE_WEIGHTS[weight])),
                default=Value(0),
                output_field=models.IntegerField(),
            )
        matches &= anywhere
    for term in unwanted:
        for name in weighted_fields:
            matches &= ~Q(**{f"_search_{name}__contains": term})
    return folded, matches, rank


def search_document_sql(model, weighted_fields: dict, language_code, quote_name) -> str:
    """The SQL expression of a stored search vector: the weighted fields in `language_code`
    (its English text where it has none), parsed with the language's configuration."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    columns = {field.name: field.column for field in model._meta.concrete_fields}
    config = postgres_config(language_code)
    parts = []
    for name, weight in weighted_fields.items():
        localized, fallback = f"{name}_{language_code}", f"{name}_{default}"
        if localized not in columns:
            text = f"coalesce({quote_name(columns[name])}, '')"
        elif localized == fallback:
            text = f"coalesce({quote_name(columns[localized])}, '')"
        else:
            text = (
                f"coalesce(nullif({quote_name(columns[localized])}, ''), "
                f"{quote_name(columns[fallback])}, '')"
            )
        if language_code == "uz":
            text = f"translate({text}, '{UZBEK_APOSTROPHES.replace(chr(39), chr(39) * 2)}', "
            text += f"'{UZBEK_LETTER_MARK * len(UZBEK_APOSTROPHES)}')"
        parts.append(f"setweight(to_tsvector('{config}'::regconfig, {text}), '{weight}')")
    return " || ".join(parts)


def search_column_operation(app_label: str, model_name: str, weighted_fields: dict):
    """A migration operation adding the stored search vectors and their GIN indexes (one of
    each per language) on PostgreSQL; nothing on SQLite.

    Adding the columns rewrites the table once. Changing the fields or weights needs a new
    migration that drops the columns and adds them again.
    """
    from django.db import migrations

    def add(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = apps.get_model(app_label, model_name)
        quote = schema_editor.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(
            f"ADD COLUMN {quote(search_column_name(code))} tsvector GENERATED ALWAYS AS "
            f"({search_document_sql(model, weighted_fields, code, quote)}) STORED"
            for code in settings.MODELTRANSLATION_LANGUAGES
        )
        schema_editor.execute(f"ALTER TABLE {table} {columns}")
        for code in settings.MODELTRANSLATION_LANGUAGES:
            index = quote(search_index_name(model, code))
            column = quote(search_column_name(code))
            schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin ({column})")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = apps.get_model(app_label, model_name)
        quote = schema_editor.quote_name
        columns = ", ".join(
            f"DROP COLUMN {quote(search_column_name(code))}"  # its index goes with it
            for code in settings.MODELTRANSLATION_LANGUAGES
        )
        schema_editor.execute(f"ALTER TABLE {quote(model._meta.db_table)} {columns}")

    return migrations.RunPython(add, drop, elidable=False)


def search_index_pending_list_operation(app_label: str, model_name: str):
    """A migration operation turning off the pending list (`fastupdate`) of a model's search
    indexes on PostgreSQL (nothing on SQLite), and merging what the list holds.

    With the list on, new and edited rows wait in an unsorted list that every search reads
    whole until a vacuum merges it: up to 4 MB, 3 ms per index and search measured at 100,000
    posts. Content is written rarely and read often, so each write updates the index itself.
    """
    from django.db import migrations

    def change(apps, schema_editor, enabled):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = apps.get_model(app_label, model_name)
        for code in settings.MODELTRANSLATION_LANGUAGES:
            index = search_index_name(model, code)
            quoted = schema_editor.quote_name(index)
            if enabled:  # PostgreSQL's default
                schema_editor.execute(f"ALTER INDEX {quoted} RESET (fastupdate)")
            else:
                schema_editor.execute(f"ALTER INDEX {quoted} SET (fastupdate = off)")
                schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])

    return migrations.RunPython(
        lambda apps, editor: change(apps, editor, enabled=False),
        lambda apps, editor: change(apps, editor, enabled=True),
        elidable=False,
    )


def search_index_name(model, language_code) -> str:
    return f"{model._meta.db_table}_search_{language_code}"


def search_index_operation(
    app_label: str, model_name: str, weighted_fields: dict, *, reverse=False
):
    """A migration operation adding one GIN expression index per language on PostgreSQL (none
    on SQLite); with `reverse`, the operation dropping them (and adding them when unapplied).

    The first search migrations used these; `search_column_operation()` replaced them.
    """
    from django.db import migrations

    def indexes(model):
        from django.contrib.postgres.indexes import GinIndex

        return [
            GinIndex(
                search_vector(model, weighted_fields, code), name=search_index_name(model, code)
            )
            for code in settings.MODELTRANSLATION_LANGUAGES
        ]

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            model = apps.get_model(app_label, model_name)
            for index in indexes(model):
                schema_editor.add_index(model, index)

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            model = apps.get_model(app_label, model_name)
            for index in indexes(model):
                schema_editor.remove_index(model, index)

    if reverse:
        return migrations.RunPython(drop, create, elidable=False)
    return migrations.RunPython(create, drop, elidable=False)


# --- Results: merging sources and showing excerpts --------------------------------------------


@dataclasses.dataclass(frozen=True)
class SearchResult:
    """What the results page shows of one row, in one language, before the query's words are
    marked: plain text, so it can be kept in the fragment cache (`MergedResults`)."""

    url: str
    title: str
    text: str  # the plain text the excerpt is cut from
    label: str  # capitalized
    # The date shown, if any, as <time datetime="..."> wants it and as the language writes it.
    machine_date: str = ""
    shown_date: str = ""

    @classmethod
    def of(cls, row) -> "SearchResult":
        from django.utils.formats import date_format
        from django.utils.text import capfirst

        from pina.site.templatetags.site_tags import machine_time

        label = row.search_label() if hasattr(row, "search_label") else row._meta.verbose_name
        date = row.search_date() if hasattr(row, "search_date") else None
        if isinstance(date, datetime.datetime):
            date = timezone.localtime(date)
        return cls(
            url=row.get_absolute_url(),
            title=row.search_title(),
            text=row.search_excerpt(),
            label=capfirst(str(label)),
            machine_date=machine_time(date) if date else "",
            shown_date=date_format(date, "DATE_FORMAT") if date else "",
        )

    @staticmethod
    def cache_name(model, pk, language) -> str:
        return f"search-result:{model._meta.label_lower}:{pk}:{language}"


class MergedResults:
    """The results of every source as one sequence, best first, for Django's Paginator.

    One query per model ranks its candidates (`Model.objects.search_ranks(query)`: primary keys
    and ranks only), on every search: which rows a visitor may see and how they rank is always
    read afresh. A page then shows its rows as `SearchResult`s, kept in the fragment cache per
    row and language under the content version (an edit anywhere is seen on the next request,
    as on every page); the rows not there are loaded with one query per model
    (`Model.objects.search_rows(pks)`). A source's count is at most `MAX_RANKED` (see
    `text_search()`); `truncated` says a source had more.
    """

    def __init__(self, models, query):
        lists, self.counts = [], []
        for model in models:
            ranks = model.objects.search_ranks(query)
            self.counts.append(len(ranks))
            lists.append([(float(rank), model, pk) for pk, rank in ranks[:MAX_RANKED]])
        self.truncated = any(count > MAX_RANKED for count in self.counts)
        # heapq.merge is stable: entries of equal rank keep their source's newest-first order.
        self._entries = list(heapq.merge(*lists, key=lambda entry: -entry[0]))

    def __len__(self):
        return len(self._entries)

    def count(self):
        return len(self)

    def __getitem__(self, index):
        entries = self._entries[index] if isinstance(index, slice) else [self._entries[index]]
        language = translation.get_language()
        names = {
            SearchResult.cache_name(model, pk, language): (model, pk)
            for _rank, model, pk in entries
        }

        def load(missing):
            wanted = {}
            for name in missing:
                model, pk = names[name]
                wanted.setdefault(model, []).append(pk)
            loaded = {}
            for model, pks in wanted.items():
                for row in model.objects.search_rows(pks):
                    loaded[SearchResult.cache_name(model, row.pk, language)] = SearchResult.of(row)
            return loaded

        results = remember_many(list(names), load)
        # A row deleted between the two queries is left out.
        shown = [results[name] for name in names if name in results]
        return shown if isinstance(index, slice) else shown[0]


def highlight_pattern(query: str):
    """A regex matching the query's words (and words that start like them, for stemming)."""
    wanted, _unwanted = parse_terms(query)
    stems = []
    for term in wanted:
        for word in term.split():
            # Full-text search matches other forms of a word: mark words sharing its start.
            stems.append(word[: max(5, len(word) - 3)] if len(word) > 6 else word)
    if not stems:
        return None
    alternatives = "|".join(re.escape(stem) for stem in sorted(set(stems), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def excerpt(text: str, pattern, length: int = 260):
    """An HTML-safe excerpt of plain `text` around the first match of `pattern`, with <mark>."""
    text = " ".join((text or "").split())
    start = 0
    match = pattern.search(fold_for_display(text)) if pattern else None
    if match and match.end() > length - 30:
        # Start a little before the match, at a word boundary.
        start = text.rfind(" ", 0, max(0, match.start() - length // 4)) + 1
    end = min(len(text), start + length)
    if end < len(text):
        boundary = text.rfind(" ", start, end)
        end = boundary if boundary > start else end
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + highlight(text[start:end], pattern) + suffix)  # noqa: S308


def fold_for_display(text: str) -> str:
    """The text with apostrophes unified but the same length, so match offsets stay valid."""
    return APOSTROPHES.sub("'", text)


def highlight(text: str, pattern) -> str:
    """`text` escaped, with each match of `pattern` wrapped in <mark>."""
    if not pattern:
        return escape(text)
    parts, position = [], 0
    for match in pattern.finditer(fold_for_display(text)):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 (every part is escaped)


# --- The search page --------------------------------------------------------------------------


class SearchView(TemplateView):
    """`/<lang>/search/?q=`: every searchable model's matches, best first, 10 a page."""

    template_name = "search.html"
    paginate_by = 10
    query_parameters = ("q", "page")  # pina.caching.parameters

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw = self.request.GET.get("q", "")
        query = clean_query(raw)
        context.update(
            {
                "search_query": query,
                "query_was_cut": len(" ".join(str(raw).split())) > MAX_QUERY_LENGTH,
                "results": [],
                "page_obj": None,
            }
        )
        if not query:
            return context
        number = page_number(self.request.GET.get("page"))
        merged = MergedResults(searchable_models(), query)
        paginator = Paginator(merged, self.paginate_by)
        page = page_or_404(paginator, number)
        pattern = highlight_pattern(query)
        context["page_obj"] = page
        context["extra_query"] = urlencode({"q": query})
        context["paginator"] = paginator
        context["results_truncated"] = merged.truncated
        context["results"] = [
            {
                "url": result.url,
                "title": highlight(result.title, pattern),
                "excerpt": excerpt(result.text, pattern),
                "label": result.label,
                "machine_date": result.machine_date,
                "shown_date": result.shown_date,
            }
            for result in page.object_list
        ]
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # Result pages are thin, ever-changing duplicates of the content: keep them out of indexes.
        response["X-Robots-Tag"] = "noindex, follow"
        return response

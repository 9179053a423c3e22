"""Site-wide search: one page (`/<lang>/search/?q=`) over every searchable model.

Adding a source is one line: its label in `SEARCHABLE_MODELS`. A searchable model keeps this
contract:

- `Model.objects.search(query)` returns a QuerySet of the rows a visitor may see (the model's own
  `published()` rule) that match `query` in the ACTIVE language, each annotated with `rank`
  (a number, higher is better) and ordered by `-rank`, then newest first. A blank query gives no
  rows. It never raises on what a visitor typed (quotes, operators, HTML, 1,000 characters).
- each instance has `search_title()` and `search_excerpt()` (plain text, not HTML),
  `get_absolute_url()` (in the active language) and, optionally, `search_date()` (a date or
  datetime shown with the result) and `search_label()` (what kind of thing it is, e.g. the
  post's category; the model's verbose name otherwise).

`text_search(queryset, query, weighted_fields)` implements the matching for a model whose
fields are translated with django-modeltranslation (a language without its own text is searched
in the English text the visitor is shown):

- PostgreSQL: full-text search (`websearch_to_tsquery`) with the text search configuration of
  the active language (`english`, `russian`, `simple` for Uzbek), ranked with `ts_rank`, served
  by one GIN expression index per language that `search_index_operation()` creates in a
  migration.
- SQLite (local work and tests): every word must occur in one of the fields, compared after
  Unicode case folding in Python (SQLite's own LIKE folds ASCII letters only, so "Торговля"
  would not match "торговля"); rank = weight of the fields that contain each word.
"""

import heapq
import re
import unicodedata
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from .paging import page_or_404

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
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
QUOTED = re.compile(r"[\"“”«»„]([^\"“”«»„]*)[\"“”«»„]?")


def searchable_models():
    return [apps.get_model(label) for label in SEARCHABLE_MODELS]


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
    """The tsvector expression of a language; the same expression as its GIN index."""
    from django.contrib.postgres.search import SearchVector

    config = postgres_config(language_code)
    vector = None
    for field_name, weight in weighted_fields.items():
        part = SearchVector(
            localized_text(model, field_name, language_code), config=config, weight=weight
        )
        vector = part if vector is None else vector + part
    return vector


def text_search(queryset, query, weighted_fields: dict):
    """`queryset` narrowed to the rows matching `query` in the active language, with `rank`.

    `weighted_fields` maps field names to weights "A" (most important) to "D".
    """
    query = clean_query(query)
    if not query:
        return queryset.annotate(rank=Value(0.0)).none()
    if connections[queryset.db].vendor == "postgresql":
        return _postgres_search(queryset, query, weighted_fields)
    return _folded_search(queryset, query, weighted_fields)


def _postgres_search(queryset, query, weighted_fields):
    from django.contrib.postgres.search import SearchQuery, SearchRank

    language = translation.get_language() or settings.LANGUAGE_CODE
    vector = search_vector(queryset.model, weighted_fields, language)
    search_query = SearchQuery(query, search_type="websearch", config=postgres_config(language))
    return (
        queryset.annotate(search_document=vector)
        .filter(search_document=search_query)
        .annotate(rank=SearchRank(F("search_document"), search_query))
    )


class Folded(models.Func):
    """SQLite: the value passed through `fold()` (a Python function registered per connection)."""

    function = "pina_fold"
    output_field = models.TextField()


def register_sqlite_functions(sender, connection, **kwargs):
    """connection_created handler: makes `pina_fold()` available to SQLite queries."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("pina_fold", 1, fold, deterministic=True)


def _folded_search(queryset, query, weighted_fields):
    wanted, unwanted = parse_terms(query)
    if not wanted:
        return queryset.annotate(rank=Value(0.0)).none()
    language = translation.get_language() or settings.LANGUAGE_CODE
    model = queryset.model
    folded = {
        f"_search_{name}": Folded(localized_text(model, name, language)) for name in weighted_fields
    }
    queryset = queryset.annotate(**folded)
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
        queryset = queryset.filter(anywhere)
    for term in unwanted:
        for name in weighted_fields:
            queryset = queryset.exclude(**{f"_search_{name}__contains": term})
    return queryset.annotate(rank=rank)


def search_index_name(model, language_code) -> str:
    return f"{model._meta.db_table}_search_{language_code}"


def search_index_operation(app_label: str, model_name: str, weighted_fields: dict):
    """A migration operation adding one GIN index per language on PostgreSQL (none on SQLite).

    Each index is built from `search_vector()`, the very expression `text_search()` queries,
    so the planner can use it. Changing the fields or weights needs a new migration that drops
    and recreates the indexes.
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

    return migrations.RunPython(create, drop, elidable=False)


# --- Results: merging sources and showing excerpts --------------------------------------------


class MergedResults:
    """The results of every source as one sequence, best first, for Django's Paginator.

    Each source is counted first; only the rows up to the requested page are fetched from each,
    which is enough to know the first `needed` rows of the merged order.
    """

    def __init__(self, querysets):
        self.querysets = list(querysets)
        self.counts = [qs.count() for qs in self.querysets]
        self._rows = None
        self._fetched = 0

    def __len__(self):
        return sum(self.counts)

    def count(self):
        return len(self)

    def _fetch(self, needed):
        if self._rows is not None and self._fetched >= needed:
            return
        lists = [
            list(qs[:needed]) if count else []
            for qs, count in zip(self.querysets, self.counts, strict=True)
        ]
        # heapq.merge is stable: rows of equal rank keep their source's newest-first order.
        self._rows = list(heapq.merge(*lists, key=lambda row: -float(row.rank)))
        self._fetched = needed

    def __getitem__(self, index):
        if isinstance(index, slice):
            self._fetch(index.stop if index.stop is not None else len(self))
            return self._rows[index]
        self._fetch(index + 1)
        return self._rows[index]


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
        merged = MergedResults(model.objects.search(query) for model in searchable_models())
        paginator = Paginator(merged, self.paginate_by)
        page = page_or_404(paginator, self.request.GET.get("page"))
        pattern = highlight_pattern(query)
        context["page_obj"] = page
        context["extra_query"] = urlencode({"q": query})
        context["paginator"] = paginator
        context["results"] = [
            {
                "url": row.get_absolute_url(),
                "title": highlight(row.search_title(), pattern),
                "excerpt": excerpt(row.search_excerpt(), pattern),
                "label": row.search_label()
                if hasattr(row, "search_label")
                else row._meta.verbose_name,
                "date": row.search_date() if hasattr(row, "search_date") else None,
            }
            for row in page.object_list
        ]
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # Result pages are thin, ever-changing duplicates of the content: keep them out of indexes.
        response["X-Robots-Tag"] = "noindex, follow"
        return response

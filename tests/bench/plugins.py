"""What each app adds to the benchmark: rows to generate, pages to load, admin lists to time
(see `discover`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from itertools import islice

from django.apps import apps


@dataclass(frozen=True)
class Dataset:
    """Rows one app puts into the bench database.

    `build(size, log)` creates exactly `size` rows of `model` (and whatever belongs to them) with
    bulk inserts, starting from an empty table. The bench skips it when `model` already holds
    `size` rows (re-runs reuse the data set) and empties the table first when it holds fewer
    (an interrupted run).
    """

    label: str
    model: str
    size: int
    build: Callable[[int, Callable[[str], None]], None]

    def model_class(self):
        return apps.get_model(self.model)


@dataclass(frozen=True)
class Page:
    """A URL the load test requests, and the in-process report inspects.

    `path` is a string or a callable returning one (run in the bench database). For a POST,
    `form` gives the fields (a dict, or a callable returning one); `{n}` in a value becomes a
    number unique to each request (unique e-mail addresses, names); it always contains the
    run's marker. The bench first GETs `form_path` (default: `path`) for a CSRF cookie and
    token. `rows(marker)` returns (rows, distinct submissions) stored by POSTs whose `{n}`
    contained `marker` (e.g. rows and distinct addresses containing it), so the report can show
    that no submission was lost or stored twice.
    """

    name: str
    path: str | Callable[[], str]
    method: str = "GET"
    form: dict | Callable[[], dict] | None = None
    form_path: str | Callable[[], str] | None = None
    rows: Callable[[str], tuple[int, int]] | None = None

    def resolved_path(self) -> str:
        return self.path() if callable(self.path) else self.path

    def resolved_form(self) -> dict:
        form = self.form() if callable(self.form) else self.form
        return dict(form or {})

    def resolved_form_path(self) -> str:
        if self.form_path is None:
            return self.resolved_path()
        return self.form_path() if callable(self.form_path) else self.form_path


@dataclass(frozen=True)
class Changelist:
    """An admin list whose render time the report shows (with `model`'s row count)."""

    name: str
    path: str
    model: str


@dataclass
class Plugins:
    datasets: list[Dataset] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    changelists: list[Changelist] = field(default_factory=list)


# Data modules whose name is not the app label.
MODULE_NAMES = {"pina": "site"}


def discover(package: str = "tests.bench.data") -> Plugins:
    """Collect DATASETS, PAGES and CHANGELISTS from each installed app's module in `package`.

    Each app's part is a module of `tests/bench/data/` named for its app label, with any of
    three module-level lists:

        DATASETS = [Dataset("news posts", "news.Post", 100_000, build_posts)]
        PAGES = [Page("news list", "/en/news/"), Page("article", first_article_path)]
        CHANGELISTS = [Changelist("posts", "/admin/news/post/", "news.Post")]

    Modules are found in INSTALLED_APPS order (the site's label is `pina`: `data/site.py`) and
    nothing is imported for an app that is not installed, so a generator may import its app's
    models at the top of its module. Page paths and form fields may be callables: they run inside
    the bench database once the data exists (e.g. to pick a real article's URL).
    """
    found = Plugins()
    for app_config in apps.get_app_configs():
        name = MODULE_NAMES.get(app_config.label, app_config.label)
        qualified = f"{package}.{name}"
        try:
            module = import_module(qualified)
        except ModuleNotFoundError as error:
            if error.name != qualified:
                raise
            continue
        found.datasets += getattr(module, "DATASETS", [])
        found.pages += getattr(module, "PAGES", [])
        found.changelists += getattr(module, "CHANGELISTS", [])
    return found


def batched(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def bulk_insert(model, rows: Iterable, *, batch_size: int = 2000, log=None) -> int:
    """Insert model instances from any iterable in batches; returns how many were inserted.

    A generator of instances keeps memory flat for hundreds of thousands of rows.
    """
    inserted = 0
    for batch in batched(rows, batch_size):
        model.objects.bulk_create(batch, batch_size=batch_size)
        inserted += len(batch)
        if log and inserted % (batch_size * 25) == 0:
            log(f"  {inserted:,} {model._meta.verbose_name_plural}")
    return inserted

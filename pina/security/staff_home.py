"""The staff home page's to-do list (the admin index): what each signed-in user has to deal with
(drafts, posts waiting for their time, content that lacks a translation, new volunteer
applications, e-mails not delivered), each a count with a link to the admin list filtered to
those rows. pina's pieces never import the apps, so each app registers its own items (in its
admin.py, which the admin loads before any request). An item is shown only to a user whom the
model's admin lets open that list (`has_view_or_change_permission`, the rule the list itself
applies), and its count is taken only then, so nobody learns how many rows they may not see.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import admin
from django.db import models
from django.urls import reverse


@dataclass(frozen=True)
class StaffTask:
    """One line of the list: `count(queryset)` narrows the model's rows to those to deal with;
    `filters` are the query string that shows the same rows in the admin list."""

    section: str  # a lazy translated heading, e.g. "To translate"
    label: str  # a lazy translated line, e.g. "Posts missing Russian"
    model: type[models.Model]
    rows: Callable[[models.QuerySet], models.QuerySet]
    filters: dict[str, str]

    def url(self) -> str:
        opts = self.model._meta
        address = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return f"{address}?{urlencode(self.filters)}" if self.filters else address


_tasks: list[StaffTask] = []


def register_task(task: StaffTask) -> None:
    """Add a line to the staff home page (idempotent: a re-imported admin.py adds nothing)."""
    if task not in _tasks:
        _tasks.append(task)


def registered_tasks() -> list[StaffTask]:
    return list(_tasks)


def tasks_for(request, site=None) -> list[dict]:
    """The sections of the user's list, in registration order: [{"title", "tasks": [{"label",
    "count", "url"}]}], with only the items whose list the user may open."""
    site = site or admin.site
    sections: dict[str, list[dict]] = {}
    for task in _tasks:
        model_admin = site._registry.get(task.model)
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            continue
        count = task.rows(task.model._default_manager.all()).count()
        sections.setdefault(task.section, []).append(
            {"label": task.label, "count": count, "url": task.url()}
        )
    return [{"title": title, "tasks": tasks} for title, tasks in sections.items()]

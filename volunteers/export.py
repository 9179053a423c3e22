"""CSV export of volunteer applications for coordinators."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import VolunteerApplication

# Every cell that a spreadsheet would read as a formula is prefixed with an apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# UTF-8 with a byte-order mark, so Excel shows Cyrillic and Uzbek letters.
BOM = "\ufeff"


def neutralize(value) -> str:
    """The cell as text that no spreadsheet evaluates."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def header() -> list[str]:
    return [
        _("ID"),
        _("Submitted"),
        _("Status"),
        _("Full name"),
        _("E-mail"),
        _("E-mail confirmed"),
        _("Phone"),
        _("Country"),
        _("City"),
        _("Languages spoken"),
        _("Areas of interest"),
        _("Availability"),
        _("Motivation"),
        _("How they heard of us"),
        _("Language of the application"),
        _("Times submitted"),
        _("Coordinator notes"),
    ]


def row(application: VolunteerApplication) -> list:
    return [
        application.pk,
        _when(application.submitted_at),
        application.get_status_display(),
        application.full_name,
        application.email,
        _when(application.email_confirmed_at),
        str(application.phone or ""),
        application.country.name if application.country else "",
        application.city,
        ", ".join(language.name for language in application.languages.all()),
        ", ".join(interest.name for interest in application.interests.all()),
        application.get_availability_display(),
        application.motivation,
        application.heard_about,
        application.get_language_display(),
        application.submission_count,
        application.coordinator_notes,
    ]


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def rows(queryset, language: str, only_ids=None):
    """The file's lines; names and labels in `language` (streaming outlives the view).

    With `only_ids`, rows whose id is not in it are left out: the audit trail records the ids
    before streaming starts, and an application that arrives meanwhile must not slip in.
    """
    writer = csv.writer(_Echo())
    with translation.override(language):
        yield BOM + writer.writerow([neutralize(cell) for cell in header()])
        applications = queryset.prefetch_related("languages", "interests").iterator(chunk_size=1000)
        for application in applications:
            if only_ids is not None and application.pk not in only_ids:
                continue
            yield writer.writerow([neutralize(cell) for cell in row(application)])


def csv_response(queryset, only_ids=None) -> StreamingHttpResponse:
    """Streamed, so exporting a large selection holds no more than a row in memory."""
    filename = f"volunteer-applications-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(
        rows(queryset, translation.get_language(), only_ids),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response

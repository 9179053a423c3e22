"""Conferences and everything a conference report says: who organized and supported it, which
countries took part, who spoke (and in which position), what they said, the sessions and the
documents.

Read rule: every public page, feed, sitemap, search and the home page goes through
`Conference.objects.published()`.
"""

import calendar
import datetime
import os
import posixpath
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, F, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, get_valid_filename
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFit
from slugify import slugify

from pina.content import translation_status
from pina.content.richtext import RichTextField, plain_text
from pina.content.translation_status import TranslationStatusQuerySet
from pina.search.queryset import MAX_RANKED, SearchableQuerySet, ranked_matches
from pina.security.uploads import strip_metadata, validate_image_file

# The region's calendar: "upcoming" and "past" are decided by the date in Tashkent, whatever the
# server's clock zone is.
REGION_TIME_ZONE = "Asia/Tashkent"
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


def region_today() -> datetime.date:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(REGION_TIME_ZONE)).date()


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone name. Use a name such as Asia/Tashkent."),
            params={"value": value},
            code="time_zone",
        )


def validate_pdf_file(fileobj):
    """Accept only PDF documents, recognised by their content rather than their name."""
    if not fileobj or getattr(fileobj, "_committed", False):
        return
    size = getattr(fileobj, "size", None)
    if size is not None and size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (at most %(mb)s MB).")
            % {"mb": DOCUMENT_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    try:
        fileobj.seek(0)
        head = fileobj.read(1024)
        fileobj.seek(max(0, (size or 0) - 2048))
        tail = fileobj.read(2048) if size else fileobj.read()
    finally:
        fileobj.seek(0)
    # A PDF starts with its version header (within the first kilobyte, per the specification)
    # and ends with an end-of-file marker; a renamed Word or image file has neither.
    if b"%PDF-" not in head or b"%%EOF" not in tail:
        raise ValidationError(
            _("This file is not a PDF document. Save or export it as PDF and upload it again."),
            code="not_pdf",
        )


def unique_slug(instance, text: str, fallback: str, max_length: int = 80) -> str:
    """A Latin slug for `text` (Cyrillic is transliterated), never empty, unique in the model."""
    base = slugify(text or "", max_length=max_length, word_boundary=True) or fallback
    candidate = base
    model = type(instance)
    number = 2
    while model._default_manager.filter(slug=candidate).exclude(pk=instance.pk).exists():
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)] + suffix
        number += 1
    return candidate


def strip_new_uploads(instance, *field_names):
    """Re-encode newly uploaded images without metadata (a photo's GPS position, camera...)."""
    for name in field_names:
        field_file = getattr(instance, name)
        if field_file and not getattr(field_file, "_committed", True):
            clean = strip_metadata(field_file.file)
            field_file.save(clean.name, clean, save=False)


def upload_path(folder, name):
    def build(instance, filename):
        stem, extension = os.path.splitext(os.path.basename(filename))
        stem = get_valid_filename(slugify(stem, max_length=60) or "file")
        return posixpath.join(
            folder,
            timezone.now().strftime("%Y"),
            f"{stem}-{uuid.uuid4().hex[:8]}{extension.lower()}",
        )

    # Migrations refer to upload functions by their module-level name.
    build.__name__ = build.__qualname__ = name
    return build


conference_cover_path = upload_path("conferences/covers", "conference_cover_path")
organization_logo_path = upload_path("organizations/logos", "organization_logo_path")
person_photo_path = upload_path("people/photos", "person_photo_path")
conference_document_path = upload_path("conferences/documents", "conference_document_path")


class ConferenceQuerySet(TranslationStatusQuerySet, SearchableQuerySet):
    # A conference counts as translated into a language once these exist in it (the admin's
    # "Translations" column and filter, the staff home page).
    translation_required_fields = ("title", "lead", "body")
    # The fields the site search reads, with their weight (A is the most important), and what
    # a result shows (pina.search.queryset).
    search_fields = {"title": "A", "lead": "B", "body": "C"}
    shown_fields = ("title", "lead", "body", "slug", "start_date")

    def published(self, now=None):
        """What visitors may see at `now` (this moment by default): marked published and with a
        publication time that has come."""
        return self.filter(is_published=True, published_at__lte=now or timezone.now())

    def upcoming(self):
        """Conferences not yet over (today in Tashkent included), soonest first."""
        return self.filter(end_date__gte=region_today()).order_by("start_date", "pk")

    def past(self):
        """Conferences that are over, newest first."""
        return self.filter(end_date__lt=region_today()).order_by("-start_date", "-pk")

    def upcoming_then_past(self):
        """Upcoming conferences (soonest first) followed by past ones (newest first)."""
        today = region_today()
        return self.annotate(
            upcoming_start=Case(When(end_date__gte=today, then=F("start_date")), default=None)
        ).order_by(F("upcoming_start").asc(nulls_last=True), "-start_date", "-pk")

    def in_country(self, code: str):
        """Hosted in the country or joined by it."""
        return self.filter(Q(host_country=code) | Q(participating_countries__contains=code))


class PublishedConferenceRows(SearchableQuerySet):
    """The QuerySet of what visitors meet on the pages of published conferences only: an
    organization, a person or a quote is shown (and found by the search) once a published
    conference names it."""

    def search_rows(self, pks):
        # Small rows: every column, and what each result names with it in one query each.
        return self.published().filter(pk__in=pks).order_by()


class OrganizationQuerySet(TranslationStatusQuerySet, PublishedConferenceRows):
    search_fields = {"name": "A", "acronym": "A", "description": "C"}
    # What must exist in a language for the organization to count as translated into it.
    translation_required_fields = ("name", "description")

    def published(self, now=None):
        conferences = Conference.objects.published(now)
        return self.filter(
            Q(
                pk__in=ConferenceOrganization.objects.filter(conference__in=conferences).values(
                    "organization"
                )
            )
            | Q(pk__in=Speaker.objects.filter(conference__in=conferences).values("organization"))
        )


class PersonQuerySet(TranslationStatusQuerySet, PublishedConferenceRows):
    search_fields = {"full_name": "A", "bio": "C"}
    # A name in the language's script and the biography make a person translated.
    translation_required_fields = ("full_name", "bio")

    def published(self, now=None):
        conferences = Conference.objects.published(now)
        return self.filter(
            pk__in=Speaker.objects.filter(conference__in=conferences).values("person")
        )

    def name_ranks(self, query) -> list:
        """[(pk, rank)] best first of the people whose name or biography match."""
        return super().search_ranks(query)

    def search_ranks(self, query) -> list:
        """[(pk, rank)] best first: the people whose name or biography match, and the people
        whose position or rank at a published conference matches ("Milliy komissiya" finds
        who spoke for it), ranked as their best appearance; a position lives on the
        appearance (Speaker), where the person's stored search vector cannot read it."""
        ranks = dict(self.name_ranks(query))
        for person, rank in Speaker.objects.person_ranks(query):
            ranks[person] = max(float(ranks.get(person, 0)), float(rank))
        return sorted(ranks.items(), key=lambda row: -float(row[1]))

    def search_rows(self, pks):
        # Each person's appearances at published conferences, newest first, in one query: a
        # result links to the newest and names the position held there.
        appearances = models.Prefetch(
            "appearances",
            queryset=Speaker.objects.filter(conference__in=Conference.objects.published())
            .select_related("conference")
            .order_by("-conference__start_date", "-pk"),
            to_attr="published_appearances",
        )
        return super().search_rows(pks).prefetch_related(appearances)


class SpeakerQuerySet(TranslationStatusQuerySet, PublishedConferenceRows):
    """Appearances, searched for their position and rank only: the search page shows the
    person (PersonQuerySet.search_ranks), not the appearance."""

    search_fields = {"position": "B", "rank": "C"}
    translation_required_fields = ("position",)

    def published(self, now=None):
        return self.filter(conference__in=Conference.objects.published(now))

    def person_ranks(self, query) -> list:
        """[(person pk, rank)] of the published appearances whose position or rank match, in
        one query (a person may appear once per conference)."""
        return ranked_matches(self.published(), query, self.search_fields, key="person")


class QuoteQuerySet(TranslationStatusQuerySet, PublishedConferenceRows):
    search_fields = {"text": "B"}
    translation_required_fields = ("text",)

    def published(self, now=None):
        return self.filter(conference__in=Conference.objects.published(now))

    def search_ranks(self, query) -> list:
        """[(pk, rank)] best first: the quotes whose words match, and the quotes of the people
        whose name matches ("Каримова" finds what she said), ranked as their speaker is; a
        name lives in its own table, where a quote's stored search vector cannot read it."""
        ranks = dict(super().search_ranks(query))
        people = dict(Person.objects.name_ranks(query))
        if people:
            said = self.published().filter(speaker__person__in=list(people))
            for pk, person in said.values_list("pk", "speaker__person")[: MAX_RANKED + 1]:
                ranks[pk] = max(float(ranks.get(pk, 0)), float(people[person]))
        return sorted(ranks.items(), key=lambda row: -float(row[1]))

    def search_rows(self, pks):
        return super().search_rows(pks).select_related("conference", "speaker__person")


class Conference(models.Model):
    """A conference: when and where, who organized and supported it, and what happened there."""

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("The conference's address on the site. Leave empty to make it from the title."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"),
        blank=True,
        help_text=_("Leave empty for a one-day conference."),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    host_country = CountryField(_("host country"), blank=True)
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    time_zone = models.CharField(
        _("venue time zone"),
        max_length=64,
        default=REGION_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("Session times are in this time zone, e.g. Asia/Tashkent or Asia/Almaty."),
    )
    participating_countries = CountryField(
        _("participating countries"),
        multiple=True,
        blank=True,
        help_text=_("Countries whose delegations took part (the host country need not be listed)."),
    )
    participants_count = models.PositiveIntegerField(
        _("number of participants"), null=True, blank=True
    )
    participants_count_is_minimum = models.BooleanField(
        _("“over” this number"),
        default=False,
        help_text=_("Tick when the report says “over 110 participants” rather than exactly 110."),
    )
    lead = models.TextField(
        _("lead"),
        max_length=600,
        blank=True,
        help_text=_("One or two sentences for lists and search."),
    )
    body = RichTextField(_("report"), blank=True)
    cover = models.ImageField(
        _("cover image"),
        upload_to=conference_cover_path,
        blank=True,
        validators=[validate_image_file],
    )
    cover_alt = models.CharField(
        _("cover image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    cover_card = ImageSpecField(
        source="cover", processors=[ResizeToFit(640, 640)], format="WEBP", options={"quality": 80}
    )
    cover_large = ImageSpecField(
        source="cover", processors=[ResizeToFit(1280, 1280)], format="WEBP", options={"quality": 82}
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        help_text=_("The conference appears on the site from this time on, once published."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["is_published", "published_at"], name="events_conf_visible_idx"),
            models.Index(fields=["start_date"], name="events_conf_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="events_conference_end_after_start",
                violation_error_message=_(
                    "The end date is before the start date. Set it to the start date or later."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.start_date and not self.end_date:
            self.end_date = self.start_date
        if not self.slug:
            source = self.title_en or self.title or ""
            fallback = f"conference-{self.start_date:%Y-%m-%d}" if self.start_date else "conference"
            if self.start_date and str(self.start_date.year) not in source:
                source = f"{source} {self.start_date.year}"
            self.slug = unique_slug(self, source, fallback)
        strip_new_uploads(self, "cover")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:conference_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.start_date and not self.end_date:
            self.end_date = self.start_date
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {
                    "end_date": _(
                        "The end date (%(end)s) is before the start date (%(start)s). "
                        "Set it to the start date or later, or leave it empty for a one-day "
                        "conference."
                    )
                    % {"end": self.end_date.isoformat(), "start": self.start_date.isoformat()}
                }
            )
        if self.participants_count_is_minimum and not self.participants_count:
            raise ValidationError(
                {"participants_count": _("Give the number that the participants were “over”.")}
            )

    def get_ics_url(self):
        return reverse("events:conference_ics", kwargs={"slug": self.slug})

    @property
    def is_visible(self) -> bool:
        return self.is_published and self.published_at <= timezone.now()

    @property
    def is_one_day(self) -> bool:
        return self.end_date == self.start_date

    @property
    def is_upcoming(self) -> bool:
        return self.end_date >= region_today()

    @property
    def participating_countries_sorted(self):
        return sorted(self.participating_countries, key=lambda country: str(country.name))

    @property
    def all_countries(self):
        """The host country first, then the participating countries by name, each once."""
        seen = set()
        result = []
        for country in ([self.host_country] if self.host_country else []) + list(
            self.participating_countries_sorted
        ):
            if country.code not in seen:
                seen.add(country.code)
                result.append(country)
        return result

    @property
    def place(self) -> str:
        parts = [self.venue, self.city, str(self.host_country.name) if self.host_country else ""]
        return ", ".join(part for part in parts if part)

    @property
    def excerpt(self) -> str:
        """Plain text for search results and link previews."""
        text = self.lead or plain_text(self.body)
        return Truncator(" ".join(text.split())).words(40)

    @property
    def year(self) -> int:
        return self.start_date.year

    # What a search result shows (pina.search.queryset.SearchableQuerySet).
    def search_title(self) -> str:
        return self.title

    def search_excerpt(self) -> str:
        return " ".join(f"{self.lead or ''} {plain_text(self.body)}".split())

    def search_date(self):
        return self.start_date

    def search_label(self) -> str:
        return str(self._meta.verbose_name).capitalize()


class Organization(models.Model):
    """A body that organizes, supports or partners in conferences (UNODC, IOM, a ministry...)."""

    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(
        _("acronym"), max_length=40, blank=True, help_text=_("For example UNODC, IOM, OSCE.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_(
            "The organization's address on the site. Leave empty to make it from the name."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(
        _("logo"), upload_to=organization_logo_path, blank=True, validators=[validate_image_file]
    )
    logo_small = ImageSpecField(
        source="logo", processors=[ResizeToFit(240, 120)], format="WEBP", options={"quality": 85}
    )
    description = models.TextField(_("short description"), max_length=800, blank=True)
    country = CountryField(_("country"), blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self):
        return self.label(self.name, self.acronym)

    def save(self, *args, **kwargs):
        if not self.slug:
            source = self.acronym_en or self.name_en or self.acronym or self.name
            self.slug = unique_slug(self, source, "organization")
        strip_new_uploads(self, "logo")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:organization_detail", kwargs={"slug": self.slug})

    @staticmethod
    def label(name, acronym):
        """The name with its acronym in brackets, or the name alone when it has no other."""
        if acronym and acronym != name:
            return f"{name} ({acronym})"
        return name

    # What a search result shows (pina.search.queryset.SearchableQuerySet).
    def search_title(self) -> str:
        return str(self)

    def search_excerpt(self) -> str:
        return " ".join(self.description.split())

    def search_label(self) -> str:
        return str(self._meta.verbose_name).capitalize()

    @property
    def short_name(self) -> str:
        return self.acronym or self.name

    def name_on(self, day):
        """The organization as it was named on `day`: the former name in use then (the earliest
        whose `used_until` is on or after `day`), else the organization itself. Either has
        `name`, `acronym`, `short_name` and `get_absolute_url()` (this organization's page).

        Reads `former_names` (prefetch them when naming many organizations)."""
        for former in self.former_names.all():  # ordered by used_until
            if day <= former.used_until:
                return former
        return self


class OrganizationName(models.Model):
    """A name an organization had before its present one.

    A name has a period, not a conference: recorded once with the last day it was in use, it
    names the organization at every conference held until then (Organization.name_on), on the
    conference pages as in their structured data, and makes the history on the organization's
    page. A name typed on each conference's role instead would have to be repeated, in three
    languages, at every past conference, and could not say when the name changed.
    """

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="former_names",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    used_until = models.DateField(
        _("used until"),
        help_text=_(
            "The last day the organization had this name, as far as is known (for example the "
            "day of the last conference held under it). Conferences that started on or before "
            "this day show this name."
        ),
    )

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        ordering = ["used_until", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "used_until"],
                name="events_unique_former_name_end",
                violation_error_message=_("This organization already has a name ending that day."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.organization.get_absolute_url()

    @property
    def short_name(self) -> str:
        return self.acronym or self.name


class Role(models.TextChoices):
    # Listed in the order a conference page shows them.
    ORGANIZER = "organizer", _("organizer")
    CO_ORGANIZER = "co_organizer", _("co-organizer (in cooperation with)")
    SUPPORTER = "supporter", _("supporter (supported by)")
    PARTNER = "partner", _("partner")


ROLE_ORDER = [role.value for role in Role]
ROLE_HEADINGS = {
    Role.ORGANIZER: pgettext_lazy("conference roles", "Organized by"),
    Role.CO_ORGANIZER: pgettext_lazy("conference roles", "In cooperation with"),
    Role.SUPPORTER: pgettext_lazy("conference roles", "Supported by"),
    Role.PARTNER: pgettext_lazy("conference roles", "Partners"),
}


class ConferenceOrganization(models.Model):
    """The part an organization played in a conference."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="roles", verbose_name=_("conference")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="roles",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ORGANIZER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("organization's role")
        verbose_name_plural = _("organizers, supporters and partners")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "organization", "role"],
                name="events_unique_role_per_conference",
                violation_error_message=_(
                    "This organization already has this role in this conference. Remove the "
                    "duplicate row or choose another role."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organization}: {self.get_role_display()}"

    @property
    def heading(self):
        return ROLE_HEADINGS[self.role]

    @property
    def named_organization(self):
        """The organization under its name at this conference (Organization.name_on)."""
        return self.organization.name_on(self.conference.start_date)


class Person(models.Model):
    """Someone who speaks at conferences. Their position belongs to each appearance (Speaker)."""

    full_name = models.CharField(_("full name"), max_length=200)
    photo = models.ImageField(
        _("photo"), upload_to=person_photo_path, blank=True, validators=[validate_image_file]
    )
    photo_small = ImageSpecField(
        source="photo", processors=[ResizeToFit(160, 160)], format="WEBP", options={"quality": 82}
    )
    bio = models.TextField(_("short biography"), max_length=1500, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        # The search's candidates in name order (a word in most positions matches most people):
        # the index is walked until enough match, instead of sorting every match.
        indexes = [
            models.Index(fields=[f"full_name_{code}", "-id"], name=f"events_person_name_{code}")
            for code, _name in settings.LANGUAGES
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        strip_new_uploads(self, "photo")
        super().save(*args, **kwargs)

    # What a search result shows: the person as a speaker of the newest published conference
    # they spoke at (`published_appearances`, prefetched by PersonQuerySet.search_rows).
    def get_absolute_url(self):
        appearance = self._newest_appearance()
        return appearance.conference.get_absolute_url() if appearance else ""

    def _newest_appearance(self):
        appearances = getattr(self, "published_appearances", None)
        if appearances is None:  # not loaded by the search (the admin's "view on site")
            return (
                self.appearances.filter(conference__in=Conference.objects.published())
                .select_related("conference")
                .order_by("-conference__start_date", "-pk")
                .first()
            )
        return appearances[0] if appearances else None

    def search_title(self) -> str:
        return self.full_name

    def search_excerpt(self) -> str:
        appearance = self._newest_appearance()
        if appearance is None:
            return self.bio
        return " ".join(
            part for part in (appearance.position, appearance.conference.title, self.bio) if part
        )

    def search_date(self):
        appearance = self._newest_appearance()
        return appearance.conference.start_date if appearance else None

    def search_label(self) -> str:
        return str(Speaker._meta.verbose_name).capitalize()


class Speaker(models.Model):
    """A person speaking at one conference, in the position they held there."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("conference")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="appearances", verbose_name=_("person")
    )
    rank = models.CharField(
        _("rank or title"),
        max_length=80,
        blank=True,
        help_text=_("Shown before the name at this conference, e.g. “Colonel”."),
    )
    position = models.CharField(
        _("position"),
        max_length=400,
        blank=True,
        help_text=_("As given at this conference, e.g. “Head of the IOM Office in Uzbekistan”."),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speakers",
        verbose_name=_("organization"),
    )
    country = CountryField(_("country"), blank=True)
    is_online = models.BooleanField(_("spoke online"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["order", "pk"]
        # The search's candidates in this order, walked until enough match (see Person).
        indexes = [models.Index(fields=["order", "id"], name="events_speaker_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "person"],
                name="events_unique_speaker_per_conference",
                violation_error_message=_(
                    "This person is already a speaker of this conference. Remove the duplicate row."
                ),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.rank} {self.person.full_name}" if self.rank else self.person.full_name

    @property
    def named_organization(self):
        """The speaker's organization under its name at this conference, or None."""
        if self.organization is None:
            return None
        return self.organization.name_on(self.conference.start_date)


class Quote(models.Model):
    """Words said by a speaker of the conference."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("conference")
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("speaker")
    )
    text = models.TextField(_("words said"), max_length=5000)
    language = models.CharField(
        _("language it was said in"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The language the speaker used. Where the quote is shown in another language, "
            "visitors read that it is a translation. Leave empty if you do not know it."
        ),
    )
    is_featured = models.BooleanField(
        _("featured on the home page"),
        default=False,
        help_text=_("At most one quote per conference; the newest conference's is shown."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["order", "pk"]
        # The search's candidates in this order, walked until enough match (see Person).
        indexes = [models.Index(fields=["order", "id"], name="events_quote_order")]

    def __str__(self):
        return Truncator(self.text).words(12)

    # What a search result shows: who said it, where (its conference's page, which shows it).
    def get_absolute_url(self):
        return self.conference.get_absolute_url()

    def shown_language(self) -> str:
        """The language of the words a visitor reads: the active one, or English (the fallback)
        where the quote has no text in it."""
        return translation_status.shown_language(self, "text")

    def is_shown_translated(self) -> bool:
        """The words shown are not the ones said: the quote's language is known and another."""
        return bool(self.language) and self.shown_language() != self.language

    def search_title(self) -> str:
        return f"{self.speaker.display_name}: {self.conference.title}"

    def search_excerpt(self) -> str:
        return " ".join(self.text.split())

    def search_date(self):
        return self.conference.start_date

    def search_label(self) -> str:
        return str(self._meta.verbose_name).capitalize()

    def clean(self):
        super().clean()
        if (
            self.speaker_id
            and self.conference_id
            and self.speaker.conference_id != self.conference_id
        ):
            raise ValidationError(
                {
                    "speaker": _(
                        "%(name)s is not a speaker of this conference. Add them under "
                        "“Speakers” and save, then choose them for the quote."
                    )
                    % {"name": self.speaker.person.full_name}
                }
            )


class Session(models.Model):
    """A session of the conference programme, optionally with a time."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("conference")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Leave empty for the conference's first day.")
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.end_time and not self.start_time:
            errors["start_time"] = _("Give the start time too, or remove the end time.")
        elif self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The end time must be after the start time (%(start)s).") % {
                "start": self.start_time.strftime("%H:%M")
            }
        conference = self.conference if self.conference_id else None
        if self.date and conference and conference.start_date:
            last_day = conference.end_date or conference.start_date
            if not conference.start_date <= self.date <= last_day:
                errors["date"] = _(
                    "The date must fall within the conference (%(start)s to %(end)s)."
                ) % {"start": conference.start_date.isoformat(), "end": last_day.isoformat()}
        if errors:
            raise ValidationError(errors)

    @property
    def day(self):
        return self.date or self.conference.start_date

    def starts_at(self):
        """The start as an aware datetime in the venue's time zone, or None without a time."""
        if not self.start_time:
            return None
        zone = zoneinfo.ZoneInfo(self.conference.time_zone)
        return datetime.datetime.combine(self.day, self.start_time, tzinfo=zone)

    def ends_at(self):
        if not (self.start_time and self.end_time):
            return None
        zone = zoneinfo.ZoneInfo(self.conference.time_zone)
        return datetime.datetime.combine(self.day, self.end_time, tzinfo=zone)


class ConferenceDocument(models.Model):
    """A PDF attached to a conference: a declaration, a programme, a presentation."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="documents", verbose_name=_("conference")
    )
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(
        _("PDF file"),
        upload_to=conference_document_path,
        validators=[validate_pdf_file],
        help_text=_("PDF only, at most 20 MB."),
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Stored so the conference page can show the size without asking the storage.
        if self.file and not getattr(self.file, "_committed", True):
            self.size = self.file.size
        super().save(*args, **kwargs)


# A number is typed as the service publishes it: digits with the spaces, hyphens or leading +
# people are used to reading ("+998 71 200-00-00", "1146"); nothing else is a number to dial.
validate_phone = RegexValidator(
    r"^\+?[0-9][0-9 \-]*$",
    _("Use digits, spaces, hyphens and a leading + only, as the service writes the number."),
    code="phone",
)
# Six months, as the checking rule says; a number not confirmed since then may have changed.
CHECK_INTERVAL_MONTHS = 6


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


def check_due_date(today=None) -> datetime.date:
    """Entries last checked before this date need checking again."""
    return months_before(today or region_today(), CHECK_INTERVAL_MONTHS)


class HelplineQuerySet(models.QuerySet):
    def published(self):
        """What visitors may see: marked published and checked at least once (a number nobody
        has confirmed is never shown, whatever the tick says)."""
        return self.filter(is_published=True, checked_on__isnull=False)

    def in_country(self, code: str):
        return self.filter(country=code.upper())

    def needs_checking(self, today=None):
        """Never checked, or last checked more than six months ago."""
        return self.filter(Q(checked_on__isnull=True) | Q(checked_on__lt=check_due_date(today)))


class Helpline(models.Model):
    """A hotline or contact point people at risk of trafficking can reach, in one country.

    Only numbers and contacts confirmed with the service itself are entered, with the date
    they were checked: a wrong number on this page can cost someone their only call.
    """

    name = models.CharField(_("name of the service"), max_length=200)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="helplines",
        verbose_name=_("organization running it"),
    )
    country = CountryField(_("country"))
    phone = models.CharField(
        _("phone or short number"),
        max_length=40,
        blank=True,
        validators=[validate_phone],
        help_text=_(
            "Exactly as the service publishes it: digits, with its spaces or hyphens and a "
            "leading + if it has them."
        ),
    )
    telegram = models.CharField(
        _("Telegram"),
        max_length=100,
        blank=True,
        validators=[
            RegexValidator(
                r"^@?[A-Za-z0-9_]{5,32}$",
                _("Give the Telegram username, e.g. @service_name."),
                code="telegram",
            )
        ],
        help_text=_("The service's Telegram username, e.g. @service_name."),
    )
    whatsapp = models.CharField(
        _("WhatsApp number"),
        max_length=40,
        blank=True,
        validators=[validate_phone],
        help_text=_("The number with its country code, starting with +."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    hours = models.CharField(
        _("hours"),
        max_length=200,
        blank=True,
        help_text=_("As the service states them, e.g. “24 hours a day, 7 days a week”."),
    )
    languages = models.CharField(
        _("languages spoken on the line"),
        max_length=200,
        blank=True,
        help_text=_("For example “Uzbek, Russian”."),
    )
    is_free = models.BooleanField(_("free of charge"), default=False)
    is_anonymous = models.BooleanField(
        _("anonymous calls allowed"),
        default=False,
        help_text=_("Tick only when the service confirms callers need not give their name."),
    )
    what_happens = models.TextField(
        _("what happens when you call"),
        max_length=600,
        blank=True,
        help_text=_("One or two calm sentences: who answers and what they can do."),
    )
    checked_on = models.DateField(
        _("last checked on"),
        null=True,
        blank=True,
        help_text=_(
            "The day you confirmed the number and hours with the service itself. Entries are "
            "shown on the site only with this date."
        ),
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
        editable=False,
    )
    is_published = models.BooleanField(_("published"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = HelplineQuerySet.as_manager()

    class Meta:
        verbose_name = _("helpline")
        verbose_name_plural = _("helplines")
        ordering = ["country", "order", "pk"]
        indexes = [models.Index(fields=["country", "is_published"], name="events_helpline_idx")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not any([self.phone, self.telegram, self.whatsapp, self.email, self.website]):
            raise ValidationError(
                _("Give at least one way to reach the service: a number, Telegram, e-mail...")
            )
        if self.is_published and not self.checked_on:
            raise ValidationError(
                {
                    "checked_on": _(
                        "Give the date you checked this entry with the service before "
                        "publishing it."
                    )
                }
            )
        if self.checked_on and self.checked_on > region_today():
            raise ValidationError({"checked_on": _("The checked date cannot be in the future.")})

    @property
    def tel_href(self) -> str:
        """The number for a tel: link: what you dial, without the spaces and hyphens."""
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    @property
    def telegram_url(self) -> str:
        return f"https://t.me/{self.telegram.lstrip('@')}" if self.telegram else ""

    @property
    def whatsapp_url(self) -> str:
        digits = "".join(ch for ch in self.whatsapp if ch.isdigit())
        return f"https://wa.me/{digits}" if digits else ""

    @property
    def needs_checking(self) -> bool:
        return self.checked_on is None or self.checked_on < check_due_date()

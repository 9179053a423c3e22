"""Volunteer applications, the choices the form offers, the page texts and the e-mail outbox;
since people who offer to help may themselves be at risk, an application holds no more than the
form asks, withdrawal and retention erase it (`anonymize()`), and the outbox stores no address
or text, only what to send to whom (rendered at send time)."""

import secrets
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from pina.content.richtext import RichTextField
from pina.content.single_record import SingleRecord

from . import default_texts

# Field limits, shared by the model, the form (maxlength) and the page's hints.
NAME_MAX_LENGTH = 150
CITY_MAX_LENGTH = 100
MOTIVATION_MAX_LENGTH = 1500
HEARD_ABOUT_MAX_LENGTH = 200


class ChoiceOption(models.Model):
    """A translated option offered by the form, kept in a table so the admin can filter by it."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("offered in the form"),
        default=True,
        help_text=_("Untick to stop offering it; existing applications keep it."),
    )

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class SpokenLanguage(ChoiceOption):
    """A language a volunteer speaks (Uzbek, Russian, English, Kazakh, ... or other)."""

    class Meta(ChoiceOption.Meta):
        verbose_name = _("spoken language")
        verbose_name_plural = _("spoken languages")


class InterestArea(ChoiceOption):
    """Where a volunteer would like to help (awareness campaigns, translation, legal aid, ...)."""

    class Meta(ChoiceOption.Meta):
        verbose_name = _("area of interest")
        verbose_name_plural = _("areas of interest")


class ApplicationQuerySet(models.QuerySet):
    def not_anonymized(self):
        return self.filter(anonymized_at__isnull=True)

    def past_retention(self, days: int, now=None):
        """Declined or withdrawn applications whose status changed more than `days` days ago."""
        cutoff = (now or timezone.now()) - timedelta(days=days)
        return self.not_anonymized().filter(
            status__in=CLOSED_STATUSES, status_changed_at__lt=cutoff
        )


class VolunteerApplication(models.Model):
    """One person's offer to volunteer, as sent through the public form, and its follow-up.

    The same address applying again never changes this record by itself: the new data waits as a
    `PendingApplicationChange` until the address's owner confirms it (signup.py). An address
    whose application was closed (declined, withdrawn) starts a new one, linked to this one by
    `previous_application`. `latest_from_address` marks the one record per address a new
    submission is compared with, and a partial unique constraint guarantees there is only one,
    even when two submissions race.
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        ACTIVE = "active", _("Active volunteer")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # The workflow: new → contacted → active / declined; withdrawn from anywhere; a declined
    # application may be reconsidered.
    TRANSITIONS = {
        Status.NEW: {Status.CONTACTED, Status.DECLINED, Status.WITHDRAWN},
        Status.CONTACTED: {Status.ACTIVE, Status.DECLINED, Status.WITHDRAWN},
        Status.ACTIVE: {Status.DECLINED, Status.WITHDRAWN},
        Status.DECLINED: {Status.CONTACTED},
        Status.WITHDRAWN: set(),
    }

    class Availability(models.TextChoices):
        MONTHLY = "monthly", _("A few hours a month")
        WEEKLY = "weekly", _("A few hours a week")
        SEVERAL_DAYS = "several_days", _("Several days a week")
        EVENTS = "events", _("Only for particular events")

    full_name = models.CharField(_("full name"), max_length=NAME_MAX_LENGTH)
    email = models.EmailField(_("e-mail"), max_length=254)
    # Lower-cased address: the key that recognises the same person applying again.
    email_key = models.CharField(max_length=254, null=True, blank=True, editable=False)
    phone = PhoneNumberField(_("phone"), blank=True)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=CITY_MAX_LENGTH)
    languages = models.ManyToManyField(
        SpokenLanguage, verbose_name=_("languages spoken"), related_name="applications"
    )
    interests = models.ManyToManyField(
        InterestArea, verbose_name=_("areas of interest"), related_name="applications"
    )
    availability = models.CharField(_("availability"), max_length=20, choices=Availability.choices)
    motivation = models.TextField(_("motivation"), max_length=MOTIVATION_MAX_LENGTH)
    heard_about = models.CharField(
        _("how they heard of us"), max_length=HEARD_ABOUT_MAX_LENGTH, blank=True
    )
    language = models.CharField(
        _("language of the application"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("E-mails to the volunteer are written in this language."),
    )
    consented_at = models.DateTimeField(_("consent given"))

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    coordinator_notes = models.TextField(
        _("coordinator notes"),
        blank=True,
        max_length=10000,
        help_text=_("Seen only by coordinators. Erased with the application's personal data."),
    )
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submission_count = models.PositiveIntegerField(
        _("times submitted"),
        default=1,
        help_text=_(
            "Sending the form again changes the application once the address's owner confirms it."
        ),
    )
    latest_from_address = models.BooleanField(default=True, editable=False)
    # The same address's earlier application, when this one was started after it was closed:
    # coordinators see that both come from the same person.
    previous_application = models.ForeignKey(
        "self",
        verbose_name=_("earlier application from the same address"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="later_applications",
        editable=False,
    )
    # The conference whose sign-up link (EventSignupLink) the form was sent through. A lazy
    # reference: this app must not import events (import-linter's layers contract).
    signup_event = models.ForeignKey(
        "events.Conference",
        verbose_name=_("signed up at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    anonymized_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer application")
        verbose_name_plural = _("volunteer applications")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            # The changelist's default order, alone and under each filter it offers.
            models.Index(fields=["-submitted_at", "-id"], name="vol_app_submitted"),
            models.Index(fields=["status", "-submitted_at"], name="vol_app_status_submitted"),
            models.Index(fields=["country", "-submitted_at"], name="vol_app_country_submitted"),
            models.Index(
                fields=["email_confirmed_at", "-submitted_at"], name="vol_app_confirmed_submitted"
            ),
            # The retention command's scan.
            models.Index(fields=["status", "status_changed_at"], name="vol_app_status_changed"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["email_key"],
                condition=models.Q(latest_from_address=True),
                name="vol_app_one_latest_per_address",
            ),
        ]

    def __str__(self):
        if self.anonymized_at:
            return str(_("Anonymized application #%(id)s") % {"id": self.pk})
        return self.full_name

    @property
    def is_email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def is_anonymized(self) -> bool:
        return self.anonymized_at is not None

    def allowed_statuses(self) -> list[str]:
        """The current status and those the workflow allows next, in display order."""
        allowed = self.TRANSITIONS.get(self.status, set()) | {self.status}
        if self.is_anonymized:
            allowed = {self.status}
        return [value for value in self.Status.values if value in allowed]

    def get_admin_url(self) -> str:
        return reverse("admin:volunteers_volunteerapplication_change", args=[self.pk])

    def anonymize(self, now=None):
        """Erase the personal data and keep only what counts (dates, status, country, choices).

        Pending e-mails to the volunteer are cancelled and the admin history stops showing the
        name. The caller saves inside a transaction (see `signup.erase_personal_data`).
        """
        self.full_name = ""
        self.email = ""
        self.email_key = None
        self.phone = ""
        self.city = ""
        self.motivation = ""
        self.heard_about = ""
        self.coordinator_notes = ""
        self.latest_from_address = False
        self.anonymized_at = now or timezone.now()


# Applications the retention rule applies to.
CLOSED_STATUSES = (VolunteerApplication.Status.DECLINED, VolunteerApplication.Status.WITHDRAWN)


class ApplicationSection(NamedTuple):
    """A group of an application's fields, as the coordinators' screen shows them."""

    title: str
    fields: tuple[str, ...]
    # The volunteer fills these in through the public form (but RECORDED_ON_ARRIVAL).
    asked: bool = False
    # The coordinators change these; the rest is what was sent and recorded, read-only to them.
    editable: bool = False


# Every field of an application once, in the order the form asks and the admin shows them.
APPLICATION_SECTIONS = (
    ApplicationSection(
        _("Applicant"),
        ("full_name", "email", "email_confirmed_at", "phone", "country", "city"),
        asked=True,
    ),
    ApplicationSection(
        _("Offer"),
        ("languages", "interests", "availability", "motivation", "heard_about", "language"),
        asked=True,
    ),
    ApplicationSection(_("Follow-up"), ("status", "coordinator_notes"), editable=True),
    ApplicationSection(
        _("Record"),
        (
            "submitted_at",
            "submission_count",
            "updated_at",
            "consented_at",
            "status_changed_at",
            "previous_application",
            "signup_event",
            "anonymized_at",
        ),
    ),
)
# In the asked sections, what the site records itself: the confirmation link's click and the
# language the form was sent in.
RECORDED_ON_ARRIVAL = frozenset({"email_confirmed_at", "language"})

ASKED_FIELDS = tuple(
    name
    for section in APPLICATION_SECTIONS
    if section.asked
    for name in section.fields
    if name not in RECORDED_ON_ARRIVAL
)
COORDINATOR_FIELDS = tuple(
    name for section in APPLICATION_SECTIONS if section.editable for name in section.fields
)
READ_ONLY_FIELDS = tuple(
    name for section in APPLICATION_SECTIONS if not section.editable for name in section.fields
)


class VolunteerPage(SingleRecord):
    """Why and how to volunteer (above the form) and what happens next (on the thank-you page)."""

    CACHE_KEY = "volunteers:page:v1"

    title = models.CharField(_("title"), max_length=120)
    intro = RichTextField(_("why and how to volunteer"), blank=True)
    thanks_title = models.CharField(_("thank-you page title"), max_length=120)
    thanks = RichTextField(
        _("what happens next"), blank=True, help_text=_("Shown on the thank-you page.")
    )

    class Meta:
        verbose_name = _("volunteer page texts")
        verbose_name_plural = _("volunteer page texts")

    def __str__(self):
        return str(_("Volunteer page texts"))

    @classmethod
    def default_values(cls) -> dict:
        return default_texts.field_values(default_texts.VOLUNTEER_PAGE)


class PrivacyNotice(SingleRecord):
    """The privacy notice at /<lang>/privacy/ that the form's consent links to.

    The retention rule is not part of the editable text: the page states it from the setting,
    so it is always what the retention command actually does.
    """

    CACHE_KEY = "volunteers:privacy:v1"

    title = models.CharField(_("title"), max_length=120)
    body = RichTextField(_("text"), blank=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notice")

    def __str__(self):
        return str(_("Privacy notice"))

    @classmethod
    def default_values(cls) -> dict:
        return default_texts.field_values(default_texts.PRIVACY_NOTICE)


class PendingApplicationChange(models.Model):
    """What the form was sent with for an address that already has an application, held until
    the address's owner confirms it by the signed link e-mailed to that address.

    `data` is the form's cleaned values (options by id), personal data of whoever sent them: it
    is deleted when the change is applied, replaced, expired (the retention command) or when the
    application is erased. Coordinators see only that a change is waiting, and since when.
    """

    application = models.OneToOneField(
        VolunteerApplication,
        on_delete=models.CASCADE,
        related_name="pending_change",
        verbose_name=_("application"),
    )
    data = models.JSONField(editable=False)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, editable=False)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("change waiting for confirmation")
        verbose_name_plural = _("changes waiting for confirmation")
        indexes = [models.Index(fields=["expires_at"], name="vol_change_expires")]

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


def new_link_token() -> str:
    # 128 random bits: the link cannot be guessed, only read off the poster or the screen.
    return secrets.token_urlsafe(16)


def default_link_expiry():
    return timezone.now() + timedelta(days=7)


class EventSignupLink(models.Model):
    """A sign-up link (and QR code) for one conference, shown on a screen or a printed page.

    A venue puts a hundred people behind one network address: sign-ups through this link are
    held to the link's own daily limit instead of the per-address one, and record the
    conference on the application. The link stops working when it expires.
    """

    conference = models.ForeignKey(
        "events.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    token = models.CharField(max_length=32, unique=True, default=new_link_token, editable=False)
    expires_at = models.DateTimeField(_("expires"), default=default_link_expiry)
    daily_limit = models.PositiveIntegerField(
        _("sign-ups per day"),
        default=500,
        validators=[MinValueValidator(1)],
        help_text=_("At most this many applications through this link in a day."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("event sign-up link")
        verbose_name_plural = _("event sign-up links")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return str(self.conference)

    def get_absolute_url(self) -> str:
        return reverse("volunteers:event_signup", args=[self.token])

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class EmailDelivery(models.Model):
    """One e-mail to send because of an application, and what happened when it was sent.

    Nothing personal is stored here: the message is rendered from the application when it is
    sent, so erasing the application leaves nothing behind. Failed sends stay `pending` with a
    later `next_attempt_at`; `manage.py send_pending_emails` retries them.
    """

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Confirmation to the volunteer")
        COORDINATORS = "coordinators", _("Notification to the coordinators")
        CHANGE_REQUEST = "change_request", _("Change to confirm, to the volunteer")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed (no more retries)")
        CANCELLED = "cancelled", _("Cancelled")
        NO_RECIPIENT = "no_recipient", _("Nobody to send it to")

    # Written to the volunteer: sent first after a mail outage (send_pending_emails).
    TO_VOLUNTEER = (Kind.CONFIRMATION, Kind.CHANGE_REQUEST)

    application = models.ForeignKey(
        VolunteerApplication,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The change a "change to confirm" e-mail links to (gone once applied or replaced).
    change = models.ForeignKey(
        PendingApplicationChange,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
        editable=False,
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="vol_delivery_due"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class ApplicationAuditEntry(models.Model):
    """Who listed, opened, changed, erased, deleted or exported volunteer applications, and when.

    Written by `volunteers.audit` from the coordinators' admin. It names the applications by id
    and the changed fields by name, never their values, so the trail itself holds no personal
    data beyond the staff member's account. Shown to superusers only, read-only.
    """

    class Action(models.TextChoices):
        LISTED = "listed", _("Shown in the list")
        OPENED = "opened", _("Opened")
        CHANGED = "changed", _("Changed")
        ERASED = "erased", _("Personal data erased")
        DELETED = "deleted", _("Deleted")
        EXPORTED = "exported", _("Exported")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too, so the entry still says who after the account is deleted.
    username = models.CharField(_("user name"), max_length=150)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    application_ids = models.JSONField(_("applications (ids)"), default=list)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("access to volunteer data")
        verbose_name_plural = _("access to volunteer data (audit trail)")
        ordering = ["-at", "-id"]

    def __str__(self):
        when = f"{self.at:%Y-%m-%d %H:%M}"
        return f"{self.username} {self.action} {self.application_count()} ({when})"

    def application_count(self) -> int:
        return len(self.application_ids or [])

"""The coordinators' back office: applications, their workflow and export, and the page texts;
only superusers and the "Volunteer coordinators" group hold permissions on applications
(migration 0002), Editors may edit the page texts and nothing else here."""

import logging

import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from django.utils.translation import override as translation_override
from django_countries import countries

from pina.content.admin_columns import SelectionCheckboxColumn, country_name_column
from pina.content.paging import LargeTablePaginator
from pina.content.single_record_admin import SingleRecordAdmin
from pina.content.translation_admin import TranslatedAdmin
from pina.security.staff_home import StaffTask, register_task
from pina.site.addresses import absolute_url

from . import audit, export, signup
from .models import (
    APPLICATION_SECTIONS,
    COORDINATOR_FIELDS,
    READ_ONLY_FIELDS,
    ApplicationAuditEntry,
    EmailDelivery,
    EventSignupLink,
    InterestArea,
    PrivacyNotice,
    SpokenLanguage,
    VolunteerApplication,
    VolunteerPage,
)
from .notifications import SENT, coordinator_recipients, deliver

logger = logging.getLogger(__name__)
Status = VolunteerApplication.Status


class CountryListFilter(admin.SimpleListFilter):
    """Central Asia first, then the other countries applications come from (cached briefly)."""

    title = _("country")
    parameter_name = "country"
    CACHE_KEY = "volunteers:admin:countries"

    def lookups(self, request, model_admin):
        codes = cache.get(self.CACHE_KEY)
        if codes is None:
            codes = sorted(
                set(
                    VolunteerApplication.objects.order_by()
                    .values_list("country", flat=True)
                    .distinct()
                )
                - {""}
            )
            cache.set(self.CACHE_KEY, codes, 600)
        first = list(settings.CENTRAL_ASIA)
        others = sorted((code for code in codes if code not in first), key=countries.name)
        return [(code, countries.name(code)) for code in first + others]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value())
        return queryset


class ChoiceOptionFilter(admin.SimpleListFilter):
    """Filter by a languages/interests option with a subquery on the link table.

    The admin's own filter for a many-to-many field adds DISTINCT to the whole query, which
    PostgreSQL can only answer by sorting every matching row; `pk IN (subquery)` cannot spawn
    duplicates and keeps the list on its index.
    """

    relation = ""

    def lookups(self, request, model_admin):
        option_model = VolunteerApplication._meta.get_field(self.relation).related_model
        return [(str(option.pk), str(option)) for option in option_model.objects.all()]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            raise IncorrectLookupParameters(value)
        link = getattr(VolunteerApplication, self.relation).through
        column = VolunteerApplication._meta.get_field(self.relation).m2m_reverse_name()
        return queryset.filter(
            pk__in=link.objects.filter(**{column: int(value)}).values("volunteerapplication_id")
        )


class InterestFilter(ChoiceOptionFilter):
    title = _("areas of interest")
    parameter_name = "interest"
    relation = "interests"


class LanguageFilter(ChoiceOptionFilter):
    title = _("languages spoken")
    parameter_name = "language"
    relation = "languages"


class EmailConfirmedFilter(admin.SimpleListFilter):
    title = _("e-mail confirmed")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(email_confirmed_at__isnull=self.value() == "no")
        return queryset


class ApplicationAdminForm(forms.ModelForm):
    """Coordinators change the status (along the workflow) and their notes; nothing else."""

    class Meta:
        model = VolunteerApplication
        fields = COORDINATOR_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields and self.instance.pk:
            allowed = self.instance.allowed_statuses()
            self.fields["status"].choices = [
                (value, label) for value, label in Status.choices if value in allowed
            ]
            self.fields["status"].help_text = _(
                "New → contacted → active or declined; withdrawn at any point."
            )


class EmailDeliveryInline(admin.TabularInline):
    model = EmailDelivery
    extra = 0
    can_delete = False
    fields = ["kind", "state", "attempts", "last_error", "created_at", "sent_at"]
    readonly_fields = fields
    verbose_name_plural = _("e-mails about this application")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(VolunteerApplication)
class VolunteerApplicationAdmin(SelectionCheckboxColumn, admin.ModelAdmin):
    name_accusative = pgettext_lazy("accusative", "volunteer application")
    form = ApplicationAdminForm
    list_display = [
        "display_name",
        country_name_column("country", _("country")),
        "city",
        "interest_names",
        "status",
        "email_confirmed",
        "pending_change_sent_at",
        "submitted_at",
    ]
    list_filter = [
        "status",
        CountryListFilter,
        InterestFilter,
        LanguageFilter,
        "submitted_at",
        EmailConfirmedFilter,
    ]
    search_fields = ["full_name", "email", "city"]
    ordering = ["-submitted_at", "-id"]
    list_per_page = 50
    show_full_result_count = False
    # Facet counts would run one COUNT per filter option over the whole table.
    show_facets = admin.ShowFacets.NEVER
    paginator = LargeTablePaginator
    inlines = [EmailDeliveryInline]
    actions = [
        "export_selected",
        "mark_contacted",
        "mark_active",
        "mark_declined",
        "erase_selected",
    ]
    fieldsets = [
        *((section.title, {"fields": list(section.fields)}) for section in APPLICATION_SECTIONS),
        (_("Changes sent with this address"), {"fields": ["pending_change_sent_at"]}),
    ]
    readonly_fields = [*READ_ONLY_FIELDS, "pending_change_sent_at"]

    def get_queryset(self, request):
        # The pending change's date only: its content is not the coordinators' to see.
        return (
            super()
            .get_queryset(request)
            .prefetch_related("interests")
            .annotate(pending_change_sent=F("pending_change__created_at"))
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_anonymized:
            fields += COORDINATOR_FIELDS
        return fields

    def has_add_permission(self, request):
        return False  # applications come from the public form only

    @admin.display(description=_("name"), ordering="full_name")
    def display_name(self, obj):
        return str(obj)

    @admin.display(description=_("areas of interest"))
    def interest_names(self, obj):
        return ", ".join(interest.name for interest in obj.interests.all())

    @admin.display(description=_("e-mail confirmed"), boolean=True, ordering="email_confirmed_at")
    def email_confirmed(self, obj):
        return obj.is_email_confirmed

    @admin.display(description=_("change waiting for confirmation"))
    def pending_change_sent_at(self, obj):
        sent = getattr(obj, "pending_change_sent", None)
        if sent is None:
            return "–"
        return _("sent %(date)s, waiting for the owner of the address to confirm it") % {
            "date": date_format(timezone.localtime(sent), "SHORT_DATETIME_FORMAT")
        }

    # --- audit trail: every look at, change of and export of personal data --------------------

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET" and not coordinator_recipients():
            self.message_user(
                request,
                _(
                    "Nobody is told about new applications: no coordinator address is set in "
                    "the site settings, and no active coordinator or superuser has an e-mail "
                    "address."
                ),
                messages.WARNING,
            )
        response = super().changelist_view(request, extra_context)
        # The list shows names and e-mail addresses too, so the rows on screen are recorded (by
        # id; never the search terms or filters, which may be personal data themselves).
        context = getattr(response, "context_data", None) or {}
        changelist = context.get("cl")
        if request.method == "GET" and response.status_code == 200 and changelist is not None:
            shown = [application.pk for application in changelist.result_list]
            if shown:
                audit.record(request, audit.Action.LISTED, shown)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # 200 = the record was shown (a GET, or a POST that came back with errors); a missing
        # record or a refused permission answers otherwise and shows nothing.
        if response.status_code == 200 and str(object_id).isdigit():
            audit.record(request, audit.Action.OPENED, [object_id])
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200 and str(object_id).isdigit():
            audit.record(request, audit.Action.OPENED, [object_id], detail="history")
        return response

    def delete_model(self, request, obj):
        audit.record(request, audit.Action.DELETED, [obj.pk])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        audit.record(request, audit.Action.DELETED, queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)

    # --- workflow ---------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            obj.status_changed_at = timezone.now()
        super().save_model(request, obj, form, change)
        if change:
            audit.record(
                request,
                audit.Action.CHANGED,
                [obj.pk],
                changed_fields=form.changed_data,
                detail="" if form.changed_data else "saved without changes",
            )

    def construct_change_message(self, request, form, formsets, add=False):
        """The history says which way the status moved, not only that it changed."""
        message = super().construct_change_message(request, form, formsets, add)
        if add or "status" not in form.changed_data:
            return message
        with translation_override(None):
            label = str(form.fields["status"].label)
        moved = f"{label}: {form.initial.get('status')} → {form.cleaned_data['status']}"
        for entry in message:
            if "changed" in entry:
                entry["changed"]["fields"] = [
                    moved if name == label else name for name in entry["changed"]["fields"]
                ]
        return message

    def _move(self, request, queryset, status):
        moved = skipped = 0
        moved_ids = []
        now = timezone.now()
        for application in queryset:
            if status not in application.allowed_statuses() or status == application.status:
                skipped += 1
                continue
            moved_ids.append(application.pk)
            previous = application.status
            application.status = status
            application.status_changed_at = now
            application.save(update_fields=["status", "status_changed_at", "updated_at"])
            self.log_change(
                request,
                application,
                [{"changed": {"fields": [f"Status: {previous} → {status}"]}}],
            )
            moved += 1
        if moved_ids:
            audit.record(
                request,
                audit.Action.CHANGED,
                moved_ids,
                changed_fields=["status"],
                detail=f"bulk action: {status}",
            )
        label = Status(status).label
        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d application marked as “%(status)s”.",
                    "%(count)d applications marked as “%(status)s”.",
                    moved,
                )
                % {"count": moved, "status": label},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d application skipped: the workflow does not allow that change.",
                    "%(count)d applications skipped: the workflow does not allow that change.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Mark as contacted"), permissions=["change"])
    def mark_contacted(self, request, queryset):
        self._move(request, queryset, Status.CONTACTED)

    @admin.action(description=_("Mark as active volunteers"), permissions=["change"])
    def mark_active(self, request, queryset):
        self._move(request, queryset, Status.ACTIVE)

    @admin.action(description=_("Mark as declined"), permissions=["change"])
    def mark_declined(self, request, queryset):
        self._move(request, queryset, Status.DECLINED)

    @admin.action(
        description=_("Erase personal data of the selected applications"), permissions=["delete"]
    )
    def erase_selected(self, request, queryset):
        """Ask first (it cannot be undone), then anonymize like the retention rule does."""
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "admin/volunteers/volunteerapplication/confirm_erase.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "applications": queryset,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                    "title": _("Erase personal data"),
                },
            )
        erased = 0
        erased_ids = []
        for application in queryset:
            if not application.is_anonymized:
                signup.erase_personal_data(application)
                self.log_change(request, application, "Personal data erased.")
                erased_ids.append(application.pk)
                erased += 1
        if erased_ids:
            audit.record(request, audit.Action.ERASED, erased_ids)
        self.message_user(
            request,
            ngettext(
                "Personal data of %(count)d application erased.",
                "Personal data of %(count)d applications erased.",
                erased,
            )
            % {"count": erased},
            messages.SUCCESS,
        )
        return None

    # --- export -----------------------------------------------------------------------------

    @admin.action(description=_("Export the selected applications to CSV"), permissions=["view"])
    def export_selected(self, request, queryset):
        return self._export(request, queryset.order_by("-submitted_at", "-id"), "selected")

    def get_urls(self):
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="volunteers_volunteerapplication_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """Everything the changelist shows with the same filters and search, as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return redirect(reverse("admin:volunteers_volunteerapplication_changelist") + "?e=1")
        return self._export(request, changelist.get_queryset(request), "filtered")

    def _export(self, request, queryset, which):
        """The CSV file, after the audit trail has recorded exactly which rows it holds."""
        ids = list(queryset.values_list("pk", flat=True))
        # The names of the filters only: their values (a search for a name) can be personal.
        parameters = sorted(set(request.GET) - {"e"})
        detail = f"{which}; filters: {', '.join(parameters) or 'none'}"
        audit.record(request, audit.Action.EXPORTED, ids, detail=detail)
        logger.info(
            "User %s exported %d volunteer applications (%s)", request.user.pk, len(ids), detail
        )
        return export.csv_response(queryset, only_ids=frozenset(ids))


def event_link_qr(url: str) -> segno.QRCode:
    # Error correction Q: a printed poster still scans with a quarter of it creased or stained.
    return segno.make(url, error="q")


@admin.register(EventSignupLink)
class EventSignupLinkAdmin(admin.ModelAdmin):
    """Sign-up links for conferences, with a QR code to show on a screen or print."""

    name_accusative = pgettext_lazy("accusative", "event sign-up link")

    list_display = ["conference", "expires_at", "daily_limit", "created_by", "print_link"]
    list_select_related = ["conference", "created_by"]
    fields = ["conference", "expires_at", "daily_limit", "url", "qr_code", "created_by"]
    readonly_fields = ["url", "qr_code", "created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @staticmethod
    def absolute_url(obj) -> str:
        # The site's public address (as in the e-mails), not the host the admin is reached on.
        return absolute_url(obj.get_absolute_url())

    @admin.display(description=_("link"))
    def url(self, obj):
        if obj.pk is None:
            return _("Shown once the link is saved.")
        return self.absolute_url(obj)

    @admin.display(description=_("QR code"))
    def qr_code(self, obj):
        if obj.pk is None:
            return "-"
        return format_html(
            '<img src="{}" alt="{}" width="200" height="200"> <a href="{}">{}</a>',
            reverse("admin:volunteers_eventsignuplink_qr", args=[obj.pk]),
            _("QR code of the link"),
            reverse("admin:volunteers_eventsignuplink_print", args=[obj.pk]),
            _("Printable page"),
        )

    @admin.display(description=_("printable page"))
    def print_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:volunteers_eventsignuplink_print", args=[obj.pk]),
            _("Print"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/qr.svg",
                self.admin_site.admin_view(self.qr_view),
                name="volunteers_eventsignuplink_qr",
            ),
            path(
                "<int:pk>/print/",
                self.admin_site.admin_view(self.print_view),
                name="volunteers_eventsignuplink_print",
            ),
            *super().get_urls(),
        ]

    def _link(self, request, pk):
        link = EventSignupLink.objects.select_related("conference").filter(pk=pk).first()
        if link is None or not self.has_view_permission(request, link):
            raise PermissionDenied
        return link

    def qr_view(self, request, pk):
        """The QR code as SVG, served by the site (sharp at any size on a screen or a poster)."""
        link = self._link(request, pk)
        svg = event_link_qr(self.absolute_url(link)).svg_inline(
            scale=8, border=4, dark="#000", light="#fff"
        )
        return HttpResponse(svg, content_type="image/svg+xml")

    def print_view(self, request, pk):
        """A page to print or show on the venue's screen: the title, the QR code, the link."""
        link = self._link(request, pk)
        return TemplateResponse(
            request,
            "admin/volunteers/eventsignuplink/print.html",
            {
                **self.admin_site.each_context(request),
                "title": str(link.conference),
                "link": link,
                "url": self.absolute_url(link),
                "opts": self.model._meta,
            },
        )


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    """What happened to each e-mail; failures can be sent again at once."""

    name_accusative = pgettext_lazy("accusative", "e-mail delivery")

    list_display = [
        "__str__",
        "application",
        "state",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["state", "kind"]
    list_select_related = ["application"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["retry_now"]
    readonly_fields = [
        "application",
        "kind",
        "state",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again now"), permissions=["view"])
    def retry_now(self, request, queryset):
        ids = list(
            queryset.filter(
                state__in=[
                    EmailDelivery.State.PENDING,
                    EmailDelivery.State.FAILED,
                    EmailDelivery.State.NO_RECIPIENT,
                ]
            ).values_list("pk", flat=True)
        )
        EmailDelivery.objects.filter(pk__in=ids).update(
            state=EmailDelivery.State.PENDING, next_attempt_at=timezone.now()
        )
        sent = sum(1 for delivery_id in ids if deliver(delivery_id) == SENT)
        self.message_user(
            request,
            _("%(sent)d of %(total)d e-mails sent.") % {"sent": sent, "total": len(ids)},
            messages.SUCCESS if sent == len(ids) else messages.WARNING,
        )


class ChoiceOptionAdmin(TranslatedAdmin):
    list_display = ["name", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]
    ordering = ["position", "code"]


@admin.register(InterestArea)
class InterestAreaAdmin(ChoiceOptionAdmin):
    name_accusative = pgettext_lazy("accusative", "area of interest")


@admin.register(SpokenLanguage)
class SpokenLanguageAdmin(ChoiceOptionAdmin):
    name_accusative = pgettext_lazy("accusative", "spoken language")


@admin.register(VolunteerPage)
class VolunteerPageAdmin(SingleRecordAdmin):
    name_accusative = pgettext_lazy("accusative", "volunteer page texts")
    fieldsets = [
        (_("The form's page"), {"fields": ["title", "intro"]}),
        (_("Thank-you page"), {"fields": ["thanks_title", "thanks"]}),
    ]


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(SingleRecordAdmin):
    name_accusative = pgettext_lazy("accusative", "privacy notice")
    fields = ["title", "body"]


@admin.register(ApplicationAuditEntry)
class ApplicationAuditEntryAdmin(admin.ModelAdmin):
    """The audit trail: superusers read it; nobody adds, changes or deletes an entry here (on
    PostgreSQL a trigger refuses it too, migration 0006); only the retention purge removes old
    entries (manage.py anonymize_old_applications).

    The checks ignore group permissions on purpose: granting "view" to a group by mistake must
    not open the trail to its members.
    """

    name_accusative = pgettext_lazy("accusative", "access to volunteer data")

    actions = None

    list_display = ["at", "username", "action", "applications", "changed_field_names", "detail"]
    list_filter = ["action", "at"]
    search_fields = ["username"]
    date_hierarchy = "at"
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    fields = ["at", "user", "username", "action", "application_ids", "changed_fields", "detail"]
    readonly_fields = fields

    @admin.display(description=_("applications"))
    def applications(self, obj):
        ids = obj.application_ids or []
        shown = ", ".join(f"#{pk}" for pk in ids[:10])
        return shown + (f" … ({len(ids)})" if len(ids) > 10 else "")

    @admin.display(description=_("changed fields"))
    def changed_field_names(self, obj):
        return ", ".join(obj.changed_fields or [])

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The staff home page (pina.security.staff_home), for those who may open these lists: new
# applications to answer, and e-mails still in the outbox or given up on.
UNDELIVERED = [
    EmailDelivery.State.PENDING,
    EmailDelivery.State.FAILED,
    EmailDelivery.State.NO_RECIPIENT,
]
register_task(
    StaffTask(
        section=_("Volunteers"),
        label=_("New applications"),
        model=VolunteerApplication,
        rows=lambda rows: rows.filter(status=VolunteerApplication.Status.NEW),
        filters={"status__exact": VolunteerApplication.Status.NEW},
    )
)
register_task(
    StaffTask(
        section=_("Volunteers"),
        label=_("E-mails not delivered"),
        model=EmailDelivery,
        rows=lambda rows: rows.filter(state__in=UNDELIVERED),
        filters={"state__in": ",".join(UNDELIVERED)},
    )
)

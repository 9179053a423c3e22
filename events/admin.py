from collections import Counter

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from pina.content.admin_columns import country_name_column
from pina.content.admin_filters import CountryFilter
from pina.content.history_admin import HistoryAdmin
from pina.content.translation_admin import (
    TranslatedAdmin,
    TranslationStatusFilter,
    register_translation_tasks,
)

from .models import (
    Conference,
    ConferenceDocument,
    ConferenceOrganization,
    Helpline,
    Organization,
    OrganizationName,
    Person,
    Quote,
    Session,
    Speaker,
)


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Conference.objects.dates("start_date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(start_date__year=int(value))
        return queryset


class OrganizationFilter(admin.RelatedOnlyFieldListFilter):
    """Conferences in which the chosen organization had any role. The choices are read as
    (id, name, acronym) rows in the admin's language: a model instance for each of hundreds
    of organizations cost a fifth of the conference list's time."""

    def field_choices(self, field, request, model_admin):
        with_roles = (
            model_admin.get_queryset(request)
            .distinct()
            .values_list(f"{self.field_path}__pk", flat=True)
        )
        rows = Organization.objects.filter(pk__in=with_roles).values_list("pk", "name", "acronym")
        return [(pk, Organization.label(name, acronym)) for pk, name, acronym in rows]


# --- Inline formsets: rules that involve several rows, with messages that say what to fix ------


class RoleFormSet(BaseInlineFormSet):
    def clean(self):
        seen = Counter()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("organization"):
                continue
            key = (data["organization"].pk, data.get("role"))
            seen[key] += 1
            if seen[key] == 2:
                role = dict(form.fields["role"].choices).get(data.get("role"), data.get("role"))
                raise ValidationError(
                    gettext(
                        "%(organization)s is listed twice as %(role)s. Remove one of the two rows."
                    )
                    % {"organization": data["organization"], "role": role}
                )
        super().clean()


class SpeakerFormSet(BaseInlineFormSet):
    def clean(self):
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("person"):
                continue
            if data["person"].pk in seen:
                raise ValidationError(
                    gettext(
                        "%(name)s is listed twice as a speaker. Keep one row and put both "
                        "positions in it if needed."
                    )
                    % {"name": data["person"]}
                )
            seen.add(data["person"].pk)
        super().clean()


class QuoteFormSet(BaseInlineFormSet):
    def clean(self):
        featured = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("is_featured")
        ]
        if len(featured) > 1:
            raise ValidationError(
                gettext(
                    "Only one quote of a conference can be featured on the home page; "
                    "%(count)s are ticked. Untick all but one."
                )
                % {"count": len(featured)}
            )
        super().clean()


class RoleInline(admin.TabularInline):
    model = ConferenceOrganization
    formset = RoleFormSet
    fields = ["organization", "role", "order"]
    autocomplete_fields = ["organization"]
    extra = 0


class SpeakerInline(TranslationStackedInline):
    model = Speaker
    formset = SpeakerFormSet
    # Stacked: three languages of rank and position do not fit in a table row.
    fields = [("person", "order"), "rank", "position", ("organization", "country", "is_online")]
    autocomplete_fields = ["person", "organization"]
    extra = 0


class QuoteInline(TranslationStackedInline):
    model = Quote
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 4})}}
    formset = QuoteFormSet
    fields = ["speaker", "text", "language", "is_featured", "order"]
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["speaker"]
        # Only this conference's speakers can be quoted. A new speaker must be saved first.
        field.queryset = Speaker.objects.filter(conference=obj).select_related("person")
        field.error_messages["invalid_choice"] = _(
            "Choose one of this conference's speakers. To quote someone else, add them under "
            "“Speakers”, save, then add the quote."
        )
        field.help_text = _("Only speakers saved with this conference are listed.")
        return formset


class SessionInline(TranslationStackedInline):
    model = Session
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}
    fields = ["title", "description", ("date", "start_time", "end_time"), "order"]
    extra = 0


class DocumentInline(TranslationTabularInline):
    model = ConferenceDocument
    fields = ["title", "file", "file_size", "order"]
    readonly_fields = ["file_size"]
    extra = 0

    @admin.display(description=_("size"))
    def file_size(self, obj):
        return filesizeformat(obj.size) if obj and obj.size else "—"


class ConferenceAdminForm(forms.ModelForm):
    class Meta:
        model = Conference
        fields = ["participating_countries"]  # the admin adds the fieldsets' fields
        widgets = {
            # Type to filter the list of countries (the admin's own widget, no third party).
            "participating_countries": FilteredSelectMultiple(
                _("participating countries"), is_stacked=False
            ),
        }


@admin.register(Conference)
class ConferenceAdmin(HistoryAdmin, TranslatedAdmin):
    """Conferences with revision history and "recover deleted": a revision holds the
    conference with its roles, speakers, quotes, sessions and documents (the inlines, which
    django-reversion follows), so a recovered conference comes back whole, except its files."""

    name_accusative = pgettext_lazy("accusative", "conference")

    form = ConferenceAdminForm
    list_display = [
        "title",
        "start_date",
        "end_date",
        "city",
        country_name_column("host_country", _("host country")),
        "is_published",
        "translation_status",
    ]
    list_filter = [
        YearFilter,
        TranslationStatusFilter,
        ("host_country", CountryFilter),
        ("roles__organization", OrganizationFilter),
        "is_published",
    ]
    search_fields = [
        "title_en",
        "title_ru",
        "title_uz",
        "city_en",
        "city_ru",
        "city_uz",
        "roles__organization__name_en",
        "roles__organization__acronym_en",
    ]
    date_hierarchy = "start_date"
    list_per_page = 50  # as the posts list (news/admin.py)
    list_deferred_fields = ["body"]
    # modeltranslation keeps the untranslated columns too; the per-language ones are compared.
    compare_exclude = ["title", "city", "venue", "lead", "body", "cover_alt"]
    inlines = [RoleInline, SpeakerInline, QuoteInline, SessionInline, DocumentInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead"]}),
        (
            _("When and where"),
            {"fields": [("start_date", "end_date"), "city", "host_country", "venue", "time_zone"]},
        ),
        (
            _("Participants"),
            {
                "fields": [
                    "participating_countries",
                    ("participants_count", "participants_count_is_minimum"),
                ]
            },
        ),
        (_("Report"), {"fields": ["body", "cover", "cover_alt"]}),
        (_("Publication"), {"fields": [("is_published", "published_at")]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True if search_term else may_have_duplicates


class ConferenceLinksMixin:
    """A read-only list of the conferences an organization or person took part in."""

    def conference_links(self, rows):
        return format_html_join(
            "",
            '<li><a href="{}">{}</a> ({}) — {}</li>',
            (
                (
                    reverse("admin:events_conference_change", args=[row.conference_id]),
                    row.conference.title,
                    row.conference.start_date.isoformat(),
                    label,
                )
                for row, label in rows
            ),
        )


class FormerNameInline(TranslationTabularInline):
    model = OrganizationName
    fields = ["name", "acronym", "used_until"]
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(ConferenceLinksMixin, HistoryAdmin, TranslatedAdmin):
    """Organizations with revision history and "recover deleted" (with their former names)."""

    name_accusative = pgettext_lazy("accusative", "organization")

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "name",
        "acronym",
        country_name_column("country", _("country")),
        "conference_count",
        "translation_status",
    ]
    list_filter = [TranslationStatusFilter, ("country", CountryFilter)]
    search_fields = ["name_en", "name_ru", "name_uz", "acronym_en", "acronym_ru", "acronym_uz"]
    fields = [
        "name",
        "acronym",
        "slug",
        "country",
        "website",
        "logo",
        "description",
        "conferences",
    ]
    readonly_fields = ["conferences"]
    inlines = [FormerNameInline]
    compare_exclude = ["name", "acronym", "description"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(conference_total=Count("roles__conference", distinct=True))
        )

    @admin.display(description=_("conferences"), ordering="conference_total")
    def conference_count(self, obj):
        return obj.conference_total

    @admin.display(description=_("conferences"))
    def conferences(self, obj):
        if not obj.pk:
            return "—"
        roles = obj.roles.select_related("conference").order_by("-conference__start_date")
        items = self.conference_links((role, role.get_role_display()) for role in roles)
        return format_html("<ul>{}</ul>", items) if items else "—"


@admin.register(Person)
class PersonAdmin(ConferenceLinksMixin, HistoryAdmin, TranslatedAdmin):
    """People with revision history and "recover deleted"."""

    name_accusative = pgettext_lazy("accusative", "person")

    list_display = ["full_name", "appearance_count", "translation_status"]
    list_filter = [TranslationStatusFilter]
    search_fields = ["full_name_en", "full_name_ru", "full_name_uz"]
    fields = ["full_name", "photo", "bio", "appearances_list"]
    readonly_fields = ["appearances_list"]
    compare_exclude = ["full_name", "bio"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appearance_total=Count("appearances"))

    @admin.display(description=_("conferences"), ordering="appearance_total")
    def appearance_count(self, obj):
        return obj.appearance_total

    @admin.display(description=_("spoke at"))
    def appearances_list(self, obj):
        if not obj.pk:
            return "—"
        appearances = obj.appearances.select_related("conference").order_by(
            "-conference__start_date"
        )
        items = self.conference_links(
            (appearance, appearance.position or "—") for appearance in appearances
        )
        return format_html("<ul>{}</ul>", items) if items else "—"


@admin.register(Quote)
class QuoteAdmin(TranslatedAdmin):
    """All quotes in one list, to find those left to translate; each is also edited with its
    conference (the inline), where its speaker is chosen among the conference's."""

    name_accusative = pgettext_lazy("accusative", "quote")

    list_display = ["__str__", "speaker", "conference", "is_featured", "translation_status"]
    list_filter = [TranslationStatusFilter, "is_featured"]
    list_select_related = ["speaker__person", "conference"]
    search_fields = ["text_en", "text_ru", "text_uz", "speaker__person__full_name_en"]
    fields = ["conference", "speaker", "text", "language", "is_featured", "order"]
    # Moving a quote to another conference or speaker is done in the conference's form, which
    # offers only that conference's speakers.
    readonly_fields = ["conference", "speaker"]

    def has_add_permission(self, request):
        return False  # a quote is added in its conference's form, with its speaker


class NeedsCheckingFilter(admin.SimpleListFilter):
    """Entries never checked, or not checked for six months: call the service again."""

    title = _("needs checking")
    parameter_name = "needs_checking"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        due = queryset.needs_checking()
        if self.value() == "yes":
            return due
        if self.value() == "no":
            return queryset.exclude(pk__in=due.values("pk"))
        return queryset


@admin.register(Helpline)
class HelplineAdmin(TranslatedAdmin):
    name_accusative = pgettext_lazy("accusative", "helpline")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "name",
        country_name_column("country", _("country")),
        "phone",
        "checked_on",
        "needs_checking_column",
        "is_published",
    ]
    list_filter = [("country", CountryFilter), NeedsCheckingFilter, "is_published"]
    list_select_related = ["organization"]
    search_fields = ["name_en", "name_ru", "name_uz", "phone"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["checked_by"]
    fieldsets = [
        (
            None,
            {
                "description": _(
                    "Add only numbers and contacts you have confirmed with the service itself "
                    "(its own website, leaflet or a call to it), never from a list found "
                    "elsewhere. Choose the country, write the number exactly as the service "
                    "does, set “last checked on” to the day you confirmed it, and publish. "
                    "Check every entry again at least every six months: the list shows which "
                    "need it."
                ),
                "fields": ["name", "organization", "country"],
            },
        ),
        (
            _("How to reach it"),
            {"fields": ["phone", "telegram", "whatsapp", "email", "website"]},
        ),
        (
            _("What callers should know"),
            {"fields": ["hours", "languages", ("is_free", "is_anonymous"), "what_happens"]},
        ),
        (
            _("Checking and publication"),
            {"fields": [("checked_on", "checked_by"), ("is_published", "order")]},
        ),
    ]

    @admin.display(description=_("needs checking"), boolean=True)
    def needs_checking_column(self, obj):
        return obj.needs_checking

    def save_model(self, request, obj, form, change):
        # Whoever sets the checked date vouches for the entry.
        if "checked_on" in form.changed_data and obj.checked_on:
            obj.checked_by = request.user
        super().save_model(request, obj, form, change)


# The staff home page: what lacks a translation, with links to the filtered lists.
for translated_model in (Conference, Organization, Person, Quote):
    register_translation_tasks(translated_model)

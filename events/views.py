"""Public conference pages. Every query starts from `Conference.objects.published()`."""

import functools
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView
from django_countries import countries
from django_countries.fields import Country

from pina.caching.fragments import remember
from pina.security.access import may_see_unpublished

from .calendar import conference_calendar
from .forms import ConferenceFilterForm
from .models import (
    ROLE_HEADINGS,
    ROLE_ORDER,
    Conference,
    ConferenceOrganization,
    Organization,
    Quote,
    Speaker,
    region_today,
)
from .structured_data import conference_event


def visible_conferences(request):
    """Published conferences; staff who may view conferences also preview unpublished ones."""
    if may_see_unpublished(request, "events.view_conference"):
        return Conference.objects.all()
    return Conference.objects.published()


def group_by_role(roles):
    """[(heading, [role, ...]), ...] in the order organizer, co-organizer, supporter, partner."""
    groups = {role: [] for role in ROLE_ORDER}
    for role in roles:
        groups[role.role].append(role)
    return [(ROLE_HEADINGS[role], groups[role]) for role in ROLE_ORDER if groups[role]]


# The organization filter offers the organizations in most published conferences: a select of
# hundreds is no use on a phone and was most of the list's weight (34 KiB with 300). Every
# organization has its own page listing its conferences, and the filter still accepts any.
FILTER_ORGANIZATIONS = 40


def organization_choice(organization) -> tuple[str, str]:
    """(slug, label) of an organization in the filter: its acronym when the name is long."""
    name = organization.name
    return organization.slug, organization.short_name if len(name) > 60 else name


def sorted_choices(choices):
    return sorted(choices, key=lambda choice: str(choice[1]).casefold())


def filter_choices():
    """(years, [(code, name)] of countries, [(slug, label)] of the organizations in most
    conferences) that published conferences have, for the filters; names in the active
    language, sorted."""
    published = Conference.objects.published()
    years = [day.year for day in published.dates("start_date", "year", order="DESC")]
    country_codes = set()
    for host, joined in published.values_list("host_country", "participating_countries"):
        if host:
            country_codes.add(str(host))
        country_codes.update(code for code in str(joined or "").split(",") if code)
    organizations = (
        Organization.objects.annotate(
            conferences=Count(
                "roles__conference", filter=Q(roles__conference__in=published), distinct=True
            )
        )
        .filter(conferences__gt=0)
        .order_by("-conferences", "pk")[:FILTER_ORGANIZATIONS]
    )
    # Plain strings, not model instances: this is cached and read on every list request.
    choices = sorted_choices(organization_choice(org) for org in organizations)
    named = sorted(((code, countries.name(code)) for code in country_codes), key=lambda c: c[1])
    return years, named, choices


class ConferenceListView(ListView):
    """Upcoming conferences (soonest first), then past ones (newest first), with filters."""

    template_name = "events/conference_list.html"
    context_object_name = "conferences"
    paginate_by = 12

    def get(self, request, *args, **kwargs):
        # The filters' choices read every published conference: a cached fragment, fresh after
        # any edit (pina.caching.fragments).
        years, country_names, organizations = remember(
            f"events:filter-choices:{get_language()}", filter_choices
        )
        chosen = str(request.GET.get("organization") or "")[:60]
        if chosen and chosen not in {slug for slug, _label in organizations}:
            # One not offered (fewer conferences than the first FILTER_ORGANIZATIONS) is still
            # a valid filter when it took part in a published conference.
            found = Organization.objects.filter(
                slug=chosen, roles__conference__in=Conference.objects.published()
            ).first()
            if found is not None:
                organizations = sorted_choices([*organizations, organization_choice(found)])
        self.filter_form = ConferenceFilterForm(
            request.GET, years=years, countries=country_names, organizations=organizations
        )
        self.filters = self.filter_form.valid_filters()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        conferences = Conference.objects.published()
        if "year" in self.filters:
            conferences = conferences.filter(start_date__year=int(self.filters["year"]))
        if "country" in self.filters:
            conferences = conferences.in_country(self.filters["country"])
        if "organization" in self.filters:
            conferences = conferences.filter(
                Exists(
                    ConferenceOrganization.objects.filter(
                        conference=OuterRef("pk"),
                        organization__slug=self.filters["organization"],
                    )
                )
            )
        return conferences.upcoming_then_past()

    def paginate_queryset(self, queryset, page_size):
        # The order of the whole list is a cached fragment (ids only, per day and set of
        # filters): sorting upcoming before past cannot use an index, and with thousands of
        # conferences that sort was most of the page's time. A page then reads its rows by id.
        order = remember(
            f"events:conference-order:{region_today()}:{urlencode(self.filters)}",
            lambda: list(queryset.values_list("pk", flat=True)),
        )
        paginator = Paginator(order, page_size)
        # A page number that is not a number, or past the end, shows the first or last page
        # instead of an error.
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        ids = page.object_list

        def rows():
            found = queryset.in_bulk(ids)
            return [found[pk] for pk in ids if pk in found]

        # Read only when the cached list fragment is missing (templates/events/conference_list).
        page.object_list = SimpleLazyObject(rows)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["filtered"] = bool(self.filters)
        context["today"] = region_today()
        # Page links keep the filters that apply (pagination.html), not the rejected ones.
        context["extra_query"] = urlencode(self.filters)
        context["filter_errors"] = [
            (self.filter_form[name], errors) for name, errors in self.filter_form.errors.items()
        ]
        return context


class ConferenceDetailView(DetailView):
    template_name = "events/conference_detail.html"
    context_object_name = "conference"

    def get_queryset(self):
        return visible_conferences(self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The parts below are read by the template only when its cached fragments are missing
        # (pina.caching.fragments), and then fetched once.
        details = functools.cache(lambda: self.details(self.object))
        for name in (
            "role_groups",
            "speakers",
            "quotes",
            "sessions",
            "documents",
            "related_posts",
            "event_data",
        ):
            context[name] = functools.partial(lambda name: details()[name], name)
        return context

    def details(self, conference):
        prefetch_related_objects(
            [conference],
            Prefetch(
                "roles",
                queryset=ConferenceOrganization.objects.select_related("organization"),
            ),
            Prefetch(
                "speakers",
                queryset=Speaker.objects.select_related("person", "organization"),
            ),
            Prefetch(
                "quotes",
                queryset=Quote.objects.select_related("speaker__person", "speaker__organization"),
            ),
            "sessions",
            "documents",
        )
        roles = list(conference.roles.all())
        speakers = list(conference.speakers.all())
        return {
            "role_groups": group_by_role(roles),
            "speakers": speakers,
            "quotes": list(conference.quotes.all()),
            "sessions": list(conference.sessions.all()),
            "documents": list(conference.documents.all()),
            "related_posts": list(
                conference.news_posts.published().for_listing().newest_first()[:6]
            ),
            "event_data": conference_event(
                conference, roles, speakers, self.request.build_absolute_uri
            ),
        }


def conference_ics(request, slug):
    """The conference (and its timed sessions) as an iCalendar file."""
    conference = get_object_or_404(
        visible_conferences(request).prefetch_related("sessions"), slug=slug
    )
    url = request.build_absolute_uri(conference.get_absolute_url())
    body = conference_calendar(conference, url=url, host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{conference.slug}.ics"'
    return response


class OrganizationDetailView(DetailView):
    """An organization and the published conferences it took part in, grouped by role."""

    model = Organization
    template_name = "events/organization_detail.html"
    context_object_name = "organization"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        roles = (
            self.object.roles.filter(conference__in=Conference.objects.published())
            .select_related("conference")
            .order_by("-conference__start_date", "order")
        )
        context["role_groups"] = group_by_role(roles)
        context["conference_total"] = len({role.conference_id for role in roles})
        return context


def country_or_404(code: str) -> Country:
    if len(code) != 2 or not code.isalpha() or code.upper() not in countries:
        raise Http404(_("There is no country with this code."))
    return Country(code=code.upper())


class CountryDetailView(ListView):
    """The published conferences hosted in or joined by a country."""

    template_name = "events/country_detail.html"
    context_object_name = "conferences"

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        self.country = country_or_404(code)
        if code != code.lower():
            # One address per country page: /countries/uz/.
            return redirect("events:country_detail", code=code.lower(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Conference.objects.published().in_country(self.country.code).upcoming_then_past()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conferences = list(context["conferences"])
        context.update(
            {
                "country": self.country,
                "hosted": [c for c in conferences if c.host_country == self.country.code],
                "joined": [c for c in conferences if c.host_country != self.country.code],
                "organizations": list(
                    Organization.objects.filter(country=self.country.code).order_by("name")
                ),
            }
        )
        return context

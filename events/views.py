"""Public conference pages: thin views over what events.selectors reads."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView
from django_countries import countries
from django_countries.fields import Country

from pina.caching.fragments import lazy_sections, remember
from pina.caching.parameters import reads_query
from pina.content.paging import RememberedCountPaginator, page_or_404

from .calendar import conference_calendar
from .forms import ConferenceFilterForm
from .models import Conference, Organization, region_today
from .selectors import (
    ROLE_FILTER_LABELS,
    conference_parts,
    country_list,
    filter_choices,
    filtered_conferences,
    group_by_role,
    help_countries,
    helplines_in_country,
    organization_list,
    organizations_in_country,
    published_roles,
    role_filter,
    visible_conferences,
    with_chosen_organization,
    with_role_names,
)
from .structured_data import conference_event


class ConferenceListView(ListView):
    """Upcoming conferences (soonest first), then past ones (newest first), with filters."""

    template_name = "events/conference_list.html"
    context_object_name = "conferences"
    paginate_by = 12
    # What the view reads from the query string (pina.caching.parameters).
    query_parameters = ("year", "country", "organization", "page")

    def get(self, request, *args, **kwargs):
        # The filters' choices read every published conference: a cached fragment, fresh after
        # any edit (pina.caching.fragments).
        years, country_names, organizations = remember(
            f"events:filter-choices:{get_language()}", filter_choices
        )
        chosen = str(request.GET.get("organization") or "")[:60]
        organizations = with_chosen_organization(organizations, chosen)
        self.filter_form = ConferenceFilterForm(
            request.GET, years=years, countries=country_names, organizations=organizations
        )
        self.filters = self.filter_form.valid_filters()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return filtered_conferences(self.filters)

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


DETAIL_SECTIONS = (
    "role_groups",
    "speakers",
    "quotes",
    "sessions",
    "documents",
    "related_posts",
    "structured_data",
)


class ConferenceDetailView(DetailView):
    template_name = "events/conference_detail.html"
    context_object_name = "conference"
    query_parameters = ()

    def get_queryset(self):
        return visible_conferences(self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The parts below are read by the template only when its cached fragments are missing
        # (pina.caching.fragments), and then fetched once.
        context.update(lazy_sections(DETAIL_SECTIONS, self.sections))
        return context

    def sections(self):
        parts = conference_parts(self.object)
        return {
            **parts,
            "role_groups": group_by_role(parts["roles"]),
            "structured_data": conference_event(
                self.object, parts["roles"], parts["speakers"], self.request.build_absolute_uri
            ),
        }


@reads_query()
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
    query_parameters = ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Read once: the history, and each conference's name for the organization.
        prefetch_related_objects([self.object], "former_names")
        context["former_names"] = list(reversed(self.object.former_names.all()))
        roles = published_roles(self.object)
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
    query_parameters = ()

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
                "organizations": organizations_in_country(self.country.code),
                "helplines": helplines_in_country(self.country.code),
            }
        )
        return context


@reads_query()
def help_page(request, code=None):
    """Where to turn for help: the chosen country's helplines, the list of countries, the
    network's own contact and safety notes. Plain links, no geolocation, no script."""
    country = None
    if code is not None:
        country = country_or_404(code)
        if code != code.lower():
            return redirect("events:help_country", code=code.lower(), permanent=True)
    context = {
        "country": country,
        "helplines": helplines_in_country(country.code) if country else [],
        "countries": help_countries(),
    }
    return render(request, "events/help.html", context)


class OrganizationListView(ListView):
    """Every organization in a published conference, by name, optionally those in one role."""

    template_name = "events/organization_list.html"
    query_parameters = ("role", "page")  # pina.caching.parameters
    context_object_name = "organizations"
    paginate_by = 40

    def get(self, request, *args, **kwargs):
        # An unknown role is reported and the whole list shown, as the conference filters do.
        self.role, self.role_refused = role_filter(request.GET.get("role"))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return organization_list(self.role)

    def paginate_queryset(self, queryset, page_size):
        paginator = RememberedCountPaginator(
            queryset, page_size, name=f"events:organization-list:{self.role or 'all'}"
        )
        # Not a number: the first page; past the last one: the branded 404.
        page = page_or_404(paginator, self.request.GET.get(self.page_kwarg))
        rows = page.object_list
        # Read only when the cached list fragment is missing (templates/events/organization_list).
        page.object_list = SimpleLazyObject(lambda: with_role_names(rows))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["role"] = self.role
        context["role_refused"] = self.role_refused
        context["role_choices"] = list(ROLE_FILTER_LABELS.items())
        context["role_label"] = ROLE_FILTER_LABELS.get(self.role, "")
        # Page links keep the role that applies (pagination.html), not a refused one.
        context["extra_query"] = urlencode({"role": self.role}) if self.role else ""
        return context


class CountryListView(TemplateView):
    """The countries with published conferences or organizations, Central Asia first."""

    template_name = "events/country_list.html"
    query_parameters = ()  # pina.caching.parameters

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Read only when the template's cached fragment is missing.
        context.update(lazy_sections(("central_asia", "other_countries"), self.sections))
        return context

    @staticmethod
    def sections():
        central_asia, others = country_list()
        return {"central_asia": central_asia, "other_countries": others}

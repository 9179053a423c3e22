"""schema.org `Event` data for a conference page (JSON-LD), so search engines read the facts."""

from django.utils import translation

from pina.content.translation_status import page_language

from .models import Role

ORGANIZER_ROLES = {Role.ORGANIZER, Role.CO_ORGANIZER}


def organization_data(role, absolute):
    """The organization of `role`, under its name at that conference."""
    organization = role.organization
    named = role.named_organization
    data = {
        "@type": "Organization",
        "name": named.name,
        "url": organization.website or absolute(organization.get_absolute_url()),
    }
    if named.acronym:
        data["alternateName"] = named.acronym
    return data


def conference_event(conference, roles, speakers, absolute) -> dict:
    """The Event of `conference`; `absolute` turns a path into a full URL. Its language and
    address are those of the text shown (English where the conference is not translated)."""
    language = page_language(conference)
    with translation.override(language):
        written_url = conference.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": conference.title,
        "startDate": conference.start_date.isoformat(),
        "endDate": conference.end_date.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": (
            "https://schema.org/MixedEventAttendanceMode"
            if any(speaker.is_online for speaker in speakers)
            else "https://schema.org/OfflineEventAttendanceMode"
        ),
        "url": absolute(written_url),
        "inLanguage": language,
    }
    if conference.excerpt:
        data["description"] = conference.excerpt
    address = {"@type": "PostalAddress"}
    if conference.city:
        address["addressLocality"] = conference.city
    if conference.host_country:
        address["addressCountry"] = conference.host_country.code
    data["location"] = {
        "@type": "Place",
        "name": conference.venue or conference.city or str(conference.host_country.name),
        "address": address,
    }
    organizers = [organization_data(r, absolute) for r in roles if r.role in ORGANIZER_ROLES]
    if organizers:
        data["organizer"] = organizers
    sponsors = [organization_data(r, absolute) for r in roles if r.role == Role.SUPPORTER]
    if sponsors:
        data["sponsor"] = sponsors
    if speakers:
        data["performer"] = [
            {"@type": "Person", "name": speaker.person.full_name} for speaker in speakers
        ]
    if conference.cover:
        data["image"] = [absolute(conference.cover_large.url)]
    return data

import datetime

import factory
from django.utils import timezone

from events.models import (
    Conference,
    ConferenceDocument,
    ConferenceOrganization,
    Helpline,
    Organization,
    OrganizationName,
    Person,
    Quote,
    Role,
    Session,
    Speaker,
)

# The smallest file that passes the PDF content check.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    title_en = factory.Sequence(lambda n: f"Regional conference number {n}")
    start_date = datetime.date(2022, 7, 28)
    end_date = factory.SelfAttribute("start_date")
    city_en = "Tashkent"
    host_country = "UZ"
    lead_en = "Experts from Central Asia discussed combating trafficking in persons."
    is_published = True
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    class Params:
        # Written in all three languages: its /ru/ and /uz/ pages are translations of their own.
        translated = factory.Trait(
            title_ru=factory.LazyAttribute(lambda c: f"{c.title_en} (ru)"),
            lead_ru="Эксперты из Центральной Азии обсудили противодействие торговле людьми.",
            title_uz=factory.LazyAttribute(lambda c: f"{c.title_en} (uz)"),
            lead_uz="Markaziy Osiyo ekspertlari odam savdosiga qarshi kurashni muhokama qildi.",
        )


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name_en = factory.Sequence(lambda n: f"Organization {n}")
    acronym_en = factory.Sequence(lambda n: f"ORG{n}")


class FormerNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationName

    organization = factory.SubFactory(OrganizationFactory)
    name_en = factory.Sequence(lambda n: f"Former name {n}")
    used_until = datetime.date(2022, 12, 31)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConferenceOrganization

    conference = factory.SubFactory(ConferenceFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.ORGANIZER


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name_en = factory.Sequence(lambda n: f"Person Number{n}")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    conference = factory.SubFactory(ConferenceFactory)
    person = factory.SubFactory(PersonFactory)
    position_en = "Head of a department"


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    speaker = factory.SubFactory(SpeakerFactory)
    conference = factory.SelfAttribute("speaker.conference")
    text_en = "Meetings like today's are important."


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    conference = factory.SubFactory(ConferenceFactory)
    title_en = factory.Sequence(lambda n: f"Session {n}")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConferenceDocument

    conference = factory.SubFactory(ConferenceFactory)
    title_en = "Declaration"
    file = factory.django.FileField(filename="declaration.pdf", data=MINIMAL_PDF)


class HelplineFactory(factory.django.DjangoModelFactory):
    """A published, recently checked helpline. Its number is made up for the tests only (no
    country code starts with 0), never one to copy into the demo."""

    class Meta:
        model = Helpline

    name_en = factory.Sequence(lambda n: f"Test helpline {n}")
    country = "UZ"
    phone = factory.Sequence(lambda n: f"+000 11 222-33-{n % 100:02d}")
    hours_en = "Monday to Friday"
    languages_en = "Uzbek, Russian"
    is_free = True
    is_anonymous = True
    what_happens_en = "A trained consultant answers and listens."
    checked_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    is_published = True

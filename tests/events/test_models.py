import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from events.models import (
    Conference,
    ConferenceOrganization,
    Organization,
    Quote,
    Role,
    Session,
    region_today,
    validate_pdf_file,
    validate_time_zone,
)

from .factories import (
    MINIMAL_PDF,
    ConferenceFactory,
    DocumentFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    RoleFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

# 10:00 in Tashkent (UTC+5) on 1 March 2024.
NOW = datetime.datetime(2024, 3, 1, 5, 0, tzinfo=datetime.UTC)


# --- Visibility -----------------------------------------------------------------------------


def test_published_needs_flag_and_time_that_has_come():
    now = timezone.now()
    visible = ConferenceFactory(is_published=True, published_at=now - datetime.timedelta(minutes=1))
    ConferenceFactory(is_published=False, published_at=now - datetime.timedelta(days=1))
    ConferenceFactory(is_published=True, published_at=now + datetime.timedelta(minutes=5))
    assert list(Conference.objects.published()) == [visible]


def test_scheduled_conference_appears_when_its_time_comes():
    with time_machine.travel(NOW, tick=False):
        conference = ConferenceFactory(published_at=NOW + datetime.timedelta(hours=1))
        assert not Conference.objects.published().exists()
        assert not conference.is_visible
    with time_machine.travel(NOW + datetime.timedelta(hours=1), tick=False):
        assert list(Conference.objects.published()) == [conference]


# --- Upcoming and past around today in Tashkent ----------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_upcoming_soonest_first_and_past_newest_first():
    today = datetime.date(2024, 3, 1)
    later = ConferenceFactory(start_date=today + datetime.timedelta(days=30))
    soon = ConferenceFactory(start_date=today + datetime.timedelta(days=2))
    today_conf = ConferenceFactory(start_date=today)
    # Started yesterday, ends tomorrow: still under way, so upcoming.
    ongoing = ConferenceFactory(
        start_date=today - datetime.timedelta(days=1), end_date=today + datetime.timedelta(days=1)
    )
    yesterday = ConferenceFactory(start_date=today - datetime.timedelta(days=1))
    old = ConferenceFactory(start_date=datetime.date(2022, 7, 28))

    assert list(Conference.objects.upcoming()) == [ongoing, today_conf, soon, later]
    assert list(Conference.objects.past()) == [yesterday, old]
    assert list(Conference.objects.upcoming_then_past()) == [
        ongoing,
        today_conf,
        soon,
        later,
        yesterday,
        old,
    ]


def test_today_is_the_date_in_tashkent_not_utc():
    # 20:30 UTC on 29 February is already 1 March in Tashkent.
    with time_machine.travel(datetime.datetime(2024, 2, 29, 20, 30, tzinfo=datetime.UTC)):
        assert region_today() == datetime.date(2024, 3, 1)
        ConferenceFactory(start_date=datetime.date(2024, 2, 29))
        assert Conference.objects.upcoming().count() == 0
        assert Conference.objects.past().count() == 1


# --- Conference rules ----------------------------------------------------------------------


def test_end_before_start_says_what_to_fix():
    conference = ConferenceFactory.build(
        start_date=datetime.date(2025, 7, 29), end_date=datetime.date(2025, 7, 28)
    )
    with pytest.raises(ValidationError) as error:
        conference.full_clean()
    message = " ".join(error.value.message_dict["end_date"])
    assert "before the start date" in message
    assert "2025-07-29" in message


def test_database_refuses_end_before_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        ConferenceFactory(start_date=datetime.date(2025, 7, 29), end_date=datetime.date(2025, 7, 1))


def test_one_day_conference_needs_no_end_date():
    conference = ConferenceFactory(start_date=datetime.date(2025, 7, 29), end_date=None)
    assert conference.end_date == datetime.date(2025, 7, 29)
    assert conference.is_one_day


def test_slug_is_latin_from_cyrillic_and_unique():
    first = ConferenceFactory(title_en="Конференция по противодействию торговле людьми", slug="")
    second = ConferenceFactory(title_en="Конференция по противодействию торговле людьми", slug="")
    assert first.slug == "konferentsiia-po-protivodeistviiu-torgovle-liudmi-2022"
    assert second.slug == "konferentsiia-po-protivodeistviiu-torgovle-liudmi-2022-2"


def test_slug_is_never_empty():
    conference = ConferenceFactory(title_en="!!!", slug="")
    assert conference.slug == "2022"
    punctuation_only = ConferenceFactory(
        title_en="…", slug="", start_date=datetime.date(2023, 1, 1)
    )
    assert punctuation_only.slug


def test_organization_slug_from_acronym():
    assert OrganizationFactory(name_en="Office", acronym_en="UNODC").slug == "unodc"
    assert OrganizationFactory(name_en="Миграция", acronym_en="").slug == "migratsiia"


def test_bad_time_zone_is_refused():
    validate_time_zone("Asia/Almaty")
    with pytest.raises(ValidationError, match="Asia/Tashkent"):
        validate_time_zone("Mars/Olympus")


def test_participating_countries_and_country_query():
    conference = ConferenceFactory(host_country="UZ", participating_countries=["KZ", "KG", "TJ"])
    ConferenceFactory(host_country="KZ", participating_countries=[])
    assert [c.code for c in conference.participating_countries_sorted] == ["KZ", "KG", "TJ"]
    assert [c.code for c in conference.all_countries] == ["UZ", "KZ", "KG", "TJ"]
    assert Conference.objects.in_country("KG").get() == conference
    assert Conference.objects.in_country("KZ").count() == 2
    assert not Conference.objects.in_country("TM").exists()


def test_cover_metadata_is_removed_and_renditions_are_webp():
    buffer = io.BytesIO()
    image = Image.new("RGB", (1600, 900), "navy")
    exif = Image.Exif()
    exif[0x010F] = "Secret camera maker"
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    upload = SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")
    conference = ConferenceFactory(cover=upload, cover_alt_en="Delegates in the hall")
    conference.refresh_from_db()
    with Image.open(conference.cover.path) as stored:
        assert not stored.getexif()
    rendition = conference.cover_card
    assert rendition.url.endswith(".webp")
    with Image.open(rendition.path) as small:
        assert small.format == "WEBP"
        assert small.size[0] == 640


# --- Roles, speakers, quotes, sessions --------------------------------------------------------


def test_same_role_twice_is_refused_with_a_clear_message():
    role = RoleFactory(role=Role.SUPPORTER)
    duplicate = ConferenceOrganization(
        conference=role.conference, organization=role.organization, role=Role.SUPPORTER
    )
    with pytest.raises(ValidationError, match="already has this role"):
        duplicate.full_clean()
    # Another role for the same organization is fine.
    ConferenceOrganization(
        conference=role.conference, organization=role.organization, role=Role.PARTNER
    ).full_clean()


def test_quote_by_someone_who_is_not_a_speaker_is_refused():
    speaker_elsewhere = SpeakerFactory(person=PersonFactory(full_name_en="Andrew Gray"))
    conference = ConferenceFactory()
    quote = Quote(conference=conference, speaker=speaker_elsewhere, text_en="Words")
    with pytest.raises(ValidationError) as error:
        quote.full_clean()
    message = " ".join(error.value.message_dict["speaker"])
    assert "Andrew Gray is not a speaker of this conference" in message
    assert "Speakers" in message


def test_quote_by_a_speaker_of_the_conference_is_accepted():
    quote = QuoteFactory.build(speaker=SpeakerFactory())
    quote.conference = quote.speaker.conference
    quote.full_clean()


def test_session_times_and_date_are_checked():
    conference = ConferenceFactory(start_date=datetime.date(2025, 7, 29))
    session = Session(
        conference=conference,
        title_en="Opening",
        start_time=datetime.time(11, 0),
        end_time=datetime.time(10, 0),
        date=datetime.date(2025, 8, 2),
    )
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "after the start time (11:00)" in " ".join(error.value.message_dict["end_time"])
    assert "2025-07-29 to 2025-07-29" in " ".join(error.value.message_dict["date"])


def test_session_start_is_in_the_venue_time_zone():
    conference = ConferenceFactory(start_date=datetime.date(2025, 7, 29), time_zone="Asia/Almaty")
    session = Session(conference=conference, title_en="Opening", start_time=datetime.time(10, 0))
    assert session.starts_at().isoformat() == "2025-07-29T10:00:00+05:00"
    assert session.starts_at().tzinfo.key == "Asia/Almaty"


# --- Documents ---------------------------------------------------------------------------------


def test_document_accepts_a_real_pdf_and_stores_its_size():
    document = DocumentFactory()
    assert document.size == len(MINIMAL_PDF)
    assert document.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04 this is a Word document renamed to .pdf",
        b"\x89PNG\r\n\x1a\n" + b"0" * 100,
        b"%PDF-1.4 truncated without an end marker",
        b"",
    ],
)
def test_document_refuses_files_that_are_not_pdf(content):
    upload = SimpleUploadedFile("report.pdf", content, content_type="application/pdf")
    with pytest.raises(ValidationError, match="not a PDF"):
        validate_pdf_file(upload)


def test_document_size_limit():
    upload = SimpleUploadedFile("big.pdf", MINIMAL_PDF)
    upload.size = 21 * 1024 * 1024
    with pytest.raises(ValidationError, match="too large"):
        validate_pdf_file(upload)


def test_organization_str_shows_acronym():
    assert str(Organization(name="International Organization for Migration", acronym="IOM")) == (
        "International Organization for Migration (IOM)"
    )

"""The languages and areas of interest the form offers, and who may see what: applications are
for the "Volunteer coordinators" group only (and superusers), Editors get the page texts but
never the applications, and nobody gets the add permission on applications (the public form
creates them).
"""

from django.db import migrations

from pina.security.groups import (
    EDITORS,
    VOLUNTEER_COORDINATORS,
    grant_model_permissions,
    revoke_model_permissions,
)

SPOKEN_LANGUAGES = [
    ("uz", "Uzbek", "Узбекский", "Oʻzbek tili"),
    ("ru", "Russian", "Русский", "Rus tili"),
    ("en", "English", "Английский", "Ingliz tili"),
    ("kk", "Kazakh", "Казахский", "Qozoq tili"),
    ("ky", "Kyrgyz", "Кыргызский", "Qirgʻiz tili"),
    ("tg", "Tajik", "Таджикский", "Tojik tili"),
    ("tk", "Turkmen", "Туркменский", "Turkman tili"),
    ("other", "Other", "Другой", "Boshqa til"),
]

INTEREST_AREAS = [
    ("awareness", "Awareness campaigns", "Информационные кампании", "Axborot kampaniyalari"),
    ("events", "Events", "Мероприятия", "Tadbirlar"),
    ("translation", "Translation", "Переводы", "Tarjima"),
    ("legal-aid", "Legal aid", "Юридическая помощь", "Huquqiy yordam"),
    (
        "psychological-support",
        "Psychological support",
        "Психологическая поддержка",
        "Psixologik yordam",
    ),
    ("design-it-media", "Design, IT and media", "Дизайн, IT и медиа", "Dizayn, IT va media"),
    ("research", "Research", "Исследования", "Tadqiqotlar"),
]


def seed_choices(apps, schema_editor):
    for model_name, rows in (("SpokenLanguage", SPOKEN_LANGUAGES), ("InterestArea", INTEREST_AREAS)):
        model = apps.get_model("volunteers", model_name)
        for position, (code, en, ru, uz) in enumerate(rows, start=1):
            model.objects.update_or_create(
                code=code,
                defaults={
                    "name": en,
                    "name_en": en,
                    "name_ru": ru,
                    "name_uz": uz,
                    "position": position * 10,
                },
            )


def remove_choices(apps, schema_editor):
    for model_name, rows in (("SpokenLanguage", SPOKEN_LANGUAGES), ("InterestArea", INTEREST_AREAS)):
        apps.get_model("volunteers", model_name).objects.filter(
            code__in=[row[0] for row in rows]
        ).delete()


def grant(apps, schema_editor):
    grant_model_permissions(
        apps,
        VOLUNTEER_COORDINATORS,
        "volunteers",
        ["volunteerapplication"],
        actions=("view", "change", "delete"),
    )
    grant_model_permissions(
        apps, VOLUNTEER_COORDINATORS, "volunteers", ["emaildelivery"], actions=("view",)
    )
    grant_model_permissions(
        apps,
        VOLUNTEER_COORDINATORS,
        "volunteers",
        ["spokenlanguage", "interestarea"],
        actions=("add", "change", "view"),
    )
    for group in (VOLUNTEER_COORDINATORS, EDITORS):
        grant_model_permissions(
            apps, group, "volunteers", ["volunteerpage", "privacynotice"], actions=("change", "view")
        )


def revoke(apps, schema_editor):
    models = [
        "volunteerapplication",
        "emaildelivery",
        "spokenlanguage",
        "interestarea",
        "volunteerpage",
        "privacynotice",
    ]
    for group in (VOLUNTEER_COORDINATORS, EDITORS):
        revoke_model_permissions(apps, group, "volunteers", models)


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0001_initial"),
        ("pina", "0002_staff_groups"),
    ]

    operations = [
        migrations.RunPython(seed_choices, remove_choices),
        migrations.RunPython(grant, revoke),
    ]

"""Demo content of the site shell: the site-wide texts from the seed pages, in three languages."""

from pina.site.models import SiteSettings

TRANSLATIONS = {
    "tagline": {
        "ru": "Сеть организаций по противодействию торговле людьми в Центральной Азии",
        "uz": "Markaziy Osiyoda odam savdosiga qarshi kurashuvchi tashkilotlar tarmogʻi",
    },
    "contact_text": {
        "ru": "Если вас интересует деятельность Сети, напишите нам",
        "uz": "Tarmoq faoliyatiga qiziqsangiz, biz bilan bogʻlaning",
    },
    "volunteer_call": {
        "ru": (
            "Если вы хотите участвовать в противодействии торговле людьми, мы будем рады "
            "видеть вас в нашей команде волонтёров."
        ),
        "uz": (
            "Agar odam savdosiga qarshi kurashda ishtirok etishni istasangiz, sizni "
            "koʻngillilar jamoamizda koʻrishdan xursand boʻlamiz."
        ),
    },
    "credit_line": {
        "ru": (
            "Веб-сайт разработан при поддержке Фонда Евразия в рамках проекта "
            "«Инициатива по противодействию торговле людьми в Центральной Азии»"
        ),
        "uz": (
            "Veb-sayt Yevraziya fondi koʻmagida «Markaziy Osiyoda odam savdosiga qarshi "
            "kurash tashabbusi» loyihasi doirasida ishlab chiqilgan"
        ),
    },
    "copyright": {
        "ru": "© 2022 Все права защищены",
        "uz": "© 2022 Barcha huquqlar himoyalangan",
    },
}


def load(stdout):
    """Fill in the Russian and Uzbek site texts where staff have not written their own."""
    record = SiteSettings.current()
    changed = False
    for field, by_language in TRANSLATIONS.items():
        # New records carry the English default in every language column.
        english_default = SiteSettings._meta.get_field(field).default
        for code, text in by_language.items():
            name = f"{field}_{code}"
            if getattr(record, name) in ("", None, english_default):
                setattr(record, name, text)
                changed = True
    if changed:
        record.save()
    stdout.write("Site settings: texts in en, ru, uz.")

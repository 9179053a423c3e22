"""Demo conferences, faithful to the seed documents in ../shared/seeds/
(conference-2022-bukhara-declaration.txt, 28 July 2022, Uzbekistan;
news-2025-world-day-against-trafficking.txt, 29 July 2025, Tashkent): English text, speakers'
positions and quotes are the seeds' own words; Russian and Uzbek titles, leads, positions and
session titles are our translations, while quotes and report bodies fall back to English in
ru/uz, since a translated quote would no longer be word for word.
"""

import datetime
import re
import zoneinfo

from news.demo import WORLD_DAY_2025_BODY_RU, WORLD_DAY_2025_BODY_UZ

from .models import (
    Conference,
    ConferenceOrganization,
    Organization,
    OrganizationName,
    Person,
    Quote,
    Role,
    Session,
    Speaker,
)

TASHKENT = zoneinfo.ZoneInfo("Asia/Tashkent")

ORGANIZATIONS = [
    {
        "slug": "national-commission",
        "name_en": "National Commission on Combating Trafficking in Persons and Forced Labor",
        "name_ru": "Национальная комиссия по противодействию торговле людьми и принудительному "
        "труду",
        "name_uz": "Odam savdosi va majburiy mehnatga qarshi kurashish boʻyicha Milliy komissiya",
        "country": "UZ",
    },
    {
        "slug": "unodc",
        "name_en": "United Nations Office on Drugs and Crime",
        "name_ru": "Управление Организации Объединённых Наций по наркотикам и преступности",
        "name_uz": "BMTning Giyohvand moddalar va jinoyatchilik boshqarmasi",
        "acronym_en": "UNODC",
        "acronym_ru": "УНП ООН",
        "website": "https://www.unodc.org/",
    },
    {
        "slug": "winrock-international",
        "name_en": "Winrock International",
        "name_ru": "Winrock International",
        "name_uz": "Winrock International",
        "website": "https://winrock.org/",
    },
    {
        "slug": "usaid",
        "name_en": "United States Agency for International Development",
        "name_ru": "Агентство США по международному развитию",
        "name_uz": "AQSH Xalqaro taraqqiyot agentligi",
        "acronym_en": "USAID",
        "acronym_ru": "USAID",
        "country": "US",
    },
    {
        "slug": "iom",
        "name_en": "International Organization for Migration",
        "name_ru": "Международная организация по миграции",
        "name_uz": "Xalqaro migratsiya tashkiloti",
        "acronym_en": "IOM",
        "acronym_ru": "МОМ",
        "acronym_uz": "XMT",
        "description_en": "The UN Migration Agency.",
        "description_ru": "Агентство ООН по миграции.",
        "description_uz": "BMTning Migratsiya agentligi.",
        "website": "https://www.iom.int/",
    },
    {
        "slug": "osce",
        "name_en": "Organization for Security and Co-operation in Europe",
        "name_ru": "Организация по безопасности и сотрудничеству в Европе",
        "name_uz": "Yevropada xavfsizlik va hamkorlik tashkiloti",
        "acronym_en": "OSCE",
        "acronym_ru": "ОБСЕ",
        "acronym_uz": "YXHT",
        "website": "https://www.osce.org/",
    },
]

# One commission under two names: the 2022 seed calls the organizer of that conference by its
# name then, the 2025 seed by its present name. The seeds date neither the change nor the name's
# last day: the 2022 name is known in use on the day of the 2022 conference, so it is recorded as
# used until then (conferences on or before that day show it).
FORMER_NAMES = {
    "national-commission": [
        {
            "used_until": datetime.date(2022, 7, 28),
            "name_en": "National Commission to Combat Trafficking in Human Beings of the "
            "Republic of Uzbekistan",
            "name_ru": "Национальная комиссия по противодействию торговле людьми Республики "
            "Узбекистан",
            "name_uz": "Oʻzbekiston Respublikasi Odam savdosiga qarshi kurashish boʻyicha "
            "Milliy komissiya",
        },
    ],
}

# Demo databases loaded before former names were modelled hold the commission twice, the 2022
# name as an organization of its own: merged into the one organization (slug: into).
MERGED_ORGANIZATIONS = {"national-commission-2022": "national-commission"}

PEOPLE = {
    "Nodira Karimova": {"full_name_ru": "Нодира Каримова", "full_name_uz": "Nodira Karimova"},
    "Marlis Dzhumabaev": {"full_name_ru": "Марлис Джумабаев", "full_name_uz": "Marlis Jumabayev"},
    "Alisher Agzamkhodjaev": {
        "full_name_ru": "Алишер Агзамходжаев",
        "full_name_uz": "Alisher Agzamxoʻjayev",
    },
    "Ayubkhon Rakhmatullaev": {
        "full_name_ru": "Аюбхон Рахматуллаев",
        "full_name_uz": "Ayubxon Rahmatullayev",
    },
    "Andrew Gray": {"full_name_ru": "Эндрю Грей", "full_name_uz": "Endryu Grey"},
    "Kari Johnston": {"full_name_ru": "Кари Джонстон", "full_name_uz": "Kari Jonston"},
    "Alexander Fedulov": {"full_name_ru": "Александр Федулов", "full_name_uz": "Aleksandr Fedulov"},
}


def _paragraphs(html: str, *numbers: int) -> list[str]:
    """The paragraphs of `html` with these numbers (from 0), in order."""
    found = re.findall(r"<p>.*?</p>", html, re.S)
    return [found[number] for number in numbers]


NODIRA_KARIMOVA_QUOTE = (
    "We must talk about this problem so that everyone understands that trafficking in persons "
    "exists and knows what needs to be done in order not to be among the victims. And we must "
    # The seed's sentence breaks off after "need" and a new one begins: the gap is marked, not
    # filled in.
    "always remember that those who have suffered from human trafficking need […] In "
    "Uzbekistan, "
    "the law “On Combating Trafficking in Persons” was adopted, which very clearly outlines all "
    "the powers of state structures that are involved in countering this phenomenon. NGOs "
    "assist in the implementation of this law, as well as the resolution of the Cabinet of "
    "Ministers “On approval at the national level of the referral system for victims of "
    "trafficking in persons or presumed victims of trafficking in persons” dated February 8, "
    "2021. This is a very important step for Uzbekistan, since not all neighboring countries "
    "have adopted such documents, and we will share successful practices in countering trade, "
    "in helping those who have suffered from it."
)
NODIRA_KARIMOVA_QUOTE_RU = (
    "Мы должны говорить об этой проблеме, чтобы все понимали, что торговля людьми существует, "
    "и знали, что нужно делать, чтобы не оказаться среди жертв. И мы всегда должны помнить, что "
    "тем, кто пострадал от торговли людьми, нужна […] В Узбекистане принят закон «О "
    "противодействии торговле людьми», в котором очень чётко прописаны все полномочия "
    "государственных структур, участвующих в противодействии этому явлению. ННО содействуют "
    "реализации этого закона, а также постановления Кабинета Министров «Об утверждении на "
    "национальном уровне системы перенаправления жертв торговли людьми или предполагаемых жертв "
    "торговли людьми» от 8 февраля 2021 года. Это очень важный шаг для Узбекистана, поскольку не "
    "все соседние страны приняли такие документы, и мы будем делиться успешной практикой "
    "противодействия торговле людьми и помощи тем, кто от неё пострадал."
)
NODIRA_KARIMOVA_QUOTE_UZ = (
    "Biz bu muammo haqida gapirishimiz kerak, toki hamma odam savdosi mavjudligini tushunsin va "
    "qurbonlar qatoriga tushib qolmaslik uchun nima qilish kerakligini bilsin. Va biz doimo odam "
    "savdosidan jabrlanganlarga […] kerakligini yodda tutishimiz lozim. Oʻzbekistonda «Odam "
    "savdosiga qarshi kurashish toʻgʻrisida»gi qonun qabul qilingan boʻlib, unda bu illatga "
    "qarshi kurashishda ishtirok etuvchi davlat tuzilmalarining barcha vakolatlari juda aniq "
    "belgilab berilgan. NNTlar ushbu qonunni, shuningdek, Vazirlar Mahkamasining 2021-yil "
    "8-fevraldagi «Odam savdosi qurbonlari yoki taxminiy qurbonlarini yoʻnaltirishning milliy "
    "darajadagi tizimini tasdiqlash toʻgʻrisida»gi qarorini amalga oshirishga koʻmaklashmoqda. "
    "Bu Oʻzbekiston uchun juda muhim qadam, chunki barcha qoʻshni davlatlar ham bunday "
    "hujjatlarni qabul qilmagan, va biz odam savdosiga qarshi kurashish hamda undan "
    "jabrlanganlarga yordam berish boʻyicha muvaffaqiyatli tajriba bilan oʻrtoqlashamiz."
)
MARLIS_DZHUMABAEV_QUOTE_RU = (
    "Такие встречи, как сегодняшняя, важны ещё и потому, что устанавливаются личные контакты "
    "между правоохранительными системами и гражданским сектором. Это необходимо, чтобы "
    "совместно противостоять такому злу, как торговля людьми."
)
MARLIS_DZHUMABAEV_QUOTE_UZ = (
    "Bugungi kabi uchrashuvlar huquqni muhofaza qilish tizimlari va fuqarolik sektori oʻrtasida "
    "shaxsiy aloqalar oʻrnatilayotgani uchun ham muhimdir. Bu odam savdosi kabi illatga "
    "birgalikda qarshi turish uchun zarur."
)
MARLIS_DZHUMABAEV_QUOTE = (
    "Meetings like today's are also important because personal contacts are being established "
    "between law enforcement systems and the civil sector. This is necessary in order to "
    "jointly counter such evil as human trafficking."
)

CONFERENCE_2022 = {
    "slug": "conference-2022-bukhara-declaration",
    "fields": {
        "title_en": "Conference on combating trafficking in persons: national practices and "
        "the Bukhara Declaration",
        "title_ru": "Конференция по противодействию торговле людьми: национальные практики и "
        "Бухарская декларация",
        "title_uz": "Odam savdosiga qarshi kurashish boʻyicha konferensiya: milliy amaliyot va "
        "Buxoro deklaratsiyasi",
        "start_date": datetime.date(2022, 7, 28),
        "end_date": datetime.date(2022, 7, 28),
        "host_country": "UZ",
        "participating_countries": ["KZ", "KG", "TJ", "TM"],
        "lead_en": "Government and civil society organizations from Kazakhstan, Kyrgyzstan, "
        "Tajikistan and Turkmenistan met in Uzbekistan to discuss national practices of "
        "combating human trafficking and the implementation of the Bukhara Declaration.",
        "lead_ru": "Государственные организации и организации гражданского общества Казахстана, "
        "Кыргызстана, Таджикистана и Туркменистана обсудили в Узбекистане национальные "
        "практики противодействия торговле людьми и выполнение Бухарской декларации.",
        "lead_uz": "Qozogʻiston, Qirgʻiziston, Tojikiston va Turkmanistonning davlat va "
        "fuqarolik jamiyati tashkilotlari Oʻzbekistonda odam savdosiga qarshi kurashishning "
        "milliy amaliyoti va Buxoro deklaratsiyasining bajarilishini muhokama qildi.",
        "body_en": (
            "<p>The conference was attended by representatives of government organizations and "
            "civil society organizations from Kazakhstan, Kyrgyzstan, Tajikistan and "
            "Turkmenistan.</p>"
            "<p>The conference participants discussed national practices of combating human "
            "trafficking, the implementation of the Bukhara Declaration, the problem of using "
            "the Internet for human trafficking and exchanged national experience in combating "
            "human trafficking at the state border.</p>"
        ),
        "body_ru": (
            "<p>В конференции приняли участие представители государственных организаций и "
            "организаций гражданского общества Казахстана, Кыргызстана, Таджикистана и "
            "Туркменистана.</p>"
            "<p>Участники конференции обсудили национальные практики противодействия торговле "
            "людьми, выполнение Бухарской декларации, проблему использования Интернета для "
            "торговли людьми и обменялись национальным опытом противодействия торговле людьми "
            "на государственной границе.</p>"
        ),
        "body_uz": (
            "<p>Konferensiyada Qozogʻiston, Qirgʻiziston, Tojikiston va Turkmanistonning davlat "
            "tashkilotlari va fuqarolik jamiyati tashkilotlari vakillari ishtirok etdi.</p>"
            "<p>Konferensiya ishtirokchilari odam savdosiga qarshi kurashishning milliy "
            "amaliyotini, Buxoro deklaratsiyasining bajarilishini, internetdan odam savdosi "
            "uchun foydalanish muammosini muhokama qildilar hamda davlat chegarasida odam "
            "savdosiga qarshi kurashish boʻyicha milliy tajriba almashdilar.</p>"
        ),
        "is_published": True,
        "published_at": datetime.datetime(2022, 7, 28, 18, 0, tzinfo=TASHKENT),
    },
    "roles": [
        ("national-commission", Role.ORGANIZER),
        ("unodc", Role.SUPPORTER),
        ("winrock-international", Role.SUPPORTER),
        ("usaid", Role.SUPPORTER),
        ("iom", Role.SUPPORTER),
        ("osce", Role.SUPPORTER),
    ],
    "speakers": [
        {
            "person": "Nodira Karimova",
            "position_en": "Chairman of the Republican Social Information Center "
            '"ISTIQBOLLI AVLOD"',
            "position_ru": "Председатель Республиканского социально-информационного центра "
            "«ISTIQBOLLI AVLOD»",
            "position_uz": "«ISTIQBOLLI AVLOD» Respublika ijtimoiy-axborot markazi raisi",
            "country": "UZ",
            "quote": NODIRA_KARIMOVA_QUOTE,
            "quote_ru": NODIRA_KARIMOVA_QUOTE_RU,
            "quote_uz": NODIRA_KARIMOVA_QUOTE_UZ,
        },
        {
            "person": "Marlis Dzhumabaev",
            "position_en": "Head of the First Department of the Main Criminal Investigation "
            "Department of the Ministry of Internal Affairs of the Republic of Kyrgyzstan, "
            "police colonel",
            "position_ru": "Начальник первого отдела Главного управления уголовного розыска "
            "Министерства внутренних дел Кыргызской Республики, полковник милиции",
            "position_uz": "Qirgʻiziston Respublikasi Ichki ishlar vazirligi Jinoyat qidiruv "
            "bosh boshqarmasi birinchi boʻlimi boshligʻi, militsiya polkovnigi",
            "country": "KG",
            "quote": MARLIS_DZHUMABAEV_QUOTE,
            "quote_ru": MARLIS_DZHUMABAEV_QUOTE_RU,
            "quote_uz": MARLIS_DZHUMABAEV_QUOTE_UZ,
            "featured": True,
        },
    ],
    # The topics the report says were discussed.
    "sessions": [
        {
            "title_en": "National practices of combating human trafficking",
            "title_ru": "Национальные практики противодействия торговле людьми",
            "title_uz": "Odam savdosiga qarshi kurashishning milliy amaliyoti",
        },
        {
            "title_en": "The implementation of the Bukhara Declaration",
            "title_ru": "Выполнение Бухарской декларации",
            "title_uz": "Buxoro deklaratsiyasining bajarilishi",
        },
        {
            "title_en": "The problem of using the Internet for human trafficking",
            "title_ru": "Проблема использования Интернета для торговли людьми",
            "title_uz": "Internetdan odam savdosi uchun foydalanish muammosi",
        },
        {
            "title_en": "National experience in combating human trafficking at the state border",
            "title_ru": "Национальный опыт противодействия торговле людьми на государственной "
            "границе",
            "title_uz": "Davlat chegarasida odam savdosiga qarshi kurashish boʻyicha milliy "
            "tajriba",
        },
    ],
}

CONFERENCE_2025 = {
    "slug": "global-challenges-combating-human-trafficking-2025",
    "fields": {
        "title_en": "International conference on global challenges in combating human trafficking",
        "title_ru": "Международная конференция о глобальных вызовах в противодействии "
        "торговле людьми",
        "title_uz": "Odam savdosiga qarshi kurashishdagi global muammolarga bagʻishlangan "
        "xalqaro konferensiya",
        "start_date": datetime.date(2025, 7, 29),
        "end_date": datetime.date(2025, 7, 29),
        "city_en": "Tashkent",
        "city_ru": "Ташкент",
        "city_uz": "Toshkent",
        "host_country": "UZ",
        "participating_countries": [],
        "participants_count": 110,
        "participants_count_is_minimum": True,
        "lead_en": "Held in Tashkent on the eve of the World Day Against Trafficking in "
        "Persons (July 30), the conference brought together over 110 specialists and experts "
        "from government agencies, civil society institutions, academia, diplomatic missions "
        "and international organizations.",
        "lead_ru": "Конференция прошла в Ташкенте накануне Всемирного дня борьбы с торговлей "
        "людьми (30 июля) и собрала более 110 специалистов и экспертов из государственных "
        "органов, институтов гражданского общества, научных кругов, дипломатических "
        "представительств и международных организаций.",
        "lead_uz": "Odam savdosiga qarshi kurashish Butunjahon kuni (30-iyul) arafasida "
        "Toshkentda boʻlib oʻtgan konferensiyada davlat idoralari, fuqarolik jamiyati "
        "institutlari, ilmiy doiralar, diplomatik vakolatxonalar va xalqaro tashkilotlardan "
        "110 dan ortiq mutaxassis va ekspertlar ishtirok etdi.",
        "body_en": (
            "<p>In their speeches, the speakers emphasized that in the era of globalization, "
            "human trafficking poses not only a threat to individuals but also undermines the "
            "security and stability of entire societies. Each year, millions of people fall "
            "victim to this crime, and unfortunately, the numbers continue to rise.</p>"
            "<p>It was noted that Uzbekistan has shown systematic and significant progress in "
            "the fight against this destructive phenomenon, both from legal and organizational "
            "standpoints. Special attention is being paid to improving national legislation in "
            'line with international standards. In particular, a new Law "On Combating Human '
            'Trafficking" was adopted, penalties for crimes related to human trafficking, '
            "child labor, and forced labor have been strengthened, and a national system for "
            "identifying and referring victims of trafficking has been introduced. Uzbekistan "
            "has approved and is actively implementing a national Concept for Combating Human "
            "Trafficking along with a detailed roadmap for its execution.</p>"
            "<p>Participants of the conference highlighted the crucial role of international "
            "organizations—especially IOM/UN Migration Agency—in the achievements made. The "
            "need for continued mutually beneficial cooperation and the development of new "
            "projects and initiatives was strongly emphasized.</p>"
            "<p>Discussions paid particular attention to the growing influence of the digital "
            "environment on forms of trafficking, the necessity of cross-border coordination "
            "in combating this evil, and the key role of non-governmental organizations in "
            "providing comprehensive support to victims.</p>"
            "<p>The conference not only summarized Uzbekistan’s national achievements in the "
            "field of combating human trafficking but also facilitated the exchange of leading "
            "international practices and defined priority tasks for the future.</p>"
            "<p>The holding of this conference once again confirmed Uzbekistan’s commitment to "
            "strengthening regional cooperation, improving victim protection services, and "
            "advancing the implementation of the Global Compact for Safe, Orderly, and Regular "
            "Migration.</p>"
        ),
        # The report's paragraphs of the news article, in the same words in each language.
        "body_ru": "".join(_paragraphs(WORLD_DAY_2025_BODY_RU, 2, 3, 4, 6, 7, 8)),
        "body_uz": "".join(_paragraphs(WORLD_DAY_2025_BODY_UZ, 2, 3, 4, 6, 7, 8)),
        "is_published": True,
        "published_at": datetime.datetime(2025, 7, 29, 19, 50, tzinfo=TASHKENT),
    },
    "roles": [
        ("national-commission", Role.ORGANIZER),
        ("iom", Role.CO_ORGANIZER),
    ],
    "speakers": [
        {
            "person": "Alisher Agzamkhodjaev",
            "position_en": "Chairman of the Senate Committee on International Relations, "
            "Foreign Economic Affairs, Foreign Investments and Tourism",
            "position_ru": "Председатель Комитета Сената по международным отношениям, "
            "внешнеэкономическим связям, иностранным инвестициям и туризму",
            "position_uz": "Senatning Xalqaro munosabatlar, tashqi iqtisodiy aloqalar, xorijiy "
            "investitsiyalar va turizm qoʻmitasi raisi",
            "country": "UZ",
        },
        {
            "person": "Ayubkhon Rakhmatullaev",
            "rank_en": "Colonel",
            "rank_ru": "Полковник",
            "rank_uz": "Polkovnik",
            "position_en": "First Deputy Minister of Internal Affairs of the Republic of "
            "Uzbekistan",
            "position_ru": "Первый заместитель министра внутренних дел Республики Узбекистан",
            "position_uz": "Oʻzbekiston Respublikasi ichki ishlar vazirining birinchi oʻrinbosari",
            "country": "UZ",
        },
        {
            "person": "Andrew Gray",
            "position_en": "Head of the IOM/UN Migration Agency Office in Uzbekistan",
            "position_ru": "Глава Представительства МОМ/Агентства ООН по миграции в Узбекистане",
            "position_uz": "XMT/BMT Migratsiya agentligining Oʻzbekistondagi vakolatxonasi rahbari",
            "organization": "iom",
        },
        {
            "person": "Kari Johnston",
            "position_en": "Special Representative and Coordinator for Combating Trafficking in "
            "Human Beings at the OSCE",
            "position_ru": "Специальный представитель и координатор ОБСЕ по борьбе с торговлей "
            "людьми",
            "position_uz": "YXHTning Odam savdosiga qarshi kurashish boʻyicha maxsus vakili va "
            "koordinatori",
            "organization": "osce",
            "is_online": True,
        },
        {
            "person": "Alexander Fedulov",
            "position_en": "Deputy Regional Representative of the United Nations Office on "
            "Drugs and Crime (UNODC) in Afghanistan, Central Asia, Pakistan, and Iran",
            "position_ru": "Заместитель регионального представителя Управления ООН по "
            "наркотикам и преступности (УНП ООН) в Афганистане, Центральной Азии, Пакистане "
            "и Иране",
            "position_uz": "BMTning Giyohvand moddalar va jinoyatchilik boshqarmasi (UNODC) "
            "Afgʻoniston, Markaziy Osiyo, Pokiston va Erondagi mintaqaviy vakilining oʻrinbosari",
            "organization": "unodc",
        },
    ],
    "sessions": [
        {
            "title_en": "Human Trafficking: Modern Threats and Trends",
            "title_ru": "Торговля людьми: современные угрозы и тенденции",
            "title_uz": "Odam savdosi: zamonaviy tahdidlar va tendensiyalar",
        },
        {
            "title_en": "The Role of International Cooperation in Combating Human Trafficking",
            "title_ru": "Роль международного сотрудничества в противодействии торговле людьми",
            "title_uz": "Odam savdosiga qarshi kurashda xalqaro hamkorlikning roli",
        },
        {
            "title_en": "The Importance of Civil Society Institutions in Combating Trafficking "
            "and Supporting Victims",
            "title_ru": "Значение институтов гражданского общества в противодействии торговле "
            "людьми и поддержке пострадавших",
            "title_uz": "Odam savdosiga qarshi kurashish va jabrlanuvchilarni qoʻllab-"
            "quvvatlashda fuqarolik jamiyati institutlarining ahamiyati",
        },
    ],
}


def comparable(value):
    """Country fields read back as Country objects (a list of them when multiple)."""
    if isinstance(value, list | tuple):
        return sorted(comparable(item) for item in value)
    return getattr(value, "code", value)


def upsert(model, lookup: dict, values: dict):
    """Find the row by `lookup`; create it, or save it only if one of `values` differs."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.save()
        return instance, True
    changed = [
        name
        for name, value in values.items()
        if comparable(getattr(instance, name)) != comparable(value)
    ]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save()
    return instance, False


def load_conference(spec, organizations, people):
    conference, _created = upsert(Conference, {"slug": spec["slug"]}, spec["fields"])
    for order, (slug, role) in enumerate(spec["roles"], start=1):
        upsert(
            ConferenceOrganization,
            {"conference": conference, "organization": organizations[slug], "role": role},
            {"order": order},
        )
    for order, item in enumerate(spec["speakers"], start=1):
        values = {
            key: value
            for key, value in item.items()
            if key.startswith(("position_", "rank_")) or key in ("country", "is_online")
        }
        values["order"] = order
        values["organization"] = organizations.get(item.get("organization"))
        speaker, _created = upsert(
            Speaker, {"conference": conference, "person": people[item["person"]]}, values
        )
        if "quote" in item:
            upsert(
                Quote,
                {"conference": conference, "speaker": speaker, "order": 1},
                {
                    "text_en": item["quote"],
                    "text_ru": item.get("quote_ru", ""),
                    "text_uz": item.get("quote_uz", ""),
                    "is_featured": item.get("featured", False),
                },
            )
    for order, session in enumerate(spec["sessions"], start=1):
        upsert(Session, {"conference": conference, "order": order}, session)
    return conference


# The news posts (news/demo.py, loaded before this) that report on each demo conference.
NEWS_REPORTS = [
    "conference-2022-bukhara-declaration",
    "world-day-against-trafficking-in-persons-2025",
]


def link_news_reports(conference_by_post_slug):
    from news.models import Post

    for slug, conference in conference_by_post_slug.items():
        # save(), not update(): saving is what records a revision and refreshes cached pages.
        for post in Post.objects.filter(slug_en=slug).exclude(conference=conference):
            post.conference = conference
            post.save(update_fields=["conference", "updated_at"])


def merge_organization(old, into):
    """Move everything that refers to the organization `old` onto `into`, then delete `old`:
    its conference roles (a role `into` already has in that conference is not doubled),
    speakers' affiliations and any other row pointing at it. Saved row by row (save() is what
    records a revision and refreshes cached pages)."""
    for role in ConferenceOrganization.objects.filter(organization=old):
        duplicate = ConferenceOrganization.objects.filter(
            conference=role.conference_id, organization=into, role=role.role
        ).exists()
        if duplicate:
            role.delete()
        else:
            role.organization = into
            role.save(update_fields=["organization"])
    for relation in Organization._meta.related_objects:
        if relation.related_model is ConferenceOrganization or not relation.one_to_many:
            continue
        field = relation.field.name
        for row in relation.related_model._base_manager.filter(**{field: old}):
            setattr(row, field, into)
            row.save(update_fields=[field])
    old.delete()


def load_organizations():
    organizations = {}
    for item in ORGANIZATIONS:
        values = {key: value for key, value in item.items() if key != "slug"}
        organizations[item["slug"]], _created = upsert(Organization, {"slug": item["slug"]}, values)
    for old_slug, slug in MERGED_ORGANIZATIONS.items():
        old = Organization.objects.filter(slug=old_slug).first()
        if old is not None:
            merge_organization(old, organizations[slug])
    for slug, names in FORMER_NAMES.items():
        for item in names:
            values = {key: value for key, value in item.items() if key != "used_until"}
            upsert(
                OrganizationName,
                {"organization": organizations[slug], "used_until": item["used_until"]},
                values,
            )
    return organizations


def load(stdout=None):
    """Idempotent: rows are found by a natural key and saved only when something differs. An
    older demo database is upgraded in place (MERGED_ORGANIZATIONS)."""
    organizations = load_organizations()
    people = {}
    for name, values in PEOPLE.items():
        people[name], _created = upsert(Person, {"full_name_en": name}, values)
    conferences = [
        load_conference(spec, organizations, people) for spec in (CONFERENCE_2022, CONFERENCE_2025)
    ]
    link_news_reports(dict(zip(NEWS_REPORTS, conferences, strict=True)))
    if stdout is not None:
        stdout.write(
            f"Conferences: {len(conferences)} conferences, {len(organizations)} organizations, "
            f"{len(people)} people."
        )

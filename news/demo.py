"""Demo news built from the seed documents in ../shared/seeds/ (run by `manage.py load_demo`):
the English texts are the seeds' own; the Russian and Uzbek ones are our translations of them,
with laws, bodies and titles by their names in each language and nothing the seeds do not say.
"""

import io
import math
import random
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFilter

from pina.content.richtext import sanitize_html

from .models import Category, Post

TASHKENT = ZoneInfo("Asia/Tashkent")

CATEGORIES = [
    {
        "slug": "news",
        "name_en": "News",
        "name_ru": "Новости",
        "name_uz": "Yangiliklar",
        "position": 1,
    },
    {
        "slug": "announcements",
        "name_en": "Announcements",
        "name_ru": "Объявления",
        "name_uz": "Eʼlonlar",
        "position": 2,
    },
    {
        "slug": "publications",
        "name_en": "Publications",
        "name_ru": "Публикации",
        "name_uz": "Nashrlar",
        "position": 3,
    },
]

WORLD_DAY_2025_BODY = """
<p>On July 29, 2025, a landmark international conference was held in the capital of Uzbekistan, dedicated to global challenges in combating human trafficking. The event was organized by the National Commission on Combating Trafficking in Persons and Forced Labor in cooperation with the International Organization for Migration (IOM/UN Migration Agency), bringing together over 110 leading specialists and experts from government agencies, civil society institutions, academia, diplomatic missions, and international organizations. The conference was timed to coincide with the World Day Against Trafficking in Persons, observed on July 30.</p>
<p>The official opening of the conference featured addresses by Alisher Agzamkhodjaev, Chairman of the Senate Committee on International Relations, Foreign Economic Affairs, Foreign Investments and Tourism; Colonel Ayubkhon Rakhmatullaev, First Deputy Minister of Internal Affairs of the Republic of Uzbekistan; Andrew Gray, Head of the IOM/UN Migration Agency Office in Uzbekistan; Kari Johnston, Special Representative and Coordinator for Combating Trafficking in Human Beings at the OSCE (online); and Alexander Fedulov, Deputy Regional Representative of the United Nations Office on Drugs and Crime (UNODC) in Afghanistan, Central Asia, Pakistan, and Iran.</p>
<p>In their speeches, the speakers emphasized that in the era of globalization, human trafficking poses not only a threat to individuals but also undermines the security and stability of entire societies. Each year, millions of people fall victim to this crime, and unfortunately, the numbers continue to rise.</p>
<p>It was noted that Uzbekistan has shown systematic and significant progress in the fight against this destructive phenomenon, both from legal and organizational standpoints. Special attention is being paid to improving national legislation in line with international standards. In particular, a new Law "On Combating Human Trafficking" was adopted, penalties for crimes related to human trafficking, child labor, and forced labor have been strengthened, and a national system for identifying and referring victims of trafficking has been introduced. Uzbekistan has approved and is actively implementing a national Concept for Combating Human Trafficking along with a detailed roadmap for its execution.</p>
<p>Participants of the conference highlighted the crucial role of international organizations—especially IOM/UN Migration Agency—in the achievements made. The need for continued mutually beneficial cooperation and the development of new projects and initiatives was strongly emphasized.</p>
<p>The conference included sessions on pressing topics such as “Human Trafficking: Modern Threats and Trends,” “The Role of International Cooperation in Combating Human Trafficking,” and “The Importance of Civil Society Institutions in Combating Trafficking and Supporting Victims.”</p>
<p>Discussions paid particular attention to the growing influence of the digital environment on forms of trafficking, the necessity of cross-border coordination in combating this evil, and the key role of non-governmental organizations in providing comprehensive support to victims.</p>
<p>The conference not only summarized Uzbekistan’s national achievements in the field of combating human trafficking but also facilitated the exchange of leading international practices and defined priority tasks for the future.</p>
<p>The holding of this conference once again confirmed Uzbekistan’s commitment to strengthening regional cooperation, improving victim protection services, and advancing the implementation of the Global Compact for Safe, Orderly, and Regular Migration.</p>
"""  # noqa: E501

# The seed's first quotation breaks off after "need" and goes on with a new sentence; the gap is
# marked with […] rather than filled in.
CONFERENCE_2022_BODY = """
<p><strong>Organizers:</strong> National Commission to Combat Trafficking in Human Beings of the Republic of Uzbekistan.</p>
<p><strong>Supported by</strong> UNODC, Winrock Int, USAID, IOM, OSCE.</p>
<p>The conference was attended by representatives of government organizations and civil society organizations from Kazakhstan, Kyrgyzstan, Tajikistan and Turkmenistan.</p>
<p>The conference participants discussed national practices of combating human trafficking, the implementation of the Bukhara Declaration, the problem of using the Internet for human trafficking and exchanged national experience in combating human trafficking at the state border.</p>
<p><strong>Nodira Karimova</strong>, Chairman of the Republican Social Information Center "ISTIQBOLLI AVLOD":</p>
<blockquote><p>"We must talk about this problem so that everyone understands that trafficking in persons exists and knows what needs to be done in order not to be among the victims. And we must always remember that those who have suffered from human trafficking need […] In Uzbekistan, the law “On Combating Trafficking in Persons” was adopted, which very clearly outlines all the powers of state structures that are involved in countering this phenomenon. NGOs assist in the implementation of this law, as well as the resolution of the Cabinet of Ministers “On approval at the national level of the referral system for victims of trafficking in persons or presumed victims of trafficking in persons” dated February 8, 2021. This is a very important step for Uzbekistan, since not all neighboring countries have adopted such documents, and we will share successful practices in countering trade, in helping those who have suffered from it."</p></blockquote>
<p><strong>Marlis Dzhumabaev</strong>, Head of the First Department of the Main Criminal Investigation Department of the Ministry of Internal Affairs of the Republic of Kyrgyzstan, police colonel:</p>
<blockquote><p>"Meetings like today's are also important because personal contacts are being established between law enforcement systems and the civil sector. This is necessary in order to jointly counter such evil as human trafficking."</p></blockquote>
"""  # noqa: E501

WORLD_DAY_2025_BODY_RU = """
<p>29 июля 2025 года в столице Узбекистана прошла важная международная конференция, посвящённая глобальным вызовам в противодействии торговле людьми. Мероприятие организовала Национальная комиссия по противодействию торговле людьми и принудительному труду в сотрудничестве с Международной организацией по миграции (МОМ/Агентство ООН по миграции). Конференция собрала более 110 ведущих специалистов и экспертов из государственных органов, институтов гражданского общества, научных кругов, дипломатических представительств и международных организаций. Она была приурочена к Всемирному дню борьбы с торговлей людьми, который отмечается 30 июля.</p>
<p>На официальном открытии конференции выступили Алишер Агзамходжаев, председатель Комитета Сената по международным отношениям, внешнеэкономическим связям, иностранным инвестициям и туризму; полковник Аюбхон Рахматуллаев, первый заместитель министра внутренних дел Республики Узбекистан; Эндрю Грей, глава Представительства МОМ/Агентства ООН по миграции в Узбекистане; Кари Джонстон, Специальный представитель и координатор ОБСЕ по борьбе с торговлей людьми (онлайн); и Александр Федулов, заместитель регионального представителя Управления ООН по наркотикам и преступности (УНП ООН) в Афганистане, Центральной Азии, Пакистане и Иране.</p>
<p>В своих выступлениях спикеры подчеркнули, что в эпоху глобализации торговля людьми угрожает не только отдельным людям, но и подрывает безопасность и стабильность целых обществ. Ежегодно жертвами этого преступления становятся миллионы людей, и, к сожалению, их число продолжает расти.</p>
<p>Было отмечено, что Узбекистан демонстрирует системный и значительный прогресс в борьбе с этим разрушительным явлением как в правовом, так и в организационном отношении. Особое внимание уделяется совершенствованию национального законодательства в соответствии с международными стандартами. В частности, принят новый Закон «О противодействии торговле людьми», ужесточена ответственность за преступления, связанные с торговлей людьми, детским и принудительным трудом, внедрена национальная система выявления и перенаправления жертв торговли людьми. В Узбекистане утверждена и активно реализуется национальная Концепция противодействия торговле людьми вместе с подробной «дорожной картой» по её выполнению.</p>
<p>Участники конференции отметили решающую роль международных организаций, прежде всего МОМ/Агентства ООН по миграции, в достигнутых успехах. Особо подчёркивалась необходимость продолжать взаимовыгодное сотрудничество и разрабатывать новые проекты и инициативы.</p>
<p>В программу конференции вошли сессии на актуальные темы: «Торговля людьми: современные угрозы и тенденции», «Роль международного сотрудничества в противодействии торговле людьми» и «Значение институтов гражданского общества в противодействии торговле людьми и поддержке пострадавших».</p>
<p>В ходе обсуждений особое внимание было уделено растущему влиянию цифровой среды на формы торговли людьми, необходимости трансграничной координации в борьбе с этим злом и ключевой роли неправительственных организаций в оказании комплексной поддержки пострадавшим.</p>
<p>Конференция не только подвела итоги национальных достижений Узбекистана в сфере противодействия торговле людьми, но и способствовала обмену передовой международной практикой и определила приоритетные задачи на будущее.</p>
<p>Проведение этой конференции ещё раз подтвердило приверженность Узбекистана укреплению регионального сотрудничества, совершенствованию услуг по защите пострадавших и продвижению Глобального договора о безопасной, упорядоченной и легальной миграции.</p>
"""  # noqa: E501

WORLD_DAY_2025_BODY_UZ = """
<p>2025-yil 29-iyul kuni Oʻzbekiston poytaxtida odam savdosiga qarshi kurashishdagi global muammolarga bagʻishlangan muhim xalqaro konferensiya boʻlib oʻtdi. Tadbir Odam savdosi va majburiy mehnatga qarshi kurashish boʻyicha milliy komissiya tomonidan Xalqaro migratsiya tashkiloti (XMT/BMTning Migratsiya agentligi) bilan hamkorlikda tashkil etildi. Konferensiyada davlat idoralari, fuqarolik jamiyati institutlari, ilmiy doiralar, diplomatik vakolatxonalar va xalqaro tashkilotlardan 110 dan ortiq yetakchi mutaxassis va ekspertlar ishtirok etdi. U 30-iyul kuni nishonlanadigan Odam savdosiga qarshi kurashish Butunjahon kuniga bagʻishlandi.</p>
<p>Konferensiyaning rasmiy ochilishida Senatning Xalqaro munosabatlar, tashqi iqtisodiy aloqalar, xorijiy investitsiyalar va turizm masalalari qoʻmitasi raisi Alisher Agzamxoʻjayev; Oʻzbekiston Respublikasi ichki ishlar vazirining birinchi oʻrinbosari, polkovnik Ayubxon Rahmatullayev; XMT/BMTning Migratsiya agentligi Oʻzbekistondagi vakolatxonasi rahbari Endryu Grey; YeXHTning odam savdosiga qarshi kurashish boʻyicha maxsus vakili va koordinatori Kari Jonston (onlayn) hamda BMTning Narkotiklar va jinoyatchilik boʻyicha boshqarmasi (UNODC) Afgʻoniston, Markaziy Osiyo, Pokiston va Erondagi mintaqaviy vakili oʻrinbosari Aleksandr Fedulov soʻzga chiqdi.</p>
<p>Maʼruzachilar oʻz chiqishlarida globallashuv davrida odam savdosi nafaqat alohida shaxslarga tahdid solishini, balki butun jamiyatlarning xavfsizligi va barqarorligiga ham putur yetkazishini taʼkidladilar. Har yili millionlab odamlar bu jinoyat qurboniga aylanmoqda va afsuski, ularning soni ortib bormoqda.</p>
<p>Oʻzbekiston bu halokatli illatga qarshi kurashda ham huquqiy, ham tashkiliy jihatdan tizimli va sezilarli yutuqlarga erishayotgani qayd etildi. Milliy qonunchilikni xalqaro standartlarga muvofiq takomillashtirishga alohida eʼtibor qaratilmoqda. Xususan, «Odam savdosiga qarshi kurashish toʻgʻrisida»gi yangi Qonun qabul qilindi, odam savdosi, bolalar mehnati va majburiy mehnat bilan bogʻliq jinoyatlar uchun javobgarlik kuchaytirildi, odam savdosi qurbonlarini aniqlash va yoʻnaltirishning milliy tizimi joriy etildi. Oʻzbekistonda Odam savdosiga qarshi kurashish milliy konsepsiyasi hamda uni amalga oshirish boʻyicha batafsil «yoʻl xaritasi» tasdiqlanib, faol amalga oshirilmoqda.</p>
<p>Konferensiya ishtirokchilari erishilgan yutuqlarda xalqaro tashkilotlar, ayniqsa XMT/BMTning Migratsiya agentligining hal qiluvchi rolini taʼkidladilar. Oʻzaro manfaatli hamkorlikni davom ettirish hamda yangi loyiha va tashabbuslarni ishlab chiqish zarurligi alohida qayd etildi.</p>
<p>Konferensiya dasturiga dolzarb mavzulardagi sessiyalar kiritildi: «Odam savdosi: zamonaviy tahdidlar va tendensiyalar», «Odam savdosiga qarshi kurashishda xalqaro hamkorlikning roli» va «Odam savdosiga qarshi kurashish va jabrlanuvchilarni qoʻllab-quvvatlashda fuqarolik jamiyati institutlarining ahamiyati».</p>
<p>Muhokamalarda raqamli muhitning odam savdosi shakllariga ortib borayotgan taʼsiriga, bu illatga qarshi kurashda transchegaraviy muvofiqlashtirish zarurligiga hamda jabrlanuvchilarga har tomonlama yordam koʻrsatishda nodavlat tashkilotlarning asosiy roliga alohida eʼtibor qaratildi.</p>
<p>Konferensiya nafaqat Oʻzbekistonning odam savdosiga qarshi kurashish sohasidagi milliy yutuqlarini sarhisob qildi, balki ilgʻor xalqaro tajriba almashishga xizmat qildi va kelgusi uchun ustuvor vazifalarni belgilab berdi.</p>
<p>Ushbu konferensiyaning oʻtkazilishi Oʻzbekistonning mintaqaviy hamkorlikni mustahkamlash, jabrlanuvchilarni himoya qilish xizmatlarini takomillashtirish hamda Xavfsiz, tartibli va qonuniy migratsiya boʻyicha global kelishuvni amalga oshirishni ilgari surishga sodiqligini yana bir bor tasdiqladi.</p>
"""  # noqa: E501

CONFERENCE_2022_BODY_RU = """
<p><strong>Организаторы:</strong> Национальная комиссия по противодействию торговле людьми Республики Узбекистан.</p>
<p><strong>При поддержке</strong> УНП ООН, Winrock Int, USAID, МОМ, ОБСЕ.</p>
<p>В конференции приняли участие представители государственных организаций и организаций гражданского общества Казахстана, Кыргызстана, Таджикистана и Туркменистана.</p>
<p>Участники конференции обсудили национальные практики противодействия торговле людьми, выполнение Бухарской декларации, проблему использования Интернета для торговли людьми и обменялись национальным опытом противодействия торговле людьми на государственной границе.</p>
<p><strong>Нодира Каримова</strong>, председатель Республиканского социально-информационного центра «ISTIQBOLLI AVLOD»:</p>
<blockquote><p>«Мы должны говорить об этой проблеме, чтобы все понимали, что торговля людьми существует, и знали, что нужно делать, чтобы не оказаться среди жертв. И мы всегда должны помнить, что тем, кто пострадал от торговли людьми, нужна […] В Узбекистане принят закон «О противодействии торговле людьми», в котором очень чётко прописаны все полномочия государственных структур, участвующих в противодействии этому явлению. ННО содействуют реализации этого закона, а также постановления Кабинета Министров «Об утверждении на национальном уровне системы перенаправления жертв торговли людьми или предполагаемых жертв торговли людьми» от 8 февраля 2021 года. Это очень важный шаг для Узбекистана, поскольку не все соседние страны приняли такие документы, и мы будем делиться успешной практикой противодействия торговле людьми и помощи тем, кто от неё пострадал».</p></blockquote>
<p><strong>Марлис Джумабаев</strong>, начальник первого отдела Главного управления уголовного розыска Министерства внутренних дел Кыргызской Республики, полковник милиции:</p>
<blockquote><p>«Такие встречи, как сегодняшняя, важны ещё и потому, что устанавливаются личные контакты между правоохранительными системами и гражданским сектором. Это необходимо, чтобы совместно противостоять такому злу, как торговля людьми».</p></blockquote>
"""  # noqa: E501

CONFERENCE_2022_BODY_UZ = """
<p><strong>Tashkilotchilar:</strong> Oʻzbekiston Respublikasi Odam savdosiga qarshi kurashish boʻyicha milliy komissiyasi.</p>
<p><strong>Koʻmak koʻrsatganlar:</strong> UNODC, Winrock Int, USAID, XMT, YeXHT.</p>
<p>Konferensiyada Qozogʻiston, Qirgʻiziston, Tojikiston va Turkmanistonning davlat tashkilotlari va fuqarolik jamiyati tashkilotlari vakillari ishtirok etdi.</p>
<p>Konferensiya ishtirokchilari odam savdosiga qarshi kurashishning milliy amaliyotini, Buxoro deklaratsiyasining bajarilishini, internetdan odam savdosi uchun foydalanish muammosini muhokama qildilar hamda davlat chegarasida odam savdosiga qarshi kurashish boʻyicha milliy tajriba almashdilar.</p>
<p><strong>Nodira Karimova</strong>, «ISTIQBOLLI AVLOD» Respublika ijtimoiy-axborot markazi raisi:</p>
<blockquote><p>«Biz bu muammo haqida gapirishimiz kerak, toki hamma odam savdosi mavjudligini tushunsin va qurbonlar qatoriga tushib qolmaslik uchun nima qilish kerakligini bilsin. Va biz doimo odam savdosidan jabrlanganlarga […] kerakligini yodda tutishimiz lozim. Oʻzbekistonda «Odam savdosiga qarshi kurashish toʻgʻrisida»gi qonun qabul qilingan boʻlib, unda bu illatga qarshi kurashishda ishtirok etuvchi davlat tuzilmalarining barcha vakolatlari juda aniq belgilab berilgan. NNTlar ushbu qonunni, shuningdek, Vazirlar Mahkamasining 2021-yil 8-fevraldagi «Odam savdosi qurbonlari yoki taxminiy qurbonlarini yoʻnaltirishning milliy darajadagi tizimini tasdiqlash toʻgʻrisida»gi qarorini amalga oshirishga koʻmaklashmoqda. Bu Oʻzbekiston uchun juda muhim qadam, chunki barcha qoʻshni davlatlar ham bunday hujjatlarni qabul qilmagan, va biz odam savdosiga qarshi kurashish hamda undan jabrlanganlarga yordam berish boʻyicha muvaffaqiyatli tajriba bilan oʻrtoqlashamiz».</p></blockquote>
<p><strong>Marlis Jumabayev</strong>, Qirgʻiziston Respublikasi Ichki ishlar vazirligi Jinoyat qidiruv bosh boshqarmasi birinchi boʻlimi boshligʻi, militsiya polkovnigi:</p>
<blockquote><p>«Bugungi kabi uchrashuvlar huquqni muhofaza qilish tizimlari va fuqarolik sektori oʻrtasida shaxsiy aloqalar oʻrnatilayotgani uchun ham muhimdir. Bu odam savdosi kabi illatga birgalikda qarshi turish uchun zarur».</p></blockquote>
"""  # noqa: E501

POSTS = [
    {
        "slug_en": "world-day-against-trafficking-in-persons-2025",
        "title_en": (
            "July 30 – World Day Against Trafficking in Persons: "
            "A Global Challenge, a Shared Responsibility"
        ),
        "lead_en": (
            "On the eve of the World Day Against Trafficking in Persons, over 110 specialists "
            "and experts from government agencies, civil society, academia, diplomatic missions "
            "and international organizations met at an international conference in the capital "
            "of Uzbekistan."
        ),
        "title_ru": (
            "30 июля — Всемирный день борьбы с торговлей людьми: "
            "глобальный вызов, общая ответственность"
        ),
        "title_uz": (
            "30-iyul — Odam savdosiga qarshi kurashish Butunjahon kuni: "
            "global muammo, umumiy masʼuliyat"
        ),
        "lead_ru": (
            "Накануне Всемирного дня борьбы с торговлей людьми более 110 специалистов и "
            "экспертов из государственных органов, гражданского общества, научных кругов, "
            "дипломатических представительств и международных организаций встретились на "
            "международной конференции в столице Узбекистана."
        ),
        "lead_uz": (
            "Odam savdosiga qarshi kurashish Butunjahon kuni arafasida davlat idoralari, "
            "fuqarolik jamiyati, ilmiy doiralar, diplomatik vakolatxonalar va xalqaro "
            "tashkilotlardan 110 dan ortiq mutaxassis va ekspertlar Oʻzbekiston poytaxtidagi "
            "xalqaro konferensiyada uchrashdi."
        ),
        "body_en": WORLD_DAY_2025_BODY.strip(),
        "body_ru": WORLD_DAY_2025_BODY_RU.strip(),
        "body_uz": WORLD_DAY_2025_BODY_UZ.strip(),
        "byline": "Aziza BOKHODIROVA, Major",
        "category": "news",
        # The seed gives "2025-07-29 19:50:00".
        "published_at": datetime(2025, 7, 29, 19, 50, tzinfo=TASHKENT),
        "time_of_day_known": True,
        "featured": True,
        "cover_alt_en": (
            "Illustration: points of light joined by thin lines on a deep blue background, "
            "a network spanning a region."
        ),
        "cover_alt_ru": (
            "Иллюстрация: светящиеся точки, соединённые тонкими линиями, на тёмно-синем фоне — "
            "сеть, охватывающая регион."
        ),
        "cover_alt_uz": (
            "Rasm: toʻq koʻk fonda ingichka chiziqlar bilan bogʻlangan yorugʻ nuqtalar — "
            "mintaqani qamrab olgan tarmoq."
        ),
        "cover_credit": "Illustration: PINA",
        "cover": {"seed": 2025, "top": (11, 79, 108), "bottom": (4, 34, 49)},
    },
    {
        "slug_en": "conference-2022-bukhara-declaration",
        "title_en": (
            "Central Asian Conference Discusses National Practice and the Bukhara Declaration"
        ),
        "lead_en": (
            "Government and civil society organizations from Kazakhstan, Kyrgyzstan, "
            "Tajikistan and Turkmenistan met at the conference of July 28, 2022, organized by "
            "Uzbekistan's National Commission to Combat Trafficking in Human Beings."
        ),
        "title_ru": (
            "Центральноазиатская конференция обсудила национальную практику и Бухарскую декларацию"
        ),
        "title_uz": (
            "Markaziy Osiyo konferensiyasida milliy amaliyot va Buxoro deklaratsiyasi muhokama "
            "qilindi"
        ),
        "lead_ru": (
            "Государственные организации и организации гражданского общества Казахстана, "
            "Кыргызстана, Таджикистана и Туркменистана встретились на конференции 28 июля "
            "2022 года, организованной Национальной комиссией Узбекистана по противодействию "
            "торговле людьми."
        ),
        "lead_uz": (
            "Qozogʻiston, Qirgʻiziston, Tojikiston va Turkmanistonning davlat va fuqarolik "
            "jamiyati tashkilotlari Oʻzbekiston Odam savdosiga qarshi kurashish boʻyicha milliy "
            "komissiyasi tomonidan 2022-yil 28-iyulda tashkil etilgan konferensiyada uchrashdi."
        ),
        "body_en": CONFERENCE_2022_BODY.strip(),
        "body_ru": CONFERENCE_2022_BODY_RU.strip(),
        "body_uz": CONFERENCE_2022_BODY_UZ.strip(),
        "byline": "",
        "category": "news",
        # The seed gives the day only ("July 28, 2022"): stored at the start of that day in
        # Tashkent, and shown as a date without a time.
        "published_at": datetime(2022, 7, 28, tzinfo=TASHKENT),
        "time_of_day_known": False,
        "featured": False,
        "cover_alt_en": (
            "Illustration: points of light joined by thin lines on a warm terracotta "
            "background, a network spanning a region."
        ),
        "cover_alt_ru": (
            "Иллюстрация: светящиеся точки, соединённые тонкими линиями, на тёплом "
            "терракотовом фоне — сеть, охватывающая регион."
        ),
        "cover_alt_uz": (
            "Rasm: iliq terrakota fonda ingichka chiziqlar bilan bogʻlangan yorugʻ nuqtalar — "
            "mintaqani qamrab olgan tarmoq."
        ),
        "cover_credit": "Illustration: PINA",
        "cover": {"seed": 2022, "top": (166, 61, 32), "bottom": (74, 26, 14)},
    },
]


def draw_cover(seed: int, top, bottom, size=(1600, 900)) -> bytes:
    """An abstract cover: a vertical gradient and a network of joined points (JPEG bytes).

    Deterministic for a given seed, and drawn without fonts or downloads.
    """
    width, height = size
    rng = random.Random(seed)
    gradient = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / (height - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        gradient.putpixel((0, y), colour)
    image = gradient.resize(size)

    # Points spread over the picture, a little denser in the middle, each joined to its
    # nearest neighbours: the network.
    points = []
    for _ in range(46):
        x = rng.gauss(width * 0.5, width * 0.26)
        y = rng.gauss(height * 0.5, height * 0.24)
        points.append((min(max(x, 20), width - 20), min(max(y, 20), height - 20)))

    lines = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(lines)
    for index, (x, y) in enumerate(points):
        nearest = sorted(
            (math.dist((x, y), other), other)
            for other_index, other in enumerate(points)
            if other_index != index
        )[:3]
        for distance, (ox, oy) in nearest:
            alpha = max(40, 150 - int(distance / 4))
            draw.line([(x, y), (ox, oy)], fill=(255, 255, 255, alpha), width=2)
    glow = Image.new("RGBA", size, (0, 0, 0, 0))
    glow_draw = ImageDraw.Draw(glow)
    for x, y in points:
        radius = rng.choice((5, 6, 8, 11))
        glow_draw.ellipse(
            [x - radius * 3, y - radius * 3, x + radius * 3, y + radius * 3],
            fill=(255, 214, 140, 60),
        )
    glow = glow.filter(ImageFilter.GaussianBlur(12))
    dots = Image.new("RGBA", size, (0, 0, 0, 0))
    dots_draw = ImageDraw.Draw(dots)
    for x, y in points:
        radius = rng.choice((4, 5, 6, 8))
        dots_draw.ellipse(
            [x - radius, y - radius, x + radius, y + radius], fill=(255, 244, 222, 235)
        )

    image = image.convert("RGBA")
    for layer in (lines, glow, dots):
        image = Image.alpha_composite(image, layer)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=86, optimize=True, progressive=True)
    return out.getvalue()


def _update(instance, values) -> bool:
    """Set `values` on `instance`; True when something differed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def load(stdout):
    """Idempotent: rows are matched by slug and saved only when a value differs, and a cover
    image is drawn only for a post that has none."""
    categories = {}
    for spec in CATEGORIES:
        values = dict(spec)
        slug = values.pop("slug")
        category = Category.objects.filter(slug=slug).first() or Category(slug=slug)
        if _update(category, values) or category.pk is None:
            category.save()
        categories[slug] = category

    for spec in POSTS:
        values = dict(spec)
        cover = values.pop("cover")
        values["category_id"] = categories[values.pop("category")].pk
        # Stored bodies are sanitized: compare like with like, or every run would save again.
        for language in ("en", "ru", "uz"):
            if f"body_{language}" in values:
                values[f"body_{language}"] = sanitize_html(values[f"body_{language}"])
        # One address per post in every language (the English slug): addresses stay the same
        # whether the demo is loaded fresh or upgraded in place.
        for language in ("ru", "uz"):
            values.setdefault(f"slug_{language}", values["slug_en"])
        values["status"] = Post.Status.PUBLISHED
        post = Post.objects.filter(slug_en=values["slug_en"]).first() or Post()
        changed = _update(post, values) or post.pk is None
        if not post.cover_image:
            name = f"{values['slug_en']}.jpg"
            post.cover_image.save(name, ContentFile(draw_cover(**cover), name=name), save=False)
            changed = True
        if changed:
            post.save()
            stdout.write(f"News: {post.title_en}")

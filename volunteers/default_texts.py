"""The texts the volunteer page and the privacy notice start with, in every site language, used
when the records are first created and by the demo content (staff edit them in the admin
afterwards); the call to volunteer and the contact address are those of the seed documents.
"""

VOLUNTEER_PAGE = {
    "title": {
        "en": "Volunteer with PINA",
        "ru": "Станьте волонтёром PINA",
        "uz": "PINA koʻngillisi boʻling",
    },
    "intro": {
        "en": (
            "<p>If you are interested in combating trafficking in persons, we would love to "
            "have you as part of our volunteer team.</p>"
            "<h2>Why volunteer</h2>"
            "<p>Trafficking in persons thrives where people do not know their rights or where to "
            "turn for help. Volunteers help the organizations of the network reach more people: "
            "they speak about safe migration and the risks of trafficking, help at events, "
            "translate materials and lend their professional skills.</p>"
            "<h2>How it works</h2>"
            "<ol><li>Fill in the form below. It takes about five minutes.</li>"
            "<li>Confirm your e-mail address with the link we send you.</li>"
            "<li>A volunteer coordinator contacts you to talk about where your help is "
            "needed.</li></ol>"
        ),
        "ru": (
            "<p>Если вы хотите участвовать в противодействии торговле людьми, мы будем рады "
            "видеть вас в нашей команде волонтёров.</p>"
            "<h2>Зачем становиться волонтёром</h2>"
            "<p>Торговля людьми процветает там, где люди не знают своих прав и не знают, куда "
            "обратиться за помощью. Волонтёры помогают организациям сети достучаться до большего "
            "числа людей: рассказывают о безопасной миграции и рисках торговли людьми, помогают "
            "на мероприятиях, переводят материалы и делятся профессиональными навыками.</p>"
            "<h2>Как это устроено</h2>"
            "<ol><li>Заполните форму ниже. Это займёт около пяти минут.</li>"
            "<li>Подтвердите адрес электронной почты по ссылке из нашего письма.</li>"
            "<li>Координатор волонтёров свяжется с вами, чтобы обсудить, где нужна ваша "
            "помощь.</li></ol>"
        ),
        "uz": (
            "<p>Agar odam savdosiga qarshi kurashishga qiziqsangiz, sizni koʻngillilar "
            "jamoamizda koʻrishdan xursand boʻlamiz.</p>"
            "<h2>Nega koʻngilli boʻlish kerak</h2>"
            "<p>Odam savdosi odamlar oʻz huquqlarini va yordam uchun qayerga murojaat qilishni "
            "bilmagan joyda avj oladi. Koʻngillilar tarmoq tashkilotlariga koʻproq odamlarga "
            "yetib borishda yordam beradi: xavfsiz migratsiya va odam savdosi xavfi haqida "
            "gapirib beradi, tadbirlarda yordamlashadi, materiallarni tarjima qiladi va kasbiy "
            "koʻnikmalari bilan boʻlishadi.</p>"
            "<h2>Bu qanday ishlaydi</h2>"
            "<ol><li>Quyidagi shaklni toʻldiring. Bu taxminan besh daqiqa oladi.</li>"
            "<li>Biz yuborgan havola orqali elektron pochta manzilingizni tasdiqlang.</li>"
            "<li>Koʻngillilar koordinatori yordamingiz qayerda kerakligini muhokama qilish "
            "uchun siz bilan bogʻlanadi.</li></ol>"
        ),
    },
    "thanks_title": {
        "en": "Thank you for offering to help",
        "ru": "Спасибо, что готовы помочь",
        "uz": "Yordam berishga tayyorligingiz uchun rahmat",
    },
    "thanks": {
        "en": (
            "<p>We have received your application. This is what happens next:</p>"
            "<ol><li>Check your inbox: we have sent you an e-mail with a link that confirms your "
            "address. If it has not arrived within an hour, look in your spam folder.</li>"
            "<li>A volunteer coordinator reads your application and contacts you by e-mail or "
            "phone.</li>"
            "<li>Changed your mind? The e-mail has a link to withdraw your application; it "
            "erases your personal data at once.</li></ol>"
        ),
        "ru": (
            "<p>Мы получили вашу заявку. Что будет дальше:</p>"
            "<ol><li>Проверьте почту: мы отправили вам письмо со ссылкой для подтверждения "
            "адреса. Если оно не пришло в течение часа, загляните в папку «Спам».</li>"
            "<li>Координатор волонтёров прочитает вашу заявку и свяжется с вами по электронной "
            "почте или телефону.</li>"
            "<li>Передумали? В письме есть ссылка, чтобы отозвать заявку; она сразу удаляет "
            "ваши персональные данные.</li></ol>"
        ),
        "uz": (
            "<p>Arizangizni oldik. Keyin nima boʻladi:</p>"
            "<ol><li>Pochtangizni tekshiring: manzilingizni tasdiqlash uchun havola bilan xat "
            "yubordik. Agar u bir soat ichida kelmasa, «Spam» jildini koʻring.</li>"
            "<li>Koʻngillilar koordinatori arizangizni oʻqib chiqadi va siz bilan elektron pochta "
            "yoki telefon orqali bogʻlanadi.</li>"
            "<li>Fikringiz oʻzgardimi? Xatda arizani qaytarib olish havolasi bor; u shaxsiy "
            "maʼlumotlaringizni darhol oʻchiradi.</li></ol>"
        ),
    },
}

PRIVACY_NOTICE = {
    "title": {
        "en": "Privacy notice",
        "ru": "Уведомление о конфиденциальности",
        "uz": "Maxfiylik toʻgʻrisida bildirishnoma",
    },
    "body": {
        "en": (
            "<p>This notice explains what happens to the personal data you give us when you "
            "offer to volunteer.</p>"
            "<h2>Who is responsible</h2>"
            "<p>PINA, the network of organizations combating trafficking in persons in Central "
            'Asia. Write to us at <a href="mailto:network.pina@gmail.com">'
            "network.pina@gmail.com</a>.</p>"
            "<h2>What we collect</h2>"
            "<p>What you enter in the volunteer form: your name, e-mail address, phone number "
            "(if you give one), country and city, the languages you speak, the areas you are "
            "interested in, your availability, your motivation and how you heard of us; and the "
            "time you gave your consent and the language you used.</p>"
            "<h2>Why</h2>"
            "<p>Only to consider your offer to volunteer and to contact you about it.</p>"
            "<h2>Who sees it</h2>"
            "<p>Only the volunteer coordinators of the network and the site's administrators. "
            "We do not publish your data, sell it or pass it to anyone else.</p>"
            "<h2>Cookies</h2>"
            "<p>The form sets one technical cookie that protects it against forgery. The site "
            "uses no tracking cookies and loads nothing from other sites.</p>"
            "<h2>Your rights</h2>"
            "<p>The confirmation e-mail contains a link to withdraw your application: it erases "
            "your personal data at once. You can also write to us at any time to see, correct "
            "or erase your data.</p>"
        ),
        "ru": (
            "<p>Здесь объясняется, что происходит с персональными данными, которые вы "
            "сообщаете, предлагая стать волонтёром.</p>"
            "<h2>Кто отвечает за данные</h2>"
            "<p>PINA — сеть организаций, противодействующих торговле людьми в Центральной Азии. "
            'Пишите нам: <a href="mailto:network.pina@gmail.com">network.pina@gmail.com</a>.'
            "</p>"
            "<h2>Что мы собираем</h2>"
            "<p>То, что вы указываете в форме волонтёра: имя, адрес электронной почты, номер "
            "телефона (если вы его указали), страну и город, языки, которыми вы владеете, "
            "интересующие вас направления, вашу занятость, мотивацию и то, как вы о нас узнали; "
            "а также время вашего согласия и язык, на котором вы заполняли форму.</p>"
            "<h2>Зачем</h2>"
            "<p>Только чтобы рассмотреть ваше предложение стать волонтёром и связаться с вами "
            "по этому поводу.</p>"
            "<h2>Кто их видит</h2>"
            "<p>Только координаторы волонтёров сети и администраторы сайта. Мы не публикуем, не "
            "продаём и никому не передаём ваши данные.</p>"
            "<h2>Файлы cookie</h2>"
            "<p>Форма устанавливает один технический файл cookie, который защищает её от "
            "подделки. Сайт не использует отслеживающих cookie и ничего не загружает с других "
            "сайтов.</p>"
            "<h2>Ваши права</h2>"
            "<p>В письме с подтверждением есть ссылка, чтобы отозвать заявку: она сразу удаляет "
            "ваши персональные данные. Вы также можете в любое время написать нам, чтобы "
            "посмотреть, исправить или удалить свои данные.</p>"
        ),
        "uz": (
            "<p>Bu bildirishnoma koʻngilli boʻlishni taklif qilganingizda bizga bergan shaxsiy "
            "maʼlumotlaringiz bilan nima boʻlishini tushuntiradi.</p>"
            "<h2>Kim javobgar</h2>"
            "<p>PINA — Markaziy Osiyoda odam savdosiga qarshi kurashuvchi tashkilotlar tarmogʻi. "
            'Bizga yozing: <a href="mailto:network.pina@gmail.com">network.pina@gmail.com</a>.'
            "</p>"
            "<h2>Nimalarni yigʻamiz</h2>"
            "<p>Koʻngilli shaklida kiritganlaringiz: ismingiz, elektron pochta manzilingiz, "
            "telefon raqamingiz (agar koʻrsatgan boʻlsangiz), mamlakat va shahar, biladigan "
            "tillaringiz, qiziqish sohalaringiz, bandligingiz, motivatsiyangiz va biz haqimizda "
            "qayerdan bilganingiz; shuningdek rozilik bergan vaqtingiz va shaklni toʻldirgan "
            "tilingiz.</p>"
            "<h2>Nima uchun</h2>"
            "<p>Faqat koʻngilli boʻlish taklifingizni koʻrib chiqish va shu haqda siz bilan "
            "bogʻlanish uchun.</p>"
            "<h2>Ularni kim koʻradi</h2>"
            "<p>Faqat tarmoqning koʻngillilar koordinatorlari va sayt administratorlari. Biz "
            "maʼlumotlaringizni eʼlon qilmaymiz, sotmaymiz va hech kimga bermaymiz.</p>"
            "<h2>Cookie fayllari</h2>"
            "<p>Shakl uni qalbakilashtirishdan himoya qiluvchi bitta texnik cookie faylini "
            "oʻrnatadi. Sayt kuzatuvchi cookie fayllaridan foydalanmaydi va boshqa saytlardan "
            "hech narsa yuklamaydi.</p>"
            "<h2>Huquqlaringiz</h2>"
            "<p>Tasdiqlash xatida arizani qaytarib olish havolasi bor: u shaxsiy "
            "maʼlumotlaringizni darhol oʻchiradi. Shuningdek, istalgan vaqtda maʼlumotlaringizni "
            "koʻrish, tuzatish yoki oʻchirish uchun bizga yozishingiz mumkin.</p>"
        ),
    },
}


def field_values(texts: dict) -> dict:
    """{"title": {"en": ...}} → {"title_en": ..., "title_ru": ..., "title_uz": ...}."""
    return {
        f"{field}_{code}": value
        for field, versions in texts.items()
        for code, value in versions.items()
    }

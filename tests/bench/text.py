"""Plausible text for the bench's data set, fast, deterministic, in English, Russian and Uzbek:
sizes and word frequencies matter to the benchmark (HTML bytes, search), not meaning, so a
common word such as "trafficking" occurs in most texts, as it does on the real site.
"""

from __future__ import annotations

import random

_VOCABULARY = {
    "en": (
        "trafficking persons victims protection network conference national referral "
        "mechanism labour migration border cooperation training support prevention "
        "awareness campaign region government civil society partners experts report law "
        "exploitation rights shelter assistance hotline identification youth school "
        "community workshop Tashkent Almaty Bishkek Dushanbe Ashgabat ministry police "
        "prosecutors social workers international organization project initiative"
    ),
    "ru": (
        "торговля людьми жертвы защита сеть конференция национальный механизм перенаправления "
        "трудовая миграция граница сотрудничество обучение поддержка профилактика "
        "информирование кампания регион правительство гражданское общество партнёры "
        "эксперты доклад закон эксплуатация права приют помощь горячая линия выявление "
        "молодёжь школа семинар Ташкент Алматы Бишкек Душанбе Ашхабад министерство"
    ),
    "uz": (
        "odam savdosi jabrlanuvchilar himoya tarmoq konferensiya milliy mexanizm mehnat "
        "migratsiyasi chegara hamkorlik oʻqitish qoʻllab-quvvatlash profilaktika "
        "xabardorlik kampaniya mintaqa hukumat fuqarolik jamiyati hamkorlar ekspertlar "
        "hisobot qonun ekspluatatsiya huquqlar boshpana yordam ishonch telefoni aniqlash "
        "yoshlar maktab seminar Toshkent Olmaota Bishkek Dushanbe Ashxobod vazirlik maʼlumot"
    ),
}
WORDS = {code: text.split() for code, text in _VOCABULARY.items()}
COMMON_WORD = {"en": "trafficking", "ru": "торговля", "uz": "savdosi"}


class TextMaker:
    """Sentences and paragraphs drawn from a fixed pool, so millions of them cost little."""

    def __init__(self, seed: int = 7, pool: int = 400):
        self.random = random.Random(seed)
        self.sentences = {code: [self._sentence(code) for _ in range(pool)] for code in WORDS}

    def _sentence(self, code: str) -> str:
        words = self.random.choices(WORDS[code], k=self.random.randint(8, 18))
        if self.random.random() < 0.6:
            words.insert(self.random.randrange(len(words)), COMMON_WORD[code])
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def title(self, code: str) -> str:
        words = self.random.choices(WORDS[code], k=self.random.randint(5, 10))
        text = " ".join(words)
        return text[0].upper() + text[1:]

    def sentences_text(self, code: str, count: int) -> str:
        return " ".join(self.random.choices(self.sentences[code], k=count))

    def html(self, code: str, paragraphs: int) -> str:
        return "".join(
            f"<p>{self.sentences_text(code, self.random.randint(3, 6))}</p>"
            for _ in range(paragraphs)
        )

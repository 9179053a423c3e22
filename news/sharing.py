"""How an article is shared: plain links to each network's share page (nothing loads from a third
party until a visitor clicks) and the Open Graph locale its preview card is labelled with."""

from urllib.parse import urlencode

OG_LOCALES = {"en": "en_US", "ru": "ru_RU", "uz": "uz_UZ"}


def og_locale(language):
    """The Open Graph locale of a site language (en_US for any other)."""
    return OG_LOCALES.get(language, "en_US")


def share_links(url, title):
    """[(network, link to its share page for `url` and `title`)]."""
    return [
        ("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("X", "https://twitter.com/intent/tweet?" + urlencode({"url": url, "text": title})),
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": f"{title} {url}"})),
        (
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        ),
    ]

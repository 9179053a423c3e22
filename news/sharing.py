"""How an article is shared: plain links to each network's share page (nothing loads from a third
party until a visitor clicks). The Open Graph locale of its preview card is the site's
(pina.site.languages.og_locale)."""

from urllib.parse import urlencode


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

"""`make bench`'s venue step (issue 18): 120 different people sign up from one address through an
event link, and a bot posts from one address without a link, with the shipped limits switched
on (the bench's servers raise them for wrk). In process, with Django's test client: real posts,
as fast as they go, so ten minutes of a venue take a few seconds; every limit is per hour or
per day, so compressing the time only makes it harder to get through.

The result (`run()`) goes into docs/benchmarks.md ("Venue and bot"); `problems()` fails the run
when a sign-up was lost or the bot got past the bound.
"""

from __future__ import annotations

import re
import time

from django.apps import apps

PEOPLE = 120
BOT_POSTS = 150
# The shipped defaults (pina/settings.py): the bench environment raises them for wrk.
SHIPPED = {
    "RATELIMIT_ENABLE": True,
    "VOLUNTEER_SIGNUP_RATE": "100/h",
    "VOLUNTEER_FORM_POST_RATE": "300/h",
    "VOLUNTEER_CHALLENGE_AFTER": 10,
    "VOLUNTEER_EMAIL_RATE": "3/d",
    # Posts follow each other at once: the minimum fill time would refuse them all.
    "VOLUNTEER_FORM_MIN_SECONDS": 0,
}


def available() -> bool:
    try:
        apps.get_model("volunteers", "EventSignupLink")
        apps.get_model("events", "Conference")
    except LookupError:
        return False
    return True


def _stamp(client, path, address):
    page = client.get(path, REMOTE_ADDR=address).content.decode()
    stamp = re.search(r'name="form_stamp" value="([^"]+)"', page).group(1)
    return page, stamp


def run(log) -> dict:
    from datetime import timedelta

    from django.test import Client, override_settings
    from django.utils import timezone

    from tests.bench.data.volunteers import signup_form

    Application = apps.get_model("volunteers", "VolunteerApplication")
    Link = apps.get_model("volunteers", "EventSignupLink")
    Conference = apps.get_model("events", "Conference")
    conference = Conference.objects.order_by("pk").first()
    if conference is None:
        conference = Conference.objects.create(
            title="Bench conference", start_date=timezone.localdate(), slug="bench-conference"
        )
    run_id = int(time.time()) % 10**6
    # Addresses of this run only (the counters live in the shared cache between runs).
    venue = f"10.{run_id // 65536 % 256}.{run_id // 256 % 256}.{run_id % 256}"
    bot = f"10.200.{run_id // 256 % 256}.{run_id % 256}"
    marker = f"venue{run_id}x"
    form = signup_form()
    client = Client()
    result = {"people": PEOPLE, "bot_posts": BOT_POSTS}
    with override_settings(**SHIPPED):
        link = Link.objects.create(
            conference=conference, expires_at=timezone.now() + timedelta(hours=1)
        )
        path = link.get_absolute_url()
        started = time.perf_counter()
        answers = {}
        for n in range(PEOPLE):
            _page, stamp = _stamp(client, path, venue)
            data = {**form, "email": f"{marker}p{n}@example.org", "form_stamp": stamp}
            status = client.post(path, data, REMOTE_ADDR=venue).status_code
            answers[status] = answers.get(status, 0) + 1
        result["venue_seconds"] = round(time.perf_counter() - started, 1)
        stored = Application.objects.filter(email_key__startswith=f"{marker}p")
        result["venue_accepted"] = answers.get(302, 0)
        result["venue_stored"] = stored.count()
        result["venue_at_event"] = stored.filter(signup_event=conference).count()
        log(
            f"  venue: {result['venue_accepted']} of {PEOPLE} accepted, "
            f"{result['venue_stored']} stored in {result['venue_seconds']} s"
        )
        # The bot: the ordinary form, a fresh page (stamp) for every post, no challenge solved.
        signup = "/en/volunteer/"
        statuses = {}
        challenged_at = None
        for n in range(BOT_POSTS):
            page, stamp = _stamp(client, signup, bot)
            if challenged_at is None and "data-altcha-challenge" in page:
                challenged_at = n
            data = {**form, "email": f"{marker}b{n}@example.org", "form_stamp": stamp}
            status = client.post(signup, data, REMOTE_ADDR=bot).status_code
            statuses[status] = statuses.get(status, 0) + 1
        result["bot_stored"] = Application.objects.filter(
            email_key__startswith=f"{marker}b"
        ).count()
        result["bot_challenged_from"] = challenged_at
        result["bot_refused_429"] = statuses.get(429, 0)
        result["bot_sent_back"] = statuses.get(200, 0)
        result["bot_bound"] = SHIPPED["VOLUNTEER_CHALLENGE_AFTER"]
        # The same network now, a person without the link: the page still opens (with the
        # challenge), and a sign-up needs the challenge (or waits for the hour).
        page, _stamp_value = _stamp(client, signup, venue)
        result["venue_without_link_challenged"] = "data-altcha-challenge" in page
        link.delete()
    log(
        f"  bot: {result['bot_stored']} of {BOT_POSTS} stored "
        f"(challenge from post {result['bot_challenged_from']})"
    )
    return result


def problems(result: dict | None) -> list[str]:
    if not result:
        return []
    found = []
    if result["venue_stored"] != result["people"]:
        found.append(f"venue: {result['venue_stored']} of {result['people']} sign-ups stored")
    if result["venue_accepted"] != result["venue_stored"]:
        found.append("venue: accepted and stored sign-ups differ (lost or duplicated)")
    if result["bot_stored"] > result["bot_bound"]:
        found.append(f"bot: {result['bot_stored']} stored, over the bound {result['bot_bound']}")
    if not result["venue_without_link_challenged"]:
        found.append("venue: a sign-up without the link after 120 met no challenge")
    return found


def table(result: dict) -> list[str]:
    return [
        "| Who | Posts | Stored | Answers | Notes |",
        "| --- | --- | --- | --- | --- |",
        f"| {result['people']} people, one address, event link | {result['people']} | "
        f"{result['venue_stored']} ({result['venue_at_event']} with the conference) | "
        f"{result['venue_accepted']} accepted | {result['venue_seconds']} s in all; "
        f"lost: {result['people'] - result['venue_stored']} |",
        f"| A bot, one address, no link, no challenge solved | {result['bot_posts']} | "
        f"{result['bot_stored']} | {result['bot_sent_back']} sent back with the challenge, "
        f"{result['bot_refused_429']} refused (429) | challenge from post "
        f"{result['bot_challenged_from'] + 1 if result['bot_challenged_from'] is not None else '-'}"
        f"; bound {result['bot_bound']} without a challenge, 100/h with one |",
        "",
        "The shipped limits, switched on for this step only (the wrk runs raise them): in process "
        "with Django's test client, a fresh form for every post, as fast as they go; the "
        "limits count per hour and per day, so the compressed time only makes it harder. "
        f"After the venue, a sign-up from its network without the link met the challenge: "
        f"{'yes' if result['venue_without_link_challenged'] else 'NO'}.",
    ]

"""The volunteer form, its thank-you page, the links in the e-mail, the privacy notice."""

import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.forms.utils import ErrorDict
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from pina.ops import faults

from . import abuse, signup, tokens
from .forms import VolunteerApplicationForm, refresh_stamp_if_needed, refuse_used_stamp
from .models import EventSignupLink, PrivacyNotice, VolunteerPage

logger = logging.getLogger(__name__)

RESEND_RATE = "3/h"


def too_many_requests(request, group: str, rate: str, key=None):
    response = render(request, "volunteers/too_many_requests.html", status=429)
    response["Retry-After"] = str(abuse.seconds_until_reset(request, group, rate, key=key))
    return response


@method_decorator(never_cache, name="dispatch")
class SignupView(View):
    """GET shows the form with a fresh timestamp; POST validates, saves and redirects.

    The page itself is never refused: a network that reached a limit still gets the form (with
    the challenge), since many people share one address. Through an event link (`token`) the
    link's own limits replace the per-address ones and the application records the conference.
    """

    # Reads nothing from the query string (pina.caching.parameters).
    query_parameters = ()
    template_name = "volunteers/signup.html"
    link = None

    def dispatch(self, request, *args, token=None, **kwargs):
        if token is not None:
            self.link = (
                EventSignupLink.objects.select_related("conference").filter(token=token).first()
            )
            if self.link is None:
                raise Http404
            if self.link.is_expired:
                # The poster outlived its conference: the ordinary form, with its limits.
                return redirect("volunteers:signup")
        return super().dispatch(request, *args, **kwargs)

    def challenge_due(self) -> bool:
        return self.link is None and abuse.challenge_due(self.request)

    def get(self, request, token=None):
        form = VolunteerApplicationForm(
            initial={abuse.FORM_STAMP_FIELD: abuse.issue_form_stamp()},
            with_challenge=self.challenge_due(),
        )
        return self.render_form(form)

    def post(self, request, token=None):
        try:
            return self.submit(request)
        except (OperationalError, InterfaceError) as exception:
            # The database (or the limits' table in it) is unreachable: nothing was saved. The
            # person gets the form back with what they typed instead of a page that drops it.
            faults.log_refusal(request, exception)
            return self.form_kept_during_outage()

    def submit(self, request):
        refused = self.refuse_flood()
        if refused is not None:
            return refused
        if abuse.honeypot_filled(request.POST):
            # Look like a success so the bot learns nothing; save and send nothing.
            self.count_accepted()
            logger.info("Volunteer form: honeypot filled, submission dropped")
            return redirect("volunteers:thanks")
        form = VolunteerApplicationForm(request.POST, with_challenge=self.challenge_due())
        if not form.is_valid():
            refresh_stamp_if_needed(form)
            return self.render_form(form)
        if not abuse.use_form_stamp(form.data.get(abuse.FORM_STAMP_FIELD, "")):
            refuse_used_stamp(form)  # as a stale stamp: the form again, nothing said about why
            return self.render_form(form)
        over = self.count_accepted()
        if over is not None:
            return over
        key = abuse.email_counter(signup.email_key(form.cleaned_data["email"]))
        if abuse.count_attempt(request, abuse.PER_EMAIL, settings.VOLUNTEER_EMAIL_RATE, key=key):
            # The same page as ever (no telling whether the address is known); nothing stored
            # and no e-mail to the address's owner, who may be the target of the flood.
            logger.info("Volunteer form: per-address-of-e-mail limit reached, nothing saved")
            return redirect("volunteers:thanks")
        submission = signup.submit_application(
            form.cleaned_data,
            language=get_language(),
            event_id=self.link.conference_id if self.link else None,
        )
        logger.info("Volunteer application %s %s", submission.application.pk, submission.outcome)
        return redirect("volunteers:thanks")

    def refuse_flood(self):
        """The 429 page when this link's or this address's posts are over their limit."""
        if self.link is not None:
            _accepted, posts = abuse.event_rates(self.link)
            key = abuse.link_counter(self.link)
            if abuse.count_attempt(self.request, abuse.EVENT_POSTS, posts, key=key):
                return too_many_requests(self.request, abuse.EVENT_POSTS, posts, key=key)
            return None
        rate = settings.VOLUNTEER_FORM_POST_RATE
        if abuse.count_attempt(self.request, abuse.POSTS, rate):
            return too_many_requests(self.request, abuse.POSTS, rate)
        rate = settings.VOLUNTEER_SIGNUP_RATE
        if abuse.limit_reached(self.request, abuse.ACCEPTED, rate):
            return too_many_requests(self.request, abuse.ACCEPTED, rate)
        return None

    def count_accepted(self):
        """Count an accepted sign-up; the 429 page if it goes over the limit that applies.

        Sign-ups through an event link count for the address too, without being held to it: a
        venue's network stays busy for sign-ups without the link (they meet the challenge).
        """
        rate = settings.VOLUNTEER_SIGNUP_RATE
        over_address = abuse.count_attempt(self.request, abuse.ACCEPTED, rate)
        if self.link is None:
            return too_many_requests(self.request, abuse.ACCEPTED, rate) if over_address else None
        accepted, _posts = abuse.event_rates(self.link)
        key = abuse.link_counter(self.link)
        if abuse.count_attempt(self.request, abuse.EVENT_ACCEPTED, accepted, key=key):
            return too_many_requests(self.request, abuse.EVENT_ACCEPTED, accepted, key=key)
        return None

    def form_kept_during_outage(self):
        """The form again, filled in as it was sent, on a page that needs no database (no
        context processors, no site texts): the same guarantee as the 503 page. Its stamp is
        fresh and already past the minimum time, so sending it again once the database is back
        is accepted; the form is not validated again, since validation may need the database.
        Its choices (languages, interests) come from the fragment cache the form's page fills;
        with that cache cold too, rendering fails and the middleware answers the 503 page."""
        form = VolunteerApplicationForm(self.request.POST)
        data = form.data.copy()
        data[abuse.FORM_STAMP_FIELD] = abuse.issue_form_stamp(
            time.time() - settings.VOLUNTEER_FORM_MIN_SECONDS
        )
        form.data = data
        form._errors = ErrorDict()
        body = loader.get_template("volunteers/signup_unavailable.html").render(
            {
                "form": form,
                "form_action": self.request.path,
                "csrf_token": get_token(self.request),
                "LANGUAGE_CODE": get_language() or settings.LANGUAGE_CODE,
            }
        )
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(faults.RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return faults.mark_logged(response)

    def render_form(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "page": VolunteerPage.current(),
                "event_link": self.link,
                "form_action": self.request.path,
            },
        )


class ThanksView(TemplateView):
    """What happens next. The same page whether the address was new or known (no enumeration)."""

    query_parameters = ()

    template_name = "volunteers/thanks.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=VolunteerPage.current(), **kwargs)


@method_decorator(never_cache, name="dispatch")
class ConfirmView(View):
    """The link in the confirmation e-mail. Expired links offer a new one; bad ones say so."""

    query_parameters = ()

    def get(self, request, token):
        check = tokens.read_token(token, tokens.CONFIRM)
        if check.is_valid:
            signup.confirm_email(check.application)
        status = 400 if check.state == "invalid" else 200
        return render(
            request,
            "volunteers/confirm.html",
            {"state": check.state, "token": token, "days": tokens.CONFIRMATION_MAX_AGE.days},
            status=status,
        )


@method_decorator(never_cache, name="dispatch")
class ResendConfirmationView(View):
    """POST from an expired confirmation link: send a new one."""

    query_parameters = ()

    def post(self, request, token):
        check = tokens.read_token(token, tokens.CONFIRM)
        if check.state not in ("expired", "valid"):
            return render(request, "volunteers/confirm.html", {"state": check.state}, status=400)
        if abuse.count_attempt(request, abuse.RESEND, RESEND_RATE):
            return too_many_requests(request, abuse.RESEND, RESEND_RATE)
        if not check.application.is_email_confirmed:
            signup.request_new_confirmation(check.application)
        return render(request, "volunteers/confirm.html", {"state": "resent"})


@method_decorator(never_cache, name="dispatch")
class ConfirmChangeView(View):
    """The link that applies a change sent with the volunteer's address: GET asks (mail
    scanners follow links, and must not apply a stranger's change), POST applies."""

    query_parameters = ()

    template_name = "volunteers/change.html"

    def get(self, request, token):
        check = tokens.read_change_token(token)
        return self.answer("ask" if check.is_valid else check.state)

    def post(self, request, token):
        check = tokens.read_change_token(token)
        if not check.is_valid:
            return self.answer(check.state)
        if signup.apply_change(check.change.pk) is None:
            return self.answer("expired")
        logger.info("Volunteer application %s changed by its owner", check.application.pk)
        return self.answer("done")

    def answer(self, state):
        status = 400 if state == "invalid" else 200
        return render(self.request, self.template_name, {"state": state}, status=status)


@method_decorator(never_cache, name="dispatch")
class WithdrawView(View):
    """The withdrawal link: GET asks (mail scanners follow links), POST erases at once."""

    query_parameters = ()

    template_name = "volunteers/withdraw.html"

    def get(self, request, token):
        check = tokens.read_token(token, tokens.WITHDRAW)
        return self.answer(check, "ask" if check.is_valid else check.state)

    def post(self, request, token):
        check = tokens.read_token(token, tokens.WITHDRAW)
        if not check.is_valid:
            return self.answer(check, check.state)
        signup.erase_personal_data(check.application, withdraw=True)
        logger.info("Volunteer application %s withdrawn by the volunteer", check.application.pk)
        return self.answer(check, "done")

    def answer(self, check, state):
        return render(
            self.request,
            self.template_name,
            {"state": state, "application": check.application if state == "ask" else None},
            status=400 if state == "invalid" else 200,
        )


class PrivacyView(TemplateView):
    query_parameters = ()
    template_name = "volunteers/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            notice=PrivacyNotice.current(),
            retention_days=settings.VOLUNTEER_RETENTION_DAYS,
            audit_retention_days=settings.AUDIT_RETENTION_DAYS,
            **kwargs,
        )

"""The public volunteer form: validation and the accessible description of each field."""

import functools
import unicodedata

import phonenumbers
from captcha.fields import CaptchaField
from django import forms
from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from pina.caching.fragments import remember

from . import abuse, challenge
from .models import (
    ASKED_FIELDS,
    CITY_MAX_LENGTH,
    HEARD_ABOUT_MAX_LENGTH,
    MOTIVATION_MAX_LENGTH,
    InterestArea,
    SpokenLanguage,
    VolunteerApplication,
)

STALE_STAMP_MESSAGE = _(
    "This form was open for too long or could not be checked. "
    "Please check your answers, then send it again."
)

CAPTCHA_MISSING_MESSAGE = _(
    "Type the letters you see in the picture, so we know you are not a bot."
)

# Besides letters and combining marks of any script: the separators names are written with.
# ʻ (U+02BB) and ʼ (U+02BC) are letters to Unicode already; the others are listed here.
_NAME_PUNCTUATION = set(" '’‘`-‐‑.")
_CITY_PUNCTUATION = _NAME_PUNCTUATION | set(",()0123456789")


def _tidy(value: str) -> str:
    """NFC-normalized, with runs of whitespace collapsed to one space."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def _only(value: str, punctuation: set[str]) -> bool:
    has_letter = False
    for char in value:
        category = unicodedata.category(char)
        if category[0] == "L":
            has_letter = True
        elif category[0] != "M" and char not in punctuation:
            return False
    return has_letter


def country_choices() -> list:
    """Central Asia first, then every country, names in the active language, as option groups."""
    return _country_choices(get_language() or settings.LANGUAGE_CODE)


@functools.lru_cache(maxsize=8)
def _country_choices(language: str) -> list:
    # The same ~250 names, sorted, for every form shown or checked: built once per language.
    first, rest, seen_break = [], [], False
    for code, name in countries:
        if not code:
            seen_break = True
        elif seen_break:
            rest.append((code, str(name)))
        else:
            first.append((code, str(name)))
    return [
        ("", str(_("Choose your country"))),
        (str(_("Central Asia")), first),
        (str(_("All countries")), rest),
    ]


@functools.cache
def country_codes() -> frozenset:
    """The codes `country_choices()` offers, the same in every language."""
    return frozenset(code for code, _name in countries if code)


class CountryChoiceField(forms.TypedChoiceField):
    """A country from `country_choices()`, checked against the set of codes instead of by walking
    ~250 translated names on every submission."""

    def valid_value(self, value):
        return str(value) in country_codes()


class MultilineField(forms.CharField):
    """Free text whose line breaks count as one character, as the browser's counter does.

    Browsers submit a line break as CRLF (two characters) while `maxlength` counts one.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class CachedOptionsIterator(ModelChoiceIterator):
    """The options from the field's cached list instead of a query per rendering."""

    def __iter__(self):
        for option in self.field.options():
            yield self.choice(option)

    def __len__(self):
        return len(self.field.options())

    def __bool__(self):
        return bool(self.field.options())


class OptionsField(forms.ModelMultipleChoiceField):
    """Ticked options by id. An id that is not a small whole number is refused before it reaches
    the database (a 400-digit number overflowed SQLite's and PostgreSQL's integers: a 500).

    The few active options are a cached fragment (pina.caching.fragments: fresh after any
    edit), read once per form, both to show the boxes and to check what was ticked: no query
    per request where the fragment cache is on."""

    iterator = CachedOptionsIterator

    def options(self) -> list:
        if getattr(self, "_options", None) is None:
            model = self.queryset.model
            self._options = remember(
                f"volunteers:options:{model._meta.label_lower}", lambda: list(self.queryset)
            )
        return self._options

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied._options = None  # each form reads the current list
        return copied

    def _check_values(self, value):
        by_pk = {str(option.pk): option for option in self.options()}
        chosen = []
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit() and len(text) <= 9):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text[:20]},
                )
            key = str(int(text))
            if key not in by_pk:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text},
                )
            if by_pk[key] not in chosen:
                chosen.append(by_pk[key])
        return chosen


class VolunteerApplicationForm(forms.ModelForm):
    """Everything the visitor types is kept on error; every message is tied to its field."""

    # Grouped fields are rendered as a fieldset; the rest as a label and one control.
    GROUPED = ("languages", "interests", "availability")

    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=32,
        help_text=_("With the country code if you can, e.g. +998 90 123 45 67."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    languages = OptionsField(
        label=_("Languages you speak"),
        queryset=SpokenLanguage.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick all that apply."),
        error_messages={"required": _("Tick at least one language you speak.")},
    )
    interests = OptionsField(
        label=_("Where would you like to help?"),
        queryset=InterestArea.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick all that interest you."),
        error_messages={"required": _("Tick at least one area where you would like to help.")},
    )
    # Declared rather than generated from the model: the choices are a callable, read (from
    # the per-language cache) only when the field renders, instead of ~250 names normalized
    # again for every form; a submitted value is checked against the set of codes.
    country = CountryChoiceField(
        label=_("Country"),
        choices=country_choices,
        widget=forms.Select(attrs={"autocomplete": "country"}),
        error_messages={
            "required": _("Choose the country you live in."),
            "invalid_choice": _("Choose a country from the list."),
        },
    )
    availability = forms.ChoiceField(
        label=_("How much time could you give?"),
        choices=VolunteerApplication.Availability.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how much time you could give.")},
    )
    motivation = MultilineField(
        label=_("Why would you like to volunteer with us?"),
        max_length=MOTIVATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 7}),
        error_messages={"required": _("Tell us in a few words why you would like to volunteer.")},
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("You need to agree to the processing of your data to apply.")
        },
    )
    # Bots fill every field; people never see this one (see templates/volunteers/signup.html).
    referral_code = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    form_stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    # The busy-network challenge (`challenge=True`): the solver script fills `altcha` with a
    # proof of work; without JavaScript the visitor types the letters of the picture instead.
    CHALLENGE_FIELDS = ("altcha", "captcha")

    class Meta:
        model = VolunteerApplication
        fields = ASKED_FIELDS
        labels = {
            "full_name": _("Full name"),
            "email": _("E-mail address"),
            "country": _("Country"),
            "city": _("City or town"),
            "heard_about": _("How did you hear about us?"),
        }
        help_texts = {
            "email": _("We send a link to confirm it. We never share it."),
        }
        error_messages = {
            "full_name": {"required": _("Enter your full name.")},
            "email": {
                "required": _("Enter your e-mail address."),
                "invalid": _("Enter an e-mail address like name@example.org."),
            },
            "country": {
                "required": _("Choose the country you live in."),
                "invalid_choice": _("Choose a country from the list."),
            },
            "city": {"required": _("Enter the city or town you live in.")},
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "country": forms.Select(attrs={"autocomplete": "country"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "heard_about": forms.TextInput(),
        }

    def __init__(self, *args, with_challenge: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_challenge = with_challenge
        if with_challenge:
            self.fields["altcha"] = forms.CharField(widget=forms.HiddenInput, required=False)
            self.fields["captcha"] = CaptchaField(
                label=_("Type the letters you see in the picture"),
                required=False,  # not when the proof of work was solved (see clean())
                help_text=_("Not case-sensitive."),
                error_messages={"invalid": _("Those were not the letters. Try this picture.")},
            )
            # A new puzzle with every rendering (each solution is good for one post).
            self.challenge_json = challenge.challenge_json()
        self.fields["motivation"].help_text = _("At most %(limit)s characters.") % {
            "limit": MOTIVATION_MAX_LENGTH
        }
        self.fields["consent"].label = format_html(
            _(
                "I agree to the processing of my personal data as described in the "
                '<a href="{url}">privacy notice</a>.'
            ),
            url=reverse("privacy"),
        )
        for name, limit in (
            ("city", CITY_MAX_LENGTH),
            ("heard_about", HEARD_ABOUT_MAX_LENGTH),
            ("motivation", MOTIVATION_MAX_LENGTH),
        ):
            self.fields[name].widget.attrs["maxlength"] = str(limit)
        self.fields["motivation"].widget.attrs["data-counter-label"] = _("Characters left:")
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = _(
                    "Use at most %(limit_value)d characters (you used %(show_value)d)."
                )
        self._describe_fields()

    # --- validation -------------------------------------------------------------------------

    def clean_full_name(self):
        name = _tidy(self.cleaned_data["full_name"])
        if not _only(name, _NAME_PUNCTUATION):
            raise forms.ValidationError(
                _("Enter your name with letters, spaces, hyphens and apostrophes only."),
                code="invalid",
            )
        return name

    def clean_email(self):
        return BaseUserManager.normalize_email(self.cleaned_data["email"].strip())

    def clean_city(self):
        city = _tidy(self.cleaned_data["city"])
        if not _only(city, _CITY_PUNCTUATION):
            raise forms.ValidationError(_("Enter the name of a city or town."), code="invalid")
        return city

    def clean_heard_about(self):
        return _tidy(self.cleaned_data.get("heard_about") or "")

    def clean_motivation(self):
        text = self.cleaned_data["motivation"].strip()
        if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in text):
            raise forms.ValidationError(_("Remove the control characters from this text."))
        return text

    def clean(self):
        cleaned = super().clean()
        raw_phone = (cleaned.get("phone") or "").strip()
        if raw_phone:
            cleaned["phone"] = self._parse_phone(raw_phone, cleaned.get("country"))
        verdict = abuse.check_form_stamp(self.data.get(abuse.FORM_STAMP_FIELD, ""))
        if verdict == "too-fast":
            self.add_error(
                None,
                _("That was very quick. Please check your answers, then send the form again."),
            )
        elif verdict == "invalid":
            self.add_error(None, STALE_STAMP_MESSAGE)
        self.stamp_verdict = verdict
        if self.with_challenge:
            self._check_challenge()
        return cleaned

    def _check_challenge(self):
        """A solved proof of work, else the captcha's letters (checked by its field, which
        refuses a wrong answer and forgets the picture either way)."""
        if challenge.proof_of_work_valid(self.data.get("altcha", "")):
            self.challenge_passed_by = "proof of work"
            return
        if "captcha" in self.errors:
            return
        if not (self.data.get("captcha_1") or "").strip():
            self.add_error("captcha", CAPTCHA_MISSING_MESSAGE)
            return
        self.challenge_passed_by = "captcha"

    def _parse_phone(self, raw: str, country) -> str:
        region = None if raw.startswith("+") else (str(country) if country else None)
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            self.add_error(
                "phone",
                forms.ValidationError(
                    _("Enter a valid phone number with its country code, e.g. +998 90 123 45 67."),
                    code="invalid",
                ),
            )
            return ""
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def _post_clean(self):
        # The application is written by signup.submit_application, not by this form; the
        # model's own checks (lengths, choices) already ran as field validation.
        pass

    # --- presentation -----------------------------------------------------------------------

    def full_clean(self):
        super().full_clean()
        self._describe_fields()

    def _describe_fields(self):
        """Point each control at its hint and its errors (aria-describedby, aria-invalid)."""
        errors = self._errors or {}
        for name, field in self.fields.items():
            if name in (abuse.HONEYPOT_FIELD, abuse.FORM_STAMP_FIELD, "altcha") or (
                name in self.GROUPED
            ):
                continue
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_hint")
            if name in errors:
                ids.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)

    def error_summary(self) -> list[dict]:
        """The errors for the list at the top of the page, each linking to its field."""
        items = [{"anchor": "form-top", "message": error} for error in self.non_field_errors()]
        for name in self.fields:
            if name in self.errors and name not in (abuse.HONEYPOT_FIELD, abuse.FORM_STAMP_FIELD):
                bound = self[name]
                anchor = bound.auto_id
                if name in self.GROUPED:
                    anchor = f"{bound.auto_id}_0"
                for error in bound.errors:
                    items.append({"anchor": anchor, "message": error})
        return items

    def visible_groups(self):
        """Fields in page order, each marked as grouped (fieldset) or single."""
        for name in [*self.Meta.fields, "consent"]:
            yield {"field": self[name], "grouped": name in self.GROUPED}


def refuse_used_stamp(form: VolunteerApplicationForm) -> None:
    """A stamp already used by an accepted submission is treated as a stale one: the same
    message, a fresh stamp, and what the visitor typed kept."""
    form.add_error(None, STALE_STAMP_MESSAGE)
    form.stamp_verdict = "invalid"
    refresh_stamp_if_needed(form)


def refresh_stamp_if_needed(form: VolunteerApplicationForm) -> None:
    """Give a re-displayed form a new stamp when its own could not be used again."""
    if getattr(form, "stamp_verdict", "ok") == "invalid":
        data = form.data.copy()
        data[abuse.FORM_STAMP_FIELD] = abuse.issue_form_stamp()
        form.data = data

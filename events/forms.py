from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


class PlainSelect(forms.Select):
    """A <select> whose options are written in Python instead of one template each.

    The conference filter offers every organization with a conference (hundreds in a large
    network), and Django's per-option templates then cost more than the rest of the page. The
    markup is forms.Select's, character for character (a test compares them); no option groups.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = "".join(
            f'\n  <option value="{escape(option["value"])}"{self.attributes(option["attrs"])}>'
            f"{escape(option['label'])}</option>\n"
            for _group, group_options, _index in widget["optgroups"]
            for option in group_options
        )
        return mark_safe(  # noqa: S308 - every name, value and label is escaped
            f'<select name="{escape(widget["name"])}"{self.attributes(widget["attrs"])}>'
            f"{options}\n</select>"
        )

    @staticmethod
    def attributes(attrs) -> str:
        """As django/forms/widgets/attrs.html: False leaves out, True writes the bare name."""
        return "".join(
            f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )


class ConferenceFilterForm(forms.Form):
    """The conference list's filters. Values not on offer are reported and then ignored."""

    year = forms.CharField(label=_("Year"), required=False, widget=PlainSelect)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=PlainSelect)
    organization = forms.ChoiceField(label=_("Organization"), required=False, widget=PlainSelect)

    def __init__(self, data, *, years, countries, organizations):
        """`countries`: [(code, name)], `organizations`: [(slug, label)], in the order offered."""
        # Only the first value of each filter counts; a very long value is cut before it is
        # echoed back in a message.
        data = {name: (data.get(name) or "")[:60] for name in ("year", "country", "organization")}
        if data.get("country"):
            data["country"] = data["country"].strip().upper()
        super().__init__(data)
        self.years = [str(year) for year in years]
        self.fields["year"].widget.choices = [("", _("All years"))] + [(y, y) for y in self.years]
        self.fields["country"].choices = [("", _("All countries")), *countries]
        self.fields["organization"].choices = [("", _("All organizations")), *organizations]
        self.fields["country"].error_messages["invalid_choice"] = _(
            "“%(value)s” is not a country with conferences on this site. Showing all countries."
        )
        self.fields["organization"].error_messages["invalid_choice"] = _(
            "“%(value)s” is not an organization with conferences on this site. "
            "Showing all organizations."
        )

    def clean_year(self):
        value = self.cleaned_data["year"].strip()
        if not value:
            return ""
        if not (value.isascii() and value.isdigit()):
            raise forms.ValidationError(
                _("“%(value)s” is not a year. Showing all years."), params={"value": value}
            )
        if value not in self.years:
            raise forms.ValidationError(
                _("There are no conferences in %(value)s. Showing all years."),
                params={"value": value},
            )
        return value

    def valid_filters(self) -> dict:
        """The filters that passed validation (the others are ignored)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name]
            for name in ("year", "country", "organization")
            if name not in self.errors and cleaned.get(name)
        }

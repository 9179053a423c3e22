"""The admin's page titles in the right grammatical case. Django builds them as "Change %s" with
the model's verbose name, which is in the nominative: Russian then reads "Изменить заявка
волонтёра" for "Изменить заявку волонтёра", and Uzbek needs the accusative -ni ("arizasini
oʻzgartirish"). `CaseTitlesMixin`, which the admin site mixes into every model admin, puts the
model's name in the accusative into titles of its own for the add, change and view forms and
the lists ("Change %(name)s", "Select %(name)s to change"; Django's "Change %s" stays as it is
for the nominative). A model admin names the accusative in `name_accusative`
(pgettext_lazy("accusative", "volunteer application"), translated in the catalogues: English
keeps its one form); for the models of Django and the packages the site uses, it is named
below. A model without one keeps Django's title.
"""

from django.contrib.admin.options import IS_POPUP_VAR
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy

# The accusative names of the registered models of Django and of the packages.
PACKAGE_ACCUSATIVES = {
    "auth.group": pgettext_lazy("accusative", "group"),
    "auth.user": pgettext_lazy("accusative", "user"),
    "axes.accessattempt": pgettext_lazy("accusative", "access attempt"),
    "axes.accesslog": pgettext_lazy("accusative", "access log"),
    "axes.accessfailurelog": pgettext_lazy("accusative", "access failure"),
    "otp_totp.totpdevice": pgettext_lazy("accusative", "TOTP device"),
    "otp_static.staticdevice": pgettext_lazy("accusative", "static device"),
}


class CaseTitlesMixin:
    # No `name_accusative = None` here: the mixin comes first in the admin's bases and would
    # hide the admin's own.
    def accusative_name(self):
        own = getattr(self, "name_accusative", None)
        return own or PACKAGE_ACCUSATIVES.get(self.opts.label_lower)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        name = self.accusative_name()
        if name is not None:
            if add:
                django_title, title = gettext("Add %s"), gettext("Add %(name)s")
            elif self.has_change_permission(request, obj):
                django_title, title = gettext("Change %s"), gettext("Change %(name)s")
            else:
                django_title, title = gettext("View %s"), gettext("View %(name)s")
            # Only Django's own title is replaced, not one a view passed in.
            if context.get("title") == django_title % self.opts.verbose_name:
                # capfirst: in Uzbek the title starts with the name ("Maqolani oʻzgartirish").
                context["title"] = capfirst(title % {"name": name})
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        name = self.accusative_name()
        popup = IS_POPUP_VAR in request.GET
        if name is not None and not popup and not (extra_context or {}).get("title"):
            if self.has_change_permission(request):
                title = gettext("Select %(name)s to change")
            else:
                title = gettext("Select %(name)s to view")
            extra_context = {**(extra_context or {}), "title": capfirst(title % {"name": name})}
        return super().changelist_view(request, extra_context)


def with_case_titles(admin_class):
    """`admin_class` with the titles in the accusative (once: a subclass keeps its mixin)."""
    if issubclass(admin_class, CaseTitlesMixin):
        return admin_class
    return type(
        admin_class.__name__,
        (CaseTitlesMixin, admin_class),
        {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
    )

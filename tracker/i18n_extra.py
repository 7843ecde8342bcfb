"""Other packages' English strings that our Chinese pages show, listed so we can translate them.

Django's own zh_Hans catalog lacks a few strings, django-filter ships only
zh_CN (Django looks for zh_Hans, so its strings show in English), and
django-axes has no Chinese at all. makemessages only extracts strings from our
own code, so each such string is repeated here, marked with gettext_noop
(ngettext_lazy for a plural): makemessages then keeps it in
locale/zh_Hans/LC_MESSAGES/django.po, where it has a Chinese translation, and
in locale/en, where the English is the string itself. Our catalog (LOCALE_PATHS)
takes precedence over the packages', so the translation is used wherever the
package says the string. Nothing imports this module; tests/test_i18n.py checks
that every string here reads as Chinese in Chinese. See docs/I18N.md.

Each msgid must match the package's own exactly (curly apostrophes included).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO = (
    # django/db/models/fields/related.py: a foreign key given a row that does not exist
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    # django.contrib.admin: the index's table headers (read by screen readers),
    # the title of a form with errors, the user "add" page
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Error:"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
)

DJANGO_PLURALS = (
    # django.contrib.auth.password_validation.MinimumLengthValidator (Django 5.2's msgid)
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        0,
    ),
)

DJANGO_FILTER = (
    # django_filters/widgets.py, fields.py, filters.py: what a filter form can show
    gettext_noop("All"),
    gettext_noop("Multiple values may be separated by commas."),
    gettext_noop("Select a lookup."),
    gettext_noop("Range query expects two values."),
    gettext_noop("Today"),
    gettext_noop("Yesterday"),
    gettext_noop("Past 7 days"),
    gettext_noop("This month"),
    gettext_noop("This year"),
    gettext_noop("%s (descending)"),
    gettext_noop("Ordering"),
)

AXES = (
    # django-axes: its models as the admin index lists them
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
)

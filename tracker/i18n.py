"""Small language helpers: the documents' language, and lists of names.

The interface follows the reader's language (Chinese by default, English on
request). The documents the tracker writes (the status summary, the draft of
next year's report, the ledger, e-mails to units) are Chinese government
documents and stay in Chinese whatever the reader chose: see docs/I18N.md.
"""

from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import pgettext

# Generated documents are written in Chinese (their sentences are built in Chinese
# in tracker/summaries/wording.py), so the labels put into them must be too.
DOCUMENT_LANGUAGE = "zh-hans"


def in_document_language(text) -> str:
    """A (lazy) translatable text resolved in the documents' language: 推进中, not "In progress"."""
    with translation.override(DOCUMENT_LANGUAGE):
        return str(text)


def join_names(names: Iterable) -> str:
    """Names joined the way the reader's language lists them: 甲、乙 or "A, B"."""
    return pgettext("separator between names in a list", "、").join(str(name) for name in names)

"""The one error the importer raises, so callers can show its message as is."""


class ReportImportError(ValueError):
    """A report cannot be read or parsed; the message is for the user, in Chinese.

    Messages are made in messages.py; pages show them through messages.localize,
    which puts them in the reader's language. `field` names the report's field
    the message is about (year, issuer, published), so a page can show it there.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field

"""Stored files follow the transaction that records them.

A file is written to storage before the row that names it; when the write of the
rows fails (a constraint, a database fault, a bug), the transaction rolls back
but the file would stay, named by nothing. `files_follow_transaction` wraps a
service function (outside its `@transaction.atomic`): every file stored through
`store_upload` while it runs is deleted again if it raises. What a later
rollback of an enclosing transaction leaves, or a killed worker, the
`check_files` command finds (tracker/management/commands/check_files.py).
"""

import contextvars
import logging
from collections.abc import Callable
from functools import wraps

log = logging.getLogger("tracker.files")

_stored: contextvars.ContextVar[list | None] = contextvars.ContextVar("stored_files", default=None)


def store_upload(field_file, name: str, content) -> None:
    """`field_file.save(name, content, save=False)`, remembered for a rollback."""
    field_file.save(name, content, save=False)
    stored = _stored.get()
    if stored is not None:
        stored.append((field_file.storage, field_file.name))


def files_follow_transaction(service: Callable) -> Callable:
    @wraps(service)
    def wrapper(*args, **kwargs):
        if _stored.get() is not None:  # an outer service removes them
            return service(*args, **kwargs)
        stored: list = []
        token = _stored.set(stored)
        try:
            return service(*args, **kwargs)
        except BaseException:
            for storage, name in stored:
                try:
                    storage.delete(name)
                except OSError:
                    log.exception("could not remove %s after a rollback", name)
                else:
                    log.warning(
                        "removed %s: its write was rolled back",
                        name,
                        extra={"action": "file_rollback", "file": name},
                    )
            raise
        finally:
            _stored.reset(token)

    return wrapper

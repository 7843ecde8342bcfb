"""Writes that touch several models, send mail or record history.

Each service is keyword-only, typed and atomic; views and commands call them
and never save several models themselves.
"""

from .errors import Conflict, WorkflowError

__all__ = ["Conflict", "WorkflowError"]

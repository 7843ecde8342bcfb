from django.utils.translation import gettext_lazy as _


class WorkflowError(Exception):
    """A request the workflow does not allow; the message is shown to the user.

    `field` names the form field the message belongs to (None: the whole form),
    so each rule's message is written once, in the service, and a view shows it
    at the right place (tracker.views.common.show_error).
    """

    default_message = _("操作无法完成。")

    def __init__(self, message=None, *, field: str | None = None):
        self.message = message or self.default_message
        self.field = field
        super().__init__(str(self.message))


class Conflict(WorkflowError):
    """Someone else changed the thing since the form was drawn (optimistic lock)."""

    default_message = _("该事项已被他人修改,请刷新页面查看最新内容后再提交。")

from django.utils.translation import gettext_lazy as _


class WorkflowError(Exception):
    """A request the workflow does not allow; the message is shown to the user."""

    default_message = _("操作无法完成。")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class Conflict(WorkflowError):
    """Someone else changed the thing since the form was drawn (optimistic lock)."""

    default_message = _("该事项已被他人修改,请刷新页面查看最新内容后再提交。")

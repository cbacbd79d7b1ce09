"""Bodies of the staff routes that take uploaded files: the command, plus the ids of the
uploads (``POST /api/v1/public/attachments``) to link to the petition. The ids stay on the
HTTP side: the command the decider gets carries the files' details, read from the uploads.

Named as the commands they extend, so the OpenAPI schema (and the web's typed client) keeps
the names ``Register`` and ``Reply``.
"""

from __future__ import annotations

from pydantic import Field

from shared.schemas import commands as c
from shared.schemas.fields import Line

AttachmentIds = tuple[Line, ...]
_IDS = Field(
    default=(),
    max_length=50,
    description="ids of uploaded attachments (POST /api/v1/public/attachments) to link",
)


class Register(c.Register):
    attachment_ids: AttachmentIds = _IDS

    def as_command(self) -> c.Register:
        return c.Register.model_validate(self.model_dump(exclude={"attachment_ids"}))


class Reply(c.Reply):
    attachment_ids: AttachmentIds = _IDS

    def as_command(self) -> c.Reply:
        return c.Reply.model_validate(self.model_dump(exclude={"attachment_ids"}))

"""Who may call routing's routes. Module level: FastAPI resolves the (postponed) annotations
of routes in the globals of the module that defines them, which import these."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from shared.auth.roles import Principal, Role
from shared.service.auth import require_roles

READERS = (Role.HANDLER, Role.PETITION_OFFICE, Role.LEADER, Role.AUDITOR)
SUPERVISORS = (Role.PETITION_OFFICE, Role.LEADER, Role.AUDITOR)
Reader = Annotated[Principal, Depends(require_roles(*READERS))]
Supervisor = Annotated[Principal, Depends(require_roles(*SUPERVISORS))]
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
# Who tries a rule set on a sample petition: the admin who edits it, the office it serves.
RuleEditor = Annotated[Principal, Depends(require_roles(Role.PETITION_OFFICE))]

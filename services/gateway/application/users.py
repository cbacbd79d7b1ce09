"""Who may list which users of the development directory: the admin pages show an admin the
users of its org's subtree; the petition office's pickers (a department's handlers, a case
owner) offer it the handlers and case owners of its region; the auditor's pages name the
people of its org's subtree who acted (姓名（单位）, not a user id). Never a password hash.

The gateway's own concern: the directory is its data, and who may read it is part of
signing people in, not a petition rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.gateway.application.directory import Directory
from services.gateway.domain import messages
from services.gateway.domain.errors import NotOffered
from shared.auth.roles import Principal, Role
from shared.errors import Forbidden
from shared.refdata import ReferenceData

# Which roles each lister may list; None: every role.
LISTABLE: dict[Role, frozenset[Role] | None] = {
    Role.ADMIN: None,
    Role.PETITION_OFFICE: frozenset({Role.CASE_OWNER, Role.HANDLER}),
    Role.AUDITOR: None,
}


@dataclass(frozen=True)
class Listed:
    username: str
    name: str
    role: str
    org: str
    org_name: str


def list_users(
    directory: Directory | None, refdata: ReferenceData, principal: Principal, role: Role | None
) -> list[Listed]:
    """The directory's users ``principal`` may see (of ``role`` when given), by org then
    username. A role the caller may not list is refused, not silently emptied."""
    if directory is None:
        raise NotOffered(messages.DIRECTORY_OFF)
    if principal.role not in LISTABLE:
        raise Forbidden(messages.USERS_FORBIDDEN)
    allowed = LISTABLE[principal.role]
    if role is not None and allowed is not None and role not in allowed:
        raise Forbidden(messages.USERS_ROLE_FORBIDDEN)
    tree = refdata.org_tree
    found = [
        u
        for u in directory.users()
        if tree.is_within(u.org, principal.org)
        and (role is None or u.role is role)
        and (allowed is None or u.role in allowed)
    ]
    found.sort(key=lambda u: (u.org, u.username))
    return [
        Listed(u.username, u.name, u.role.value, u.org, org_name(refdata, u.org)) for u in found
    ]


def org_name(refdata: ReferenceData, org: str) -> str:
    return refdata.region_name(org) if org in refdata.regions else refdata.department_name(org)

"""Who may use the system: the roles of DESIGN.md ("Security") and the authenticated principal.

A ``Principal`` is what a verified bearer token says about its holder; ``actor()`` is what
every event records of it (user id, role, org — never the name).

``org`` is the region or department code the holder acts for. By convention a
``petition_office``, ``leader`` or ``inspector`` carries a *region* code (the region it
serves), a ``handler`` its *department* code, a ``registrar`` the org it registers at.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from shared.schemas.envelope import Actor


class Role(StrEnum):
    REGISTRAR = "registrar"  # 登记: registers petitions at its own org
    HANDLER = "handler"  # 承办: a department handling petitions assigned to it
    PETITION_OFFICE = "petition_office"  # 信访工作机构 of a region
    CASE_OWNER = "case_owner"  # 包案领导: owns particular cases
    INSPECTOR = "inspector"  # 督查: overdue cases and accountability records
    LEADER = "leader"  # 领导: reads within its region
    AUDITOR = "auditor"  # 审计: reads everything, changes nothing
    ADMIN = "admin"

    @classmethod
    def parse(cls, value: str) -> Role:
        """The role named ``value`` (case and surrounding blanks ignored); ``ValueError``
        listing the valid roles otherwise."""
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise ValueError(
                f"unknown role {value!r}; valid roles: {', '.join(valid_roles())}"
            ) from None


def valid_roles() -> list[str]:
    return [r.value for r in Role]


class Principal(BaseModel):
    """The authenticated caller. Limits match ``Actor`` so ``actor()`` never fails."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    user_id: str = Field(min_length=1, max_length=128)
    # A staff member's display name: kept out of repr, logs and events.
    name: str | None = Field(default=None, max_length=128, repr=False)
    role: Role
    org: str = Field(min_length=1, max_length=64)

    def actor(self) -> Actor:
        return Actor(user_id=self.user_id, role=self.role.value, org=self.org)

    def has_role(self, *roles: Role | str) -> bool:
        return self.role in {Role(r) for r in roles}

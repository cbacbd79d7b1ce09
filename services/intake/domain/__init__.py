"""The petition aggregate: state folded from events, commands, and the rules between them.

Pure: no I/O and no clock. Ports and "today" come in through ``Context``.
"""

from services.intake.domain.context import (
    Context,
    Decision,
    EarlierPetition,
    NoHistory,
    PetitionHistory,
    Policy,
)
from services.intake.domain.decider import decide
from services.intake.domain.errors import (
    InvalidCommand,
    InvalidRatingToken,
    InvalidTransition,
    PetitionNotFound,
    RuleViolation,
    UnknownReference,
    VersionConflict,
)
from services.intake.domain.registration import register
from services.intake.domain.state import PetitionState, Status, apply, fold
from services.intake.domain.transitions import allowed_commands
from shared.errors import DomainError
from shared.schemas.commands import AnyCommand, PetitionCommand, Register

__all__ = [
    "AnyCommand",
    "Context",
    "Decision",
    "DomainError",
    "EarlierPetition",
    "InvalidCommand",
    "InvalidRatingToken",
    "InvalidTransition",
    "NoHistory",
    "PetitionCommand",
    "PetitionHistory",
    "PetitionNotFound",
    "PetitionState",
    "Policy",
    "Register",
    "RuleViolation",
    "Status",
    "UnknownReference",
    "VersionConflict",
    "allowed_commands",
    "apply",
    "decide",
    "fold",
    "register",
]

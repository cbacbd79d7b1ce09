"""Registering a petition: check the codes, compute the due dates, record the facts later
issues need (repeat candidate, skip-level)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from services.intake.domain.context import Context, Decision, EarlierPetition
from services.intake.domain.errors import InvalidCommand, UnknownReference
from services.intake.domain.identity import petitioner_key
from shared.refdata import ReferenceData
from shared.schemas.commands import Register
from shared.schemas.petition import Kind, Level, PetitionRegistered


def _check_codes(cmd: Register, ref: ReferenceData, today: date, earliest: date) -> None:
    if cmd.category_code not in ref.minors:
        raise UnknownReference("category_code", cmd.category_code)
    if cmd.region_code not in ref.regions:
        raise UnknownReference("region_code", cmd.region_code)
    if cmd.receiving_org not in ref.departments:
        raise UnknownReference("receiving_org", cmd.receiving_org)
    if ref.channels[cmd.channel].suggestions_only and cmd.kind is not Kind.SUGGESTION:
        raise InvalidCommand(
            "channel", f"{cmd.channel} takes suggestions only", "这种信访形式只受理建议意见类"
        )
    if cmd.accused_org is not None and cmd.kind is not Kind.ACCUSATION:
        raise InvalidCommand(
            "accused_org",
            "only a 检举控告类 petition names an accused unit",
            "只有检举控告类信访事项填写被反映单位",
        )
    # An unknown code would protect nobody: the confidentiality rule finds no unit by it.
    accused = cmd.accused_org
    if accused is not None and accused not in ref.departments and accused not in ref.regions:
        raise UnknownReference("accused_org", accused)
    if cmd.received_on > today:
        raise InvalidCommand("received_on", "is in the future", "收到日期不能晚于今天")
    if cmd.received_on < earliest:
        raise InvalidCommand(
            "received_on",
            f"is before {earliest}, the earliest this office takes",
            f"收到日期不能早于 {earliest}",
        )
    if cmd.collective and cmd.headcount < 2:
        raise InvalidCommand(
            "headcount", "a collective petition has at least 2 people", "集体信访至少 2 人"
        )


def find_repeat(
    earlier: Sequence[EarlierPetition], category_code: str, received_on: date, window_days: int
) -> EarlierPetition | None:
    """The latest earlier petition on the same category within the window, if any."""
    since = received_on - timedelta(days=window_days)
    same = [
        p
        for p in earlier
        if p.category_code == category_code and since <= p.received_on <= received_on
    ]
    return max(same, key=lambda p: p.received_on, default=None)


def is_skip_level(
    ref: ReferenceData,
    receiving_level: Level,
    responsible_level: Level,
    earlier: Sequence[EarlierPetition],
    category_code: str,
    received_on: date,
    window_days: int,
) -> bool:
    """越级: received above the responsible level, with no earlier petition on the same
    matter at a lower level than this one. Without an ID number there is no history to
    clear the petitioner, so the fact is recorded as it appears."""
    if ref.rank(receiving_level) <= ref.rank(responsible_level):
        return False
    since = received_on - timedelta(days=window_days)
    tried_lower = any(
        p.category_code == category_code
        and since <= p.received_on <= received_on
        and ref.rank(p.receiving_level) < ref.rank(receiving_level)
        for p in earlier
    )
    return not tried_lower


def register(cmd: Register, ctx: Context) -> Decision:
    ref = ctx.refdata
    _check_codes(cmd, ref, ctx.today, ctx.policy.earliest_received_on)
    receiving_level = ref.departments[cmd.receiving_org].level
    responsible_level = ref.responsible_level(cmd.region_code)
    key = (
        petitioner_key(cmd.petitioner.id_number, ctx.petitioner_key_secret)
        if cmd.petitioner.id_number
        else None
    )
    earlier = ctx.history.by_petitioner(key) if key else ()
    repeat = find_repeat(earlier, cmd.category_code, cmd.received_on, ctx.policy.repeat_window_days)
    skip = is_skip_level(
        ref,
        receiving_level,
        responsible_level,
        earlier,
        cmd.category_code,
        cmd.received_on,
        ctx.policy.skip_level_window_days,
    )
    code = ctx.new_tracking_code()
    event = PetitionRegistered(
        tracking_code=code,
        channel=cmd.channel,
        kind=cmd.kind,
        category_code=cmd.category_code,
        region_code=cmd.region_code,
        receiving_org=cmd.receiving_org,
        receiving_level=receiving_level,
        received_on=cmd.received_on,
        collective=cmd.collective,
        headcount=cmd.headcount,
        title=cmd.title,
        content=cmd.content,
        attachments=tuple(a.as_event() for a in cmd.attachments),
        petitioner=cmd.petitioner.as_event(),
        petitioner_key=key,
        accused_org=cmd.accused_org,
        campaign_id=cmd.campaign_id,
        responsible_level=responsible_level,
        repeat_candidate_of=repeat.petition_id if repeat else None,
        skip_level=skip,
        forward_due=ctx.deadlines.forward_due(cmd.received_on),
        acceptance_notice_due=ctx.deadlines.acceptance_notice_due(cmd.received_on),
    )
    return Decision(events=(event,), tracking_code=code)

"""Builders shared by the intake unit tests: a dated context, fake history, scenarios."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import cache

from services.intake.domain import (
    Context,
    Decision,
    EarlierPetition,
    PetitionCommand,
    PetitionState,
    Policy,
    Register,
    decide,
    fold,
    register,
)
from services.intake.domain.deadlines import DeadlineLimits, Deadlines
from shared.refdata import ReferenceData, load_refdata
from shared.schemas import commands as c
from shared.schemas.petition import Channel, Kind, Level, Rating

TODAY = date(2026, 3, 2)  # a Monday with no holiday near
SECRET = b"unit-test-petitioner-key-0123456789abcdef"
RATING_KEY = b"unit-test-rating-link-key-0123456789abcdef"
ID_NUMBER = "32080219800101105x"
VILLAGE = "320831003002"  # a village of 金湖县 塔集镇
DEPT = "320831-ZJJ"  # 金湖县住房和城乡建设局: answers for 01 in 金湖县


@cache
def refdata() -> ReferenceData:
    return load_refdata()


class FakeHistory:
    def __init__(self, petitions: Sequence[EarlierPetition] = (), key: str | None = None):
        self.petitions = list(petitions)
        self.asked: list[str] = []

    def by_petitioner(self, petitioner_key: str) -> Sequence[EarlierPetition]:
        self.asked.append(petitioner_key)
        return self.petitions

    def get(self, petition_id: str) -> EarlierPetition | None:
        return next((p for p in self.petitions if p.petition_id == petition_id), None)


EARLIER = EarlierPetition(
    petition_id="p-earlier",
    tracking_code="0000-0000-0000-0000",
    category_code="0101",
    received_on=date(2026, 1, 5),
    receiving_level=Level.TOWNSHIP,
)


def make_ctx(
    today: date = TODAY,
    history: FakeHistory | None = None,
    limits: DeadlineLimits | None = None,
    policy: Policy | None = None,
) -> Context:
    ref = refdata()
    return Context(
        today=today,
        refdata=ref,
        deadlines=Deadlines(limits or DeadlineLimits(), ref.calendar),
        petitioner_key_secret=SECRET,
        rating_link_key=RATING_KEY,
        history=history or FakeHistory([EARLIER]),
        policy=policy or Policy(),
    )


def registration(**overrides: object) -> Register:
    fields: dict[str, object] = dict(
        channel=Channel.LETTER,
        kind=Kind.CLAIM,
        category_code="0101",
        region_code=VILLAGE,
        receiving_org="320831003-GOV",
        received_on=date(2026, 2, 27),
        title="拆迁补偿未到位",
        content="房屋征收补偿款至今未发放。",
        petitioner={"name": "张三", "id_number": ID_NUMBER, "phone": "13800000000"},
    )
    fields.update(overrides)
    return Register.model_validate(fields)


def run(state: PetitionState, cmd: PetitionCommand, ctx: Context) -> tuple[PetitionState, Decision]:
    decision = decide(state, cmd, ctx)
    return fold(decision.events, state), decision


SAMPLES: dict[str, Callable[[str], PetitionCommand]] = {
    "assign": lambda t: c.Assign(department=DEPT, reason="属地管理"),
    "return": lambda t: c.Return(department=DEPT, reason="不属本单位职责"),
    "accept": lambda t: c.Accept(handler="u-handler"),
    "not_accept": lambda t: c.NotAccept(reason="已进入诉讼程序"),
    "record_acceptance_notice": lambda t: c.RecordAcceptanceNotice(method="sms"),
    "request_extension": lambda t: c.RequestExtension(days=20, reason="情况复杂"),
    "approve_extension": lambda t: c.ApproveExtension(approver="u-head"),
    "refuse_extension": lambda t: c.RefuseExtension(approver="u-head", reason="无必要"),
    "reply": lambda t: c.Reply(reply_text="已协调发放。", document_ref="金住建复〔2026〕1号"),
    "close": lambda t: c.Close(),
    "rate": lambda t: c.Rate(token=t, unit_rating=Rating.SATISFIED, result_rating=Rating.NOT_QUITE),
    "request_review": lambda t: c.RequestReview(reviewer_org="320800-ZJJ"),
    "decide_review": lambda t: c.DecideReview(upheld=True, decision_text="维持原处理意见"),
    "request_re_review": lambda t: c.RequestReReview(reviewer_org="320800-XFJ"),
    "decide_re_review": lambda t: c.DecideReReview(upheld=True, decision_text="复核维持"),
    "withdraw": lambda t: c.Withdraw(reason="已和解"),
    "link": lambda t: c.Link(earlier_petition_id="p-earlier"),
    "set_case_owner": lambda t: c.SetCaseOwner(owner_user_id="u-leader", owner_name="李副县长"),
    "record_revisit_outcome": lambda t: c.RecordRevisitOutcome(outcome="已解决", resolved=True),
}

# The commands that lead from a new petition to each named state.
PATHS: dict[str, tuple[str, ...]] = {
    "registered": (),
    "assigned": ("assign",),
    "returned": ("assign", "return"),
    "accepted": ("assign", "accept"),
    "extension_pending": ("assign", "accept", "request_extension"),
    "extension_approved": ("assign", "accept", "request_extension", "approve_extension"),
    "not_accepted": ("not_accept",),
    "replied": ("assign", "accept", "reply"),
    "closed": ("assign", "accept", "reply", "close"),
    "rated": ("assign", "accept", "reply", "close", "rate"),
    "under_review": ("assign", "accept", "reply", "request_review"),
    "reviewed": ("assign", "accept", "reply", "request_review", "decide_review"),
    "under_re_review": (
        "assign",
        "accept",
        "reply",
        "request_review",
        "decide_review",
        "request_re_review",
    ),
    "re_reviewed": (
        "assign",
        "accept",
        "reply",
        "request_review",
        "decide_review",
        "request_re_review",
        "decide_re_review",
    ),
    "withdrawn": ("withdraw",),
}


def reach(name: str, ctx: Context | None = None) -> tuple[PetitionState, str]:
    """The state after registering and running the path's commands; and the rating token."""
    ctx = ctx or make_ctx()
    decision = register(registration(), ctx)
    state = fold(decision.events)
    token = "no-token-issued-yet"
    for step in PATHS[name]:
        state, decision = run(state, SAMPLES[step](token), ctx)
        token = decision.rating_token or token
    return state, token

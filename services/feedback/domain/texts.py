"""The texts feedback sends. No names, no content of the petition: a tracking code, what
happened, what to do next (an SMS may be read by anyone holding the phone)."""

from __future__ import annotations

from datetime import date

SIGN = "【阳光信访】"


def chinese_date(d: date) -> str:
    """2026年12月1日: as Chinese writes a date, no leading zeros (not strftime's 12月01日)."""
    return f"{d.year}年{d.month}月{d.day}日"


def receipt(tracking: str) -> str:
    return f"{SIGN}您的信访事项已登记，查询码{tracking}，可凭查询码查询办理进度。"


def tracking_code(tracking: str, link: str) -> str:
    """What a petitioner who submitted online receives at once: the code, and where to use it."""
    return (
        f"{SIGN}您的信访事项已提交登记，查询码{tracking}，请妥善保管。"
        f"可凭查询码查询办理进度和答复意见：{link}"
    )


def accepted(tracking: str, reply_due: date) -> str:
    return f"{SIGN}您的信访事项{tracking}已受理，将于{chinese_date(reply_due)}前答复。"


def not_accepted(tracking: str) -> str:
    return f"{SIGN}您的信访事项{tracking}不予受理，书面告知已送达，可凭查询码查看理由。"


def reply(tracking: str) -> str:
    return f"{SIGN}您的信访事项{tracking}已办理答复，可凭查询码查看答复意见。"


def rating_invitation(tracking: str, link: str) -> str:
    return (
        f"{SIGN}请对信访事项{tracking}的承办单位和办理结果作出评价"
        f"（非常满意、满意、不太满意或不满意）：{link}"
    )


def dissatisfied_alert(tracking: str, due: date) -> str:
    return (
        f"{SIGN}信访事项{tracking}的群众评价为“不满意”，"
        f"请于{chinese_date(due)}前完成“回头看”并录入结果。"
    )


def survey_invitation(tracking: str, link: str) -> str:
    return (
        f"{SIGN}感谢您对信访事项{tracking}的评价。请从工作作风、办理质量等方面"
        f"对信访部门和承办单位作出评价：{link}"
    )


def leader_answer(tracking: str) -> str:
    return f"{SIGN}您提出的建议{tracking}已获领导批示答复，感谢您建言献策，可凭查询码查看。"

"""FastAPI's own validation errors (a missing field, a wrong type, too long...) in the
Chinese a person reads beside the field: the portal's routes and the staff's alike, through
the route class ``ChineseValidation`` (``APIRouter(route_class=...)``). The field path
(``errors[].field``) and the error's ``type`` stay as they are, for the pages to place it.
"""

# No ``from __future__ import annotations``: FastAPI reads the route class's signatures.

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

from services.intake.domain.labels import label
from services.intake.domain.portal import NO_CONSENT

# Fields picked from a list (a missing one is "请选择…", not "请填写…").
_CHOSEN = frozenset(
    {
        "kind", "category_code", "region_code", "kiosk", "accused_org", "file", "channel",
        "receiving_org", "id_type", "department", "reviewer_org", "owner_user_id",
        "earlier_petition_id", "upheld", "resolved", "collective", "forwarded", "hard_case",
        "status", "category", "region",
    }
)  # fmt: skip
_DATES = frozenset({"date_parsing", "date_type", "date_from_datetime_parsing", "date_past"})
_BOUNDS = {
    "greater_than_equal": ("ge", "不能小于"),
    "greater_than": ("gt", "必须大于"),
    "less_than_equal": ("le", "不能大于"),
    "less_than": ("lt", "必须小于"),
}


def message(error: dict[str, Any]) -> str:
    """One validation error in the words shown beside the field."""
    loc = [p for p in error.get("loc", ()) if isinstance(p, str)]
    name = loc[-1] if loc else ""
    kind = error.get("type", "")
    what = label(name)
    ctx = error.get("ctx") or {}
    limit = ctx.get("max_length")
    if name == "consent":
        return NO_CONSENT
    if kind == "json_invalid":
        return "请求格式不正确，请刷新页面后重试"
    if kind in ("missing", "string_too_short"):
        return f"请选择{what}" if name in _CHOSEN else f"请填写{what}"
    if kind in ("enum", "literal_error", "bool_parsing", "bool_type"):
        return f"请选择{what}"
    if kind == "string_pattern_mismatch":
        if name == "phone":
            return "请输入正确的11位手机号码"
        if name == "code":
            return "请输入6位数字验证码"
        return f"{what}格式不正确"
    if kind == "string_too_long" and limit:
        return f"{what}不能超过{limit}个字"
    if kind == "too_long" and limit:
        return f"{what}最多{limit}个"
    if name == "id_number":
        return "身份证号码有误，请核对"
    if kind in _DATES:
        return f"{what}请填写正确的日期，如 2026-03-01"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{what}请填写整数"
    if kind in _BOUNDS and ctx.get(_BOUNDS[kind][0]) is not None:
        key, words = _BOUNDS[kind]
        return f"{what}{words}{ctx[key]}"
    if kind == "extra_forbidden":
        return f"不认识的字段：{name}"
    return f"{what}填写有误"


class ChineseValidation(APIRoute):
    """FastAPI's own validation errors for these routes, with Chinese messages."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                errors = [{**e, "msg": message(dict(e))} for e in exc.errors()]
                raise RequestValidationError(errors, body=exc.body) from None

        return route

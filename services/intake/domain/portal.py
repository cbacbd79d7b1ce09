"""The public portal's rules: what a verification code is and how it is kept, which files an
attachment may be, and the Chinese words a citizen reads for each refusal.

Pure: the caller brings the bytes, the clock's instant and the keys.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.intake.domain.errors import PortalRefusal, TooManyRequests

CODE_DIGITS = 6
SIGN = "【阳光信访】"

WRONG_CODE = "验证码错误"
EXPIRED_CODE = "验证码已过期"
NO_CODE = "请先获取短信验证码"
TOO_MANY_ATTEMPTS = "验证码错误次数过多，请重新获取验证码"
NO_CONSENT = "请阅读并同意个人信息保护告知"
BAD_FILE = "附件只能是 JPG、PNG 图片或 PDF 文件"
EMPTY_FILE = "附件是空文件"
PHONE_DAY_LIMIT = "该手机号码今天获取验证码的次数已达上限，请明天再试"
ADDRESS_HOUR_LIMIT = "获取验证码过于频繁，请一小时后再试"
SUBMISSION_DAY_LIMIT = "该手机号码今天提交信访事项的次数已达上限，请明天再试"


@dataclass(frozen=True)
class CodePolicy:
    ttl_s: int = 600
    max_attempts: int = 5
    resend_s: int = 60
    per_phone_per_day: int = 5
    per_address_per_hour: int = 20
    submissions_per_phone_per_day: int = 3


def keyed(secret: bytes, purpose: str, value: str) -> str:
    """An HMAC standing in for a phone, an address or a code: tables keep only these."""
    return hmac.new(secret, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def code_hash(secret: bytes, phone_key: str, code: str) -> str:
    # Bound to the phone: a code sent to one phone proves nothing for another.
    return keyed(secret, f"code:{phone_key}", code)


def code_text(code: str, ttl_s: int) -> str:
    return f"{SIGN}您的验证码为{code}，{ttl_s // 60}分钟内有效。请勿将验证码告诉他人。"


def check_may_send(
    policy: CodePolicy,
    now: datetime,
    last_sent: datetime | None,
    sent_today_to_phone: int,
    sent_last_hour_from_address: int,
) -> None:
    """Refuse another code while the last is fresh or a limit is reached (429)."""
    if last_sent is not None:
        wait = policy.resend_s - int((now - last_sent).total_seconds())
        if wait > 0:
            raise TooManyRequests(f"请在 {wait} 秒后再获取验证码", retry_after_s=wait)
    if sent_today_to_phone >= policy.per_phone_per_day:
        raise TooManyRequests(PHONE_DAY_LIMIT)
    if sent_last_hour_from_address >= policy.per_address_per_hour:
        raise TooManyRequests(ADDRESS_HOUR_LIMIT, retry_after_s=3600)


@dataclass(frozen=True)
class SentCode:
    """The latest code sent to a phone, as its row holds it."""

    code_hash: str
    expires_at: datetime
    attempts: int
    used: bool


def check_code(policy: CodePolicy, sent: SentCode | None, given_hash: str, now: datetime) -> bool:
    """Whether the code given matches; raises when it cannot be tried at all. A False is a
    wrong try, which the caller counts before refusing with ``WRONG_CODE``."""
    if sent is None or sent.used:
        raise PortalRefusal("body.code", NO_CODE)
    if sent.attempts >= policy.max_attempts:
        raise TooManyRequests(TOO_MANY_ATTEMPTS)
    if now >= sent.expires_at:
        raise PortalRefusal("body.code", EXPIRED_CODE)
    return hmac.compare_digest(sent.code_hash, given_hash)


def code_expiry(policy: CodePolicy, now: datetime) -> datetime:
    return now + timedelta(seconds=policy.ttl_s)


# The file types an attachment may be, told from the first bytes (never from the name).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}


def sniff_media_type(data: bytes) -> str | None:
    """JPEG, PNG or PDF by their signatures; None for anything else."""
    return next((media for magic, media in _MAGIC if data.startswith(magic)), None)


def attachment_name(given: str | None, media_type: str) -> str:
    """The name to keep: the last part of what the browser sent, printable, at most 200
    characters; a name the file had none of gets one from its type."""
    base = (given or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[-200:] or f"附件{EXTENSIONS[media_type]}"

"""Which of a title's segmented tokens are words worth counting (热词): two characters or
more, not a stop word, not a number or punctuation. Pure: the segmenter is given."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Words every petition title says (问题, 反映, 要求...) and the function words a segmenter
# leaves: counting them would put the same words on top of every period.
_STOP = """
问题 反映 反应 关于 要求 请求 申请 希望 建议 投诉 举报 咨询 信访 诉求 情况 事项 有关
相关 处理 解决 办理 落实 协调 帮助 帮忙 给予 进行 存在 没有 不能 不予 无法 一直 多次
作为 长期 至今 仍然 还是 已经 以及 或者 而且 并且 但是 因为 所以 如果 由于 对于 通过 我们
他们 你们 自己 本人 其他 这个 那个 哪里 什么 怎么 如何 是否 为何 为什么 一个 一些 目前
现在 今年 去年 近期 最近 尽快 及时 严重 非常 特别 相关部门 有关部门 部门 政府 领导
"""
STOP_WORDS = frozenset(_STOP.split())
_COUNTABLE = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]+$")


def hot_words(tokens: Iterable[str]) -> list[str]:
    """The tokens that count, each once, in their first order."""
    seen: dict[str, None] = {}
    for raw in tokens:
        word = raw.strip()
        if len(word) >= 2 and word not in STOP_WORDS and _COUNTABLE.match(word):
            seen.setdefault(word, None)
    return list(seen)

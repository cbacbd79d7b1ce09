"""Chinese full-text search without a word segmenter: character n-grams.

Runs of CJK characters become their single characters and overlapping bigrams ("物业管理" ->
物 业 管 理 物业 业管 管理); other words are lower-cased whole. A query is cut the same way
(bigrams only, when it has two or more characters), and a document matches when it holds
every query token: "物业管理" then finds "小区物业管理混乱" but not "物业" alone.
"""

from __future__ import annotations

import re

_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9A-Za-z]+")


def _is_cjk(run: str) -> bool:
    return not run[0].isascii()


def index_tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for run in _RUNS.findall(text):
        if not _is_cjk(run):
            tokens.append(run.lower())
            continue
        tokens.extend(run)
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


def query_tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for run in _RUNS.findall(text):
        if not _is_cjk(run):
            tokens.append(run.lower())
        elif len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return list(dict.fromkeys(tokens))


def fts_match(text: str) -> str | None:
    """An FTS5 MATCH expression requiring every token; None when the query has none."""
    tokens = query_tokens(text)
    if not tokens:
        return None
    return " AND ".join(f'"{t}"' for t in tokens)

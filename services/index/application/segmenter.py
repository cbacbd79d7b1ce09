"""Titles cut into words by jieba (结巴分词, MIT): the segmenter the hot words use.

jieba builds its dictionary on first use (about a second), so nothing loads at import. Titles
repeat (the same complaint, word for word), so segmented titles are remembered.
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache

from services.index.domain.words import hot_words


@cache
def _tokenizer() -> object:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@lru_cache(maxsize=100_000)
def title_words(title: str) -> tuple[str, ...]:
    """The hot-word candidates of one title (see ``domain.words``)."""
    tokenizer = _tokenizer()
    return tuple(hot_words(tokenizer.lcut(title)))  # type: ignore[attr-defined]

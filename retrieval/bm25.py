"""BM25 over chunks with bm25s: English stopwords and Snowball stemming (PyStemmer), and titles
repeated ``title_weight`` times in each chunk's bag of words (a cheap field weighting that helps
on abstract collections where the title carries the key terms)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


def tokenize(text: str) -> list[str]:
    """Lower-cased, stopword-free, stemmed word tokens; hyphenated words also yield their parts."""
    stop = _stopwords()
    words: list[str] = []
    for tok in _TOKEN.findall(text.lower()):
        if "-" in tok:
            words.extend(p for p in tok.split("-") if p and p not in stop)
        if tok not in stop:
            words.append(tok)
    return list(_stemmer().stemWords(words))


class BM25Index:
    """A bm25s retriever with our tokenizer; build with :meth:`build`, persist with :meth:`save`."""

    def __init__(self, retriever: Any, n_docs: int) -> None:
        self.retriever = retriever
        self.n_docs = n_docs

    @classmethod
    def build(
        cls, texts: Sequence[str], titles: Sequence[str], title_weight: int, k1: float, b: float
    ) -> BM25Index:
        import bm25s

        corpus = []
        for text, title in zip(texts, titles, strict=True):
            toks = tokenize(text)
            if title and title_weight > 0:
                toks = tokenize(title) * title_weight + toks
            corpus.append(toks or [""])
        retriever = bm25s.BM25(k1=k1, b=b, method="lucene")
        retriever.index(corpus, show_progress=False)
        return cls(retriever, len(corpus))

    def save(self, folder: Path) -> None:
        self.retriever.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        import bm25s

        retriever = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        return cls(retriever, int(retriever.scores["num_docs"]))

    def top(self, query: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Row numbers and scores of the ``n`` best chunks (only chunks scoring above zero)."""
        import numpy as np

        ids = self.retriever.get_tokens_ids(tokenize(query))
        ids = [i for i in ids if i != self.retriever.vocab_dict.get("")]
        if not ids or self.n_docs == 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        scores = self.retriever.get_scores_from_ids(ids)
        n = min(n, len(scores))
        idx = np.argpartition(-scores, n - 1)[:n]
        idx = idx[np.argsort(-scores[idx], kind="stable")]
        keep = scores[idx] > 0
        return idx[keep].astype(np.int64), scores[idx][keep].astype(np.float32)

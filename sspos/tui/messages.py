"""Small messages workers and screens post upward (Posting's style: tiny dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class ResultsShown(Message):
    """A page of search results for `term` is on screen (benchmarks and tests wait on it)."""

    term: str
    count: int

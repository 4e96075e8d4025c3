"""Access facts of venues and access needs of members, read from their own words.

A venue's access notes ("step-free, accessible toilet"; "parking, ramp at side door";
"two steps at the door, no parking") say which facts hold and which do not; a member's
access needs ("needs step-free", "wheelchair", "parking close to the door") say which
facts they need. What is not understood is kept and shown, as for availability.

Matching: a need the venue's notes say it has is met; one they say it lacks is not
(the member cannot come there, and why is said in both sets of words); one the notes do
not mention is *to check* (the member is counted as able to come, with a note to ask).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class AccessFact(StrEnum):
    STEP_FREE = "step_free"
    PARKING = "parking"
    BUS = "bus"
    QUIET = "quiet"
    TOILET = "toilet"


FACT_WORDS: dict[AccessFact, str] = {
    AccessFact.STEP_FREE: "step-free",
    AccessFact.PARKING: "parking",
    AccessFact.BUS: "near a bus stop",
    AccessFact.QUIET: "quiet",
    AccessFact.TOILET: "accessible toilet",
}

# Venue notes: the first pattern that matches a piece decides each fact, so "no steps"
# (step-free) is tried before "steps" (not step-free).
_VENUE_PATTERNS: tuple[tuple[str, AccessFact, bool], ...] = (
    (r"\bnot\s+step[\s-]*free\b", AccessFact.STEP_FREE, False),
    (r"\b(no|without)\s+(steps?|stairs)\b", AccessFact.STEP_FREE, True),
    (r"\bno\s+(lift|ramp)\b", AccessFact.STEP_FREE, False),
    (
        r"\b(step[\s-]*free|level\s+access|ramps?|ramped|wheelchair|ground\s+floor|lift"
        r"|flat\s+access|accessible\s+entrance)\b",
        AccessFact.STEP_FREE,
        True,
    ),
    (r"\b(steps?|stairs|upstairs|first\s+floor|second\s+floor)\b", AccessFact.STEP_FREE, False),
    (
        r"\b(no|without|not\s+much|little|limited)\s+(parking|car\s*park)\b",
        AccessFact.PARKING,
        False,
    ),
    (r"\b(parking|car\s*park|blue\s+badge|park\s+outside)\b", AccessFact.PARKING, True),
    (r"\bno\s+bus(es)?\b", AccessFact.BUS, False),
    (r"\bbus(es)?\b", AccessFact.BUS, True),
    (r"\b(noisy|loud|busy)\b", AccessFact.QUIET, False),
    (r"\b(quiet|calm|private\s+room|not\s+noisy)\b", AccessFact.QUIET, True),
    (r"\bno\s+(accessible|disabled)?\s*(toilets?|loos?|wc)\b", AccessFact.TOILET, False),
    (
        r"\b(accessible|disabled|wheelchair)\s+(toilets?|loos?|wc|bathroom)\b",
        AccessFact.TOILET,
        True,
    ),
)  # fmt: skip
# Members' needs: any mention of the fact is a need.
_NEED_PATTERNS: tuple[tuple[str, AccessFact], ...] = (
    (
        r"\b(step[\s-]*free|no\s+(steps?|stairs)|steps?|stairs|wheelchair|walking\s+frame"
        r"|walker|zimmer|mobility\s+scooter|level\s+access|ramps?|lift)\b",
        AccessFact.STEP_FREE,
    ),
    (r"\b(parking|park|car|drives?|blue\s+badge)\b", AccessFact.PARKING),
    (r"\bbus(es)?\b", AccessFact.BUS),
    (r"\b(quiet|noise|noisy|hearing|loud)\b", AccessFact.QUIET),
    (r"\b(toilets?|loos?|wc|bathroom)\b", AccessFact.TOILET),
)
_SPLIT = re.compile(r"[,;.\n()]+|\s+(?:and|but|also|plus)\s+|\s*&\s*", re.IGNORECASE)


@dataclass(frozen=True)
class AccessPiece:
    """A stretch of the words (as typed) and the facts read from it: for a venue, each
    fact with whether it holds; for a member, the facts needed (all True)."""

    text: str
    facts: tuple[tuple[AccessFact, bool], ...] = ()

    @property
    def understood(self) -> bool:
        return bool(self.facts)


@dataclass(frozen=True)
class AccessReading:
    """Notes or needs as written and as read."""

    text: str
    pieces: tuple[AccessPiece, ...] = ()

    def facts(self) -> dict[AccessFact, bool]:
        """Each fact the words settle: True (has it / needs it) or False (lacks it)."""
        found: dict[AccessFact, bool] = {}
        for piece in self.pieces:
            for fact, holds in piece.facts:
                found.setdefault(fact, holds)
        return found

    def words_for(self, fact: AccessFact) -> str:
        """The words a fact was read from."""
        return next((p.text for p in self.pieces if any(f is fact for f, _ in p.facts)), "")

    @property
    def not_understood(self) -> tuple[str, ...]:
        return tuple(p.text for p in self.pieces if not p.understood)

    def summary(self, *, needs: bool) -> str:
        """ "✓ needs step-free · ? 'a chair with arms' not understood"."""
        items: list[str] = []
        for piece in self.pieces:
            if not piece.understood:
                items.append(f"? '{piece.text}' not understood")
                continue
            for fact, holds in piece.facts:
                word = FACT_WORDS[fact]
                if needs:
                    items.append(f"✓ needs {word}")
                else:
                    items.append(f"✓ {word}" if holds else f"✓ not {word}")
        return " · ".join(items) if items else "nothing given"


def _pieces(text: str) -> list[str]:
    if not isinstance(text, str):
        return []
    return [" ".join(part.split()) for part in _SPLIT.split(text) if part and part.strip()]


def read_venue_access(notes: str) -> AccessReading:
    """What a venue's access notes say it has and lacks; never raises."""
    pieces: list[AccessPiece] = []
    for piece in _pieces(notes):
        decided: dict[AccessFact, bool] = {}
        for pattern, fact, holds in _VENUE_PATTERNS:
            if fact not in decided and re.search(pattern, piece, re.IGNORECASE):
                decided[fact] = holds
        pieces.append(AccessPiece(piece, tuple(decided.items())))
    return AccessReading(notes if isinstance(notes, str) else "", tuple(pieces))


def read_access_needs(needs: str) -> AccessReading:
    """What a member's access needs say they need; never raises."""
    pieces: list[AccessPiece] = []
    for piece in _pieces(needs):
        found = tuple(
            (fact, True) for pattern, fact in _NEED_PATTERNS if re.search(pattern, piece, re.I)
        )
        pieces.append(AccessPiece(piece, found))
    return AccessReading(needs if isinstance(needs, str) else "", tuple(pieces))


@dataclass(frozen=True)
class AccessMatch:
    """How a venue suits one member: needs it lacks (cannot come) and needs its notes
    do not mention (to check), each in words."""

    lacking: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()


def match_access(needs: AccessReading, venue_name: str, venue: AccessReading) -> AccessMatch:
    """Match a member's needs against a venue's notes; reasons quote both."""
    has = venue.facts()
    lacking: list[str] = []
    unknown: list[str] = []
    for fact in needs.facts():
        word = FACT_WORDS[fact]
        said = needs.words_for(fact)
        if has.get(fact) is True:
            continue
        if has.get(fact) is False:
            lacking.append(f"'{said}' ({venue_name}: '{venue.words_for(fact)}')")
        else:
            unknown.append(f"'{said}' ({venue_name}'s access notes do not say {word})")
    return AccessMatch(tuple(lacking), tuple(unknown))

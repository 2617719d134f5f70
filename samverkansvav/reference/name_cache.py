"""Party names resolved once per distinct text, for reading large registers.

:class:`NameCache` wraps :class:`~samverkansvav.reference.names.PartyResolver`:
each distinct text is resolved once, a text that is literally a party id skips the
resolver, and :meth:`NameCache.names_party` tells in one dictionary lookup whether
a member name is exactly its party's own, unambiguous name (the usual row of a long
register), so the resolver is asked only about the rest.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import compress
from operator import eq, itemgetter
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from samverkansvav.reference.names import (
    NAME_SEPARATORS,
    PartyResolver,
    Resolution,
    all_aliases,
    split_party_list,
)
from samverkansvav.reference.parties import WHITE_SPACE, load_parties

__all__ = ["NameCache", "coarse_keys", "default_parties_and_resolver"]


@lru_cache(maxsize=1)
def default_parties_and_resolver() -> tuple[pd.DataFrame, PartyResolver]:
    """The default parties table and its resolver, built once per process."""
    parties = load_parties()
    return parties, PartyResolver(parties)


_PLAIN_ID = re.compile(r"[0-9A-Za-z_]+")


class NameCache:
    """PartyResolver with a cache: each distinct text is resolved once.

    The resolver itself (which normalises every party name) is built only when a
    text needs it: a text that is literally a party id (ASCII letters, digits, ``_``)
    resolves the way :class:`PartyResolver` would resolve it, straight from the ids.
    """

    def __init__(self, parties: pd.DataFrame | None) -> None:
        self._resolver: Any = None
        if parties is None:
            self.parties, self._resolver = default_parties_and_resolver()
        else:
            self.parties = parties
        ids = _texts(self.parties["id"])
        self._names: dict[str, str] = dict(zip(ids, _texts(self.parties["name"])))
        # The resolver's own id rule: the casefolded id, the last such id winning.
        self._ids_casefold: dict[str, str] = dict(zip(map(str.casefold, ids), ids))
        self._learned = False
        self._own_names: dict[str, str] = {}
        self._cache: dict[str, Resolution] = {}
        self._split_cache: dict[str, list[str]] = {}

    @property
    def resolver(self) -> PartyResolver:
        """The full resolver, built on first use."""
        if self._resolver is None:
            self._resolver = PartyResolver(self.parties)
        return self._resolver

    def _plain_id(self, raw: str) -> str | None:
        """The party whose id ``raw`` is, when the resolver could only say the same.

        For ASCII letters/digits the resolver's normalised key is ``raw.lower()`` and an
        id hit is the first thing it tries, so the answer is identical.
        """
        # For ASCII text isalnum() is [0-9A-Za-z]+: the regex is needed only for "_".
        if raw.isascii() and (raw.isalnum() or _PLAIN_ID.fullmatch(raw)):
            return self._ids_casefold.get(raw.lower())
        return None

    def plain_party(self, text: str) -> str | None:
        """The party :meth:`resolve` finds when ``text`` (stripped, short digits padded
        to four) is literally a party id; ``None`` otherwise (``resolve`` may still
        find one). Cheaper than :meth:`resolve`: no :class:`Resolution` is built."""
        raw = text.strip()
        if raw.isdigit() and len(raw) < 4:
            raw = raw.zfill(4)
        return self._plain_id(raw)

    def plain_parties(self, texts: list[str]) -> list[str | None]:
        """:meth:`plain_party` of each text (``None`` for an empty text)."""
        ids_casefold = self._ids_casefold.get
        raws = list(map(str.strip, texts))
        joined = "".join(raws)
        # Usually every text is an id-like word of four or more ASCII letters and
        # digits: then each is looked up as it is, without the checks below.
        if raws and joined.isascii() and joined.isalnum() and min(map(len, raws)) >= 4:
            # When no two ids differ only in case, a text that is exactly an id finds
            # that id: then the texts, all written as ids (the usual register), are
            # the answer without lower-casing and looking each up.
            if len(self._ids_casefold) == len(self._names) and all(map(self._names.__contains__, raws)):
                return raws
            return list(map(ids_casefold, map(str.lower, raws)))
        found: list[str | None] = []
        for text in texts:
            raw = text.strip()
            if raw.isdigit() and len(raw) < 4:
                raw = raw.zfill(4)
            # As _plain_id: ASCII letters and digits, or with "_" (the regex).
            if raw and raw.isascii() and (raw.isalnum() or _PLAIN_ID.fullmatch(raw)):
                found.append(ids_casefold(raw.lower()))
            else:
                found.append(None)
        return found

    def resolve(self, text: str) -> Resolution:
        """:meth:`PartyResolver.resolve` of ``text`` (stripped; one to three digits are a
        kommunkod without its leading zeros), remembered per text."""
        hit = self._cache.get(text)
        if hit is None:
            raw = text.strip()
            if raw.isdigit() and len(raw) < 4:
                raw = raw.zfill(4)
            pid = self._plain_id(raw)
            hit = Resolution(pid, (), True) if pid is not None else self.resolver.resolve(raw)
            self._cache[text] = hit
        return hit

    def learn_names(self) -> None:
        """Prepare :meth:`names_party` and :meth:`names_parties` for member names.

        The shortcut decides only names equal to their party's own name, so what it
        needs comes from the parties table alone (once): the member names themselves
        need no preparation of their own.
        """
        if not self._learned:
            self._own_names = self._deciding_own_names()
            self._learned = True

    def _deciding_own_names(self) -> dict[str, str]:
        """Party id → its own name, for the parties whose own name alone decides
        :meth:`names_party` (``{}`` = no shortcut).

        The shortcut needs plain ASCII ids (so a name can be told apart from an id by
        its coarse key) and the resolver's alias table. A name decides when its coarse
        key is shared with no other party name or alias and with no id, is no number,
        and the name does not start with a digit.
        """
        ids = list(self._names)
        # Every id matches [0-9A-Za-z_]+ exactly when none is empty and their
        # concatenation matches it: one regex call instead of one per id.
        if ids and not (all(ids) and _PLAIN_ID.fullmatch("".join(ids))):
            return {}
        names = list(self._names.values())
        aliases = [alias for pid, known in all_aliases().items() if pid in self._names for alias in known]
        keys = coarse_keys(names + aliases)
        # The ids' own keys (each once) join the names' and aliases' keys: a name's key
        # is then duplicated exactly when another name or alias shares it or it is an id.
        shared = _shared(keys + list(self._ids_casefold))
        own_keys = keys[: len(ids)]
        decides = ~shared[: len(ids)]
        for excluded in (map(str.isdigit, own_keys), map(str.isdigit, map(itemgetter(slice(0, 1)), names))):
            decides &= ~np.fromiter(excluded, dtype=bool, count=len(ids))
        if decides.all():
            # Every name decides alone (the usual parties table): the table is the answer.
            return dict(self._names)
        return dict(compress(zip(ids, names), decides.tolist()))

    def names_party(self, name: str, party_id: str) -> bool:
        """True when the resolver would resolve ``name`` to exactly ``party_id``.

        Holds for the party's own display name when no other party name or alias
        could normalise to the same key (the coarse key keeps only word characters,
        casefolded, so equal normalised names always share it), the name is not read
        as an id (ids are plain ASCII, so an id key would equal its coarse key) and it
        does not start with a code ("180 Stockholm"): the parties whose own name
        passes these tests are noted once by :meth:`learn_names`, which must be called
        first.
        """
        own = self._own_names.get(party_id)
        return own is not None and own == name

    def names_parties(self, names: list[str], party_ids: list[str | None]) -> list[bool]:
        """:meth:`names_party` for many pairs at once (``False`` where the id is ``None``).

        A name equal to its party's own display name has that name's coarse key, so the
        answer is whether the party's name is one that decides alone (noted once per
        party by :meth:`learn_names`) and the name is that name.
        """
        if not self._own_names:
            return [False] * len(names)
        if None in names:
            own = self._own_names.get
            return [pid is not None and own(pid) == name for name, pid in zip(names, party_ids)]
        # A missing id (None) has no own name, and None never equals a text.
        return list(map(eq, map(self._own_names.get, party_ids), names))

    def split(self, text: str) -> list[str]:
        """:func:`split_party_list` of a members cell, remembered per text."""
        hit = self._split_cache.get(text)
        if hit is None:
            hit = split_party_list(text)
            self._split_cache[text] = hit
        return hit

    def name_of(self, party_id: str) -> str:
        """The party's display name (the id itself when it is not in the table)."""
        return self._names.get(str(party_id), str(party_id))


def _texts(column: pd.Series) -> list[str]:
    """The column's values as texts (``str`` of each)."""
    values = column.tolist()
    # A column of texts only (the usual case) needs no conversion.
    if infer_dtype(column, skipna=False) == "string":
        return values
    return list(map(str, values))


def _shared(keys: list[str]) -> np.ndarray:
    """True where a key occurs more than once in ``keys``.

    Examples
    --------
    >>> _shared(["a", "b", "a"]).tolist(), _shared(["a", "b"]).tolist()
    ([True, False, True], [False, False])
    """
    # Usually every key is unique, which one set tells faster than marking duplicates.
    if len(set(keys)) == len(keys):
        return np.zeros(len(keys), dtype=bool)
    return pd.Series(keys, dtype=object).duplicated(keep=False).to_numpy()


@lru_cache(maxsize=1)
def _coarse_drop() -> dict[int, None]:
    """Characters the coarse key drops, as a ``str.translate`` table: all whitespace
    (what ``\\s`` matches), the dashes and spaces the resolver turns into blanks and
    the punctuation it strips."""
    chars = set(WHITE_SPACE)
    chars |= set(NAME_SEPARATORS)
    chars |= set(" .,;:'\"`´’”“")
    return dict.fromkeys(map(ord, chars))


def coarse_keys(texts: list[str]) -> list[str]:
    """NFC, casefolded, without the characters of :func:`_coarse_drop`.

    Whenever the resolver's normalised keys of two texts are equal, so are their
    coarse keys: normalising only turns dropped characters into blanks, strips
    dropped characters and squeezes whitespace. An id-like key (ASCII letters,
    digits, ``_``) equals its own coarse key.

    Examples
    --------
    >>> coarse_keys(["Upplands-Väsby ", "upplands väsby", "Å.", "A\u2013B"])
    ['upplandsväsby', 'upplandsväsby', 'å', 'ab']
    """
    # Deleting characters one by one (translate) is what the pattern "[...]+" → "" did, faster.
    drop = _coarse_drop()
    joined = "\x00".join(texts)
    # Only the separators may be NUL (the joined text always holds those).
    if len(texts) > 1 and joined.count("\x00") == len(texts) - 1:
        return _joined_coarse_keys(joined, drop)
    return [(t if t.isascii() else unicodedata.normalize("NFC", t)).casefold().translate(drop) for t in texts]


def _joined_coarse_keys(joined: str, drop: dict[int, None]) -> list[str]:
    """The coarse keys of texts joined by NUL (none of which holds one).

    NUL is a starter that composes with nothing and is not dropped, so NFC, casefold
    and translate of the joined text, split at NUL, equal the same steps on each
    text (NFC leaves ASCII text as it is).

    Usually only a few of the dropped characters occur (a blank, a hyphen): each is
    deleted by its own ``str.replace``, which, unlike ``str.translate``, stays fast on
    text that is not ASCII. Deleting single characters one after another leaves what
    deleting them all at once leaves.
    """
    folded = unicodedata.normalize("NFC", joined).casefold()
    for char in map(chr, drop):
        if char in folded:
            folded = folded.replace(char, "")
    return folded.split("\x00")

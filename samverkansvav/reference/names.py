"""Resolve party names and codes as register authors write them.

A register says "Malung-Sälens kommun", "Malung-Sälen", "malung salen", "2023"
or "MALUNG-SÄLEN" for the same municipality; prose lists read "Bjurholms,
Nordmalings, Robertsfors, Vindeln och Vännäs kommuner". The rules, in order:

1. An id or code: "2023", "180" (a kommunkod whose leading zero a spreadsheet
   dropped → "0180"), "0180 Stockholm" (code then name; the name must not point
   at another party).
2. An accent-sensitive match on the name (case, hyphen/space and white space
   ignored), then with the suffix "kommun(s)", "kommuner", "stad(s)" removed,
   then without a genitive -s. The full name is always tried before an -s is
   removed, so "Borås", "Hofors" and "Vännäs" stay themselves.
3. Only when nothing matched exactly: the same with å/ä/ö folded to a/o. When
   the folded form belongs to two parties ("Habo" and "Håbo") nothing is chosen
   and both are suggested.
4. Otherwise the name is unresolved and the closest names are suggested; a
   misspelling is never guessed silently.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "Resolution",
    "PartyResolver",
    "normalize_name",
    "fold_accents",
    "split_party_list",
    "is_collective_term",
    "COLLECTIVE_TERMS",
    "NAME_SEPARATORS",
    "aliases_of",
    "all_aliases",
]

# Aliases that suffix/genitive rules cannot derive. Keys are party ids of the
# default table; an alias is only used when its id exists in the table given.
_ALIASES: dict[str, tuple[str, ...]] = {
    # Official name "Falu kommun": an irregular genitive of Falun.
    "2080": ("Falu",),
    # Gotland: the municipality is "Region Gotland" and does a region's tasks.
    "0980": ("Region Gotland",),
    "R01": ("Stockholms läns landsting", "Landstinget i Stockholms län", "SLL"),
    "R03": ("Landstinget i Uppsala län",),
    "R04": ("Region Södermanland", "Landstinget Sörmland"),
    "R05": ("Landstinget i Östergötland",),
    "R06": ("Region Jönköping", "Landstinget i Jönköpings län"),
    "R07": ("Landstinget Kronoberg",),
    "R08": ("Region Kalmar", "Landstinget i Kalmar län"),
    "R10": ("Landstinget Blekinge",),
    "R13": ("Landstinget Halland",),
    "R14": ("Region Västra Götaland", "VGR", "Västra Götalands regionen"),
    "R17": ("Landstinget i Värmland",),
    "R18": ("Region Örebro",),
    "R19": ("Landstinget Västmanland",),
    "R20": ("Landstinget Dalarna",),
    "R21": ("Landstinget Gävleborg",),
    "R22": ("Landstinget Västernorrland",),
    "R23": ("Region Jämtland", "Jämtlands läns landsting"),
    "R24": ("Västerbottens läns landsting",),
    "R25": ("Norrbottens läns landsting",),
}

# Longest first, so "kommuner" is removed before "kommun" could leave "er".
_SUFFIXES: tuple[str, ...] = (
    "kommunerna",
    "kommuner",
    "kommuns",
    "kommun",
    "stads",
    "stad",
)

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_SPACES = "\u00a0\u2007\u202f\u2009\u200b\t"
#: The characters name normalisation reads as a dash or a space between words.
NAME_SEPARATORS = _DASHES + _SPACES


def aliases_of(party_id: str) -> tuple[str, ...]:
    """The other names of a default party that suffix and genitive rules cannot derive.

    >>> aliases_of("2080")
    ('Falu',)
    """
    return _ALIASES.get(party_id, ())


def all_aliases() -> dict[str, tuple[str, ...]]:
    """Every default party's other names (see :func:`aliases_of`), by party id."""
    return dict(_ALIASES)


def normalize_name(text: str) -> str:
    """Case-, space- and hyphen-insensitive key; accents are kept.

    Examples
    --------
    >>> normalize_name("  MALUNG-SÄLEN\\u00a0")
    'malung sälen'
    >>> normalize_name("Upplands-Väsby") == normalize_name("Upplands Väsby")
    True
    """
    text = unicodedata.normalize("NFC", str(text))
    for char in _SPACES:
        text = text.replace(char, " ")
    for char in _DASHES:
        text = text.replace(char, " ")
    text = text.casefold().strip(" .,;:'\"`´’”“")
    return re.sub(r"\s+", " ", text).strip()


def fold_accents(text: str) -> str:
    """Drop diacritics (å→a, ä→a, ö→o, é→e); used only when no exact match exists.

    Examples
    --------
    >>> fold_accents("malung sälen")
    'malung salen'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Resolution:
    """Outcome of :meth:`PartyResolver.resolve`.

    ``party_id`` is ``None`` when unresolved; ``suggestions`` are display names of
    the closest parties when unresolved, or the chosen party when it was found
    only after folding accents (``exact`` is then ``False``).
    """

    party_id: str | None
    suggestions: tuple[str, ...] = ()
    exact: bool = False

    @property
    def ok(self) -> bool:
        """True when a party was chosen."""
        return self.party_id is not None


def _candidates(key: str) -> list[str]:
    """Name forms to try, most literal first (the full text before any -s is dropped)."""
    forms = [key]
    base = key
    for suffix in _SUFFIXES:
        if key.endswith(" " + suffix):
            base = key[: -len(suffix) - 1].strip()
            forms.append(base)
            break
    # Genitive -s ("Bjurholms", "Göteborgs stad"); names ending in -s/-x/-z take
    # none, but those were tried in full above.
    if len(base) > 2 and base.endswith("s"):
        forms.append(base[:-1])
    return list(dict.fromkeys(f for f in forms if f))


class PartyResolver:
    """Resolve names and codes against a parties table.

    Parameters
    ----------
    parties
        A table with at least ``id`` and ``name`` (e.g. :func:`load_parties`).

    Examples
    --------
    >>> from samverkansvav.reference import load_parties
    >>> resolver = PartyResolver(load_parties())
    >>> resolver.resolve("Malung-Sälens kommun").party_id
    '2023'
    >>> resolver.resolve("180").party_id
    '0180'
    >>> resolver.resolve("Nordmalling")
    Resolution(party_id=None, suggestions=('Nordmaling',), exact=False)
    """

    def __init__(self, parties: pd.DataFrame) -> None:
        ids = [str(pid) for pid in parties["id"]]
        names = [str(name) for name in parties["name"]]
        self._names: dict[str, str] = dict(zip(ids, names))
        self._ids_casefold: dict[str, str] = {pid.casefold(): pid for pid in ids}
        # Lengths of all-digit ids, so "180" can be padded to the table's code width.
        self._code_widths = sorted({len(pid) for pid in ids if pid.isdigit()})
        exact: dict[str, set[str]] = {}
        for pid, name in zip(ids, names):
            keys = {normalize_name(name)}
            keys.update(normalize_name(alias) for alias in _ALIASES.get(pid, ()))
            for key in keys:
                if key:
                    exact.setdefault(key, set()).add(pid)
        self._exact = exact
        folded: dict[str, set[str]] = {}
        for key, pids in exact.items():
            folded.setdefault(fold_accents(key), set()).update(pids)
        self._folded = folded
        self._cache: dict[str, Resolution] = {}
        # "Dalarnas län" names an area, not a party: it is never resolved, but the
        # region of that län (or Region Gotland) is suggested.
        self._lan_hint: dict[str, list[str]] = {}
        if {"kind", "lan_name"} <= set(parties.columns):
            for pid, kind, lan_name in zip(ids, parties["kind"], parties["lan_name"]):
                if kind == "region" and isinstance(lan_name, str):
                    lan = fold_accents(normalize_name(lan_name))
                    self._lan_hint.setdefault(lan, []).append(pid)
            for pid, alias_list in _ALIASES.items():
                if pid in self._names and any(a.startswith("Region ") for a in alias_list):
                    lan = fold_accents(normalize_name(alias_list[0].removeprefix("Region ")))
                    self._lan_hint.setdefault(lan, [])
                    if pid not in self._lan_hint[lan]:
                        self._lan_hint[lan].append(pid)

    # ------------------------------------------------------------- public
    def name_of(self, party_id: str) -> str:
        """Display name of ``party_id`` (the id itself when unknown).

        Examples
        --------
        >>> from samverkansvav.reference import load_parties
        >>> PartyResolver(load_parties()).name_of("R20")
        'Region Dalarna'
        """
        return self._names.get(str(party_id), str(party_id))

    def resolve(self, text: object) -> Resolution:
        """Resolve one name or code (see the module docstring for the rules)."""
        if text is None or (isinstance(text, float) and text != text):
            return Resolution(None, (), False)
        raw = str(text)
        # Registers repeat the same few names many times; suggestions are costly.
        cached = self._cache.get(raw)
        if cached is None:
            cached = self._cache[raw] = self._resolve(raw)
        return cached

    def _resolve(self, raw: str) -> Resolution:
        key = normalize_name(raw)
        if not key:
            return Resolution(None, (), False)

        by_id = self._by_id(key)
        if by_id is not None:
            return Resolution(by_id, (), True)
        coded = re.fullmatch(r"(\d{1,6})(?:\s*[:–-]\s*|\s+)(\D.*)", unicodedata.normalize("NFC", raw).strip())
        if coded:
            code_id = self._by_id(coded.group(1))
            if code_id is not None:
                named = self._by_name(normalize_name(coded.group(2)))
                if named.party_id is None or named.party_id == code_id:
                    return Resolution(code_id, (), True)
                # Code and name point at different parties: refuse to choose.
                both = (self.name_of(code_id), self.name_of(named.party_id))
                return Resolution(None, both, False)

        result = self._by_name(key)
        if result.party_id is None and "(" in key:
            # "Vara (fr.o.m. 2023)": the note is not part of the name.
            bare = normalize_name(re.sub(r"\([^)]*\)?", " ", key))
            if bare:
                result = self._by_name(bare)
        return result

    def named_in(self, text: object, party_ids: Iterable[str], *, with_suffix: bool = False) -> list[str]:
        """Parties among ``party_ids`` whose name occurs as whole words in ``text``.

        For prose such as "Skellefteå kommun ansvarar" or a banner "Avtalsregister
        2024 – Vännäs kommun". Every run of up to four words is compared exactly
        (case, hyphens and a genitive -s / "kommun" suffix ignored, accents kept)
        with the names and aliases of the given parties only, so nothing outside
        them is ever suggested. ``with_suffix`` accepts only runs that end in
        "kommun"/"stad" or have two or more words ("Region Gotland"), for texts
        where a bare one-word name may be an ordinary word ("Vara", "Mark").

        Examples
        --------
        >>> from samverkansvav.reference import load_parties
        >>> resolver = PartyResolver(load_parties())
        >>> resolver.named_in("Skellefteå kommun ansvarar", ["2482", "2418", "2418"])
        ['2482']
        >>> resolver.named_in("Avtal om vara och tjänst, Vännäs kommun", ["2460", "1442"], with_suffix=True)
        ['2460']
        """
        wanted = {str(pid) for pid in party_ids}
        keys: dict[str, set[str]] = {}
        for pid in wanted:
            if pid not in self._names:
                continue
            for name in (self._names[pid], *_ALIASES.get(pid, ())):
                keys.setdefault(normalize_name(name), set()).add(pid)
        words = re.findall(r"[^\W_]+", normalize_name(_strip_parentheses(str(text or ""))))
        found: list[str] = []
        for start in range(len(words)):
            for end in range(start + 1, min(start + 4, len(words)) + 1):
                run = words[start:end]
                if with_suffix and run[-1] not in _SUFFIXES and len(run) < 2:
                    continue
                if with_suffix and run[-1] not in _SUFFIXES and _candidates(" ".join(run))[0] not in keys:
                    continue  # a run without suffix must be a whole multi-word name
                for form in _candidates(" ".join(run)):
                    for pid in sorted(keys.get(form, ())):
                        if pid not in found:
                            found.append(pid)
        return found

    def resolve_many(self, texts: Iterable[object]) -> list[Resolution]:
        """:meth:`resolve` for each text."""
        return [self.resolve(text) for text in texts]

    # ------------------------------------------------------------ helpers
    def _by_id(self, key: str) -> str | None:
        hit = self._ids_casefold.get(key.casefold())
        if hit is not None:
            return hit
        if key.isdigit():
            for width in self._code_widths:
                if len(key) < width:
                    hit = self._ids_casefold.get(key.zfill(width))
                    if hit is not None:
                        return hit
        return None

    def _by_name(self, key: str) -> Resolution:
        forms = _candidates(key)
        for form in forms:
            pids = self._exact.get(form)
            if pids:
                if len(pids) == 1:
                    return Resolution(next(iter(pids)), (), True)
                return Resolution(None, self._display(pids), False)
        for form in forms:
            pids = self._folded.get(fold_accents(form))
            if pids:
                if len(pids) == 1:
                    pid = next(iter(pids))
                    return Resolution(pid, (self.name_of(pid),), False)
                # "Habo" vs "Håbo": folding cannot tell them apart.
                return Resolution(None, self._display(pids), False)
        area = re.fullmatch(r"(.+?)s? län", key)
        if area:
            hint = self._lan_hint.get(fold_accents(area.group(1)), [])
            if hint:
                return Resolution(None, self._display(hint), False)
        return Resolution(None, self._closest(forms), False)

    def _display(self, pids: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(self.name_of(pid) for pid in pids))

    def _closest(self, forms: list[str], *, limit: int = 3, cutoff: float = 0.72) -> tuple[str, ...]:
        scores: dict[str, float] = {}
        forms = list(forms)
        head, _, last = forms[0].rpartition(" ")
        if head and any(difflib.SequenceMatcher(None, last, s).ratio() >= 0.8 for s in _SUFFIXES):
            # A misspelt suffix ("kommunn") should not hide the name in front of it.
            forms.extend(_candidates(head))
        folded_forms = [fold_accents(form) for form in forms]
        for key, pids in self._folded.items():
            best = max(difflib.SequenceMatcher(None, form, key).ratio() for form in folded_forms)
            if best >= cutoff:
                for pid in pids:
                    scores[pid] = max(scores.get(pid, 0.0), best)
        ranked = sorted(scores, key=lambda pid: (-scores[pid], self.name_of(pid)))
        return tuple(dict.fromkeys(self.name_of(pid) for pid in ranked))[:limit]


# ------------------------------------------------------------ list splitting
_SEPARATORS = re.compile(
    r"[,;/&|\n\r\u2022\u00b7]+"  # punctuation and bullets between items
    r"|(?<![-\u2010\u2011])\s+(?:och|samt|and)\s+",  # "A och B", but not "Bygg- och miljö"
    flags=re.IGNORECASE,
)
_LEADING = re.compile(
    r"^(?:[-*\u2013\u2014\u2022\u00b7>]+\s*|\(?\d{1,2}[.)]\s+|\(?[a-z][)]\s+)+", re.IGNORECASE
)
_LEADING_WORDS = re.compile(r"^(?:och|samt|and|kommunerna|kommuner)\s+", re.IGNORECASE)
_TRAILING_PLURAL = re.compile(r"\s+(?:kommunerna|kommuner|städer)$", re.IGNORECASE)


#: Collective terms for a set of parties ("länets kommuner", "samtliga kommuner i
#: länet", "alla kommuner i Västerbottens län"). They name no party, so a list
#: keeps each as one item, and the importer asks for the members by name instead
#: of resolving a fragment of it ("länets"). Case-insensitive regular expressions.
COLLECTIVE_TERMS: tuple[str, ...] = (
    # "länets kommuner", "samtliga länets kommuner", "regionens övriga kommuner"
    r"(?:(?:samtliga|alla|övriga)\s+)?(?:länets|länens|regionens)\s+(?:samtliga\s+|alla\s+|övriga\s+)?"
    r"(?:medlems)?kommuner(?:na)?",
    # "samtliga kommuner i länet", "alla kommuner i Västerbottens län", "övriga kommuner"
    r"(?:samtliga|alla|övriga)\s+(?:medlems)?kommuner(?:na)?"
    r"(?:\s+i\s+(?:länet|regionen|[^\W\d_]+(?:\s+[^\W\d_]+){0,2}?\s+län))?",
    # "kommunerna i länet", "kommunerna i Västerbottens län"
    r"kommunerna\s+i\s+(?:länet|regionen|[^\W\d_]+(?:\s+[^\W\d_]+){0,2}?\s+län)",
)
# Word-bounded: "Uddevalla kommuner" ends in "alla kommuner" but names one municipality.
_COLLECTIVE = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in COLLECTIVE_TERMS) + r")\b", re.IGNORECASE)
# Private-use characters: a placeholder no register text contains and no rule strips.
_HOLD_OPEN, _HOLD_CLOSE = "\ue000", "\ue001"


def is_collective_term(text: object) -> bool:
    """True when ``text`` is, or contains, a collective term such as "länets kommuner".

    Examples
    --------
    >>> [is_collective_term(t) for t in ("länets kommuner", "Samtliga kommuner i länet",
    ...                                  "alla kommuner i Västerbottens län", "Vännäs kommun")]
    [True, True, True, False]
    """
    if text is None:
        return False
    return _is_collective(str(text))


@functools.lru_cache(maxsize=8192)
def _is_collective(text: str) -> bool:
    # Member cells repeat the same few texts: each is checked once.
    if "ommun" not in text.casefold():
        return False  # every collective term says "kommuner"/"kommunerna"
    value = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip(" .,;:")
    return _COLLECTIVE.search(value) is not None


def _hold_collective(text: str) -> tuple[str, list[str]]:
    """Replace collective terms by placeholders so that splitting leaves them whole."""
    held: list[str] = []

    def hold(match: re.Match) -> str:
        held.append(re.sub(r"\s+", " ", match.group(0)))
        return f"{_HOLD_OPEN}{len(held) - 1}{_HOLD_CLOSE}"

    return _COLLECTIVE.sub(hold, text), held


def _release(part: str, held: list[str]) -> str:
    return re.sub(f"{_HOLD_OPEN}(\\d+){_HOLD_CLOSE}", lambda m: held[int(m.group(1))], part)


_PARENTHESES = re.compile(r"\([^()]*\)")
_BRACKETS = re.compile(r"\[[^\[\]]*\]")
_LINE_BREAKS = re.compile(r"[\r\n]+")


def _strip_parentheses(text: str) -> str:
    if "(" not in text and "[" not in text:
        return text  # the usual member cell: nothing to strip
    # Repeated so nested notes "(se (bilaga))" also go.
    previous = None
    while previous != text:
        previous = text
        text = _PARENTHESES.sub(" ", text)
        text = _BRACKETS.sub(" ", text)
    return text


def split_party_list(text: object) -> list[str]:
    """Split a member cell or a prose list into party names as written.

    Separators are ``,`` ``;`` ``/`` ``&`` ``|``, new lines, bullets and the words
    "och", "samt" (not after a hyphen: "Bygg- och miljönämnden" stays whole).
    Parenthesised notes, bullets and numbering are removed, and a shared trailing
    "kommuner" is dropped so each name resolves on its own. Collective terms
    ("länets kommuner", see :data:`COLLECTIVE_TERMS`) stay one item. Hyphenated names
    ("Malung-Sälen", "Dals-Ed") are never split. Genitive forms are kept as
    written ("Bjurholms"); :class:`PartyResolver` handles them.

    Examples
    --------
    >>> split_party_list("Bjurholms, Nordmalings, Robertsfors, Vindeln och Vännäs kommuner")
    ['Bjurholms', 'Nordmalings', 'Robertsfors', 'Vindeln', 'Vännäs']
    >>> split_party_list("Malung-Sälen; Dals-Ed / Vara (fr.o.m. 2023)")
    ['Malung-Sälen', 'Dals-Ed', 'Vara']
    >>> split_party_list("Region Västerbotten och länets kommuner")
    ['Region Västerbotten', 'länets kommuner']
    """
    if text is None or (isinstance(text, float) and text != text):
        return []
    value = unicodedata.normalize("NFC", str(text))
    for char in _SPACES:
        value = value.replace(char, " ")
    value = _strip_parentheses(value)
    value, held = _hold_collective(value) if "ommun" in value.casefold() else (value, [])
    items: list[str] = []
    lines = _LINE_BREAKS.split(value) if ("\n" in value or "\r" in value) else (value,)
    for line in lines:
        line = _LEADING.sub("", line.strip())
        for part in _SEPARATORS.split(line):
            part = part.strip(" \t.:'\"”“’")
            part = _LEADING.sub("", part).strip()
            part = _LEADING_WORDS.sub("", part).strip()
            part = _TRAILING_PLURAL.sub("", part).strip()
            # \s+ → one space; the part is stripped, so splitting on whitespace is the same
            part = " ".join(part.split())
            if held:
                part = _release(part, held)
            if part and part.casefold() not in {"och", "samt", "and"}:
                items.append(part)
    return items

"""Shared, private preparation of the membership table for the analysis modules.

Everything here works on integer codes so that the per-municipality metrics and
the network functions can use numpy / scipy.sparse instead of Python loops. No
networkx or scipy import at module level: the metrics CLI imports this module.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from samverkansvav.model import CooperationWeb

__all__ = [
    "Incidence",
    "prepare",
    "is_known",
    "member_set_keys",
    "partner_counts",
    "run_starts",
    "sorted_codes",
]


def is_known(values: pd.Series) -> pd.Series:
    """True where a text value is present (not None/NaN and not blank)."""
    present = values.notna()
    cells = values.to_numpy(dtype=object)
    known = present.to_numpy(dtype=bool).copy()
    where = np.flatnonzero(known)
    if len(where):
        subset = cells[where].tolist()
        if set(map(type, subset)) <= {str}:
            # Text cells (the usual case): str.strip mapped in C, no Python lambda.
            stripped = map(str.strip, subset)
        else:
            stripped = (str(v).strip() for v in subset)
        blank = np.fromiter(map(operator.not_, stripped), dtype=bool, count=len(subset))
        known[where[blank]] = False
    return pd.Series(known, index=values.index, name=values.name)


def run_starts(values: np.ndarray) -> np.ndarray:
    """True where a sorted (or grouped) array's value differs from the one before:
    the first element of each run of equal values (empty for an empty array).

    >>> run_starts(np.array([4, 4, 7, 7, 7, 9])).tolist()
    [True, False, True, False, False, True]
    >>> run_starts(np.array([], dtype=np.int64)).tolist()
    []
    """
    if len(values) == 0:
        return np.zeros(0, dtype=bool)
    return np.concatenate(([True], values[1:] != values[:-1]))


def sorted_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values, sort=True)`` (codes, sorted distinct values), sorted faster.

    pandas sorts the distinct values of an object column by comparing Python
    objects one pair at a time; text ids are sorted here as a fixed-width numpy
    text array instead, which orders by code point exactly as ``str`` does.
    """
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    distinct = uniques.tolist() if isinstance(uniques, np.ndarray) else list(uniques)
    # numpy's text dtype drops trailing NUL characters, so such texts keep pandas' sort.
    if not distinct or (codes < 0).any() or set(map(type, distinct)) != {str} or "\x00" in "".join(distinct):
        return pd.factorize(values, sort=True)
    order = np.argsort(np.array(distinct, dtype=str), kind="stable")
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    return rank[codes], np.asarray(uniques, dtype=object)[order]


@dataclass(frozen=True)
class Incidence:
    """Party × arrangement incidence, as codes.

    ``party_ids[i]`` and ``arrangement_ids[j]`` name row ``i`` / column ``j``;
    ``rows`` / ``cols`` hold one entry per (deduplicated) membership, sorted by
    arrangement then party, so every arrangement's members form one block.
    ``members`` is the membership frame joined with the arrangement facts
    (form, area, host, provider) in the same order.
    """

    party_ids: np.ndarray
    arrangement_ids: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    members: pd.DataFrame

    @property
    def n_parties(self) -> int:
        return len(self.party_ids)

    @property
    def n_arrangements(self) -> int:
        return len(self.arrangement_ids)

    def sizes(self) -> np.ndarray:
        """Number of members of every arrangement (by column code)."""
        return np.bincount(self.cols, minlength=self.n_arrangements)

    def matrix(self, *, weights: np.ndarray | None = None):
        """The sparse incidence matrix B (parties × arrangements), CSR, int32 ones."""
        from scipy import sparse  # lazily: the metrics CLI does not need scipy

        data = np.ones(len(self.rows), dtype=np.int32) if weights is None else weights
        return sparse.csr_matrix((data, (self.rows, self.cols)), shape=(self.n_parties, self.n_arrangements))


def prepare(web: CooperationWeb) -> Incidence:
    """Deduplicated memberships of known arrangements, joined with their facts.

    A party listed twice in one arrangement counts once (the first row wins, so
    its cost is kept); memberships of an arrangement missing from the
    arrangement table are ignored, since nothing is known about them.
    """
    facts = _arrangement_facts(web)
    mem = web.memberships
    members = pd.DataFrame(
        {
            "arrangement_id": mem["arrangement_id"].astype(object).to_numpy(),
            "party_id": mem["party_id"].astype(object).to_numpy(),
            "annual_cost": pd.to_numeric(mem["annual_cost"], errors="coerce").to_numpy(dtype=float),
        }
    )
    fast = _prepare_text_ids(members, facts)
    return fast if fast is not None else _prepare_general(members, facts)


def _arrangement_facts(web: CooperationWeb) -> pd.DataFrame:
    """Form, area, host and provider of every arrangement id (its first row wins)."""
    arr = web.arrangements
    facts = pd.DataFrame(
        {
            "arrangement_id": arr["id"].astype(object).to_numpy(),
            "form": arr["form"].astype(object).to_numpy(),
            "area": arr["area"].astype(object).to_numpy(),
            "host": arr["host"].astype(object).where(is_known(arr["host"]), None).to_numpy(),
        }
    ).drop_duplicates("arrangement_id")
    # provider(a) as the model defines it; blank hosts count as not named.
    providers = web.providers()
    providers = providers[~providers.index.duplicated()]
    provider = facts["arrangement_id"].map(providers.astype(object).where(is_known(providers), None))
    provider = provider.astype(object).where(provider.notna(), None)
    facts["provider"] = provider
    return facts


def _prepare_general(members: pd.DataFrame, facts: pd.DataFrame) -> Incidence:
    """:func:`prepare` for any kind of id, with pandas' own deduplication and join."""
    members = members[is_known(members["party_id"]) & is_known(members["arrangement_id"])]
    members = members.drop_duplicates(["arrangement_id", "party_id"])
    members = members.merge(facts, on="arrangement_id", how="inner", sort=False)
    # Sorted codes give the (arrangement, party) order directly: sorting the
    # integer codes is the same as sorting the texts, and much cheaper.
    rows, party_ids = sorted_codes(members["party_id"])
    cols, arrangement_ids = sorted_codes(members["arrangement_id"])
    order = np.lexsort((rows, cols))
    members = members.take(order).reset_index(drop=True)
    rows, cols = rows[order], cols[order]
    return _incidence(party_ids, arrangement_ids, rows, cols, members)


def _incidence(party_ids, arrangement_ids, rows, cols, members: pd.DataFrame) -> Incidence:
    return Incidence(
        party_ids=np.asarray(party_ids, dtype=object),
        arrangement_ids=np.asarray(arrangement_ids, dtype=object),
        rows=rows.astype(np.int64),
        cols=cols.astype(np.int64),
        members=members,
    )


def _text_ranks(values: np.ndarray) -> np.ndarray | None:
    """The rank of every text in ``values`` (distinct texts) in ``str`` order, or ``None``
    when some value is not plain text (or holds a NUL, which numpy's text dtype drops)."""
    texts = values.tolist()
    if set(map(type, texts)) - {str} or "\x00" in "".join(texts):
        return None
    ranks = np.empty(len(texts), dtype=np.int64)
    ranks[np.argsort(np.array(texts, dtype=str), kind="stable")] = np.arange(len(texts))
    return ranks


def _prepare_text_ids(members: pd.DataFrame, facts: pd.DataFrame) -> Incidence | None:
    """:func:`prepare` when every id is text (the usual case), on integer codes.

    Each id column is hashed once; blank ids, unknown arrangements and repeated
    (arrangement, party) pairs are dropped through their codes, and one stable sort
    of the combined (arrangement rank, party rank) key yields both the row order of
    :func:`_prepare_general` and the first row of every repeated pair. ``None`` when
    an id is not text, so that the general path decides.
    """
    arrangement_codes, arrangements = pd.factorize(members["arrangement_id"].to_numpy(dtype=object))
    party_codes, parties = pd.factorize(members["party_id"].to_numpy(dtype=object))
    arrangements = np.asarray(arrangements, dtype=object)
    parties = np.asarray(parties, dtype=object)
    fact_row = pd.Index(facts["arrangement_id"].to_numpy(dtype=object), dtype=object).get_indexer(
        arrangements
    )
    arrangement_ok = (fact_row >= 0) & _known_texts(arrangements)
    party_ok = _known_texts(parties)
    keep = (arrangement_codes >= 0) & (party_codes >= 0)
    keep[keep] = arrangement_ok[arrangement_codes[keep]] & party_ok[party_codes[keep]]
    positions = np.flatnonzero(keep)
    arrangement_codes, party_codes = arrangement_codes[positions], party_codes[positions]
    # Rank only the ids still in use: the incidence names exactly those.
    arrangement_used = np.flatnonzero(np.bincount(arrangement_codes, minlength=len(arrangements)))
    party_used = np.flatnonzero(np.bincount(party_codes, minlength=len(parties)))
    arrangement_rank = _text_ranks(arrangements[arrangement_used])
    party_rank = _text_ranks(parties[party_used])
    if arrangement_rank is None or party_rank is None:
        return None
    col_of = np.zeros(len(arrangements), dtype=np.int64)
    col_of[arrangement_used] = arrangement_rank
    row_of = np.zeros(len(parties), dtype=np.int64)
    row_of[party_used] = party_rank
    cols, rows = col_of[arrangement_codes], row_of[party_codes]
    key = cols * max(len(party_used), 1) + rows
    order = np.argsort(key, kind="stable")
    key = key[order]
    first = run_starts(key)
    order = order[first]
    chosen = positions[order]
    joined = pd.concat(
        [
            members.take(chosen).reset_index(drop=True),
            facts.drop(columns="arrangement_id")
            .take(fact_row[arrangement_codes[order]])
            .reset_index(drop=True),
        ],
        axis=1,
    )
    arrangement_ids = np.empty(len(arrangement_used), dtype=object)
    arrangement_ids[arrangement_rank] = arrangements[arrangement_used]
    party_ids = np.empty(len(party_used), dtype=object)
    party_ids[party_rank] = parties[party_used]
    return _incidence(party_ids, arrangement_ids, rows[order], cols[order], joined)


def _known_texts(texts: np.ndarray) -> np.ndarray:
    """:func:`is_known` of distinct, non-missing values."""
    return is_known(pd.Series(texts, dtype=object)).to_numpy()


def member_set_keys(inc: Incidence) -> np.ndarray:
    """A code per arrangement column: equal codes ⇔ identical member sets.

    Each party gets two fixed pseudo-random 64-bit numbers; a member set's key is
    the pair of their wrap-around sums (plus its size). Sums do not depend on
    order, and two different sets colliding in 128 bits is not a practical
    concern, so this replaces a slow per-arrangement text key.
    """
    if inc.n_arrangements == 0:
        return np.zeros(0, dtype=np.int64)
    rng = np.random.default_rng(20240630)  # fixed: keys must not change between runs
    salts = rng.integers(0, np.iinfo(np.int64).max, size=(2, inc.n_parties), dtype=np.int64)
    keys = np.zeros((inc.n_arrangements, 3), dtype=np.int64)
    with np.errstate(over="ignore"):
        for k in range(2):
            np.add.at(keys[:, k], inc.cols, salts[k][inc.rows])
    keys[:, 2] = inc.sizes()
    _, codes = np.unique(keys, axis=0, return_inverse=True)
    return codes.astype(np.int64).ravel()


def _distinct_pairs(rows: np.ndarray, cols: np.ndarray, n_rows: int, n_cols: int) -> np.ndarray:
    """Distinct ``a * n_rows + b`` (a < b) over rows sharing a column, in no particular
    order; rows sorted by column.

    Each unordered pair once: ``(b, a)`` is a pair exactly when ``(a, b)`` is, so half
    the keys are kept. Repeats are dropped by hashing, which is cheaper than sorting.
    """
    sizes = np.bincount(cols, minlength=n_cols)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    size_of = sizes[cols]
    # Row i of the (sorted) membership table pairs with every row of its block.
    left = np.repeat(np.arange(len(rows)), size_of)
    offset = np.arange(len(left)) - np.repeat(np.cumsum(size_of) - size_of, size_of)
    right = starts[cols][left] + offset
    a, b = rows[left], rows[right]
    keep = a < b
    return pd.unique(a[keep] * n_rows + b[keep])


def _count_both_ends(pairs: np.ndarray, n: int) -> np.ndarray:
    """Per row, the pairs of :func:`_distinct_pairs` it is an end of."""
    return np.bincount(pairs // n, minlength=n) + np.bincount(pairs % n, minlength=n)


#: Arrangements that become one bit of a per-party mask when the pairs would be many.
_MASK_BITS = 64


def partner_counts(inc: Incidence, *, sparse_above: int = 2_000_000) -> np.ndarray:
    """Distinct co-members of every party (by row code).

    Small webs expand each arrangement into (member, co-member) pairs with numpy.
    When the pairs would exceed ``sparse_above``, the 64 largest arrangements
    (a 1,000-member arrangement alone is a million pairs) become the bits of one
    64-bit mask per party instead: two parties share one of them exactly when
    their masks share a bit. The pairs of the remaining arrangements are counted
    only where the masks share no bit, and the parties reached through the large
    ones are counted once per distinct mask. Exact, numpy only (no scipy import).
    """
    n = inc.n_parties
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    sizes = inc.sizes()
    if int((sizes.astype(np.int64) ** 2).sum()) <= sparse_above:
        distinct = _distinct_pairs(inc.rows, inc.cols, n, inc.n_arrangements)
        return _count_both_ends(distinct, n).astype(np.int64)
    big = np.argsort(-sizes, kind="stable")[:_MASK_BITS]
    bit_of = np.full(inc.n_arrangements, -1, dtype=np.int64)
    bit_of[big] = np.arange(len(big))
    in_big = bit_of[inc.cols] >= 0
    mask = np.zeros(n, dtype=np.uint64)
    np.bitwise_or.at(
        mask, inc.rows[in_big], np.left_shift(np.uint64(1), bit_of[inc.cols[in_big]].astype(np.uint64))
    )
    # Partners through the small arrangements that no large arrangement already gives.
    small_rows, small_cols = inc.rows[~in_big], inc.cols[~in_big]
    pairs = _distinct_pairs(small_rows, small_cols, n, inc.n_arrangements)
    a, b = pairs // n, pairs % n
    counts = _count_both_ends(pairs[(mask[a] & mask[b]) == 0], n).astype(np.int64)
    # Parties reached through the large arrangements: those whose mask shares a bit.
    masked = np.flatnonzero(mask)
    if len(masked):
        values, inverse, how_many = np.unique(mask[masked], return_inverse=True, return_counts=True)
        reached = np.empty(len(values), dtype=np.int64)
        step = max(1, 4_000_000 // len(values))
        for first in range(0, len(values), step):
            block = values[first : first + step]
            shares = (block[:, None] & values[None, :]) != 0
            reached[first : first + step] = shares.astype(np.int64) @ how_many
        counts[masked] += reached[inverse.ravel()] - 1  # minus the party itself
    return counts

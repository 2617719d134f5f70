"""Reference data: municipalities, regions, other parties and name resolution.

>>> from samverkansvav.reference import load_parties, PartyResolver
>>> PartyResolver(load_parties()).resolve("Göteborgs Stad").party_id
'1480'
"""

from samverkansvav.reference.names import (
    PartyResolver,
    Resolution,
    fold_accents,
    normalize_name,
    split_party_list,
)
from samverkansvav.reference.parties import (
    DATA_DIR,
    NATIONAL_BODIES,
    PARTY_KINDS,
    load_lan,
    load_parties,
    load_region_names,
    read_parties_csv,
)

__all__ = [
    "DATA_DIR",
    "NATIONAL_BODIES",
    "PARTY_KINDS",
    "PartyResolver",
    "Resolution",
    "fold_accents",
    "load_lan",
    "load_parties",
    "load_region_names",
    "normalize_name",
    "read_parties_csv",
    "split_party_list",
]

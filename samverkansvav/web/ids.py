"""Every component id of the dashboard, in one place.

Pattern-matching ids (tables and their downloads) are built by the helper
functions at the bottom so their shape is defined once.
"""

from __future__ import annotations

__all__ = [
    "URL", "URL_STATE", "NAVBAR", "PAGE", "LANG", "DATE",
    "OV_LAN", "OV_KOMMUNER", "OV_CONTENT",
    "MAP_METRIC", "MAP_FORMS", "MAP_AREAS", "MAP_LAN", "MAP_KOMMUN", "MAP_GRAPH", "MAP_MESSAGE",
    "NET_MODE", "NET_FOCUS", "NET_LAN", "NET_GRAPH", "NET_MESSAGE", "NET_PNG",
    "PROFILE_KOMMUN", "PROFILE_CONTENT",
    "OVL_LAN", "OVL_CONTENT",
    "DEP_LAN", "DEP_CONTENT",
    "grid", "excel_button", "csv_button", "download",
]

# shell
URL = "url"
URL_STATE = "url-state"
NAVBAR = "navbar"
PAGE = "page-content"
LANG = "lang-switch"
DATE = "analysis-date"

# Översikt
OV_LAN = "overview-lan"
OV_KOMMUNER = "overview-kommuner"
OV_CONTENT = "overview-content"

# Karta
MAP_METRIC = "map-metric"
MAP_FORMS = "map-forms"
MAP_AREAS = "map-areas"
MAP_LAN = "map-lan"
MAP_KOMMUN = "map-kommun"
MAP_GRAPH = "map-graph"
MAP_MESSAGE = "map-message"

# Nätverk
NET_MODE = "network-mode"
NET_FOCUS = "network-focus"
NET_LAN = "network-lan"
NET_GRAPH = "network-graph"
NET_MESSAGE = "network-message"
NET_PNG = "network-png"

# Kommunprofil
PROFILE_KOMMUN = "profile-kommun"
PROFILE_CONTENT = "profile-content"

# Överlapp
OVL_LAN = "overlap-lan"
OVL_CONTENT = "overlap-content"

# Beroende och risk
DEP_LAN = "dependency-lan"
DEP_CONTENT = "dependency-content"


def grid(name: str) -> dict:
    """Id of a data table (dash-ag-grid)."""
    return {"type": "grid", "name": name}


def excel_button(name: str) -> dict:
    return {"type": "excel-button", "name": name}


def csv_button(name: str) -> dict:
    return {"type": "csv-button", "name": name}


def download(name: str) -> dict:
    return {"type": "download", "name": name}

"""Every component id of the dashboard, in one place.

Pattern-matching ids (tables and their downloads) are built by the helper
functions at the bottom so their shape is defined once.
"""

from __future__ import annotations

__all__ = [
    "URL",
    "URL_STATE",
    "NAVBAR",
    "PAGE",
    "LANG",
    "DATE",
    "OV_LAN",
    "OV_KOMMUNER",
    "OV_CONTENT",
    "MAP_METRIC",
    "MAP_FORMS",
    "MAP_AREAS",
    "MAP_LAN",
    "MAP_KOMMUN",
    "MAP_GRAPH",
    "MAP_MESSAGE",
    "NET_MODE",
    "NET_FOCUS",
    "NET_LAN",
    "NET_GRAPH",
    "NET_MESSAGE",
    "NET_PNG",
    "PROFILE_KOMMUN",
    "PROFILE_CONTENT",
    "OVL_LAN",
    "OVL_CONTENT",
    "DEP_LAN",
    "DEP_CONTENT",
    "SCENARIO_TYPE",
    "SCENARIO_KOMMUN",
    "SCENARIO_ARRANGEMENTS",
    "SCENARIO_ARRANGEMENTS_BLOCK",
    "SCENARIO_CONTENT",
    "SCENARIO_EXCEL",
    "SCENARIO_DOWNLOAD",
    "SCENARIO_PRINT",
    "SCENARIO_PRINTED",
    "SCENARIO_MAP",
    "SCENARIO_NETWORK",
    "UPLOAD_FILE",
    "UPLOAD_KOMMUN",
    "UPLOAD_TOKEN",
    "UPLOAD_REPORT",
    "UPLOAD_PREVIEW",
    "UPLOAD_SAVE",
    "UPLOAD_SAVE_MESSAGE",
    "UPLOAD_SAVED",
    "UPLOAD_HISTORY",
    "UPLOAD_RESTORE_MESSAGE",
    "UPLOAD_RESTORED",
    "UPLOAD_TEMPLATE_EMPTY",
    "UPLOAD_TEMPLATE_EXAMPLE",
    "UPLOAD_TEMPLATE_DOWNLOAD",
    "grid",
    "excel_button",
    "csv_button",
    "download",
    "restore_button",
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

# Scenario
SCENARIO_TYPE = "scenario-type"
SCENARIO_KOMMUN = "scenario-kommun"
SCENARIO_ARRANGEMENTS = "scenario-arrangements"
SCENARIO_ARRANGEMENTS_BLOCK = "scenario-arrangements-block"
SCENARIO_CONTENT = "scenario-content"
SCENARIO_EXCEL = "scenario-excel"
SCENARIO_DOWNLOAD = "scenario-download"
SCENARIO_PRINT = "scenario-print"
SCENARIO_PRINTED = "scenario-printed"
SCENARIO_MAP = "scenario-map"
SCENARIO_NETWORK = "scenario-network"
SCENARIO_AREA = "scenario-area"
SCENARIO_AREA_BLOCK = "scenario-area-block"
__all__ += ["SCENARIO_AREA", "SCENARIO_AREA_BLOCK"]

# Ladda upp
UPLOAD_FILE = "upload-file"
UPLOAD_KOMMUN = "upload-kommun"
UPLOAD_TOKEN = "upload-token"
UPLOAD_REPORT = "upload-report"
UPLOAD_PREVIEW = "upload-preview"
UPLOAD_SAVE = "upload-save"
UPLOAD_SAVE_MESSAGE = "upload-save-message"
UPLOAD_SAVED = "upload-saved"
UPLOAD_HISTORY = "upload-history"
UPLOAD_RESTORE_MESSAGE = "upload-restore-message"
UPLOAD_RESTORED = "upload-restored"
UPLOAD_TEMPLATE_EMPTY = "upload-template-empty"
UPLOAD_TEMPLATE_EXAMPLE = "upload-template-example"
UPLOAD_TEMPLATE_DOWNLOAD = "upload-template-download"


def grid(name: str) -> dict:
    """Id of a data table (dash-ag-grid)."""
    return {"type": "grid", "name": name}


def excel_button(name: str) -> dict:
    return {"type": "excel-button", "name": name}


def csv_button(name: str) -> dict:
    return {"type": "csv-button", "name": name}


def download(name: str) -> dict:
    return {"type": "download", "name": name}


def restore_button(version_no: int) -> dict:
    """Id of the "Återställ" button of one stored version on Ladda upp."""
    return {"type": "upload-restore", "version": int(version_no)}

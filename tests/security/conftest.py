"""Fixtures for the security tests: a generator of hostile and awkward files.

Every file is built in code into ``tmp_path`` (no opaque binaries in the repo):
a minimal but valid ``.xlsx`` writer (:class:`RawXlsx`) gives exact control of
the XML (dimension, hidden sheets, 1904 dates, formulas, error cells, merged
cells), a raw ZIP writer builds zip bombs and lying headers, and a minimal
OLE/CFB writer builds ``.xls`` and encrypted-workbook look-alikes.

Test modules cannot import this file (``--import-mode=importlib``), so the
helpers reach the tests as fixtures: ``hostile`` (a :class:`HostileFiles`
bound to ``tmp_path``), ``ingest``, ``sandbox``, ``parties``, ``export``,
``store_factory`` and ``require``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import io
import os
import sqlite3
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest


def _module(name: str):
    return importlib.import_module(name)


@pytest.fixture(scope="session")
def ingest():
    return _module("samverkansvav.ingest")


@pytest.fixture(scope="session")
def sandbox():
    return _module("samverkansvav.sandbox")


@pytest.fixture(scope="session")
def export():
    return _module("samverkansvav.export")


@pytest.fixture(scope="session")
def parties():
    reference = _module("samverkansvav.reference")
    return reference.load_parties()


# ---------------------------------------------------------------------------
# Registers as data
# ---------------------------------------------------------------------------

#: The register header used throughout.
HEADER = [
    "Id",
    "Namn",
    "Form",
    "Område",
    "Värdkommun",
    "Medlemmar",
    "Startdatum",
    "Slutdatum",
    "Uppsägningstid (mån)",
    "Årskostnad (kr)",
]

#: Three arrangements among real Dalarna municipalities (codes from SCB):
#: Mora 2062, Orsa 2034, Älvdalen 2039, Vansbro 2021, Malung-Sälen 2023.
BASE_ROWS: list[list[Any]] = [
    [
        "gn-lon",
        "Lönenämnden Norra Dalarna",
        "gemensam nämnd",
        "löneadministration",
        "Mora",
        "Mora, Orsa, Älvdalen",
        dt.date(2020, 1, 1),
        None,
        12,
        250000,
    ],
    [
        "kf-rtj",
        "Räddningstjänst Dala Mitt",
        "kommunalförbund",
        "räddningstjänst",
        None,
        "Mora; Orsa",
        dt.date(2015, 7, 1),
        None,
        24,
        1200000,
    ],
    [
        "av-it",
        "IT-samverkan Västerdalarna",
        "avtalssamverkan",
        "IT",
        "Vansbro",
        "Vansbro, Malung-Sälen, Mora",
        dt.date(2022, 3, 15),
        dt.date(2026, 12, 31),
        6,
        80000,
    ],
]

#: What BASE_ROWS must read as: id -> (form, host, members).
BASE_EXPECTED = {
    "gn-lon": ("gemensam_namnd", "2062", {"2062", "2034", "2039"}),
    "kf-rtj": ("kommunalforbund", None, {"2062", "2034"}),
    "av-it": ("avtalssamverkan", "2021", {"2021", "2023", "2062"}),
}


@dataclass(frozen=True)
class Formula:
    """A formula cell; ``cached`` is the value Excel stored (None: none stored)."""

    text: str
    cached: Any = None


@dataclass(frozen=True)
class ErrorCell:
    code: str  # "#REF!", "#N/A", ...


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]
    state: str = "visible"  # "hidden", "veryHidden"
    dimension: str | None = None  # None: computed from the rows
    merged: list[str] = field(default_factory=list)
    extra_xml_before_sheetdata: str = ""


def col_letter(index: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _serial(value: dt.date, *, date1904: bool) -> int:
    # Excel 1900 system: serial 1 = 1900-01-01 with the phantom 1900-02-29, so for
    # dates after 1900-03-01 serial = days since 1899-12-30. 1904 system: days since 1904-01-01.
    epoch = dt.date(1904, 1, 1) if date1904 else dt.date(1899, 12, 30)
    return (value - epoch).days


def _cell_xml(ref: str, value: Any, *, date1904: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, Formula):
        f = f"<f>{escape(value.text.lstrip('='))}</f>"
        if value.cached is None:
            return f'<c r="{ref}">{f}</c>'
        if isinstance(value.cached, str):
            return f'<c r="{ref}" t="str">{f}<v>{escape(value.cached)}</v></c>'
        return f'<c r="{ref}">{f}<v>{value.cached}</v></c>'
    if isinstance(value, ErrorCell):
        return f'<c r="{ref}" t="e"><v>{escape(value.code)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="1"><v>{_serial(value, date1904=date1904)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    text = str(value)
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def sheet_xml(sheet: Sheet, *, date1904: bool = False) -> str:
    n_rows = len(sheet.rows)
    n_cols = max((len(r) for r in sheet.rows), default=1)
    dim = sheet.dimension or f"A1:{col_letter(max(n_cols, 1))}{max(n_rows, 1)}"
    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<dimension ref="{dim}"/>{sheet.extra_xml_before_sheetdata}<sheetData>'
    ]
    for r, row in enumerate(sheet.rows, start=1):
        cells = "".join(
            _cell_xml(f"{col_letter(c)}{r}", v, date1904=date1904) for c, v in enumerate(row, start=1)
        )
        parts.append(f'<row r="{r}">{cells}</row>')
    parts.append("</sheetData>")
    if sheet.merged:
        parts.append(f'<mergeCells count="{len(sheet.merged)}">')
        parts.extend(f'<mergeCell ref="{m}"/>' for m in sheet.merged)
        parts.append("</mergeCells>")
    parts.append("</worksheet>")
    return "".join(parts)


STYLES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
    'patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def xlsx_parts(sheets: list[Sheet], *, date1904: bool = False, macro: bool = False) -> dict[str, bytes]:
    """The parts of a minimal valid workbook, name -> bytes (ordered as Excel writes them)."""
    main_type = (
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
        if macro
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + ('<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>' if macro else "")
        + f'<Override PartName="/xl/workbook.xml" ContentType="{main_type}"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        + overrides
        + "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '  # noqa: E501 (a fixed OOXML URL)
        'Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    sheet_entries = "".join(
        f'<sheet name="{escape(s.name)}" sheetId="{i}"'
        + (f' state="{s.state}"' if s.state != "visible" else "")
        + f' r:id="rId{i}"/>'
        for i, s in enumerate(sheets, start=1)
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        + ('<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>")
        + f"<sheets>{sheet_entries}</sheets></workbook>"
    )
    wb_rels = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '  # noqa: E501 (a fixed OOXML URL)
        f'Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    n = len(sheets)
    wb_rels += (
        f'<Relationship Id="rId{n + 1}" '
        f'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    )
    if macro:
        wb_rels += (
            f'<Relationship Id="rId{n + 2}" '
            f'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
        )
    parts = {
        "[Content_Types].xml": content_types.encode(),
        "_rels/.rels": root_rels.encode(),
        "xl/workbook.xml": workbook.encode(),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + wb_rels
            + "</Relationships>"
        ).encode(),
        "xl/styles.xml": STYLES_XML.encode(),
    }
    for i, s in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = sheet_xml(s, date1904=date1904).encode("utf-8")
    return parts


def write_zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def rewrite_zip(
    src: Path,
    dst: Path,
    *,
    replace: dict[str, Callable[[bytes], bytes] | bytes] | None = None,
    drop: set[str] = frozenset(),
    add: dict[str, bytes] | None = None,
) -> Path:
    """Copy a zip, replacing/patching, dropping or adding members."""
    replace = replace or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = zin.read(info.filename)
            if info.filename in replace:
                patch = replace[info.filename]
                data = patch(data) if callable(patch) else patch
            zout.writestr(info.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


# -- raw zip writing, for bombs and lying headers ------------------------------


@dataclass(frozen=True)
class RawEntry:
    name: str
    compressed: bytes
    crc: int
    size: int  # the uncompressed size written in the headers (may lie)
    method: int = 8


def raw_entry(name: str, data: bytes) -> RawEntry:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return RawEntry(name, c.compress(data) + c.flush(), zlib.crc32(data), len(data))


def write_raw_zip(path: Path, entries: list[RawEntry]) -> Path:
    """A plain (non-zip64) archive from pre-compressed entries; headers say what the entry says."""
    out = io.BytesIO()
    central = []
    for e in entries:
        offset = out.tell()
        name = e.name.encode()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                e.method,
                0,
                0x21,
                e.crc,
                len(e.compressed),
                e.size & 0xFFFFFFFF,
                len(name),
                0,
            )
        )
        out.write(name)
        out.write(e.compressed)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                e.method,
                0,
                0x21,
                e.crc,
                len(e.compressed),
                e.size & 0xFFFFFFFF,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    cd_start = out.tell()
    for c in central:
        out.write(c)
    cd_size = out.tell() - cd_start
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), cd_size, cd_start, 0))
    path.write_bytes(out.getvalue())
    return path


def bomb_entry(name: str, *, head: bytes, filler: bytes, repeats: int, tail: bytes) -> RawEntry:
    """An entry inflating to head + filler*repeats + tail without ever holding it in memory.

    Deflate output after a full flush starts from an empty history, so the bytes
    for the same input block repeat exactly and can be concatenated.
    """
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(filler) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(filler) + c.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "deflate blocks after a full flush should repeat"
    last = c.compress(tail) + c.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(filler, crc)
    crc = zlib.crc32(tail, crc)
    compressed = first + block * repeats + last
    return RawEntry(name, compressed, crc, len(head) + len(filler) * repeats + len(tail))


# -- OLE / CFB (the container of .xls and of encrypted .xlsx) -------------------

_FREESECT, _ENDOFCHAIN, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def cfb_bytes(streams: dict[str, bytes]) -> bytes:
    """A minimal compound file (version 3, 512-byte sectors) holding the given streams.

    Streams are padded to 4 096 bytes so they live in the regular FAT (no mini
    stream needed). Enough for any reader that looks at the directory.
    """
    assert len(streams) <= 3
    sector = 512
    bodies = [(n, d.ljust(max(4096, len(d)), b"\0")) for n, d in streams.items()]
    fat = [_FATSECT, _ENDOFCHAIN]  # sector 0 = FAT, sector 1 = directory
    starts = []
    for _, body in bodies:
        count = -(-len(body) // sector)
        start = len(fat)
        starts.append(start)
        fat.extend(list(range(start + 1, start + count)) + [_ENDOFCHAIN])
    assert len(fat) <= 128
    fat_sector = struct.pack("<128I", *(fat + [_FREESECT] * (128 - len(fat))))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(raw), kind, 1, _NOSTREAM, right, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    entries = [entry("Root Entry", 5, 1 if bodies else _NOSTREAM, _NOSTREAM, _ENDOFCHAIN, 0)]
    for i, ((name, _body), start) in enumerate(zip(bodies, starts), start=1):
        right = i + 1 if i < len(bodies) else _NOSTREAM
        entries.append(entry(name, 2, _NOSTREAM, right, start, len(streams[name])))
    directory = b"".join(entries).ljust(sector, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _ENDOFCHAIN, 0, _ENDOFCHAIN, 0)
        + struct.pack("<109I", 0, *([_FREESECT] * 108))
    )
    assert len(header) == sector
    return (
        header
        + fat_sector
        + directory
        + b"".join(b.ljust(-(-len(b) // sector) * sector, b"\0") for _, b in bodies)
    )


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------

BILLION_LAUGHS_DTD = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "' + ("&lol;" if i == 1 else f"&lol{i - 1};") * 10 + '">' for i in range(1, 10)
    )
    + "]>"
)


class HostileFiles:
    """Builds each corpus file into ``directory`` and returns its path."""

    def __init__(self, directory: Path):
        self.dir = directory

    # -- well-formed registers -------------------------------------------------
    def register_rows(self) -> list[list[Any]]:
        return [list(HEADER)] + [list(r) for r in BASE_ROWS]

    def xlsx(self, name: str, sheets: list[Sheet], **kwargs) -> Path:
        return write_zip(self.dir / name, xlsx_parts(sheets, **kwargs))

    def valid_xlsx(self, name: str = "register.xlsx") -> Path:
        return self.xlsx(name, [Sheet("Samverkan", self.register_rows())])

    def openpyxl_register(self, name: str, rows: list[list[Any]], *, sheet: str = "Samverkan") -> Path:
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = sheet
        for row in rows:
            ws.append(row)
        path = self.dir / name
        wb.save(path)
        return path

    # -- container attacks -----------------------------------------------------
    def entity_bomb_shared_strings(self) -> Path:
        # openpyxl writes inline strings, so the shared-string table is added by hand:
        # the name in B2 points at string 0, which expands to 10**9 "lol"s.
        parts = xlsx_parts([Sheet("Samverkan", self.register_rows())])
        sheet = parts["xl/worksheets/sheet1.xml"].decode()
        start = sheet.index('<c r="B2"')
        end = sheet.index("</c>", start) + len("</c>")
        parts["xl/worksheets/sheet1.xml"] = (
            sheet[:start] + '<c r="B2" t="s"><v>0</v></c>' + sheet[end:]
        ).encode()
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
        parts["xl/sharedStrings.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            + BILLION_LAUGHS_DTD.replace("lolz", "sst")
            + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
            "<si><t>&lol9;</t></si></sst>"
        ).encode()
        return write_zip(self.dir / "bomb_sharedstrings.xlsx", parts)

    def entity_bomb_sheet(self) -> Path:
        parts = xlsx_parts([Sheet("Samverkan", self.register_rows())])
        xml = parts["xl/worksheets/sheet1.xml"].decode()
        xml = xml.replace("<worksheet ", BILLION_LAUGHS_DTD.replace("lolz", "worksheet") + "<worksheet ", 1)
        xml = xml.replace("Lönenämnden Norra Dalarna", "&lol9;")
        parts["xl/worksheets/sheet1.xml"] = xml.encode()
        return write_zip(self.dir / "bomb_sheet.xlsx", parts)

    def external_entity_content_types(self, secret_file: Path) -> Path:
        parts = xlsx_parts([Sheet("Samverkan", self.register_rows())])
        xml = parts["[Content_Types].xml"].decode()
        dtd = f'<!DOCTYPE Types [<!ENTITY xxe SYSTEM "{secret_file.resolve().as_uri()}">]>'
        xml = xml.replace("<Types ", dtd + "<Types ", 1)
        xml = xml.replace(
            'Extension="xml" ContentType="application/xml"', 'Extension="xml" ContentType="&xxe;"'
        )
        parts["[Content_Types].xml"] = xml.encode()
        return write_zip(self.dir / "xxe.xlsx", parts)

    def zip_bomb(self, *, gigabytes: float = 2.0) -> Path:
        parts = xlsx_parts([Sheet("Samverkan", self.register_rows())])
        sheet = parts.pop("xl/worksheets/sheet1.xml").decode()
        head, tail = sheet.split("<sheetData>")
        filler = b" " * (1 << 20)
        entries = [raw_entry(n, d) for n, d in parts.items()]
        entries.append(
            bomb_entry(
                "xl/worksheets/sheet1.xml",
                head=(head + "<sheetData>").encode(),
                filler=filler,
                repeats=int(gigabytes * 1024),
                tail=tail.encode(),
            )
        )
        return write_raw_zip(self.dir / "zipbomb.xlsx", entries)

    def lying_size_zip(self) -> Path:
        """The sheet inflates to 256 MB but every header claims 2 000 bytes."""
        parts = xlsx_parts([Sheet("Samverkan", self.register_rows())])
        sheet = parts.pop("xl/worksheets/sheet1.xml").decode()
        head, tail = sheet.split("<sheetData>")
        bomb = bomb_entry(
            "xl/worksheets/sheet1.xml",
            head=(head + "<sheetData>").encode(),
            filler=b" " * (1 << 20),
            repeats=256,
            tail=tail.encode(),
        )
        lying = RawEntry(bomb.name, bomb.compressed, bomb.crc, 2000)
        entries = [raw_entry(n, d) for n, d in parts.items()] + [lying]
        return write_raw_zip(self.dir / "lying_size.xlsx", entries)

    # -- size and shape --------------------------------------------------------
    def huge_dimension(self) -> Path:
        rows = [list(HEADER)] + [
            [
                f"id{i}",
                f"Samverkan {i}",
                "avtalssamverkan",
                "IT",
                "Mora",
                "Mora, Orsa",
                None,
                None,
                None,
                1000 * i,
            ]
            for i in range(1, 11)
        ]
        return self.xlsx("dimension_xfd.xlsx", [Sheet("Samverkan", rows, dimension="A1:XFD1048576")])

    def many_rows(self, n: int, *, name: str, dimension: str | None = None) -> Path:
        """``n`` valid arrangements; sheet XML is streamed straight into the zip."""
        path = self.dir / name
        parts = xlsx_parts([Sheet("Samverkan", [list(HEADER)], dimension=dimension or "A1:A1")])
        sheet = parts.pop("xl/worksheets/sheet1.xml").decode()
        head, tail = sheet.split("</sheetData>")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for part, data in parts.items():
                zf.writestr(part, data)
            with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
                out.write(head.encode())
                for r in range(2, n + 2):
                    out.write(
                        (
                            f'<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>Samverkan {r}</t></is></c>'
                            f'<c r="C{r}" t="inlineStr"><is><t>avtal</t></is></c>'
                            f'<c r="D{r}" t="inlineStr"><is><t>IT</t></is></c>'
                            f'<c r="E{r}" t="inlineStr"><is><t>Mora</t></is></c>'
                            f'<c r="F{r}" t="inlineStr"><is><t>Mora, Orsa</t></is></c></row>'
                        ).encode()
                    )
                out.write(("</sheetData>" + tail).encode())
        return path

    # -- not a workbook --------------------------------------------------------
    def renamed_xls(self) -> Path:
        path = self.dir / "gammal.xlsx"
        path.write_bytes(cfb_bytes({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00" + b"\0" * 100}))
        return path

    def encrypted_workbook(self) -> Path:
        path = self.dir / "krypterad.xlsx"
        path.write_bytes(
            cfb_bytes(
                {
                    "EncryptionInfo": struct.pack("<HHI", 4, 4, 0x40) + b"<encryption/>",
                    "EncryptedPackage": struct.pack("<Q", 12345) + os.urandom(64),
                }
            )
        )
        return path

    def pdf(self) -> Path:
        path = self.dir / "rapport.xlsx"
        path.write_bytes(
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
        )
        return path

    def html_page(self) -> Path:
        path = self.dir / "nedladdad.xlsx"
        path.write_bytes(
            b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
            b"<body><h1>Bad Gateway</h1></body></html>\n"
        )
        return path

    def empty(self) -> Path:
        path = self.dir / "tom.xlsx"
        path.write_bytes(b"")
        return path

    def truncated_zip(self) -> Path:
        data = self.valid_xlsx("full.xlsx").read_bytes()
        path = self.dir / "avbruten.xlsx"
        path.write_bytes(data[: len(data) // 2])
        return path

    def zip_without_content_types(self) -> Path:
        src = self.valid_xlsx("with_ct.xlsx")
        return rewrite_zip(src, self.dir / "utan_content_types.xlsx", drop={"[Content_Types].xml"})

    def random_zip(self) -> Path:
        return write_zip(self.dir / "annat.xlsx", {"readme.txt": b"not a workbook"})

    # -- content quirks ---------------------------------------------------------
    def xlsm_with_macro(self, marker: bytes) -> Path:
        parts = xlsx_parts([Sheet("Samverkan", self.register_rows())], macro=True)
        parts["xl/vbaProject.bin"] = cfb_bytes({"VBA": marker * 8})
        return write_zip(self.dir / "makro.xlsm", parts)

    def csv(self, name: str, text: str, encoding: str) -> Path:
        path = self.dir / name
        path.write_bytes(text.encode(encoding))
        return path


@pytest.fixture
def hostile(tmp_path) -> HostileFiles:
    directory = tmp_path / "corpus"
    directory.mkdir()
    return HostileFiles(directory)


@pytest.fixture(scope="session")
def corpus_builders():
    """The module-level builders, for tests that need raw XML control."""

    class _Builders:
        Sheet = Sheet
        Formula = Formula
        ErrorCell = ErrorCell
        HEADER = HEADER
        BASE_ROWS = BASE_ROWS
        BASE_EXPECTED = BASE_EXPECTED
        xlsx_parts = staticmethod(xlsx_parts)
        write_zip = staticmethod(write_zip)
        rewrite_zip = staticmethod(rewrite_zip)
        col_letter = staticmethod(col_letter)
        cfb_bytes = staticmethod(cfb_bytes)

    return _Builders


# ---------------------------------------------------------------------------
# The store: "nothing written"
# ---------------------------------------------------------------------------


def db_fingerprint(path: Path) -> str:
    """SHA-256 of the database file plus its WAL, and of its logical dump."""
    h = hashlib.sha256()
    for p in (path, path.with_name(path.name + "-wal")):
        if p.exists():
            h.update(p.read_bytes())
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        for line in con.iterdump():
            h.update(line.encode())
    return h.hexdigest()


@pytest.fixture
def fingerprint() -> Callable[[Path], str]:
    return db_fingerprint

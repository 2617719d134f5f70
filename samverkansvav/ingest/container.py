"""What kind of file is this? Sniff magic bytes before any parser sees the data.

File names and extensions lie (an ``.xls`` renamed ``.xlsx``, a PDF or an HTML error
page saved as a workbook), so the bytes decide. ZIP containers (.xlsx, .xlsm, .ods)
are checked against size caps before any parser opens them, and
:func:`verify_zip_members` inflates every member once under the declared sizes (a
lying header is refused) and refuses any XML part with a DTD, so that no parser ever
sees an entity declaration or more bytes than the caps allow.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable

__all__ = [
    "UnreadableFile",
    "sniff",
    "verify_zip_members",
    "MAX_ZIP_ENTRIES",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_RATIO",
]

MAX_ZIP_ENTRIES = 2_000
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
#: Highest compression ratio accepted for a large member (sheet XML compresses ~10–40×).
MAX_RATIO = 200
_RATIO_FROM_BYTES = 5 * 1024 * 1024

_SAVE_AS = "Öppna filen i Excel och spara den som Excel-arbetsbok (.xlsx) eller som CSV."
_PASSWORD = (
    "Arbetsboken är lösenordsskyddad (krypterad) och kan inte läsas. "
    "Ta bort lösenordet i Excel (Arkiv > Info > Skydda arbetsbok) och spara som .xlsx."
)
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


class UnreadableFile(Exception):
    """The file cannot be read as a register at all (wrong format, encrypted, broken).

    ``file`` is the file name as shown to the user and ``message`` a Swedish
    explanation that says what to do.
    """

    def __init__(self, file: str, message: str) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message


def sniff(data: bytes, file_name: str) -> str:
    """``"xlsx"`` (also .xlsm), ``"ods"``, ``"xls"`` or ``"csv"``; otherwise raise.

    Examples
    --------
    >>> sniff(b"Namn;Form\\n", "r.csv")
    'csv'
    >>> try:
    ...     sniff(b"%PDF-1.7 ...", "register.xlsx")
    ... except UnreadableFile as exc:
    ...     print(exc.message.split(".")[0])
    Filen är en PDF, inte ett kalkylblad
    """
    if not data or not data.strip():
        raise UnreadableFile(
            file_name, "Filen är tom. Välj registerfilen igen och kontrollera att den sparats."
        )
    if data.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UnreadableFile(file_name, _PASSWORD)
        # An Excel 97–2003 workbook keeps its cells in a stream named "Workbook"
        # (Excel 5/95: "Book"); other OLE files (Word .doc, ...) have neither.
        if "Workbook".encode("utf-16-le") in data or "Book\x00".encode("utf-16-le") in data:
            return "xls"
        raise UnreadableFile(
            file_name,
            "Filen är ett gammalt Office-dokument men ingen Excel-arbetsbok som kan läsas. "
            "Spara filen som .xlsx i Excel (Arkiv > Spara som > Excel-arbetsbok).",
        )
    if data.startswith(b"%PDF"):
        raise UnreadableFile(file_name, f"Filen är en PDF, inte ett kalkylblad. {_SAVE_AS}")
    if data.startswith(_ZIP):
        return _check_zip(data, file_name)
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        raise UnreadableFile(
            file_name,
            f"Filen är en webbsida (HTML), inte ett kalkylblad. Ladda ner själva registerfilen igen. {_SAVE_AS}",
        )
    if head.startswith(b"<?xml"):
        raise UnreadableFile(
            file_name, f"Filen är XML (t.ex. XML-kalkylblad 2003), som inte kan läsas. {_SAVE_AS}"
        )
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFile(file_name, f"Filen heter .xlsx/.xlsm men är ingen Excel-arbetsbok. {_SAVE_AS}")
    if file_name.lower().endswith((".ods", ".xls")):
        raise UnreadableFile(file_name, f"Filen heter .ods/.xls men är inget kalkylblad. {_SAVE_AS}")
    sample = data[:4096]
    if b"\x00" in sample and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(file_name, f"Filen är binär och inte en CSV-textfil. {_SAVE_AS}")
    return "csv"


def _check_zip(data: bytes, file_name: str) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableFile(
            file_name,
            "Filen är trasig eller avkortad (ZIP-arkivet kan inte öppnas). "
            "Spara filen på nytt som .xlsx i Excel och ladda upp igen.",
        ) from exc
    names = {info.filename for info in infos}
    if "word/document.xml" in names:
        raise UnreadableFile(file_name, f"Filen är ett Word-dokument, inte ett kalkylblad. {_SAVE_AS}")
    kind = "xlsx"
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        mimetype = next((i for i in infos if i.filename == "mimetype" and i.file_size < 200), None)
        if "content.xml" in names and mimetype is not None and archive.read(mimetype).strip() == _ODS_MIME:
            kind = "ods"
        elif "content.xml" in names:
            raise UnreadableFile(
                file_name, f"Filen är ett OpenDocument-dokument men inget kalkylblad. {_SAVE_AS}"
            )
        else:
            raise UnreadableFile(file_name, f"ZIP-filen är ingen Excel-arbetsbok. {_SAVE_AS}")
    if len(infos) > MAX_ZIP_ENTRIES:
        raise UnreadableFile(file_name, f"Arbetsboken har fler än {MAX_ZIP_ENTRIES} delar och avvisas.")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > _RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnreadableFile(
                file_name,
                "Arbetsboken packas upp till orimligt mycket data (misstänkt zip-bomb) och avvisas.",
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableFile(
            file_name,
            f"Arbetsboken är för stor uppackad (över {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB). "
            "Dela upp registret eller ta bort bilder och andra blad.",
        )
    return kind


_PROLOG_LIMIT = 64 * 1024
_CHUNK = 1 << 20


def verify_zip_members(
    data: bytes, file_name: str, *, keep: tuple[str, ...] | Callable[[str], bool] = ()
) -> dict[str, bytes]:
    """Inflate every member once, exactly as its headers declare; return the ones ``keep`` names.

    ``keep`` is a tuple of member names or a predicate on the member name.

    Refused with :class:`UnreadableFile`: an encrypted member (password-protected
    .ods), a compression other than stored/deflate, a member that inflates to more
    or fewer bytes than its header says or whose checksum differs (a lying header
    is how a zip bomb slips past the caps of :func:`sniff`), and any ``.xml``/``.rels``
    part with a document type declaration (entity bombs and external entities:
    spreadsheet XML never needs a DTD). Call after :func:`sniff` accepted the file.
    """
    out: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            body = _inflate(data, info, file_name)
            lowered = info.filename.lower()
            if lowered.endswith((".xml", ".rels")) and _has_dtd(body):
                raise UnreadableFile(
                    file_name,
                    f"Arbetsboken innehåller XML med egna definitioner (DTD) i {info.filename}, som inte "
                    "tillåts av säkerhetsskäl. Öppna filen i Excel och spara den som .xlsx igen.",
                )
            if keep(info.filename) if callable(keep) else info.filename in keep:
                out[info.filename] = body
    return out


def _broken(file_name: str) -> UnreadableFile:
    return UnreadableFile(
        file_name,
        "Filen är trasig: en del av arkivet packas upp till något annat än rubrikerna säger "
        "(skadad fil eller misstänkt zip-bomb). Spara filen på nytt som .xlsx och ladda upp igen.",
    )


def _inflate(data: bytes, info: zipfile.ZipInfo, file_name: str) -> bytes:
    if info.flag_bits & 0x1:
        raise UnreadableFile(file_name, _PASSWORD)
    # The local header may differ from the central directory; read its own lengths.
    start = info.header_offset
    header = data[start : start + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise _broken(file_name)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    begin = start + 30 + name_len + extra_len
    compressed = data[begin : begin + info.compress_size]
    if len(compressed) != info.compress_size:
        raise _broken(file_name)
    if info.compress_type == zipfile.ZIP_STORED:
        body = compressed
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        try:
            # One byte more than declared: a longer stream is a lying header.
            body = inflater.decompress(compressed, info.file_size + 1)
        except zlib.error as exc:
            raise _broken(file_name) from exc
        if len(body) > info.file_size:
            raise _broken(file_name)
    else:
        raise UnreadableFile(
            file_name,
            f"Arbetsboken är packad på ett sätt som inte stöds. {_SAVE_AS}",
        )
    if len(body) != info.file_size or zlib.crc32(body) != info.CRC:
        raise _broken(file_name)
    return body


_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_ROOT = re.compile(rb"<[A-Za-z_]")


def _has_dtd(body: bytes) -> bool:
    """A DTD can only stand in the prolog, before the first element: look there only."""
    head = body[:_PROLOG_LIMIT]
    root = _ROOT.search(head)
    prolog = head if root is None else head[: root.start()]
    if root is None and len(body) > _PROLOG_LIMIT:
        return True  # a prolog this long is not a spreadsheet's
    return _DTD.search(prolog) is not None

"""What kind of file is this? Sniff magic bytes before any parser sees the data.

File names and extensions lie (an ``.xls`` renamed ``.xlsx``, a PDF or an HTML error
page saved as a workbook), and openpyxl checks the extension only for paths, so the
bytes decide. ZIP containers are also checked against size caps before openpyxl opens
them, which bounds what a zip bomb can cost.
"""

from __future__ import annotations

import io
import zipfile

__all__ = [
    "UnreadableFile",
    "sniff",
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
    """``"xlsx"`` for an OOXML workbook, ``"csv"`` for text; otherwise raise.

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
        raise UnreadableFile(file_name, "Filen är tom. Välj registerfilen igen och kontrollera att den sparats.")
    if data.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UnreadableFile(
                file_name,
                "Arbetsboken är lösenordsskyddad (krypterad) och kan inte läsas. "
                "Ta bort lösenordet i Excel (Arkiv > Info > Skydda arbetsbok) och spara som .xlsx.",
            )
        raise UnreadableFile(
            file_name,
            "Filen är i det gamla Excel-formatet (.xls) som inte kan läsas. "
            "Spara filen som .xlsx i Excel (Arkiv > Spara som > Excel-arbetsbok).",
        )
    if data.startswith(b"%PDF"):
        raise UnreadableFile(file_name, f"Filen är en PDF, inte ett kalkylblad. {_SAVE_AS}")
    if data.startswith(_ZIP):
        _check_zip(data, file_name)
        return "xlsx"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        raise UnreadableFile(
            file_name,
            f"Filen är en webbsida (HTML), inte ett kalkylblad. Ladda ner själva registerfilen igen. {_SAVE_AS}",
        )
    if head.startswith(b"<?xml"):
        raise UnreadableFile(file_name, f"Filen är XML (t.ex. XML-kalkylblad 2003), som inte kan läsas. {_SAVE_AS}")
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFile(file_name, f"Filen heter .xlsx/.xlsm men är ingen Excel-arbetsbok. {_SAVE_AS}")
    sample = data[:4096]
    if b"\x00" in sample and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(file_name, f"Filen är binär och inte en CSV-textfil. {_SAVE_AS}")
    return "csv"


def _check_zip(data: bytes, file_name: str) -> None:
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
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        if "content.xml" in names:
            raise UnreadableFile(file_name, "Filen är ett OpenDocument-kalkylblad (.ods). Spara filen som .xlsx.")
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

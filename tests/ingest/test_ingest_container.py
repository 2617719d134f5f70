"""Files that are not readable registers get a clear Swedish message, never a traceback."""

from __future__ import annotations

import io
import zipfile

import pytest

from samverkansvav.ingest import UnreadableFile, read_register
from samverkansvav.ingest.container import sniff

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"", "tom.xlsx", "tom"),
        (OLE + b"\x00" * 600, "gammal.xlsx", ".xlsx"),  # .xls renamed
        (OLE + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100, "krypterad.xlsx", "lösenordsskyddad"),
        (b"%PDF-1.7\n...", "register.xlsx", "PDF"),
        (b"<!DOCTYPE html><html><body>Fel 404</body></html>", "register.xlsx", "HTML"),
        (b"PK\x03\x04\x14\x00broken", "trasig.xlsx", "trasig"),
        (b"just some bytes", "register.xlsx", "ingen Excel-arbetsbok"),
    ],
)
def test_unreadable_files_raise_with_swedish_message(tmp_path, content, name, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as caught:
        read_register(path)
    assert words in caught.value.message
    assert caught.value.file == name


def test_zip_without_workbook_is_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hej")
    with pytest.raises(UnreadableFile, match="ingen Excel-arbetsbok"):
        sniff(buffer.getvalue(), "x.xlsx")


def test_zip_bomb_ratio_is_rejected_before_parsing():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x20" * (50 * 1024 * 1024))  # ~1000:1
    with pytest.raises(UnreadableFile, match="zip-bomb"):
        sniff(buffer.getvalue(), "bomb.xlsx")


def test_text_file_is_csv():
    assert sniff("Namn;Form\n".encode("cp1252"), "r.csv") == "csv"


def test_binary_csv_is_rejected():
    with pytest.raises(UnreadableFile, match="binär"):
        sniff(b"\x00\x01\x02" * 10, "r.csv")

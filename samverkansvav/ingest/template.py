"""The register template: the workbook a municipality fills in and uploads.

Sheets: ``Samverkan`` (one row per arrangement, Swedish headers, dropdowns for form
and area), ``Medlemskap`` (optional shares, costs and membership dates per member,
former members kept with their last day), ``Instruktioner``
(what each column means) and a hidden ``Listor`` sheet holding the dropdown values.
The example row passes ``check`` without errors (tested).

Headers, column order, which columns are required and the explanations come from the
field table (``vocabulary/fields.csv``); this module adds only the layout, the example
and the dropdowns.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from samverkansvav.ingest.values import area_vocabulary
from samverkansvav.vocabulary import FORMS, field_label, fields_parsed_as, form_label, template_fields

__all__ = ["write_template", "TEMPLATE_COLUMNS", "FORM_CHOICES"]

#: (header, explanation, required) for the Samverkan sheet, in column order.
TEMPLATE_COLUMNS: tuple[tuple[str, str, bool], ...] = tuple(
    (f.sv, f.explanation("sv"), f.template_required) for f in template_fields("Samverkan")
)
#: (header, explanation) for the Medlemskap sheet, in column order.
MEMBERSHIP_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (f.sv, f.explanation("sv", sheet="Medlemskap")) for f in template_fields("Medlemskap")
)

#: Form values offered in the dropdown (all accepted by the importer).
FORM_CHOICES: tuple[str, ...] = tuple(form_label(form) for form in FORMS)

#: The example row, by field.
_EXAMPLE = {
    "id": "exempel-overformyndare",
    "name": "Gemensam överförmyndarnämnd Flen–Gnesta–Vingåker (exempel)",
    "form": "gemensam nämnd",
    "area": "överförmyndare",
    "host": "Flen",
    "seat": None,
    "members": "Flen, Gnesta, Vingåker",
    "start": dt.date(2019, 1, 1),
    "end": None,
    "notice_months": 12,
    "annual_cost": 450000,
    "owner": "Kommunstyrelsen",
    "goal": "Rättssäker och effektiv tillsyn över ställföreträdare.",
    "last_evaluated": dt.date(2024, 6, 1),
    "status": "aktiv",
    "source": "Avtal om gemensam nämnd (exempel)",
    "note": "Exempelrad – ersätt med egna uppgifter.",
    "reporter": "Flen",
}
#: (member, role, share %, annual cost, member from, member to): Vingåker joined when
#: Katrineholm, a former member kept with its last day, had left.
_EXAMPLE_MEMBERS = (
    ("Flen", "värd", 40, 450000, None, None),
    ("Gnesta", "medlem", 30, 337500, None, None),
    ("Vingåker", "medlem", 30, 337500, dt.date(2021, 1, 1), None),
    ("Katrineholm", "medlem", None, None, None, dt.date(2020, 12, 31)),
)
_EXAMPLE_MEMBER_FIELDS = ("member", "role", "share", "annual_cost", "member_start", "member_end")
#: Column widths of the Medlemskap sheet, by field (names are long, shares short).
_MEMBERSHIP_WIDTHS = {
    "id": 24,
    "name": 40,
    "member": 18,
    "role": 16,
    "share": 10,
    "annual_cost": 16,
    "member_start": 14,
    "member_end": 14,
}
_DATE_FIELDS = fields_parsed_as("date")

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_template(path: str | Path, *, example: bool = True) -> Path:
    """Write the register template to ``path`` (.xlsx) and return the path.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> out = write_template(Path(tempfile.mkdtemp()) / "mall.xlsx")
    >>> openpyxl.load_workbook(out).sheetnames
    ['Samverkan', 'Medlemskap', 'Instruktioner', 'Listor']
    """
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "Samverkan"
    columns = [f.field for f in template_fields("Samverkan")]
    headers = [field_label(f) for f in columns]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if example:
        ws.append([_EXAMPLE[f] for f in columns])
        for col, fld in enumerate(columns, start=1):
            if fld in _DATE_FIELDS:
                for row in range(2, 500):
                    ws.cell(row=row, column=col).number_format = "yyyy-mm-dd"
    for col, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(col)].width = max(14, min(40, len(header) + 6))
    ws.freeze_panes = "A2"

    lists = wb.create_sheet("Listor")
    areas = area_vocabulary()
    lists.append([field_label("form"), field_label("area")])
    for i in range(max(len(FORM_CHOICES), len(areas))):
        lists.append(
            [FORM_CHOICES[i] if i < len(FORM_CHOICES) else None, areas[i] if i < len(areas) else None]
        )
    lists.sheet_state = "hidden"

    form_col = get_column_letter(columns.index("form") + 1)
    area_col = get_column_letter(columns.index("area") + 1)
    form_dv = DataValidation(
        type="list",
        formula1=f"=Listor!$A$2:$A${len(FORM_CHOICES) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Okänd form",
        error="Välj en form ur listan.",
    )
    # Areas outside the vocabulary are allowed (kept and flagged as info), so the
    # dropdown only warns.
    area_dv = DataValidation(
        type="list",
        formula1=f"=Listor!$B$2:$B${len(areas) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="information",
        errorTitle="Nytt område",
        error="Området finns inte i listan; det sparas som det är skrivet.",
    )
    ws.add_data_validation(form_dv)
    ws.add_data_validation(area_dv)
    form_dv.add(f"{form_col}2:{form_col}1000")
    area_dv.add(f"{area_col}2:{area_col}1000")

    members = wb.create_sheet("Medlemskap", 1)
    member_columns = [f.field for f in template_fields("Medlemskap")]
    members.append([field_label(f) for f in member_columns])
    for cell in members[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    if example:
        for values in _EXAMPLE_MEMBERS:
            row_values = {"id": _EXAMPLE["id"], "name": _EXAMPLE["name"]} | dict(
                zip(_EXAMPLE_MEMBER_FIELDS, values)
            )
            members.append([row_values.get(f) for f in member_columns])
        date_columns = [col for col, fld in enumerate(member_columns, start=1) if fld in _DATE_FIELDS]
        for row in range(2, 500):
            for col in date_columns:
                members.cell(row=row, column=col).number_format = "yyyy-mm-dd"
    for col, fld in enumerate(member_columns, start=1):
        members.column_dimensions[get_column_letter(col)].width = _MEMBERSHIP_WIDTHS[fld]

    guide = wb.create_sheet("Instruktioner", 2)
    guide.append(["Samverkansregister – så fyller du i"])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append(
        [
            "En rad per samverkan på bladet Samverkan. Alla medlemmar i samma cell. "
            "Bladet Medlemskap är valfritt och används för andelar, kostnader och medlemsdatum per medlem; "
            "en kommun som har lämnat står kvar där med sitt sista datum i Medlem till."
        ]
    )
    guide.append([])
    guide.append(["Kolumn", "Obligatorisk", "Förklaring"])
    for cell in guide[4]:
        cell.font = Font(bold=True)
    for header, text, required in TEMPLATE_COLUMNS:
        guide.append([header, "ja" if required else "nej", text])
    guide.append([])
    guide.append(["Bladet Medlemskap"])
    guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
    for header, text in MEMBERSHIP_COLUMNS:
        guide.append([header, "", text])
    guide.append([])
    guide.append(["Granska filen innan uppladdning: python -m samverkansvav check registret.xlsx"])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 13
    guide.column_dimensions["C"].width = 100
    wb.save(path)
    return path

"""The register template: the workbook a municipality fills in and uploads.

Sheets: ``Samverkan`` (one row per arrangement, Swedish headers, dropdowns for form
and area), ``Medlemskap`` (optional shares, costs and membership dates per member,
former members kept with their last day), ``Instruktioner``
(what each column means) and a hidden ``Listor`` sheet holding the dropdown values.
The example row passes ``check`` without errors (tested).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from samverkansvav.ingest.values import area_vocabulary
from samverkansvav.vocabulary import FORMS, form_label

__all__ = ["write_template", "TEMPLATE_COLUMNS", "FORM_CHOICES"]

#: (header, explanation, required) for the Samverkan sheet, in column order.
TEMPLATE_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("Id", "Eget stabilt id för arrangemanget (valfritt). Saknas det skapas ett av namn och form.", False),
    ("Namn", "Samverkans namn, t.ex. nämndens, förbundets eller avtalets namn.", True),
    (
        "Form",
        "Juridisk form: välj i listan (gemensam nämnd, kommunalförbund, avtalssamverkan, bolag, "
        "stiftelse, ekonomisk förening, ideell förening, informell, samordningsförbund).",
        True,
    ),
    ("Område", "Verksamhetsområde: välj i listan om något passar, annars skriv fritt.", True),
    (
        "Värdkommun",
        "Kommunen som utför uppgiften (avtalssamverkan) eller där nämnden ingår (gemensam nämnd). "
        "Lämnas tom för förbund, bolag och nätverk.",
        False,
    ),
    ("Säte", "Förbundets eller bolagets säte (valfritt). Sätet är inte en värdkommun.", False),
    (
        "Medlemmar",
        "Alla parter inklusive värdkommunen, åtskilda med komma, semikolon eller radbrytning. "
        "Namn eller kommunkod går bra (t.ex. 'Malung-Sälen' eller '2023').",
        True,
    ),
    ("Startdatum", "När samverkan började, ÅÅÅÅ-MM-DD.", False),
    ("Slutdatum", "När samverkan upphör eller upphörde, ÅÅÅÅ-MM-DD. Tom om den gäller tills vidare.", False),
    ("Uppsägningstid (mån)", "Uppsägningstid i månader enligt avtal eller förbundsordning.", False),
    ("Årskostnad (kr)", "Den rapporterande kommunens egen kostnad per år i kronor.", False),
    ("Ansvarig", "Ansvarig nämnd eller tjänsteperson hos den rapporterande kommunen.", False),
    ("Mål", "Vad samverkan ska uppnå; underlag för uppföljning.", False),
    ("Senast utvärderad", "Datum då samverkan senast följdes upp eller utvärderades.", False),
    ("Status", "aktiv, avslutad eller planerad.", False),
    ("Källa", "Var uppgifterna kommer ifrån (avtal, förbundsordning, beslut, länk).", False),
    ("Anmärkning", "Övrigt som behövs för att förstå raden.", False),
    ("Rapporterande kommun", "Kommunen som fyller i registret; dess kostnad står i Årskostnad.", False),
)

MEMBERSHIP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Id", "Arrangemangets id som på bladet Samverkan (eller lämna tomt och skriv namnet)."),
    ("Namn", "Arrangemangets namn som på bladet Samverkan."),
    ("Medlem", "En medlem per rad: namn eller kommunkod."),
    ("Roll", "värd, utförare, uppdragsgivare eller medlem (valfritt)."),
    ("Andel %", "Medlemmens andel av kostnaderna i procent, t.ex. 17,5."),
    ("Årskostnad (kr)", "Medlemmens kostnad per år i kronor."),
    (
        "Medlem från",
        "Första dagen som medlem, ÅÅÅÅ-MM-DD, om medlemmen gick med senare än samverkan började (valfritt).",
    ),
    (
        "Medlem till",
        "Sista dagen som medlem, ÅÅÅÅ-MM-DD, om medlemmen har lämnat. En tidigare medlem "
        "står kvar här med sitt slutdatum (men inte bland Medlemmar på bladet Samverkan).",
    ),
)

#: Form values offered in the dropdown (all accepted by the importer).
FORM_CHOICES: tuple[str, ...] = tuple(form_label(form) for form in FORMS)

_EXAMPLE = {
    "Id": "exempel-overformyndare",
    "Namn": "Gemensam överförmyndarnämnd Flen–Gnesta–Vingåker (exempel)",
    "Form": "gemensam nämnd",
    "Område": "överförmyndare",
    "Värdkommun": "Flen",
    "Säte": None,
    "Medlemmar": "Flen, Gnesta, Vingåker",
    "Startdatum": dt.date(2019, 1, 1),
    "Slutdatum": None,
    "Uppsägningstid (mån)": 12,
    "Årskostnad (kr)": 450000,
    "Ansvarig": "Kommunstyrelsen",
    "Mål": "Rättssäker och effektiv tillsyn över ställföreträdare.",
    "Senast utvärderad": dt.date(2024, 6, 1),
    "Status": "aktiv",
    "Källa": "Avtal om gemensam nämnd (exempel)",
    "Anmärkning": "Exempelrad – ersätt med egna uppgifter.",
    "Rapporterande kommun": "Flen",
}
#: (member, role, share %, annual cost, member from, member to): Vingåker joined when
#: Katrineholm, a former member kept with its last day, had left.
_EXAMPLE_MEMBERS = (
    ("Flen", "värd", 40, 450000, None, None),
    ("Gnesta", "medlem", 30, 337500, None, None),
    ("Vingåker", "medlem", 30, 337500, dt.date(2021, 1, 1), None),
    ("Katrineholm", "medlem", None, None, None, dt.date(2020, 12, 31)),
)

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
    headers = [c[0] for c in TEMPLATE_COLUMNS]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if example:
        ws.append([_EXAMPLE[h] for h in headers])
        for col, header in enumerate(headers, start=1):
            if header in ("Startdatum", "Slutdatum", "Senast utvärderad"):
                for row in range(2, 500):
                    ws.cell(row=row, column=col).number_format = "yyyy-mm-dd"
    for col, header in enumerate(headers, start=1):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = max(
            14, min(40, len(header) + 6)
        )
    ws.freeze_panes = "A2"

    lists = wb.create_sheet("Listor")
    areas = area_vocabulary()
    lists.append(["Form", "Område"])
    for i in range(max(len(FORM_CHOICES), len(areas))):
        lists.append(
            [FORM_CHOICES[i] if i < len(FORM_CHOICES) else None, areas[i] if i < len(areas) else None]
        )
    lists.sheet_state = "hidden"

    form_col = ws.cell(row=1, column=headers.index("Form") + 1).column_letter
    area_col = ws.cell(row=1, column=headers.index("Område") + 1).column_letter
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
    members.append([c[0] for c in MEMBERSHIP_COLUMNS])
    for cell in members[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    if example:
        for member, role, share, cost, start, end in _EXAMPLE_MEMBERS:
            members.append([_EXAMPLE["Id"], _EXAMPLE["Namn"], member, role, share, cost, start, end])
        for row in range(2, 500):
            for col in (7, 8):
                members.cell(row=row, column=col).number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGH", (24, 40, 18, 16, 10, 16, 14, 14)):
        members.column_dimensions[letter].width = width

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

"""The catalogue of check codes: every ``Issue.code`` the project emits, explained once.

A code is the stable English key of a problem in a register (tests, translations and
integrations rely on it); the Swedish message the user reads is written where the
problem is found. A test scans the source and fails when a code is emitted that is not
listed here, or listed here and never emitted.
"""

from __future__ import annotations

__all__ = ["ISSUE_CODES", "DYNAMIC_CODES"]

#: code -> what it means (Swedish, as the README's glossary of checks).
ISSUE_CODES: dict[str, str] = {
    # The file and its layout
    "unreadable": "Filen kan inte läsas alls (fel format, skadad, lösenordsskyddad).",
    "no_header": "Ingen rubrikrad hittades.",
    "no_rows": "Bladet har inga datarader.",
    "blank_header": "En kolumn med data saknar rubrik.",
    "duplicate_header": "Två kolumner har samma rubrik.",
    "missing_column": "En obligatorisk kolumn saknas.",
    "missing_area_column": "Kolumnen för verksamhetsområde saknas.",
    "missing_follow_up_columns": "Kolumnerna för ansvarig, mål och uppföljning saknas.",
    "unknown_columns": "Kolumner som inte känns igen och inte läses.",
    "header_by_meaning": "En rubrik lästes efter sina ord (t.ex. 'Berörda kommuner' som Medlemmar).",
    "ambiguous_header": "Två rubriker kan båda vara samma kolumn (fel för medlemmar, varning för kostnad).",
    "unread_cost_column": "En kolumn som ser ut att innehålla kostnader läses inte.",
    "too_many_rows": "Fler rader än gränsen.",
    "too_many_columns": "Fler kolumner än gränsen.",
    "cell_too_long": "En cell är längre än gränsen.",
    "hidden_sheet": "Ett dolt blad finns i arbetsboken.",
    "merged_cells": "Sammanfogade celler fylldes i från den övre vänstra cellen.",
    "formula_without_value": "En formel saknar sparat värde.",
    "cell_error": "En cell innehåller ett Excel-fel (#REF!, #N/A …).",
    "control_characters": "Styrtecken togs bort ur texten.",
    "total_row": "En summarad (Totalt/Summa) hoppades över.",
    "reporter_from_banner": "Rapporterande kommun lästes ur en rubrik ovanför tabellen.",
    "unknown_reporter": "Den rapporterande kommunen känns inte igen.",
    "medlemskap_no_header": "Bladet Medlemskap saknar rubrikrad.",
    "medlemskap_no_member": "En rad på bladet Medlemskap saknar medlem.",
    # One arrangement's values
    "missing_name": "Samverkan saknar namn.",
    "unknown_form": "Formen känns inte igen.",
    "missing_area": "Verksamhetsområde saknas.",
    "unknown_area": "Området finns inte i ordlistan (behålls som det är skrivet).",
    "too_few_members": "Färre än två medlemmar.",
    "unknown_member": "En medlem matchar ingen känd aktör.",
    "member_code_name_mismatch": "Kommunkod och namn pekar på olika aktörer.",
    "name_interpreted": "Ett namn tolkades (stavning, genitiv, förkortning).",
    "duplicate_member": "Samma medlem står två gånger.",
    "unknown_host": "Värdkommunen känns inte igen.",
    "host_missing": "Värdkommun saknas för gemensam nämnd eller avtalssamverkan.",
    "host_not_member": "Värdkommunen är inte medlem.",
    "host_added_as_member": "Värden saknade egen medlemsrad och lades till som medlem.",
    "host_for_entity": "En värd angavs för en form som själv är utförare.",
    "unknown_seat": "Sätet känns inte igen.",
    "unknown_role": "Rollen känns inte igen.",
    "role_conflict": "Roll och värdkommun säger olika saker.",
    "bad_date": "Ett datum kan inte läsas.",
    "bad_months": "En uppsägningstid kan inte läsas.",
    "bad_status": "En status kan inte läsas.",
    "bad_amount": "Ett belopp kan inte läsas.",
    "bad_share": "En andel kan inte läsas.",
    "year_as_date": "Ett årtal lästes som ett år, inte som ett Excel-datum.",
    "open_ended": "Slutdatum 'tills vidare' betyder inget slutdatum.",
    "end_before_start": "Slutdatum före startdatum.",
    "member_dates_not_read": "Medlemsdatum i ett register med alla medlemmar i en cell läses inte.",
    "member_end_before_start": "Ett medlemskap slutar före sitt startdatum.",
    "end_from_note": "Slutdatum saknas och lästes ur anmärkningen ('upphörde 2013').",
    "ended_without_date": "Status avslutad utan slutdatum: visas som avslutad med okänt datum.",
    "several_cost_years": "Kostnader för flera år; det senaste används.",
    "cost_without_reporter": "Kostnad utan angiven rapporterande kommun.",
    "cost_reporter_not_member": "Den rapporterande kommunen är inte medlem där kostnaden anges.",
    "share_not_member": "En andel anges för en aktör som inte är medlem.",
    "duplicate_arrangement": "Samma samverkan står på flera rader.",
    "inconsistent_rows": "En samverkans rader anger olika värden.",
    "same_name_different_form": "Samma namn med olika former.",
    # Legal and follow-up checks (DOMAIN §7)
    "gn_beredskap": "Gemensam nämnd inom beredskap/krisledning (KL 9 kap. 21 §).",
    "kf_beredskap": "Kommunalförbund för beredskapsorganisation.",
    "kf_avgiftstaxa": "Kommunalförbund som sätter avgiftstaxor.",
    "lou_check": "Avtalssamverkan: villkoren i LOU 3 kap. 17 § bör kontrolleras.",
    "missing_follow_up": "Mål, ansvarig eller senaste utvärdering saknas.",
    "finsam_missing_member": (
        "Ett samordningsförbund saknar Försäkringskassan, Arbetsförmedlingen, "
        "en region eller en kommun (lag (2003:1210) 3 §)."
    ),
    # Merging several registers
    "not_merged": "En fil med fel ingår inte i sammanslagningen.",
    "conflict_form": "Två register anger olika form för samma samverkan.",
    "conflict_members": "Två register anger olika medlemmar för samma samverkan.",
    "conflict_host": "Två register anger olika värd för samma samverkan.",
    "conflict_area": "Två register anger olika område för samma samverkan.",
    "conflict_status": "Två register anger olika status för samma samverkan (avslutad eller inte).",
    "conflict_end": "Två register anger olika slutdatum för samma samverkan.",
    # Who may say what (DOMAIN §4, authority)
    "not_own_arrangement": "En kommuns register beskriver en samverkan där kommunen inte är medlem.",
    "other_reporter": "En rad i en kommuns register anger en annan rapporterande kommun.",
    "name_too_long": "Ett namn är längre än gränsen.",
}

#: Codes built at run time from a field name (``f"bad_{what}"``), listed so the source
#: scan can account for them.
DYNAMIC_CODES: frozenset[str] = frozenset(
    {
        "bad_date",
        "bad_months",
        "bad_status",
        "bad_amount",
        "bad_share",
        # merge.py: f"conflict_{field}" for each field of the one conflict finder
        "conflict_form",
        "conflict_members",
        "conflict_host",
        "conflict_status",
        "conflict_end",
    }
)

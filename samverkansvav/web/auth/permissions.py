"""Write permission: an account writes only its own municipality's register (an admin any).

Every writing callback calls :func:`authorize_write` with the kommunkod it is about to
write, before writing anything; a :class:`WriteForbidden` that is not caught becomes a
403 with the Swedish message, and every decision is in the audit log.
"""

from __future__ import annotations

from functools import lru_cache

from samverkansvav.accounts import Account, may_write, normalise_kommun
from samverkansvav.web.auth.client import request_ip
from samverkansvav.web.auth.sessions import current_account
from samverkansvav.web.auth.state import audit, auth_state

__all__ = ["WriteForbidden", "authorize_write", "kommun_label"]


class WriteForbidden(Exception):
    """The signed-in account (or nobody) may not write this municipality's register."""

    def __init__(self, message: str, *, kommun: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.kommun = kommun


@lru_cache(maxsize=1)
def _kommun_names() -> dict[str, str]:
    try:
        from samverkansvav.reference import load_parties

        parties = load_parties()
        return {str(k): str(v) for k, v in zip(parties["id"], parties["name"])}
    except Exception:  # noqa: BLE001 - a name is a courtesy; the code alone is enough
        return {}


def kommun_label(code: str | None) -> str:
    """``Namn (kod)`` of a municipality, the code alone when the name is unknown."""
    if not code:
        return "okänd kommun"
    name = _kommun_names().get(code)
    return f"{name} ({code})" if name else code


def authorize_write(kommun: str) -> Account:
    """The signed-in account, if it may write ``kommun``'s register; else :class:`WriteForbidden`.

    Call it in every writing callback with the kommunkod about to be written,
    *before* writing anything. The identity is the server session's, whatever
    the request says.
    """
    code = normalise_kommun(kommun)
    state = auth_state()
    if state is None or not state.accounts_file:
        audit.warning("Skrivning nekad (inga konton inrättade) kommun=%r", code)
        raise WriteForbidden(
            "Uppladdning är stängd på den här servern eftersom inga konton är inrättade. "
            "Be förvaltaren skapa ett konto med kommandot add-user.",
            kommun=code,
        )
    account = current_account()
    if account is None:
        audit.warning("Skrivning nekad (ej inloggad) kommun=%r ip=%s", code, request_ip())
        raise WriteForbidden(
            "Du är inte inloggad. Logga in med ditt kommunkonto för att ladda upp eller "
            "återställa ett register.",
            kommun=code,
        )
    if not may_write(account, code):
        audit.warning(
            "Skrivning nekad användare=%s konto-kommun=%s begärd kommun=%r",
            account.username,
            account.kommun,
            code,
        )
        raise WriteForbidden(
            f"Ditt konto får bara ändra registret för {kommun_label(account.kommun)}, "
            f"inte för {kommun_label(code) if code else 'en kommun utan kod'}.",
            kommun=code,
        )
    audit.info("Skrivning tillåten användare=%s roll=%s kommun=%s", account.username, account.role, code)
    return account

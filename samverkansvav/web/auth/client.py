"""Who is asking: the client's IP address, trusting ``X-Forwarded-For`` only from listed proxies."""

from __future__ import annotations

import ipaddress
import logging
from ipaddress import IPv4Network, IPv6Network

import flask

from samverkansvav.web.auth.state import auth_state

__all__ = ["Networks", "parse_proxies", "client_ip", "request_ip"]

log = logging.getLogger(__name__)

Networks = tuple[IPv4Network | IPv6Network, ...]


def parse_proxies(text: str | None) -> Networks:
    """``SAMVERKANSVAV_TRUSTED_PROXIES`` ("10.0.0.1, 10.1.0.0/16") as networks; bad entries are logged."""
    out = []
    for part in str(text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            out.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            log.error("SAMVERKANSVAV_TRUSTED_PROXIES: %r är ingen IP-adress eller nät och ignoreras.", part)
    return tuple(out)


def _trusted(address: str, proxies: Networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in proxies)


def client_ip(remote_addr: str | None, forwarded_for: str | None, proxies: Networks) -> str:
    """The client's IP: the socket peer, or - when that is a trusted proxy - the last
    ``X-Forwarded-For`` entry not added by a trusted proxy.

    Examples
    --------
    >>> nets = parse_proxies("10.0.0.1")
    >>> client_ip("10.0.0.1", "203.0.113.7, 198.51.100.2", nets)
    '198.51.100.2'
    >>> client_ip("198.51.100.9", "203.0.113.7", nets)  # not from the proxy: the header is ignored
    '198.51.100.9'
    """
    peer = remote_addr or "-"
    if not proxies or not forwarded_for or not _trusted(peer, proxies):
        return peer
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if not _trusted(hop, proxies):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer
    return peer


def request_ip() -> str:
    """The IP of the client of the current request (``-`` outside a request)."""
    if not flask.has_request_context():
        return "-"
    state = auth_state()
    proxies = state.trusted_proxies if state is not None else ()
    request = flask.request
    return client_ip(request.remote_addr, request.headers.get("X-Forwarded-For"), proxies)

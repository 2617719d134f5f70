"""What a page is, and how the URL query carries a view's selection.

A page module in :mod:`samverkansvav.web.pages` defines ``PAGE = Page(...)``:

- ``path``: its URL (``/karta``);
- ``nav_key``: the i18n key of its menu label;
- ``layout(ctx)``: builds the page from a :class:`PageContext` (bundle, language,
  query parameters) — the initial selection comes from the URL;
- ``params``: query parameters synced from controls into the URL, so the address
  bar always holds a shareable link to what the user sees;
- ``register(app, state)``: registers the page's callbacks on ``app``
  (``app.callback``, never the global ``dash.callback``, so two apps in one
  process never share state).

Global query parameters: ``lang`` (``en`` for English) and ``datum`` (analysis
date, ISO; default today).

Examples
--------
>>> parse_query("?kod=0180&former=a,b&lang=en")
{'kod': '0180', 'former': 'a,b', 'lang': 'en'}
>>> build_query({"lang": "en", "kod": "0180", "tom": None, "lista": ["a", "b"]})
'?kod=0180&lang=en&lista=a%2Cb'
>>> split_list("a,b,,c")
['a', 'b', 'c']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from samverkansvav.web.i18n import normalise_lang

if TYPE_CHECKING:
    from samverkansvav.web.data import Bundle

__all__ = [
    "QueryParam",
    "Page",
    "PageContext",
    "parse_query",
    "build_query",
    "split_list",
    "parse_date",
    "context_for",
]


@dataclass(frozen=True)
class QueryParam:
    """A URL query parameter mirrored from a component property."""

    name: str
    component_id: Any
    prop: str = "value"
    multi: bool = False


@dataclass(frozen=True)
class Page:
    path: str
    nav_key: str
    layout: Callable[[PageContext], Any]
    register: Callable[[Any, Any], None] | None = None
    params: tuple[QueryParam, ...] = ()
    in_nav: bool = True
    #: Reuse the rendered layout for the same URL on the same dataset and date.
    #: Off for pages whose layout depends on who is signed in.
    cache_layout: bool = True


@dataclass(frozen=True)
class PageContext:
    """What a page layout or callback needs: the data bundle, the language, the query."""

    bundle: Bundle
    lang: str
    query: Mapping[str, str] = field(default_factory=dict)
    state: Any = None
    boundaries: dict | None = None

    def param(self, name: str, default: str | None = None) -> str | None:
        value = self.query.get(name)
        return value if value not in (None, "") else default

    def param_list(self, name: str) -> list[str]:
        return split_list(self.query.get(name))


def parse_query(search: str | None) -> dict[str, str]:
    """The query string as a dict (the last value of a repeated key wins)."""
    search = (search or "").lstrip("?")
    return {k: v for k, v in parse_qsl(search, keep_blank_values=False)}


def build_query(values: Mapping[str, Any]) -> str:
    """A normalised query string (sorted keys, empty values left out, lists comma-joined)."""
    items = []
    for key in sorted(values):
        value = values[key]
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value if v not in (None, ""))
        if value in (None, "", False):
            continue
        items.append((key, str(value)))
    return "?" + urlencode(items) if items else ""


def split_list(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


def parse_date(value: str | None, default: dt.date) -> dt.date:
    """An ISO date from the query, or ``default`` when absent or unreadable."""
    if not value:
        return default
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return default


def context_for(state, search: str | None) -> PageContext:
    """The :class:`PageContext` for the dataset in ``state`` and the query ``search``."""
    from samverkansvav.web.data import today

    query = parse_query(search)
    on = parse_date(query.get("datum"), today())
    return PageContext(
        bundle=state.bundle(on),
        lang=normalise_lang(query.get("lang")),
        query=query,
        state=state,
        boundaries=getattr(state, "boundaries", None),
    )

"""The page registry: one module per view, listed once in :data:`PAGE_MODULES`.

How to add a page
-----------------
1. Write ``samverkansvav/web/pages/<name>.py`` defining ``PAGE = Page(path=...,
   nav_key=..., layout=..., register=..., params=...)`` (see
   :mod:`samverkansvav.web.page`). Put its component ids in :mod:`..ids` and its
   labels (both languages) in :mod:`..i18n`. Keep its callbacks as plain
   functions (``render_...(bundle, lang, ...)``) and register thin wrappers on the
   ``app`` passed to ``register(app, state)``; get the data with
   ``context_for(state, search)`` from the URL's ``search`` (language, date).
2. Add ``"<name>"`` to :data:`PAGE_MODULES` below (its place is its place in the menu).

That is all: the app factory imports the modules, builds the menu, routes the
path, syncs ``params`` into the URL query and calls ``register``.
"""

from __future__ import annotations

import importlib

__all__ = ["PAGE_MODULES", "load_pages"]

PAGE_MODULES: tuple[str, ...] = (
    "oversikt",
    "karta",
    "natverk",
    "kommunprofil",
    "overlapp",
    "beroende",
    "scenario",
    "upload",
)


def load_pages(modules: tuple[str, ...] = PAGE_MODULES) -> list:
    """The ``PAGE`` objects of the registered modules, in menu order."""
    return [importlib.import_module(f"{__name__}.{name}").PAGE for name in modules]

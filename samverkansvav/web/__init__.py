"""The dashboard (the only package that imports dash).

``create_app(config=None, *, web=None)`` in :mod:`samverkansvav.web.app` builds a
fresh Dash app; pages live one per module in :mod:`samverkansvav.web.pages`.
"""

__all__: list[str] = []

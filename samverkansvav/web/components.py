"""Reusable building blocks of the views: tables, figures, messages, explained metrics.

Every table is a dash-ag-grid (sortable, filterable) with "Ladda ner Excel" and
"Ladda ner CSV" buttons; the app factory registers ONE pattern-matching callback
that exports the rows the user currently sees (after sorting and filtering)
through :mod:`samverkansvav.export`. Every figure keeps plotly's modebar with
the PNG download.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import dash_ag_grid as dag
import numpy as np
import pandas as pd
from dash import Input, Output, State, dcc, html

from samverkansvav.ingest.values import is_blank
from samverkansvav.web import ids
from samverkansvav.web.i18n import t
from samverkansvav.web.page import Page, QueryParam, context_for

if TYPE_CHECKING:
    from samverkansvav.web.data import Bundle

__all__ = [
    "Column",
    "json_value",
    "records",
    "data_table",
    "graph",
    "message",
    "explained",
    "stat",
    "section",
    "lan_options",
    "kommun_options",
    "party_options",
    "OPTION_LIMIT",
    "capped_options",
    "searchable_dropdown",
    "register_option_search",
    "find_component",
    "control",
    "municipality_dropdown",
    "export_table",
    "lan_dropdown",
    "form_legend",
    "column_def",
]

Column = tuple[str, str]  # (field, i18n key of the header)


def json_value(value: Any) -> Any:
    """A JSON-ready plain Python value (NaN → None, numpy → Python, dates → ISO, tuples → text)."""
    if value is None:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        value = float(value)
        return None if math.isnan(value) or math.isinf(value) else round(value, 4)
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return None if pd.isna(value) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list, set, frozenset)):
        return ", ".join(str(v) for v in value)
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def records(frame: pd.DataFrame, fields: Sequence[str] | None = None) -> list[dict]:
    """Rows of ``frame`` as JSON-ready dicts (only ``fields`` when given)."""
    fields = list(fields) if fields is not None else list(frame.columns)
    out = []
    for row in frame[fields].itertuples(index=False, name=None):
        out.append({f: json_value(v) for f, v in zip(fields, row)})
    return out


def _is_numeric(frame: pd.DataFrame, field: str) -> bool:
    if field not in frame:
        return False
    return pd.api.types.is_numeric_dtype(frame[field]) and not pd.api.types.is_bool_dtype(frame[field])


#: Rows sent to the browser per table (a 100,000-row register must not make a 30 MB page).
MAX_TABLE_ROWS = 2000


def data_table(
    name: str,
    frame: pd.DataFrame,
    columns: Sequence[Column],
    lang: str,
    *,
    max_height: int = 440,
    hide_empty: bool = False,
) -> html.Div:
    """A sortable, filterable grid of ``frame`` with Excel and CSV download buttons.

    ``name`` identifies the table (pattern-matching ids in :mod:`ids`) and names
    the downloaded file. An empty frame shows a short "no rows" note instead.
    Columns are as wide as their content needs and long text wraps
    (:func:`column_def`). With ``hide_empty`` columns without any value are left
    out and named in a note under the table.
    """
    if frame.empty:
        return html.Div(message(t("empty.no_rows", lang), kind="muted"), className="table-block")
    empty_note = None
    if hide_empty:
        from samverkansvav.web.data import missing_mask

        blank = [(f, k) for f, k in columns if f in frame and missing_mask(frame[f]).all()]
        if blank and len(blank) < len(columns):
            columns = [c for c in columns if c not in blank]
            empty_note = html.P(
                t("table.empty_columns", lang, names=", ".join(t(k, lang) for _, k in blank)),
                className="muted table-note",
            )
    fields = [f for f, _ in columns]
    # Widths from the rows that are sent (a big register is not scanned for them).
    column_defs = [
        column_def(frame.head(MAX_TABLE_ROWS), field, t(header_key, lang)) for field, header_key in columns
    ]
    total = len(frame)
    # A page's payload stays bounded whatever the register holds: the first rows are shown.
    rows = records(frame.head(MAX_TABLE_ROWS), fields)
    auto = len(rows) <= 12
    return html.Div(
        [
            dag.AgGrid(
                id=ids.grid(name),
                rowData=rows,
                columnDefs=column_defs,
                defaultColDef={
                    "sortable": True,
                    "resizable": True,
                    "filter": True,
                    "minWidth": 90,
                    "flex": 1,
                    "wrapHeaderText": True,
                    "autoHeaderHeight": True,
                },
                dashGridOptions={"domLayout": "autoHeight"}
                if auto
                else {"pagination": len(rows) > 200, "paginationPageSize": 100},
                style={} if auto else {"height": f"{max_height}px"},
                csvExportParams={"fileName": f"{name}.csv"},
            ),
            empty_note,
            (
                message(
                    (
                        "Visar de första {n} av {total} raderna."
                        if lang != "en"
                        else "Showing the first {n} of {total} rows."
                    ).format(n=f"{MAX_TABLE_ROWS:,}".replace(",", " "), total=f"{total:,}".replace(",", " ")),
                    kind="muted",
                )
                if total > MAX_TABLE_ROWS
                else None
            ),
            html.Div(
                [
                    html.Button(
                        t("table.excel", lang), id=ids.excel_button(name), className="btn", n_clicks=0
                    ),
                    html.Button(
                        t("table.csv", lang), id=ids.csv_button(name), className="btn btn-light", n_clicks=0
                    ),
                    dcc.Download(id=ids.download(name)),
                ],
                className="table-actions",
            ),
        ],
        className="table-block",
    )


#: Text columns with a value longer than this (characters) wrap over several lines.
WRAP_ABOVE = 24


def column_def(frame: pd.DataFrame, field: str, header: str) -> dict:
    """An ag-grid column sized to its content: numbers narrow, long text wide and wrapped.

    The share of the width (``flex``) follows the typical length of the column's
    text; the minimum width fits the header's longest word, so headers wrap
    between words instead of being cut ("Gemensam nämn…").

    Examples
    --------
    >>> frame = pd.DataFrame({"n": [1, 2], "name": ["Gemensam nämnd för IT och telefoni", "Lön"]})
    >>> column_def(frame, "n", "Antal")["cellClass"], column_def(frame, "name", "Namn")["wrapText"]
    ('ag-right-aligned-cell', True)
    """
    col = {"field": field, "headerName": header, "tooltipField": field}
    longest_word = max((len(w) for w in str(header).split()), default=4)
    if _is_numeric(frame, field):
        # Numbers right-aligned in the cells only: a right-aligned header puts the filter
        # button on the left, where it reads as an empty column.
        col.update(
            filter="agNumberColumnFilter",
            cellClass="ag-right-aligned-cell",
            flex=1,
            minWidth=int(min(max(8 * longest_word + 56, 90), 200)),
        )
        return col
    texts = frame[field].map(lambda v: "" if is_blank(v) else str(v)) if field in frame else pd.Series([""])
    lengths = texts.map(len)
    typical = float(lengths.quantile(0.9)) if len(lengths) else 0.0
    wraps = int(lengths.max() if len(lengths) else 0) > WRAP_ABOVE
    # A wrapping column must hold its longest word ("upphandling"); a short value stays on
    # one line, so the column must hold the whole value ("Gemensam nämnd", not "Gemensa…").
    content = max((len(w) for v in texts for w in v.split()), default=0) if wraps else int(lengths.max() or 0)
    col.update(
        filter="agTextColumnFilter",
        flex=round(min(max(typical / 14.0, 1.0), 5.0), 1),
        minWidth=int(min(max(8 * longest_word + 56, 9 * min(content, 26) + 48, 110), 280)),
    )
    if wraps:
        col.update(wrapText=True, autoHeight=True)  # long text wraps; a short value stays on one line
    return col


def export_table(
    kind: str, rows: list[dict] | None, column_defs: list[dict] | None, name: str
) -> dict | None:
    """Bytes for the download of one table, as ``dcc.Download`` data (plain function).

    ``rows`` are the grid's visible rows (sorted and filtered); columns are named
    by their headers, in grid order. ``kind`` is ``"excel"`` or ``"csv"``.
    """
    from samverkansvav.export import csv_bytes, workbook_bytes

    column_defs = column_defs or []
    fields = [c["field"] for c in column_defs]
    headers = [c.get("headerName") or c["field"] for c in column_defs]
    frame = pd.DataFrame(rows or [], columns=fields)
    frame.columns = headers
    if kind == "excel":
        content = workbook_bytes({name[:31]: frame})
        return dcc.send_bytes(content, f"{name}.xlsx")
    content = csv_bytes(frame)
    return dcc.send_bytes(content, f"{name}.csv")


def graph(component_id: Any, figure, *, filename: str, height: int | None = None) -> dcc.Graph:
    """A plotly graph whose modebar saves a PNG named ``filename``."""
    extra = {"style": {"height": f"{height}px"}} if height else {}  # style=None crashes dcc.Graph
    return dcc.Graph(
        id=component_id,
        figure=figure,
        config={
            "displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        },
        **extra,
    )


def message(text: str, *, kind: str = "info") -> html.Div:
    """A short helpful note (empty selection, filtered-out data, errors)."""
    return html.Div(text, className=f"message message-{kind}", role="status")


def explained(label: str, explanation: str) -> html.Span:
    """A label with its short explanation next to it (also as a tooltip)."""
    return html.Span(
        [html.Span(label, className="metric-label"), html.Span(explanation, className="metric-help")],
        title=explanation,
    )


def stat(label: str, value: Any, *, explanation: str | None = None, stat_id: str | None = None) -> html.Div:
    """A headline figure: big value, label, optional explanation."""
    kwargs = {"id": stat_id} if stat_id else {}
    children = [
        html.Div(str(value), className="stat-value", **kwargs),
        html.Div(label, className="stat-label"),
    ]
    if explanation:
        children.append(html.Div(explanation, className="stat-help"))
    return html.Div(children, className="stat")


def section(title: str, *children: Any, help_text: str | None = None) -> html.Section:
    """A titled block with an optional explanation under the title."""
    head = [html.H3(title)]
    if help_text:
        head.append(html.P(help_text, className="section-help"))
    return html.Section(head + list(children), className="section")


def lan_options(lans: Iterable[tuple[str, str]]) -> list[dict]:
    return [{"label": f"{name} ({code})", "value": code} for code, name in lans]


def kommun_options(bundle: Bundle) -> list[dict]:
    parties = bundle.parties
    ids_ = list(bundle.kommun_ids) + [p for p in bundle.metrics.index if p not in set(bundle.kommun_ids)]
    return [
        {"label": f"{parties.at[p, 'name'] if p in parties.index else p} ({p})", "value": p}
        for p in sorted(ids_, key=lambda p: str(parties.at[p, "name"]) if p in parties.index else str(p))
    ]


def party_options(bundle: Bundle) -> list[dict]:
    """:func:`kommun_options`, built once per bundle (a register may name thousands of parties)."""
    return bundle._cached("kommun-options", lambda: kommun_options(bundle))


#: Options a searchable dropdown sends with the page; typing fetches the matching ones.
OPTION_LIMIT = 200


def capped_options(
    options: Sequence[dict], *, value: Any = None, search: str | None = None, limit: int = OPTION_LIMIT
) -> list[dict]:
    """At most ``limit`` of ``options`` whose label contains ``search``, plus the selected ones.

    Matching ignores case, not å/ä/ö ("Habo" does not find "Håbo"); the order of
    ``options`` is kept. The selected value (or values, for a multi-select) is
    always included, so the dropdown can show its label.

    Examples
    --------
    >>> options = [{"label": n, "value": n} for n in ["Ale", "Alingsås", "Borås", "Habo", "Håbo"]]
    >>> [o["value"] for o in capped_options(options, limit=2, value="Håbo")]
    ['Ale', 'Alingsås', 'Håbo']
    >>> [o["value"] for o in capped_options(options, search="ABO", limit=2)]
    ['Habo']
    """
    selected = set(value) if isinstance(value, (list, tuple, set)) else {value}
    needle = (search or "").strip().casefold()
    out, matched = [], 0
    for option in options:
        chosen = option.get("value") in selected
        matches = matched < limit and (not needle or needle in str(option.get("label", "")).casefold())
        if matches:
            matched += 1
        if chosen or matches:
            out.append(option)
    return out


def searchable_dropdown(
    component_id: Any, options: Sequence[dict], *, value: Any = None, limit: int = OPTION_LIMIT, **props: Any
) -> dcc.Dropdown:
    """A dropdown that sends at most ``limit`` options (plus the selected) and searches the rest.

    Pair it with :func:`register_option_search`, which answers what the user types
    with the matching options from the same source.
    """
    props.setdefault("searchable", True)
    return dcc.Dropdown(
        id=component_id, options=capped_options(options, value=value, limit=limit), value=value, **props
    )


def register_option_search(
    app: Any,
    component_id: Any,
    state: Any,
    source: Any,
    *,
    limit: int = OPTION_LIMIT,
    depends_on: Sequence[State] = (),
    allow_duplicate: bool = False,
    localised: bool = False,
) -> Any:
    """Register the search callback of a :func:`searchable_dropdown`; returns the plain function.

    ``source(bundle, *values)`` gives every option; ``values`` are those of the
    ``depends_on`` states (a list that depends on another choice, such as one
    municipality's arrangements). The function takes what the user typed, the
    current value, the page's query string and those values (tests call it
    directly); an empty search gives the first ``limit`` options again. With
    ``allow_duplicate`` another callback may write the options too (the one that
    fills the list when the other choice changes). With ``localised`` the source
    also gets ``lang=`` (options whose labels are in the page's language).
    """

    def search_options(search_value: str | None, value: Any, search: str | None, *values: Any) -> list[dict]:
        context = context_for(state, search)
        if localised:
            options = source(context.bundle, *values, lang=context.lang)
        else:
            options = source(context.bundle, *values)
        return capped_options(options, value=value, search=search_value, limit=limit)

    app.callback(
        Output(component_id, "options", allow_duplicate=allow_duplicate),
        Input(component_id, "search_value"),
        State(component_id, "value"),
        State(ids.URL, "search"),
        *depends_on,
        prevent_initial_call=True,
    )(search_options)
    return search_options


def control(
    label: str,
    component: Any,
    *,
    help_text: str | None = None,
    class_name: str = "control",
    label_for: bool = True,
    **props: Any,
) -> html.Div:
    """A labelled control: the label (tied to ``component`` by its id), the component, a help line.

    ``props`` (``id``, ``style``) go to the block, so a page can hide it. A group of
    radio buttons has no single element to tie the label to: ``label_for=False``.
    """
    label_props = {"htmlFor": component.id} if label_for else {}
    children = [html.Label(label, **label_props), component]
    if help_text is not None:
        children.append(html.Span(help_text, className="control-help"))
    return html.Div(children, className=class_name, **props)


def municipality_dropdown(
    component_id: Any, bundle: Bundle, lang: str, *, value: Any = None, **props: Any
) -> dcc.Dropdown:
    """A :func:`searchable_dropdown` of the bundle's municipalities ("Name (kommunkod)").

    Pair it with ``register_option_search(app, component_id, state, party_options)``.
    """
    props.setdefault("placeholder", t("filter.municipality_placeholder", lang))
    return searchable_dropdown(component_id, party_options(bundle), value=value, **props)


def find_component(tree: Any, component_id: Any) -> Any:
    """The component with ``component_id`` inside ``tree`` (tests and callbacks), or ``None``."""
    if tree is None:
        return None
    if getattr(tree, "id", None) == component_id:
        return tree
    children = getattr(tree, "children", None)
    if isinstance(children, (list, tuple)):
        for child in children:
            found = find_component(child, component_id)
            if found is not None:
                return found
    elif children is not None and not isinstance(children, (str, int, float)):
        return find_component(children, component_id)
    return None


def lan_dropdown(component_id: Any, bundle: Bundle, value: str | None, lang: str) -> html.Div:
    """The län chooser ("Hela Sverige" when empty)."""
    from dash import dcc as _dcc

    return control(
        t("filter.lan", lang),
        _dcc.Dropdown(
            id=component_id,
            options=lan_options(bundle.lans),
            value=value if value in {c for c, _ in bundle.lans} else None,
            placeholder=t("filter.lan_all", lang),
            clearable=True,
        ),
    )


def form_legend(lang: str) -> html.Div:
    """Colour swatches of the legal forms (same colours as the map and the charts)."""
    from samverkansvav.figures.palette import FORM_COLOURS
    from samverkansvav.web.i18n import form_labels

    labels = form_labels(lang)
    return html.Div(
        [
            html.Span(
                [html.Span(className="swatch", style={"background": FORM_COLOURS[f]}), labels[f]],
                className="legend-item",
            )
            for f in FORM_COLOURS
        ],
        className="legend",
    )


def lan_page(*, path: str, nav_key: str, text_key: str, dropdown_id: str, content_id: str, render: Any):
    """A page with one län filter over a ``render(bundle, lan=, lang=)`` view.

    Title and intro come from ``<text_key>.title`` / ``<text_key>.intro``; the chosen
    län lives in the URL (``?lan=``) and re-renders only the content below the filter.
    """

    def layout(ctx):
        lan = ctx.param("lan")
        return html.Div(
            [
                html.H2(t(f"{text_key}.title", ctx.lang)),
                html.P(t(f"{text_key}.intro", ctx.lang), className="intro"),
                html.Div([lan_dropdown(dropdown_id, ctx.bundle, lan, ctx.lang)], className="controls"),
                html.Div(render(ctx.bundle, lan=lan, lang=ctx.lang), id=content_id),
            ]
        )

    def register(app, state) -> None:
        @app.callback(
            Output(content_id, "children"),
            Input(dropdown_id, "value"),
            State(ids.URL, "search"),
            prevent_initial_call=True,
        )
        def _rerender(lan, search):
            c = context_for(state, search)
            return render(c.bundle, lan=lan, lang=c.lang)

    return Page(
        path=path, nav_key=nav_key, layout=layout, register=register, params=(QueryParam("lan", dropdown_id),)
    )

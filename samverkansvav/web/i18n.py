"""The one translation table of the dashboard (Swedish default, English switch).

Every label the UI shows comes from :data:`TEXTS` through :func:`t`; a test checks
that every entry has both languages. Swedish texts are written for municipal
readers in plain words; the index components' Swedish label and explanation come
from :func:`samverkansvav.analysis.metrics.index_components` (the single source)
and only their English versions live here.

Examples
--------
>>> t("nav.karta", "sv"), t("nav.karta", "en")
('Karta', 'Map')
>>> t("profile.rank", "sv", rank=2, of=5)
'plats 2 av 5 i länet'
>>> normalise_lang("EN"), normalise_lang("fi")
('en', 'sv')
"""

from __future__ import annotations

from samverkansvav.model import FORMS

__all__ = ["LANGUAGES", "DEFAULT_LANGUAGE", "TEXTS", "INDEX_COMPONENTS_EN", "t", "normalise_lang", "form_labels"]

LANGUAGES: tuple[str, ...] = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

TEXTS: dict[str, dict[str, str]] = {
    # --- shell
    "app.title": {"sv": "Samverkansväv", "en": "Samverkansväv"},
    "app.tagline": {"sv": "Kartan över kommunernas samverkan", "en": "Map of inter-municipal cooperation"},
    "lang.label": {"sv": "Språk", "en": "Language"},
    "date.label": {"sv": "Analysdatum", "en": "Analysis date"},
    "date.help": {"sv": "Arrangemang som upphört före datumet räknas inte.",
                  "en": "Arrangements that ended before this date are not counted."},
    "nav.oversikt": {"sv": "Översikt", "en": "Overview"},
    "nav.karta": {"sv": "Karta", "en": "Map"},
    "nav.natverk": {"sv": "Nätverk", "en": "Network"},
    "nav.kommunprofil": {"sv": "Kommunprofil", "en": "Municipality profile"},
    "nav.overlapp": {"sv": "Överlapp", "en": "Overlap"},
    "nav.beroende": {"sv": "Beroende och risk", "en": "Dependency and risk"},
    "notfound.title": {"sv": "Sidan finns inte", "en": "Page not found"},
    "notfound.text": {"sv": "Välj en vy i menyn ovan.", "en": "Choose a view in the menu above."},
    "error.title": {"sv": "Något gick fel när vyn skulle visas",
                    "en": "Something went wrong while showing this view"},
    "error.text": {"sv": "Prova ett annat urval. Felet har loggats på servern.",
                   "en": "Try another selection. The error has been logged on the server."},
    # --- filters
    "filter.lan": {"sv": "Län", "en": "County"},
    "filter.lan_all": {"sv": "Hela Sverige", "en": "All of Sweden"},
    "filter.kommuner": {"sv": "Eget urval av kommuner", "en": "Hand-picked municipalities"},
    "filter.kommuner_help": {"sv": "Lämna tomt för hela länet eller landet.",
                             "en": "Leave empty for the whole county or country."},
    "filter.forms": {"sv": "Samverkansformer", "en": "Legal forms"},
    "filter.areas": {"sv": "Verksamhetsområden", "en": "Policy areas"},
    "filter.all": {"sv": "Alla", "en": "All"},
    "filter.metric": {"sv": "Färglägg kommunerna efter", "en": "Colour municipalities by"},
    "filter.municipality": {"sv": "Kommun", "en": "Municipality"},
    "filter.municipality_placeholder": {"sv": "Välj kommun …", "en": "Choose a municipality …"},
    "filter.mode": {"sv": "Visa", "en": "Show"},
    "filter.focus": {"sv": "Fokusera på kommun", "en": "Focus on municipality"},
    "mode.projektion": {"sv": "Kommuner som delar arrangemang", "en": "Municipalities sharing arrangements"},
    "mode.bipartit": {"sv": "Kommuner och arrangemang", "en": "Municipalities and arrangements"},
    # --- tables and downloads
    "table.excel": {"sv": "Ladda ner Excel", "en": "Download Excel"},
    "table.csv": {"sv": "Ladda ner CSV", "en": "Download CSV"},
    "table.hint": {"sv": "Klicka på en kolumnrubrik för att sortera; filtrera via menyn i rubriken.",
                   "en": "Click a column header to sort; filter from the header menu."},
    "figure.png_hint": {"sv": "Spara figuren som PNG med kameraikonen i figurens verktygsrad.",
                        "en": "Save the figure as PNG with the camera icon in its toolbar."},
    "network.png": {"sv": "Ladda ner PNG", "en": "Download PNG"},
    # --- empty / helpful messages
    "empty.no_data": {"sv": "Det finns inga samverkansarrangemang att visa för det här urvalet på valt datum.",
                      "en": "There are no cooperation arrangements to show for this selection on the chosen date."},
    "empty.filtered": {"sv": "Inga arrangemang matchar filtret. Ta bort något filter eller välj ett annat län.",
                       "en": "No arrangement matches the filter. Remove a filter or choose another county."},
    "empty.choose_municipality": {"sv": "Välj en kommun i listan ovan för att se dess profil.",
                                  "en": "Choose a municipality in the list above to see its profile."},
    "empty.unknown_municipality": {"sv": "Kommunkoden {kod} finns inte i datamängden. Välj en kommun i listan.",
                                   "en": "Municipality code {kod} is not in the data. Choose one from the list."},
    "empty.no_arrangements": {"sv": "{name} har inga registrerade samverkansarrangemang på valt datum.",
                              "en": "{name} has no recorded cooperation arrangements on the chosen date."},
    "empty.no_rows": {"sv": "Inga rader.", "en": "No rows."},
    "empty.network_too_big": {
        "sv": "Nätverket har {n} noder – för många för att rita läsbart. Välj ett län eller fokusera på en kommun.",
        "en": "The network has {n} nodes – too many to draw legibly. Choose a county or focus on a municipality."},
    # --- overview
    "overview.title": {"sv": "Översikt", "en": "Overview"},
    "overview.intro": {"sv": "Samlad bild av samverkan i det valda området: hur mycket, i vilka former och var kunskapen om arrangemangen är ofullständig.",
                       "en": "The overall picture of cooperation in the chosen area: how much, in which forms, and where knowledge of the arrangements is incomplete."},
    "overview.n_municipalities": {"sv": "Kommuner med samverkan", "en": "Municipalities cooperating"},
    "overview.n_arrangements": {"sv": "Arrangemang", "en": "Arrangements"},
    "overview.n_memberships": {"sv": "Medlemskap", "en": "Memberships"},
    "overview.n_gaps": {"sv": "Arrangemang med dataluckor", "en": "Arrangements with data gaps"},
    "overview.by_form": {"sv": "Arrangemang per samverkansform", "en": "Arrangements by legal form"},
    "overview.by_area": {"sv": "Arrangemang per verksamhetsområde", "en": "Arrangements by policy area"},
    "overview.most_complex": {"sv": "Mest komplexa samverkansväv (systemledningsindex)", "en": "Most complex cooperation web (system-leadership index)"},
    "overview.most_dependent": {"sv": "Mest beroende av andra utförare", "en": "Most dependent on other providers"},
    "overview.gaps": {"sv": "Dataluckor", "en": "Data gaps"},
    "overview.gaps_help": {"sv": "Det som saknas i underlaget. Luckorna gör att beroenden och kostnader kan vara underskattade.",
                           "en": "What the data lacks. Gaps mean dependencies and costs may be underestimated."},
    "overview.sources": {"sv": "Var uppgifterna kommer ifrån", "en": "Where the data comes from"},
    "overview.sources_none": {"sv": "Ingen källa angiven för datamängden.", "en": "No source recorded for this dataset."},
    "overview.population_note": {"sv": "Befolkningssiffrorna har olika år och precision; se kommunprofilen.",
                                 "en": "Population figures have different years and precision; see the municipality profile."},
    # --- map
    "map.title": {"sv": "Regional samverkanskarta", "en": "Regional cooperation map"},
    "map.intro": {"sv": "Varje punkt är en kommun, storleken följer befolkningen. Linjerna förbinder kommuner som är med i samma arrangemang, färgade efter samverkansform. Klicka på en kommun för att öppna dess profil.",
                  "en": "Each point is a municipality, sized by population. Lines join municipalities in the same arrangement, coloured by legal form. Click a municipality to open its profile."},
    "map.open_profile": {"sv": "Öppna profil", "en": "Open profile"},
    "map.municipalities": {"sv": "Kommuner", "en": "Municipalities"},
    "map.population": {"sv": "Befolkning", "en": "Population"},
    "map.population_unknown": {"sv": "okänd", "en": "unknown"},
    "map.lost": {"sv": "Förlorade kopplingar", "en": "Lost links"},
    "map.highlight": {"sv": "Markerade", "en": "Highlighted"},
    "map.links_count": {"sv": "{n} kopplingar mellan {m} kommuner visas.", "en": "{n} links between {m} municipalities shown."},
    "map.big_arrangements": {"sv": "{n} arrangemang med fler än {max} medlemmar ritas inte som linjer (de skulle dölja allt annat); de räknas i måtten och syns i tabellerna.",
                             "en": "{n} arrangements with more than {max} members are not drawn as lines (they would hide everything else); they count in the metrics and appear in the tables."},
    "map.lines_capped": {"sv": "Bara de {n} starkaste kopplingarna ritas. Filtrera på form, område eller län för att se fler.",
                         "en": "Only the {n} strongest links are drawn. Filter by form, area or county to see more."},
    "map.no_boundaries": {"sv": "Kommungränser visas när en GeoJSON-fil är konfigurerad (boundaries_geojson).",
                          "en": "Municipal boundaries are drawn when a GeoJSON file is configured (boundaries_geojson)."},
    # --- network
    "network.title": {"sv": "Samverkansnätverk", "en": "Cooperation network"},
    "network.intro": {"sv": "Färgerna visar grupper av kommuner som samverkar mest med varandra (communities). Formen på arrangemangsnoderna visar samverkansformen. Placeringen är beräknad och densamma varje gång.",
                      "en": "Colours show groups of municipalities that cooperate mostly with each other (communities). The shape of arrangement nodes shows the legal form. The layout is computed and the same every time."},
    "network.legend_forms": {"sv": "Former (nodform)", "en": "Forms (node shape)"},
    "network.summary": {"sv": "{n} noder, {e} kanter.", "en": "{n} nodes, {e} edges."},
    "network.shape.kommun": {"sv": "Kommun (cirkel)", "en": "Municipality (circle)"},
    # --- profile
    "profile.title": {"sv": "Kommunprofil", "en": "Municipality profile"},
    "profile.intro": {"sv": "En kommuns samverkan: arrangemangen, komplexiteten och vem kommunen är beroende av.",
                      "en": "One municipality's cooperation: its arrangements, complexity and whom it depends on."},
    "profile.arrangements": {"sv": "Arrangemang", "en": "Arrangements"},
    "profile.index": {"sv": "Systemledningsindex och dess delar", "en": "System-leadership index and its components"},
    "profile.index_help": {"sv": "Ett viktat mått på hur mycket samordning kommunens samverkan kräver – ett index, inte en tidsuppskattning. Varje del visas med sin vikt och kommunens plats bland länets kommuner.",
                           "en": "A weighted measure of how much coordination the municipality's cooperation requires – an index, not an estimate of hours. Each component is shown with its weight and the municipality's place among the county's municipalities."},
    "profile.rank": {"sv": "plats {rank} av {of} i länet", "en": "rank {rank} of {of} in the county"},
    "profile.dependency": {"sv": "Beroende per utförare och område", "en": "Dependency by provider and area"},
    "profile.dependency_help": {"sv": "Vilka funktioner kommunen får utförda av någon annan, och av vem.",
                                "en": "Which functions someone else performs for the municipality, and who."},
    "profile.ego": {"sv": "Kommunens närmaste samverkansparter", "en": "The municipality's closest partners"},
    "profile.gaps": {"sv": "Dataluckor för kommunen", "en": "Data gaps for the municipality"},
    "profile.no_gaps": {"sv": "Inga dataluckor hittades.", "en": "No data gaps found."},
    "profile.population": {"sv": "Befolkning", "en": "Population"},
    "profile.population_value": {"sv": "{value} ({year}, {precision})", "en": "{value} ({year}, {precision})"},
    "profile.population_unknown": {"sv": "okänd", "en": "unknown"},
    "profile.lan": {"sv": "Län", "en": "County"},
    # --- overlap
    "overlap.title": {"sv": "Överlapp", "en": "Overlap"},
    "overlap.intro": {"sv": "Hur kommunernas samverkan överlappar: vilka som möts i många arrangemang, vilka medlemskretsar som återkommer och var samma parter samverkar i olika former.",
                      "en": "How cooperation overlaps: who meets in many arrangements, which member sets recur, and where the same partners cooperate in different forms."},
    "overlap.heatmap": {"sv": "Gemensamma arrangemang, ordnade efter grupp", "en": "Shared arrangements, ordered by group"},
    "overlap.heatmap_help": {"sv": "Varje ruta visar hur många arrangemang två kommuner delar. Diagonalen är kommunens egna antal. Ramarna markerar grupper som samverkar mest med varandra.",
                             "en": "Each cell shows how many arrangements two municipalities share. The diagonal is the municipality's own count. Frames mark groups that cooperate mostly with each other."},
    "overlap.upset": {"sv": "Återkommande medlemskretsar", "en": "Recurring member sets"},
    "overlap.upset_help": {"sv": "Staplarna visar hur många arrangemang som har exakt samma medlemmar; prickarna under visar vilka kommuner kretsen består av.",
                           "en": "Bars show how many arrangements have exactly the same members; the dots below show which municipalities make up the set."},
    "overlap.same_partners": {"sv": "Samma parter, olika former", "en": "Same partners, different forms"},
    "overlap.same_partners_help": {"sv": "Samma kommuner samverkar i flera juridiska former. Det kan vara ett tecken på att arrangemangen kan samordnas eller slås ihop.",
                                   "en": "The same municipalities cooperate in several legal forms, which may be a sign that arrangements could be coordinated or merged."},
    "overlap.matrix_too_big": {"sv": "Matrisen visar de {n} kommuner med flest arrangemang. Välj ett län för att se alla.",
                               "en": "The matrix shows the {n} municipalities with most arrangements. Choose a county to see all."},
    # --- dependency
    "dependency.title": {"sv": "Beroende och risk", "en": "Dependency and risk"},
    "dependency.intro": {"sv": "Vem som är beroende av vem, och var beroendet samlas hos få utförare.",
                         "en": "Who depends on whom, and where dependency gathers with few providers."},
    "dependency.matrix": {"sv": "Vem är beroende av vem", "en": "Who depends on whom"},
    "dependency.matrix_help": {"sv": "Rader är kommuner, kolumner utförare (värdkommun eller förbund/bolag). Siffran är antalet funktioner.",
                               "en": "Rows are municipalities, columns providers (host municipality or federation/company). The number is the count of functions."},
    "dependency.providers": {"sv": "Utförare rangordnade efter antal beroende", "en": "Providers ranked by dependents"},
    "dependency.municipalities": {"sv": "Kommuner rangordnade efter koncentration och beroende", "en": "Municipalities ranked by concentration and dependency"},
    "dependency.two_member": {"sv": "Arrangemang med bara två medlemmar", "en": "Arrangements with only two members"},
    "dependency.two_member_help": {"sv": "Om den ena parten lämnar upphör samverkan.", "en": "If one party leaves, the cooperation ends."},
    "dependency.evaluation": {"sv": "Arrangemang utan mål eller med gammal utvärdering", "en": "Arrangements without a goal or with an old evaluation"},
    "dependency.evaluation_help": {"sv": "Utan mål eller aktuell utvärdering (senast för två år sedan) går det inte att veta om samverkan ger det den ska.",
                                   "en": "Without a goal or a recent evaluation (within two years) one cannot know whether the cooperation delivers."},
    # --- metrics
    "metric.n_arrangements": {"sv": "Antal arrangemang", "en": "Arrangements"},
    "metric.n_partners": {"sv": "Antal samverkansparter", "en": "Partners"},
    "metric.n_forms": {"sv": "Antal former", "en": "Legal forms"},
    "metric.n_areas": {"sv": "Antal områden", "en": "Policy areas"},
    "metric.n_constellations": {"sv": "Konstellationer", "en": "Constellations"},
    "metric.n_hosted": {"sv": "Värdskap", "en": "Hosted"},
    "metric.n_unknown_provider": {"sv": "Okänd utförare", "en": "Unknown provider"},
    "metric.dependency_share": {"sv": "Beroendeandel", "en": "Dependency share"},
    "metric.dependency_share_cost": {"sv": "Beroendeandel (kostnad)", "en": "Dependency share (cost)"},
    "metric.provider_hhi": {"sv": "Utförarkoncentration (HHI)", "en": "Provider concentration (HHI)"},
    "metric.top_provider_name": {"sv": "Största utförare", "en": "Largest provider"},
    "metric.top_provider_share": {"sv": "Största utförarens andel", "en": "Largest provider's share"},
    "metric.systemledningsindex": {"sv": "Systemledningsindex", "en": "System-leadership index"},
    "metric.population": {"sv": "Befolkning", "en": "Population"},
    "explain.n_arrangements": {"sv": "Hur många samverkansarrangemang kommunen är med i på valt datum.",
                               "en": "How many cooperation arrangements the municipality belongs to on the chosen date."},
    "explain.n_partners": {"sv": "Hur många andra parter kommunen samverkar med totalt.",
                           "en": "How many other parties the municipality cooperates with in total."},
    "explain.dependency_share": {"sv": "Andelen av kommunens arrangemang där någon annan – en värdkommun eller ett förbund/bolag – utför uppgiften.",
                                 "en": "The share of the municipality's arrangements where someone else – a host municipality or a federation/company – performs the task."},
    "explain.dependency_share_cost": {"sv": "Samma andel viktad med kommunens årskostnad; visas bara när alla kostnader är kända.",
                                      "en": "The same share weighted by the municipality's annual cost; shown only when all costs are known."},
    "explain.provider_hhi": {"sv": "Hur samlat beroendet är: 1 betyder att allt beroende går till en enda utförare, nära 0 att det är utspritt på många.",
                             "en": "How concentrated the dependency is: 1 means everything depends on a single provider, near 0 that it is spread over many."},
    "explain.systemledningsindex": {"sv": "Viktad summa av det kommunledningen behöver hålla ihop: arrangemang, parter, konstellationer, former, områden, värdskap och ägarstyrning.",
                                    "en": "Weighted sum of what the municipal leadership must hold together: arrangements, partners, constellations, forms, areas, hosting and owner steering."},
    "explain.top_provider_share": {"sv": "Hur stor del av beroendet som går till den största utföraren.",
                                   "en": "How much of the dependency goes to the largest provider."},
    # --- index component table
    "sli.component": {"sv": "Del", "en": "Component"},
    "sli.count": {"sv": "Antal", "en": "Count"},
    "sli.weight": {"sv": "Vikt", "en": "Weight"},
    "sli.points": {"sv": "Poäng", "en": "Points"},
    "sli.rank": {"sv": "Plats i länet", "en": "Rank in county"},
    "sli.explanation": {"sv": "Förklaring", "en": "Explanation"},
    "sli.total": {"sv": "Totalt", "en": "Total"},
    # --- columns
    "col.kommunkod": {"sv": "Kommunkod", "en": "Municipality code"},
    "col.name": {"sv": "Namn", "en": "Name"},
    "col.municipality": {"sv": "Kommun", "en": "Municipality"},
    "col.arrangement": {"sv": "Arrangemang", "en": "Arrangement"},
    "col.form": {"sv": "Form", "en": "Legal form"},
    "col.area": {"sv": "Område", "en": "Policy area"},
    "col.partners": {"sv": "Parter", "en": "Partners"},
    "col.members": {"sv": "Medlemmar", "en": "Members"},
    "col.n_members": {"sv": "Antal medlemmar", "en": "Members (count)"},
    "col.role": {"sv": "Roll", "en": "Role"},
    "col.provider": {"sv": "Utförare", "en": "Provider"},
    "col.provider_kind": {"sv": "Typ av utförare", "en": "Provider kind"},
    "col.cost": {"sv": "Årskostnad (kr)", "en": "Annual cost (SEK)"},
    "col.notice": {"sv": "Uppsägningstid (mån)", "en": "Notice period (months)"},
    "col.last_evaluated": {"sv": "Senast utvärderad", "en": "Last evaluated"},
    "col.goal": {"sv": "Mål", "en": "Goal"},
    "col.end": {"sv": "Slutdatum", "en": "End date"},
    "col.n_dependents": {"sv": "Beroende kommuner", "en": "Dependent municipalities"},
    "col.n_functions": {"sv": "Funktioner", "en": "Functions"},
    "col.areas": {"sv": "Områden", "en": "Areas"},
    "col.forms": {"sv": "Former", "en": "Forms"},
    "col.arrangements": {"sv": "Arrangemang", "en": "Arrangements"},
    "col.gap": {"sv": "Lucka", "en": "Gap"},
    "col.count": {"sv": "Antal", "en": "Count"},
    "col.reason": {"sv": "Anledning", "en": "Reason"},
    "col.value": {"sv": "Värde", "en": "Value"},
    # --- data gaps
    "gap.no_host": {"sv": "Värdkommun saknas", "en": "Host not named"},
    "gap.no_cost": {"sv": "Årskostnad saknas", "en": "Annual cost missing"},
    "gap.no_notice": {"sv": "Uppsägningstid saknas", "en": "Notice period missing"},
    "gap.no_goal": {"sv": "Mål saknas", "en": "Goal missing"},
    "gap.no_evaluation": {"sv": "Ingen utvärdering registrerad", "en": "No evaluation recorded"},
    "gap.old_evaluation": {"sv": "Utvärderingen är äldre än två år", "en": "Evaluation older than two years"},
    "gap.no_owner": {"sv": "Ansvarig saknas", "en": "Owner missing"},
    "gap.population": {"sv": "Befolkning saknas", "en": "Population missing"},
    "gap.population_rounded": {"sv": "Befolkningen är avrundad ({precision}, {year})", "en": "Population is rounded ({precision}, {year})"},
    "gap.no_coordinates": {"sv": "Koordinater saknas", "en": "Coordinates missing"},
    "reason.no_goal": {"sv": "Mål saknas", "en": "No goal"},
    "reason.no_evaluation": {"sv": "Aldrig utvärderad", "en": "Never evaluated"},
    "reason.old_evaluation": {"sv": "Utvärdering äldre än två år", "en": "Evaluation older than two years"},
    "kind.kommun": {"sv": "kommun", "en": "municipality"},
    "kind.arrangemang": {"sv": "förbund/bolag", "en": "federation/company"},
    "kind.region": {"sv": "region", "en": "region"},
    "kind.annan": {"sv": "annan", "en": "other"},
    "role.värd": {"sv": "värd", "en": "host"},
    "role.medlem": {"sv": "medlem", "en": "member"},
    "role.utförare": {"sv": "utförare", "en": "provider"},
    "role.uppdragsgivare": {"sv": "uppdragsgivare", "en": "commissioner"},
    "value.unknown": {"sv": "okänd", "en": "unknown"},
    "value.self": {"sv": "kommunen själv", "en": "the municipality itself"},
    "value.none": {"sv": "ingen (informell)", "en": "none (informal)"},
    "value.not_named": {"sv": "ej angiven", "en": "not named"},
}

#: English label and explanation of each index component (Swedish: index_components()).
INDEX_COMPONENTS_EN: dict[str, tuple[str, str]] = {
    "arrangements": ("Arrangements", "Each arrangement is its own agreement to follow up."),
    "partners": ("Partners", "Other parties the municipality cooperates with; each is a relationship to maintain."),
    "constellations": ("Constellations", "Distinct groupings of partners; the same partners in several arrangements count once."),
    "forms": ("Legal forms", "Each legal form has its own rules for steering, insight and accountability."),
    "areas": ("Policy areas", "The more areas cooperation spans, the broader the leadership task."),
    "hosted": ("Hosting", "As host the municipality carries administration, budget and often employer responsibility for the others."),
    "own_governance": ("Owner steering", "Membership of federations, companies, foundations and associations needs owner steering and board seats."),
    "joint_committee": ("Joint committees", "Each joint committee needs members, substitutes and rules adopted by the council."),
    "unknown_provider": ("Unknown provider", "Arrangements without a named host; the dependency cannot be followed up."),
}

_FORM_NAMES = {
    "gemensam_namnd": ("Gemensam nämnd", "Joint committee"),
    "kommunalforbund": ("Kommunalförbund", "Municipal federation"),
    "avtalssamverkan": ("Avtalssamverkan", "Contract cooperation"),
    "bolag": ("Kommunalt bolag", "Municipal company"),
    "stiftelse": ("Stiftelse", "Foundation"),
    "ekonomisk_forening": ("Ekonomisk förening", "Economic association"),
    "ideell_forening": ("Ideell förening", "Non-profit association"),
    "informell": ("Informell samverkan", "Informal cooperation"),
}
for _form in FORMS:
    _sv, _en = _FORM_NAMES[_form]
    TEXTS[f"form.{_form}"] = {"sv": _sv, "en": _en}


def normalise_lang(value: str | None) -> str:
    """A supported language code (``sv`` unless ``value`` names another)."""
    value = (value or "").strip().lower()
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    An unknown key raises ``KeyError`` so that a typo fails the tests, not the user.
    """
    entry = TEXTS[key]
    text = entry.get(normalise_lang(lang)) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def form_labels(lang: str) -> dict[str, str]:
    """Display name of every legal form."""
    return {form: t(f"form.{form}", lang) for form in FORMS}

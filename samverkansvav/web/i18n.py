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

A visitor who has not chosen a language (no ``lang`` in the URL) sees the app's
default language, the ``language`` setting: :func:`normalise_lang` falls back to
:func:`app_language`, which reads it from the app serving the request.
"""

from __future__ import annotations

import re

import flask

from samverkansvav.model import FORMS
from samverkansvav.scenarios.text import PHRASES as SCENARIO_PHRASES
from samverkansvav.vocabulary import FIELDS, field_label, form_label

__all__ = [
    "LANGUAGES",
    "DEFAULT_LANGUAGE",
    "APP_LANGUAGE_KEY",
    "TEXTS",
    "INDEX_COMPONENTS_EN",
    "t",
    "normalise_lang",
    "app_language",
    "form_labels",
]

LANGUAGES: tuple[str, ...] = ("sv", "en")
#: The language outside any app (tests, scripts) and of an app that sets none.
DEFAULT_LANGUAGE = "sv"
#: Where an app keeps its default language (the ``language`` setting) in ``server.config``.
APP_LANGUAGE_KEY = "SAMVERKANSVAV_LANGUAGE"

TEXTS: dict[str, dict[str, str]] = {
    # --- shell
    "app.title": {"sv": "Samverkansväv", "en": "Samverkansväv"},
    "app.tagline": {"sv": "Kartan över kommunernas samverkan", "en": "Map of inter-municipal cooperation"},
    "lang.label": {"sv": "Språk", "en": "Language"},
    "date.label": {"sv": "Analysdatum", "en": "Analysis date"},
    "date.help": {
        "sv": "Arrangemang som upphört före datumet räknas inte.",
        "en": "Arrangements that ended before this date are not counted.",
    },
    "nav.oversikt": {"sv": "Översikt", "en": "Overview"},
    "nav.karta": {"sv": "Karta", "en": "Map"},
    "nav.natverk": {"sv": "Nätverk", "en": "Network"},
    "nav.kommunprofil": {"sv": "Kommunprofil", "en": "Municipality profile"},
    "nav.overlapp": {"sv": "Överlapp", "en": "Overlap"},
    "nav.beroende": {"sv": "Beroende och risk", "en": "Dependency and risk"},
    "notfound.title": {"sv": "Sidan finns inte", "en": "Page not found"},
    "notfound.text": {"sv": "Välj en vy i menyn ovan.", "en": "Choose a view in the menu above."},
    "error.title": {
        "sv": "Något gick fel när vyn skulle visas",
        "en": "Something went wrong while showing this view",
    },
    "error.text": {
        "sv": "Prova ett annat urval. Felet har loggats på servern.",
        "en": "Try another selection. The error has been logged on the server.",
    },
    # --- filters
    "filter.lan": {"sv": "Län", "en": "County"},
    "filter.lan_all": {"sv": "Hela Sverige", "en": "All of Sweden"},
    "filter.kommuner": {"sv": "Eget urval av kommuner", "en": "Hand-picked municipalities"},
    "filter.kommuner_help": {
        "sv": "Lämna tomt för hela länet eller landet.",
        "en": "Leave empty for the whole county or country.",
    },
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
    "table.hint": {
        "sv": "Klicka på en kolumnrubrik för att sortera; filtrera via menyn i rubriken.",
        "en": "Click a column header to sort; filter from the header menu.",
    },
    "figure.png_hint": {
        "sv": "Spara figuren som PNG med kameraikonen i figurens verktygsrad.",
        "en": "Save the figure as PNG with the camera icon in its toolbar.",
    },
    "network.png": {"sv": "Ladda ner PNG", "en": "Download PNG"},
    # --- empty / helpful messages
    "empty.no_data": {
        "sv": "Det finns inga samverkansarrangemang att visa för det här urvalet på valt datum.",
        "en": "There are no cooperation arrangements to show for this selection on the chosen date.",
    },
    "empty.filtered": {
        "sv": "Inga arrangemang matchar filtret. Ta bort något filter eller välj ett annat län.",
        "en": "No arrangement matches the filter. Remove a filter or choose another county.",
    },
    "empty.choose_municipality": {
        "sv": "Välj en kommun i listan ovan för att se dess profil.",
        "en": "Choose a municipality in the list above to see its profile.",
    },
    "empty.unknown_municipality": {
        "sv": "Kommunkoden {kod} finns inte i datamängden. Välj en kommun i listan.",
        "en": "Municipality code {kod} is not in the data. Choose one from the list.",
    },
    "empty.no_arrangements": {
        "sv": "{name} har inga registrerade samverkansarrangemang på valt datum.",
        "en": "{name} has no recorded cooperation arrangements on the chosen date.",
    },
    "empty.no_rows": {"sv": "Inga rader.", "en": "No rows."},
    "empty.network_too_big": {
        "sv": "Nätverket har {n} noder – för många för att rita läsbart. Välj ett län eller fokusera på en kommun.",
        "en": "The network has {n} nodes – too many to draw legibly. Choose a county or focus on a municipality.",
    },
    # --- overview
    "overview.title": {"sv": "Översikt", "en": "Overview"},
    "overview.intro": {
        "sv": "Samlad bild av samverkan i det valda området: hur mycket, i vilka former och var kunskapen om arrangemangen är ofullständig.",
        "en": "The overall picture of cooperation in the chosen area: how much, in which forms, and where knowledge of the arrangements is incomplete.",
    },
    "overview.n_municipalities": {"sv": "Kommuner med samverkan", "en": "Municipalities cooperating"},
    "overview.n_arrangements": {"sv": "Arrangemang", "en": "Arrangements"},
    "overview.n_memberships": {"sv": "Medlemskap", "en": "Memberships"},
    "overview.n_gaps": {"sv": "Arrangemang med dataluckor", "en": "Arrangements with data gaps"},
    "overview.by_form": {"sv": "Arrangemang per samverkansform", "en": "Arrangements by legal form"},
    "overview.by_area": {"sv": "Arrangemang per verksamhetsområde", "en": "Arrangements by policy area"},
    "overview.most_complex": {
        "sv": "Mest komplexa samverkansväv (systemledningsindex)",
        "en": "Most complex cooperation web (system-leadership index)",
    },
    "overview.most_dependent": {
        "sv": "Mest beroende av andra utförare",
        "en": "Most dependent on other providers",
    },
    "overview.gaps": {"sv": "Dataluckor", "en": "Data gaps"},
    "overview.gaps_help": {
        "sv": "Det som saknas i underlaget. Luckorna gör att beroenden och kostnader kan vara underskattade.",
        "en": "What the data lacks. Gaps mean dependencies and costs may be underestimated.",
    },
    "overview.sources": {"sv": "Var uppgifterna kommer ifrån", "en": "Where the data comes from"},
    "overview.sources_none": {
        "sv": "Ingen källa angiven för datamängden.",
        "en": "No source recorded for this dataset.",
    },
    "overview.population_note": {
        "sv": "Befolkningssiffrorna har olika år och precision; se kommunprofilen.",
        "en": "Population figures have different years and precision; see the municipality profile.",
    },
    # --- map
    "map.title": {"sv": "Regional samverkanskarta", "en": "Regional cooperation map"},
    "map.intro": {
        "sv": "Varje punkt är en kommun, storleken följer befolkningen. Linjerna förbinder kommuner som är med i samma arrangemang, färgade efter samverkansform. Klicka på en kommun för att öppna dess profil.",
        "en": "Each point is a municipality, sized by population. Lines join municipalities in the same arrangement, coloured by legal form. Click a municipality to open its profile.",
    },
    "map.open_profile": {"sv": "Öppna profil", "en": "Open profile"},
    "map.municipalities": {"sv": "Kommuner", "en": "Municipalities"},
    "map.population": {"sv": "Befolkning", "en": "Population"},
    "map.population_unknown": {"sv": "okänd", "en": "unknown"},
    "map.lost": {"sv": "Förlorade kopplingar", "en": "Lost links"},
    "map.highlight": {"sv": "Markerade", "en": "Highlighted"},
    "map.links_count": {
        "sv": "{n} kopplingar mellan {m} kommuner visas.",
        "en": "{n} links between {m} municipalities shown.",
    },
    "map.big_arrangements": {
        "sv": "{n} arrangemang med fler än {max} medlemmar ritas inte som linjer (de skulle dölja allt annat); de räknas i måtten och syns i tabellerna.",
        "en": "{n} arrangements with more than {max} members are not drawn as lines (they would hide everything else); they count in the metrics and appear in the tables.",
    },
    "map.lines_capped": {
        "sv": "Bara de {n} starkaste kopplingarna ritas. Filtrera på form, område eller län för att se fler.",
        "en": "Only the {n} strongest links are drawn. Filter by form, area or county to see more.",
    },
    "map.no_boundaries": {
        "sv": "Kommungränser visas när en GeoJSON-fil är konfigurerad (boundaries_geojson).",
        "en": "Municipal boundaries are drawn when a GeoJSON file is configured (boundaries_geojson).",
    },
    # --- network
    "network.title": {"sv": "Samverkansnätverk", "en": "Cooperation network"},
    "network.intro": {
        "sv": "Färgerna visar grupper av kommuner som samverkar mest med varandra (communities). Formen på arrangemangsnoderna visar samverkansformen. Placeringen är beräknad och densamma varje gång.",
        "en": "Colours show groups of municipalities that cooperate mostly with each other (communities). The shape of arrangement nodes shows the legal form. The layout is computed and the same every time.",
    },
    "network.legend_forms": {"sv": "Former (nodform)", "en": "Forms (node shape)"},
    "network.summary": {"sv": "{n} noder, {e} kanter.", "en": "{n} nodes, {e} edges."},
    "network.shape.kommun": {"sv": "Kommun (cirkel)", "en": "Municipality (circle)"},
    # --- profile
    "profile.title": {"sv": "Kommunprofil", "en": "Municipality profile"},
    "profile.intro": {
        "sv": "En kommuns samverkan: arrangemangen, komplexiteten och vem kommunen är beroende av.",
        "en": "One municipality's cooperation: its arrangements, complexity and whom it depends on.",
    },
    "profile.arrangements": {"sv": "Arrangemang", "en": "Arrangements"},
    "profile.index": {
        "sv": "Systemledningsindex och dess delar",
        "en": "System-leadership index and its components",
    },
    "profile.index_help": {
        "sv": "Ett viktat mått på hur mycket samordning kommunens samverkan kräver – ett index, inte en tidsuppskattning. Varje del visas med sin vikt och kommunens plats bland länets kommuner.",
        "en": "A weighted measure of how much coordination the municipality's cooperation requires – an index, not an estimate of hours. Each component is shown with its weight and the municipality's place among the county's municipalities.",
    },
    "profile.rank": {"sv": "plats {rank} av {of} i länet", "en": "rank {rank} of {of} in the county"},
    "profile.dependency": {"sv": "Beroende per utförare och område", "en": "Dependency by provider and area"},
    "profile.dependency_help": {
        "sv": "Vilka funktioner kommunen får utförda av någon annan, och av vem.",
        "en": "Which functions someone else performs for the municipality, and who.",
    },
    "profile.ego": {"sv": "Kommunens närmaste samverkansparter", "en": "The municipality's closest partners"},
    "profile.gaps": {"sv": "Dataluckor för kommunen", "en": "Data gaps for the municipality"},
    "profile.no_gaps": {"sv": "Inga dataluckor hittades.", "en": "No data gaps found."},
    "profile.population": {"sv": "Befolkning", "en": "Population"},
    "profile.population_value": {
        "sv": "{value} ({year}, {precision})",
        "en": "{value} ({year}, {precision})",
    },
    "profile.population_unknown": {"sv": "okänd", "en": "unknown"},
    "precision.exakt": {"sv": "exakt", "en": "exact"},
    # --- sign-in page (served by Flask, outside the Dash layout)
    "login.title": {"sv": "Logga in", "en": "Sign in"},
    "login.intro": {
        "sv": "Logga in med ditt konto för att ladda upp eller återställa din kommuns samverkansregister.",
        "en": "Sign in with your account to upload or restore your municipality's cooperation register.",
    },
    "login.username": {"sv": "Användarnamn", "en": "User name"},
    "login.password": {"sv": "Lösenord", "en": "Password"},
    "login.submit": {"sv": "Logga in", "en": "Sign in"},
    "login.back": {"sv": "Tillbaka till Samverkansväv", "en": "Back to Samverkansväv"},
    "login.disabled": {
        "sv": "Inloggning är inte aktiverad på den här servern (inga konton är inrättade).",
        "en": "Signing in is not enabled on this server (no accounts have been set up).",
    },
    "login.signed_in_as": {"sv": "Du är inloggad som {username}.", "en": "You are signed in as {username}."},
    "login.throttled": {
        "sv": "För många misslyckade inloggningar. Vänta en kvart och försök igen.",
        "en": "Too many failed sign-ins. Wait a quarter of an hour and try again.",
    },
    "login.failed": {"sv": "Fel användarnamn eller lösenord.", "en": "Wrong user name or password."},
    "precision.avrundad_100": {"sv": "avrundad till hundratal", "en": "rounded to hundreds"},
    "profile.lan": {"sv": "Län", "en": "County"},
    # --- overlap
    "overlap.title": {"sv": "Överlapp", "en": "Overlap"},
    "overlap.intro": {
        "sv": "Hur kommunernas samverkan överlappar: vilka som möts i många arrangemang, vilka medlemskretsar som återkommer och var samma parter samverkar i olika former.",
        "en": "How cooperation overlaps: who meets in many arrangements, which member sets recur, and where the same partners cooperate in different forms.",
    },
    "overlap.heatmap": {
        "sv": "Gemensamma arrangemang, ordnade efter grupp",
        "en": "Shared arrangements, ordered by group",
    },
    "overlap.heatmap_help": {
        "sv": "Varje ruta visar hur många arrangemang två kommuner delar. Diagonalen är kommunens egna antal. Ramarna markerar grupper som samverkar mest med varandra.",
        "en": "Each cell shows how many arrangements two municipalities share. The diagonal is the municipality's own count. Frames mark groups that cooperate mostly with each other.",
    },
    "overlap.upset": {"sv": "Återkommande medlemskretsar", "en": "Recurring member sets"},
    "overlap.upset_help": {
        "sv": "Staplarna visar hur många arrangemang som har exakt samma medlemmar; prickarna under visar vilka kommuner kretsen består av.",
        "en": "Bars show how many arrangements have exactly the same members; the dots below show which municipalities make up the set.",
    },
    "overlap.same_partners": {"sv": "Samma parter, olika former", "en": "Same partners, different forms"},
    "overlap.same_partners_help": {
        "sv": "Samma kommuner samverkar i flera juridiska former. Det kan vara ett tecken på att arrangemangen kan samordnas eller slås ihop.",
        "en": "The same municipalities cooperate in several legal forms, which may be a sign that arrangements could be coordinated or merged.",
    },
    "overlap.matrix_too_big": {
        "sv": "Matrisen visar de {n} kommuner med flest arrangemang. Välj ett län för att se alla.",
        "en": "The matrix shows the {n} municipalities with most arrangements. Choose a county to see all.",
    },
    # --- dependency
    "dependency.title": {"sv": "Beroende och risk", "en": "Dependency and risk"},
    "dependency.intro": {
        "sv": "Vem som är beroende av vem, och var beroendet samlas hos få utförare.",
        "en": "Who depends on whom, and where dependency gathers with few providers.",
    },
    "dependency.matrix": {"sv": "Vem är beroende av vem", "en": "Who depends on whom"},
    "dependency.matrix_help": {
        "sv": "Rader är kommuner, kolumner utförare (värdkommun eller förbund/bolag). Siffran är antalet funktioner.",
        "en": "Rows are municipalities, columns providers (host municipality or federation/company). The number is the count of functions.",
    },
    "dependency.providers": {
        "sv": "Utförare rangordnade efter antal beroende",
        "en": "Providers ranked by dependents",
    },
    "dependency.municipalities": {
        "sv": "Kommuner rangordnade efter koncentration och beroende",
        "en": "Municipalities ranked by concentration and dependency",
    },
    "dependency.two_member": {
        "sv": "Arrangemang med bara två medlemmar",
        "en": "Arrangements with only two members",
    },
    "dependency.two_member_help": {
        "sv": "Om den ena parten lämnar upphör samverkan.",
        "en": "If one party leaves, the cooperation ends.",
    },
    "dependency.evaluation": {
        "sv": "Arrangemang utan mål eller med gammal utvärdering",
        "en": "Arrangements without a goal or with an old evaluation",
    },
    "dependency.evaluation_help": {
        "sv": "Utan mål eller aktuell utvärdering (senast för två år sedan) går det inte att veta om samverkan ger det den ska.",
        "en": "Without a goal or a recent evaluation (within two years) one cannot know whether the cooperation delivers.",
    },
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
    "explain.n_arrangements": {
        "sv": "Hur många samverkansarrangemang kommunen är med i på valt datum.",
        "en": "How many cooperation arrangements the municipality belongs to on the chosen date.",
    },
    "explain.n_partners": {
        "sv": "Hur många andra parter kommunen samverkar med totalt.",
        "en": "How many other parties the municipality cooperates with in total.",
    },
    "explain.dependency_share": {
        "sv": "Andelen av kommunens arrangemang där någon annan – en värdkommun eller ett förbund/bolag – utför uppgiften.",
        "en": "The share of the municipality's arrangements where someone else – a host municipality or a federation/company – performs the task.",
    },
    "explain.dependency_share_cost": {
        "sv": "Samma andel viktad med kommunens årskostnad; visas bara när alla kostnader är kända.",
        "en": "The same share weighted by the municipality's annual cost; shown only when all costs are known.",
    },
    "explain.provider_hhi": {
        "sv": "Hur samlat beroendet är: 1 betyder att allt beroende går till en enda utförare, nära 0 att det är utspritt på många.",
        "en": "How concentrated the dependency is: 1 means everything depends on a single provider, near 0 that it is spread over many.",
    },
    "explain.systemledningsindex": {
        "sv": "Viktad summa av det kommunledningen behöver hålla ihop: arrangemang, parter, konstellationer, former, områden, värdskap och ägarstyrning.",
        "en": "Weighted sum of what the municipal leadership must hold together: arrangements, partners, constellations, forms, areas, hosting and owner steering.",
    },
    "explain.top_provider_share": {
        "sv": "Hur stor del av beroendet som går till den största utföraren.",
        "en": "How much of the dependency goes to the largest provider.",
    },
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
    "profile.ended_date_unknown": {"sv": "avslutad, datum okänt", "en": "ended, date unknown"},
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
    "gap.population_rounded": {
        "sv": "Befolkningen är avrundad ({precision}, {year})",
        "en": "Population is rounded ({precision}, {year})",
    },
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
    "partners": (
        "Partners",
        "Other parties the municipality cooperates with; each is a relationship to maintain.",
    ),
    "constellations": (
        "Constellations",
        "Distinct groupings of partners; the same partners in several arrangements count once.",
    ),
    "forms": ("Legal forms", "Each legal form has its own rules for steering, insight and accountability."),
    "areas": ("Policy areas", "The more areas cooperation spans, the broader the leadership task."),
    "hosted": (
        "Hosting",
        "As host the municipality carries administration, budget and often employer responsibility for the others.",
    ),
    "own_governance": (
        "Owner steering",
        "Membership of federations, companies, foundations and associations needs owner steering and board seats.",
    ),
    "joint_committee": (
        "Joint committees",
        "Each joint committee needs members, substitutes and rules adopted by the council.",
    ),
    "unknown_provider": (
        "Unknown provider",
        "Arrangements without a named host; the dependency cannot be followed up.",
    ),
}

# --- scenario page (exit and host-stop scenarios)
TEXTS.update(
    {
        "nav.scenario": {"sv": "Scenario", "en": "Scenario"},
        "scenario.title": {"sv": "Scenario inför beslut", "en": "Scenarios before a decision"},
        "scenario.intro": {
            "sv": "Pröva vad som händer om en kommun lämnar sin samverkan eller om en värdkommun slutar "
            "utföra uppgifter åt andra, eller se vilken befintlig samverkan en kommun kan ansluta "
            "till inom ett område. Resultatet visas bredvid nuläget och kan laddas ner som "
            "Excel eller skrivas ut som underlag till ett beslut.",
            "en": "Try what happens if a municipality leaves its cooperation or a host municipality stops "
            "providing for others, or see which existing arrangements in an area a municipality "
            "could join. The result is shown beside the current state and can be downloaded "
            "as Excel or printed as decision material.",
        },
        "scenario.type": {"sv": "Scenario", "en": "Scenario"},
        "scenario.type.utträde": {"sv": "En kommun lämnar samverkan", "en": "A municipality exits"},
        "scenario.type.värd": {"sv": "En värdkommun slutar utföra", "en": "A host stops providing"},
        "scenario.kommun": {"sv": "Kommun", "en": "Municipality"},
        "scenario.arrangements": {"sv": "Samverkan som kommunen lämnar", "en": "Arrangements it leaves"},
        "scenario.arrangements_all": {"sv": "All pågående samverkan", "en": "All current arrangements"},
        "scenario.arrangements_help": {
            "sv": "Lämna tomt för att pröva ett utträde ur all samverkan.",
            "en": "Leave empty to try leaving every arrangement.",
        },
        "scenario.excel": {"sv": "Ladda ner Excel", "en": "Download Excel"},
        "scenario.print": {"sv": "Skriv ut", "en": "Print"},
        "scenario.empty": {
            "sv": "Välj scenario och kommun ovan för att se vad som händer.",
            "en": "Choose a scenario and a municipality above to see what happens.",
        },
        "scenario.unknown_kommun": {
            "sv": "Kommunkoden {kod} finns inte i datamängden. Välj en kommun i listan.",
            "en": "Municipality code {kod} is not in the data. Choose one from the list.",
        },
        "scenario.unknown_type": {
            "sv": "Okänd scenariotyp ”{typ}”; utträde visas i stället.",
            "en": "Unknown scenario type “{typ}”; showing an exit instead.",
        },
        "scenario.no_arrangements": {
            "sv": "{name} är inte med i någon pågående samverkan på analysdatumet.",
            "en": "{name} is not in any current arrangement on the analysis date.",
        },
        "scenario.hosts_nothing": {
            "sv": "{name} är inte värd för någon pågående samverkan på analysdatumet.",
            "en": "{name} hosts no current arrangement on the analysis date.",
        },
        "scenario.unknown_arrangements": {
            "sv": "Följande finns inte bland kommunens pågående samverkan och räknas inte: {ids}.",
            "en": "These are not among the municipality's current arrangements and are left out: {ids}.",
        },
        "scenario.none_known": {
            "sv": "Ingen av de valda samverkan är pågående för {name}. Välj samverkan i listan.",
            "en": "None of the chosen arrangements is current for {name}. Choose from the list.",
        },
        "scenario.failed": {
            "sv": "Scenariot kunde inte beräknas för det här urvalet. Prova ett annat urval.",
            "en": "The scenario could not be computed for this selection. Try another one.",
        },
        "scenario.exit_heading": {
            "sv": "Utträde: {name} ({kod}) lämnar {arrangements}, per {date}",
            "en": "Exit: {name} ({kod}) leaves {arrangements}, as of {date}",
        },
        "scenario.host_heading": {
            "sv": "Värden upphör: {name} ({kod}) slutar utföra {arrangements}, per {date}",
            "en": "Host stops: {name} ({kod}) stops providing {arrangements}, as of {date}",
        },
        "scenario.stat.arrangements": {"sv": "Berörd samverkan", "en": "Arrangements affected"},
        "scenario.stat.dissolved": {"sv": "Upplöses", "en": "Dissolve"},
        "scenario.stat.no_host": {"sv": "Saknar värd", "en": "Left without host"},
        "scenario.stat.cost": {"sv": "Kostnad att fördela per år", "en": "Annual cost to redistribute"},
        "scenario.stat.cost_help": {
            "sv": "Summan av kommunens kända årskostnader i samverkan som fortsätter.",
            "en": "Sum of the municipality's known annual costs in arrangements that continue.",
        },
        "scenario.stat.dependents": {"sv": "Beroende kommuner", "en": "Dependent municipalities"},
        "scenario.map": {
            "sv": "Karta: nuläget, förlorade kopplingar markerade",
            "en": "Map: current state, lost links marked",
        },
        "scenario.map_help": {
            "sv": "Tjocka mörka linjer är kopplingar som försvinner; färgen visar hur många av de berörda samverkan kommunen är med i.",
            "en": "Thick dark lines are links that disappear; colour shows how many of the affected arrangements a municipality is in.",
        },
        "scenario.map_metric": {"sv": "Berörd samverkan", "en": "Affected arrangements"},
        "scenario.network": {
            "sv": "Nätverk: nuläget, förlorade kopplingar markerade",
            "en": "Network: current state, lost links marked",
        },
        "scenario.outcome": {
            "sv": "Vad händer med varje samverkan",
            "en": "What happens to each arrangement",
        },
        "scenario.outcome_help": {
            "sv": "Upplöses: färre än två medlemmar är kvar. Saknar värd: värdkommunen lämnar och en ny värd behövs. Fortsätter: de övriga fortsätter.",
            "en": "Dissolves: fewer than two members remain. No host: the host leaves and a new one is needed. Continues: the others carry on.",
        },
        "scenario.candidates": {"sv": "Kandidater till ny värd", "en": "Candidate new hosts"},
        "scenario.candidates_help": {
            "sv": "Rangordnade efter underlaget i registret: värdskap inom samma område väger tyngst, sedan befintliga uppdrag åt de övriga, gemensam samverkan och befolkning.",
            "en": "Ranked by the evidence in the register: hosting the same area weighs most, then tasks already done for the others, shared cooperation and population.",
        },
        "scenario.costs": {"sv": "Kostnadsfördelning", "en": "Cost redistribution"},
        "scenario.costs_help": {
            "sv": "Den utträdande kommunens årskostnad fördelas på de kvarvarande efter deras andelar, eller lika när andelarna är okända. Procent är ökningen jämfört med medlemmens egen kostnad.",
            "en": "The leaver's annual cost is spread over the remaining members by their shares, or equally when shares are unknown. Percent is the increase relative to the member's own cost.",
        },
        "scenario.before_after": {"sv": "Före och efter", "en": "Before and after"},
        "scenario.before_after_help": {
            "sv": "Partner, beroendeandel (andel samverkan där någon annan utför) och koncentration (HHI över utförarna) för varje berörd kommun.",
            "en": "Partners, dependency share (share of arrangements provided by someone else) and concentration (HHI over providers) of every affected municipality.",
        },
        "scenario.network_table": {"sv": "Nätverket i regionen", "en": "The network of the region"},
        "scenario.rebuild": {
            "sv": "Uppgifter att bygga upp eller köpa på nytt",
            "en": "Functions to rebuild or re-source",
        },
        "scenario.rebuild_help": {
            "sv": "Uppgifter som kommunen i dag får utförda av någon annan.",
            "en": "Tasks someone else performs for the municipality today.",
        },
        "scenario.lost": {
            "sv": "Kommuner som förlorar sin enda utförare inom ett område",
            "en": "Municipalities losing their only provider in an area",
        },
        "scenario.lost_none": {
            "sv": "Ingen kommun står utan utförare inom något område efteråt.",
            "en": "No municipality is left without a provider in any area.",
        },
        "scenario.dependents": {
            "sv": "Vad de beroende kommunerna förlorar",
            "en": "What the dependent municipalities lose",
        },
        "scenario.checklist": {"sv": "Checklista per samverkan", "en": "Checklist per arrangement"},
        "scenario.checklist_help": {
            "sv": "Praktiska frågor att reda ut, anpassade efter samverkansformen.",
            "en": "Practical questions to settle, adapted to the legal form.",
        },
        "scenario.no_rows": {"sv": "Inget att visa.", "en": "Nothing to show."},
        # the words of a scenario result are written once, in samverkansvav.scenarios.text
        "scenario.none": SCENARIO_PHRASES["none"],
        "scenario.unknown": SCENARIO_PHRASES["unknown_party"],
        "scenario.metric.parties": {"sv": "Aktörer med samverkan", "en": "Parties in cooperation"},
        "scenario.metric.arrangements": {"sv": "Samverkan", "en": "Arrangements"},
        # table headers
        "scenario.col.arrangement": {"sv": "Samverkan", "en": "Arrangement"},
        "scenario.col.form": {"sv": "Form", "en": "Form"},
        "scenario.col.area": {"sv": "Område", "en": "Area"},
        "scenario.col.status": {"sv": "Status", "en": "Status"},
        "scenario.col.remaining": {"sv": "Kvarvarande", "en": "Remaining"},
        "scenario.col.dependents": {"sv": "Beroende kommuner", "en": "Dependent municipalities"},
        "scenario.col.new_host": {"sv": "Föreslagen ny värd", "en": "Proposed new host"},
        "scenario.col.annual_cost": {"sv": "Kommunens årskostnad", "en": "Municipality's annual cost"},
        "scenario.col.to_redistribute": {"sv": "Att fördela", "en": "To redistribute"},
        "scenario.col.notice": {"sv": "Uppsägningstid (mån)", "en": "Notice (months)"},
        "scenario.col.earliest_end": {"sv": "Tidigaste slut", "en": "Earliest end"},
        "scenario.col.rank": {"sv": "Rang", "en": "Rank"},
        "scenario.col.kommun": {"sv": "Kommun", "en": "Municipality"},
        "scenario.col.kommunkod": {"sv": "Kommunkod", "en": "Code"},
        "scenario.col.score": {"sv": "Poäng", "en": "Score"},
        "scenario.col.evidence": {"sv": "Underlag", "en": "Evidence"},
        "scenario.col.increase_kr": {"sv": "Ökning (kr)", "en": "Increase (kr)"},
        "scenario.col.increase_pct": {"sv": "Ökning (%)", "en": "Increase (%)"},
        "scenario.col.basis": {"sv": "Fördelning", "en": "Split"},
        "scenario.col.partners_before": {"sv": "Partner före", "en": "Partners before"},
        "scenario.col.partners_after": {"sv": "Partner efter", "en": "Partners after"},
        "scenario.col.dependency_before": {"sv": "Beroendeandel före", "en": "Dependency share before"},
        "scenario.col.dependency_after": {"sv": "Beroendeandel efter", "en": "Dependency share after"},
        "scenario.col.hhi_before": {"sv": "Koncentration (HHI) före", "en": "Concentration (HHI) before"},
        "scenario.col.hhi_after": {"sv": "Koncentration (HHI) efter", "en": "Concentration (HHI) after"},
        "scenario.col.metric": {"sv": "Mått", "en": "Measure"},
        "scenario.col.before": {"sv": "Före", "en": "Before"},
        "scenario.col.after": {"sv": "Efter", "en": "After"},
        "scenario.col.provider": {"sv": "Tidigare utförare", "en": "Former provider"},
        "scenario.col.staff": {"sv": "Personal", "en": "Staff"},
        "scenario.col.loses": {"sv": "Förlorar", "en": "Loses"},
        # where to join (typ=ansluta)
        "scenario.type.ansluta": {
            "sv": "Var kan kommunen ansluta?",
            "en": "Where could the municipality join?",
        },
        "scenario.area": {"sv": "Område", "en": "Area"},
        "scenario.area_placeholder": {"sv": "Välj område", "en": "Choose an area"},
        "scenario.join.choose_area": {
            "sv": "Välj ett område för att se vilken samverkan {name} kan ansluta till.",
            "en": "Choose an area to see which arrangements {name} could join.",
        },
        "scenario.join.unknown_area": {
            "sv": "Området ”{area}” finns inte i någon pågående samverkan. Välj ett område i listan.",
            "en": "The area “{area}” is not in any current arrangement. Choose an area from the list.",
        },
        "scenario.join.nothing": {
            "sv": "Det finns ingen pågående samverkan inom {area} att ansluta till, och ingen kommun är värd inom området.",
            "en": "There is no current arrangement in {area} to join, and no municipality hosts the area.",
        },
        "scenario.join.already_in_all": {
            "sv": "{name} är redan med i all pågående samverkan inom {area}.",
            "en": "{name} is already in every current arrangement in {area}.",
        },
        "scenario.join.heading": SCENARIO_PHRASES["join.heading"],
        "scenario.join.options": {"sv": "Samverkan att ansluta till", "en": "Arrangements to join"},
        "scenario.join.options_help": {
            "sv": "Pågående samverkan inom området där kommunen inte är med, närmast först. Avståndet är fågelvägen till den närmaste medlemmens mittpunkt.",
            "en": "Current arrangements in the area the municipality is not in, nearest first. The distance is as the crow flies to the centre of the nearest member.",
        },
        "scenario.join.hosts": {
            "sv": "Kommuner som redan är värd inom området",
            "en": "Municipalities already hosting the area",
        },
        "scenario.join.hosts_help": {
            "sv": "Värdkommuner för en gemensam nämnd eller avtalssamverkan inom området: de har redan personal och rutiner för uppgiften.",
            "en": "Hosts of a joint committee or an agreement in the area: they already have staff and routines for the task.",
        },
        "scenario.join.no_options": {
            "sv": "Ingen samverkan inom området som kommunen inte redan är med i.",
            "en": "No arrangement in the area that the municipality is not already in.",
        },
        "scenario.join.no_hosts": {
            "sv": "Ingen kommun är värd för en gemensam nämnd eller avtalssamverkan inom området.",
            "en": "No municipality hosts a joint committee or an agreement in the area.",
        },
        "scenario.stat.options": {"sv": "Samverkan att ansluta till", "en": "Arrangements to join"},
        "scenario.stat.hosts": {"sv": "Värdkommuner i området", "en": "Hosts in the area"},
        "scenario.stat.nearest": {"sv": "Närmaste samverkan", "en": "Nearest arrangement"},
        "scenario.col.members": {"sv": "Medlemmar", "en": "Members"},
        "scenario.col.performer": {"sv": "Utförare", "en": "Provider"},
        "scenario.col.nearest_member": {"sv": "Närmaste medlem", "en": "Nearest member"},
        "scenario.col.distance_km": {"sv": "Avstånd (km)", "en": "Distance (km)"},
        "scenario.col.hosts_arrangements": {"sv": "Värd för", "en": "Hosts"},
        "scenario.checklist_note": {
            "sv": "Frågorna är skrivna på svenska, beslutsunderlagens språk.",
            "en": "Legal references are given as Swedish law writes them.",
        },
    }
)

# --- upload page (check, preview, save, versions)
TEXTS.update(
    {
        "nav.upload": {"sv": "Ladda upp", "en": "Upload"},
        "upload.title": {
            "sv": "Ladda upp kommunens samverkansregister",
            "en": "Upload a municipality's cooperation register",
        },
        "upload.intro": {
            "sv": "Välj registerfilen (Excel eller CSV). Den granskas först; inget sparas förrän du "
            "har sett vad som ändras och tryckt på Spara.",
            "en": "Choose the register file (Excel or CSV). It is checked first; nothing is stored until "
            "you have seen what changes and pressed Save.",
        },
        "upload.drop": {"sv": "Dra och släpp filen här, eller ", "en": "Drag and drop the file here, or "},
        "upload.pick": {"sv": "välj en fil", "en": "choose a file"},
        "upload.limit": {"sv": "Största filstorlek: {mb} MB.", "en": "Largest file size: {mb} MB."},
        "upload.kommun": {
            "sv": "Vilken kommuns register är det?",
            "en": "Which municipality's register is it?",
        },
        "upload.kommun_placeholder": {"sv": "Välj kommun …", "en": "Choose a municipality …"},
        "upload.kommun_missing": {
            "sv": "Välj vilken kommuns register filen är för att se förhandsvisningen.",
            "en": "Choose which municipality the register belongs to, to see the preview.",
        },
        "upload.login_needed": {
            "sv": "Du behöver logga in med ditt kommunkonto för att spara eller återställa "
            "ett register. Att granska en fil går bra utan inloggning.",
            "en": "Sign in with your municipality account to save or restore a register. "
            "Checking a file works without signing in.",
        },
        "upload.login_link": {"sv": "Logga in", "en": "Sign in"},
        "upload.templates": {"sv": "Mallar", "en": "Templates"},
        "upload.templates_help": {
            "sv": "Fyll i mallen, en rad per samverkan. Exemplet visar en ifylld rad.",
            "en": "Fill in the template, one row per arrangement. The example shows a filled row.",
        },
        "upload.template_empty": {"sv": "Ladda ner tom mall", "en": "Download empty template"},
        "upload.template_example": {"sv": "Ladda ner ifyllt exempel", "en": "Download filled example"},
        "upload.report": {"sv": "Granskning av filen", "en": "Check of the file"},
        "upload.report_help": {
            "sv": "Alla fel, varningar och upplysningar med blad, rad och kolumn som i Excel.",
            "en": "Every error, warning and note with sheet, row and column as Excel shows them.",
        },
        "upload.no_issues": {
            "sv": "Inga anmärkningar: filen följer mallen.",
            "en": "No remarks: the file follows the template.",
        },
        "upload.summary": {
            "sv": "{file}: {errors} fel, {warnings} varningar, {infos} upplysningar.",
            "en": "{file}: {errors} errors, {warnings} warnings, {infos} notes.",
        },
        "upload.has_errors": {
            "sv": "Filen har fel och har inte sparats. Rätta följande i filen och ladda upp den igen:",
            "en": "The file has errors and has not been stored. Fix the following in the file "
            "and upload it again:",
        },
        "upload.more_errors": {
            "sv": "… och {n} fel till, se tabellen nedan.",
            "en": "… and {n} more errors, see the table below.",
        },
        "upload.fix_hint": {"sv": "Åtgärd", "en": "Fix"},
        "upload.no_errors": {
            "sv": "Filen har inga fel. Kontrollera förhandsvisningen och tryck på Spara.",
            "en": "The file has no errors. Check the preview and press Save.",
        },
        "upload.too_large": {
            "sv": "Filen {file} är för stor ({size} MB). Största tillåtna storlek är {mb} MB. "
            "Dela upp registret eller ta bort onödiga blad.",
            "en": "The file {file} is too large ({size} MB). The largest allowed size is {mb} MB. "
            "Split the register or remove unneeded sheets.",
        },
        "upload.bad_data": {
            "sv": "Filen kom inte fram hel. Ladda upp den igen.",
            "en": "The file did not arrive whole. Upload it again.",
        },
        "upload.server_error": {
            "sv": "Filen kunde inte tas emot på servern. Försök igen; om felet kvarstår, "
            "kontakta förvaltaren.",
            "en": "The server could not receive the file. Try again; if it persists, "
            "contact the administrator.",
        },
        "upload.expired": {
            "sv": "Den granskade filen finns inte längre kvar på servern. Ladda upp den igen.",
            "en": "The checked file is no longer kept on the server. Upload it again.",
        },
        "upload.not_yours": {
            "sv": "Filen laddades upp i en annan inloggning. Ladda upp den igen.",
            "en": "The file was uploaded under another sign-in. Upload it again.",
        },
        "upload.preview": {
            "sv": "Förhandsvisning: detta ändras för {kommun}",
            "en": "Preview: what changes for {kommun}",
        },
        "upload.first_version": {
            "sv": "Inget register är sparat för kommunen ännu; detta blir version 1.",
            "en": "No register is stored for this municipality yet; this becomes version 1.",
        },
        "upload.base_version": {
            "sv": "Jämfört med sparad version {n}.",
            "en": "Compared with stored version {n}.",
        },
        "upload.counts": {
            "sv": "{new} nya, {changed} ändrade, {removed} borttagna, {unchanged} oförändrade "
            "arrangemang; {conflicts} konflikter med andra kommuners register.",
            "en": "{new} new, {changed} changed, {removed} removed, {unchanged} unchanged "
            "arrangements; {conflicts} conflicts with other municipalities' registers.",
        },
        "upload.duplicate": {
            "sv": "Filen är identisk med den sparade version {n}; att spara den skapar ingen ny version.",
            "en": "The file is identical to stored version {n}; saving it creates no new version.",
        },
        "upload.new": {"sv": "Nya arrangemang", "en": "New arrangements"},
        "upload.changed": {"sv": "Ändrade arrangemang", "en": "Changed arrangements"},
        "upload.removed": {"sv": "Borttagna arrangemang", "en": "Removed arrangements"},
        "upload.conflicts": {
            "sv": "Konflikter med andra kommuners register",
            "en": "Conflicts with other registers",
        },
        "upload.conflicts_help": {
            "sv": "Samma arrangemang beskrivs olika i en annan kommuns sparade register. Registret kan ändå sparas; "
            "stäm av med den andra kommunen.",
            "en": "Another municipality's stored register describes the same arrangement differently. You can "
            "still save; check with the other municipality.",
        },
        "upload.save": {"sv": "Spara", "en": "Save"},
        "upload.saved": {
            "sv": "Sparat som version {n} av registret för {kommun} ({arr} arrangemang). "
            "Alla vyer visar nu de nya uppgifterna.",
            "en": "Saved as version {n} of the register of {kommun} ({arr} {arr:arrangement|arrangements}). "
            "Every view now shows the new data.",
        },
        "upload.saved_duplicate": {
            "sv": "Filen är identisk med version {n}; ingen ny version skapades.",
            "en": "The file is identical to version {n}; no new version was created.",
        },
        "upload.busy": {
            "sv": "{message} Tryck på Spara igen om en stund; inget har ändrats.",
            "en": "{message} Press Save again in a moment; nothing has changed.",
        },
        "upload.write_failed": {
            "sv": "Det gick inte att spara: {message} Inget har ändrats.",
            "en": "Saving failed: {message} Nothing has changed.",
        },
        "upload.unexpected": {
            "sv": "Ett oväntat fel inträffade på servern (det är loggat).",
            "en": "An unexpected error occurred on the server (it has been logged).",
        },
        "upload.refresh_failed": {
            "sv": "Registret är sparat, men vyerna kunde inte uppdateras. Ladda om sidan.",
            "en": "The register is stored, but the views could not be updated. Reload the page.",
        },
        "upload.history": {
            "sv": "Versioner av registret för {kommun}",
            "en": "Versions of the register of {kommun}",
        },
        "upload.history_help": {
            "sv": "Återställ gör en äldre version gällande igen som en ny version; "
            "ingen version skrivs över.",
            "en": "Restore makes an older version current again as a new version; no version is overwritten.",
        },
        "upload.history_empty": {"sv": "Inga sparade versioner ännu.", "en": "No stored versions yet."},
        "upload.history_pick": {
            "sv": "Välj en kommun för att se dess versioner.",
            "en": "Choose a municipality to see its versions.",
        },
        "upload.history_error": {
            "sv": "Versionerna kunde inte hämtas: {message}",
            "en": "The versions could not be read: {message}",
        },
        "upload.restore": {"sv": "Återställ", "en": "Restore"},
        "upload.current": {"sv": "gällande", "en": "current"},
        "upload.restored": {
            "sv": "Version {source} är återställd som ny version {n} för {kommun}.",
            "en": "Version {source} was restored as new version {n} for {kommun}.",
        },
        "upload.kind_upload": {"sv": "uppladdning", "en": "upload"},
        "upload.kind_restore": {"sv": "återställning av version {n}", "en": "restore of version {n}"},
        "upload.col.version": {"sv": "Version", "en": "Version"},
        "upload.col.when": {"sv": "Tidpunkt", "en": "Time"},
        "upload.col.user": {"sv": "Användare", "en": "User"},
        "upload.col.file": {"sv": "Fil", "en": "File"},
        "upload.col.kind": {"sv": "Typ", "en": "Kind"},
        "upload.col.n_arrangements": {"sv": "Arrangemang", "en": "Arrangements"},
        "upload.col.level": {"sv": "Nivå", "en": "Level"},
        "upload.col.sheet": {"sv": "Blad", "en": "Sheet"},
        "upload.col.row": {"sv": "Rad", "en": "Row"},
        "upload.col.column": {"sv": "Kolumn", "en": "Column"},
        "upload.col.message": {"sv": "Meddelande", "en": "Message"},
        "upload.col.hint": {"sv": "Åtgärd", "en": "What to do"},
        "upload.col.arrangement_id": {"sv": "Id", "en": "Id"},
        "upload.col.name": {"sv": "Namn", "en": "Name"},
        "upload.col.fields": {"sv": "Ändrade uppgifter", "en": "Changed fields"},
        "upload.col.other_kommun": {"sv": "Annan kommun", "en": "Other municipality"},
        "upload.col.other_version": {"sv": "Dess version", "en": "Its version"},
        "upload.col.field": {"sv": "Uppgift", "en": "Field"},
        "upload.col.ours": {"sv": "Denna fil", "en": "This file"},
        "upload.col.theirs": {"sv": "Andra kommunens register", "en": "Other register"},
    }
)

# --- Readable network, map, dependency and profile (issue 14)
TEXTS.update(
    {
        "network.intro_readable": {
            "sv": "Varje punkt är en kommun; storleken visar antalet arrangemang och linjerna gemensamma arrangemang. Färgen visar grupper av kommuner som samverkar mest med varandra. Håll muspekaren över en kommun för siffrorna, klicka för detaljer och länkar. Zooma för att se fler namn. Regioner och statliga myndigheter (t.ex. i samordningsförbund) syns i läget Kommuner och arrangemang.",
            "en": "Each point is a municipality; its size shows the number of arrangements and lines show shared arrangements. Colour shows groups of municipalities that cooperate most with each other. Hover over a municipality for its figures, click for details and links. Zoom in to see more names. Regions and national agencies (e.g. in coordination federations) appear in the Municipalities and arrangements view.",
        },
        "network.summary_labels": {
            "sv": "{n} noder, {e} kanter; {shown} namn visas (zooma in för fler).",
            "en": "{n} nodes, {e} edges; {shown} names shown (zoom in for more).",
        },
        "network.groups": {"sv": "Grupper (färg)", "en": "Groups (colour)"},
        "network.group_named": {"sv": "{name} m.fl. ({n})", "en": "{name} and others ({n})"},
        "network.legend": {"sv": "Så läser du bilden", "en": "How to read it"},
        "network.legend_colour": {
            "sv": "färg = grupp som samverkar mycket (beräknad, inte län eller form)",
            "en": "colour = group that cooperates a lot (computed, not county or form)",
        },
        "network.legend_size": {"sv": "storlek = antal arrangemang", "en": "size = number of arrangements"},
        "network.legend_edges": {
            "sv": "linjens tjocklek = antal gemensamma arrangemang",
            "en": "line width = number of shared arrangements",
        },
        "network.legend_click": {
            "sv": "klicka på en kommun för detaljer",
            "en": "click a municipality for details",
        },
        "network.hover_kommun": {
            "sv": "{name}: {n} arrangemang, {p} {p:part|parter}, beroendeandel {d}",
            "en": "{name}: {n} {n:arrangement|arrangements}, {p} {p:partner|partners}, dependency share {d}",
        },
        "network.hover_arrangement": {
            "sv": "{name} ({form}), {m} {m:medlem|medlemmar}",
            "en": "{name} ({form}), {m} {m:member|members}",
        },
        "network.link_profile": {"sv": "Kommunprofil", "en": "Profile"},
        "network.link_map": {"sv": "Visa på kartan", "en": "Show on map"},
        "network.link_ego": {"sv": "Kommunens nätverk", "en": "Its network"},
        "network.link_scenario": {"sv": "Scenario: utträde", "en": "Scenario: exit"},
        "network.panel_close": {"sv": "Stäng", "en": "Close"},
        "network.panel_arrangements": {"sv": "Arrangemang ({n})", "en": "Arrangements ({n})"},
        "network.panel_partners": {"sv": "Samverkansparter ({n})", "en": "Partners ({n})"},
        "network.panel_members": {"sv": "Medlemmar ({n})", "en": "Members ({n})"},
        "network.panel_dependency": {"sv": "Beroende av utförare", "en": "Depends on providers"},
        "network.partner_shared": {"sv": "{name}: {n} gemensamma", "en": "{name}: {n} shared"},
        "network.depends_on": {
            "sv": "{name}: {n} {n:funktion|funktioner}",
            "en": "{name}: {n} {n:function|functions}",
        },
        "network.unknown_providers": {
            "sv": "okänd utförare: {n} arrangemang",
            "en": "unknown provider: {n} {n:arrangement|arrangements}",
        },
        "network.no_dependency": {
            "sv": "Inga funktioner utförs av någon annan.",
            "en": "No functions are performed by someone else.",
        },
        "network.more": {"sv": "… och {n} till", "en": "… and {n} more"},
        "network.provider_unknown": {"sv": "okänd utförare", "en": "unknown provider"},
        "map.intro_stars": {
            "sv": "Varje punkt är en kommun, storleken följer befolkningen och färgen det valda måttet. Varje arrangemang ritas som en stjärna från utföraren (värdkommunen, eller förbundets/bolagets säte ◆) till medlemmarna, färgad efter samverkansform. Håll muspekaren på en linje för arrangemanget; klicka på en kommun för att öppna dess profil.",
            "en": "Each point is a municipality, sized by population and coloured by the chosen measure. Each arrangement is drawn as a star from its provider (the host municipality, or the seat ◆ of a federation or company) to its members, coloured by legal form. Hover over a line for the arrangement; click a municipality to open its profile.",
        },
        "map.focus": {"sv": "Visa en kommuns parter", "en": "Show a municipality's partners"},
        "map.names": {"sv": "Namn", "en": "Names"},
        "map.member": {"sv": "Medlem: {name}", "en": "Member: {name}"},
        "map.provider_host": {
            "sv": "Utförare: {name} (värdkommun)",
            "en": "Provider: {name} (host municipality)",
        },
        "map.provider_seat": {"sv": "Utförare: {name}, säte {seat}", "en": "Provider: {name}, seat {seat}"},
        "map.provider_entity": {
            "sv": "Utförare: {name} (säte okänt, ritas i medlemmarnas mitt)",
            "en": "Provider: {name} (seat unknown, drawn at the members' centre)",
        },
        "map.provider_none": {
            "sv": "Ingen utförare (informell samverkan)",
            "en": "No provider (informal cooperation)",
        },
        "map.provider_unknown": {
            "sv": "Okänd utförare (värdkommun ej angiven)",
            "en": "Unknown provider (host not named)",
        },
        "map.stars_count": {
            "sv": "{a} arrangemang ritas som stjärnor från utföraren: {n} {n:linje|linjer}.",
            "en": "{a} {a:arrangement|arrangements} drawn as stars from their provider: {n} {n:line|lines}.",
        },
        "map.schematic": {
            "sv": "Schematisk bakgrund: ytor runt kommunernas centrum, inte kommungränser",
            "en": "Schematic background: areas around municipal centres, not boundaries",
        },
        "map.link_profile": {"sv": "Kommunprofil för {name}", "en": "Profile of {name}"},
        "map.link_network": {"sv": "Kommunens nätverk", "en": "Its network"},
        "dependency.ranked_providers": {
            "sv": "Utförare som flest kommuner är beroende av",
            "en": "Providers most municipalities depend on",
        },
        "dependency.ranked_providers_help": {
            "sv": "De 20 utförarna (värdkommun eller förbund/bolag) med flest beroende kommuner, och hur många funktioner (arrangemang) de utför åt dem.",
            "en": "The 20 providers (host municipality or federation/company) with most dependent municipalities, and how many functions (arrangements) they perform for them.",
        },
        "dependency.ranked_municipalities": {
            "sv": "Kommuner med beroendet samlat hos få utförare",
            "en": "Municipalities whose dependency is concentrated on few providers",
        },
        "dependency.hhi_text": {
            "sv": "{hhi} ({n} funktioner hos andra)",
            "en": "{hhi} ({n} functions with others)",
        },
        "dependency.hhi_text_one": {
            "sv": "{hhi} (1 funktion hos andra)",
            "en": "{hhi} (1 function with others)",
        },
        "dependency.none_in_region": {
            "sv": "Inga kommuner i urvalet får funktioner utförda av någon annan (eller så är utföraren okänd).",
            "en": "No municipality in the selection has functions performed by someone else (or the provider is unknown).",
        },
        "table.empty_columns": {
            "sv": "Kolumner utan uppgifter i registret visas inte: {names}.",
            "en": "Columns without any value in the register are not shown: {names}.",
        },
        "profile.rank_shared": {
            "sv": "delad plats {low}–{high} av {of} i länet",
            "en": "shared rank {low}–{high} of {of} in the county",
        },
        "profile.unknown_in_card": {
            "sv": "+ okänd utförare i {n} arrangemang (ingår inte i andelen)",
            "en": "+ unknown provider in {n} {n:arrangement|arrangements} (not in the share)",
        },
        "overview.search": {"sv": "Sök kommun", "en": "Find a municipality"},
        "overview.search_placeholder": {
            "sv": "Skriv ett kommunnamn eller en kommunkod …",
            "en": "Type a municipality name or code …",
        },
        "overview.search_help": {
            "sv": "Öppnar kommunens profil med länkar till karta, nätverk och scenario.",
            "en": "Opens the municipality's profile with links to the map, network and scenario.",
        },
        "dependency.top_provider": {
            "sv": "Största utförare: {name} ({share})",
            "en": "Largest provider: {name} ({share})",
        },
        "dependency.matrix_too_big": {
            "sv": "Matrisen skulle få {rows} rader och {columns} kolumner, för många för att läsa. Välj ett län ovan (högst {max_rows} kommuner och {max_columns} utförare) så visas den.",
            "en": "The matrix would have {rows} rows and {columns} columns, too many to read. Choose a county above (at most {max_rows} municipalities and {max_columns} providers) to see it.",
        },
    }
)

# --- upload states and scenario summary (issue 14: pages a decision-maker can read)
TEXTS.update(
    {
        "upload.drop_limit": {
            "sv": " (högst {mb} MB; .xlsx, .xlsm, .xls, .ods eller .csv)",
            "en": " (at most {mb} MB; .xlsx, .xlsm, .xls, .ods or .csv)",
        },
        "upload.too_large_browser": {
            "sv": "Filen {file} är för stor ({size} MB) och laddades inte upp. Största tillåtna "
            "storlek är {mb} MB. Dela upp registret eller ta bort bilder och dolda blad.",
            "en": "The file {file} is too large ({size} MB) and was not uploaded. The largest "
            "allowed size is {mb} MB. Split the register or remove images and hidden sheets.",
        },
        "upload.reporter_places": {
            "sv": "(kolumnen Rapporterande kommun, en cell ovanför rubrikerna, eller valet "
            "av kommun här på sidan)",
            "en": "(the Rapporterande kommun column, a cell above the headers, or the "
            "municipality chosen on this page)",
        },
        "upload.kommun_own": {
            "sv": "Ditt konto hör till {kommun}; du kan bara ladda upp kommunens eget register.",
            "en": "Your account belongs to {kommun}; you can only upload that municipality's register.",
        },
        "upload.reporter_note": {
            "sv": "{kommun} är rapporterande kommun: filens årskostnader gäller {kommun}.",
            "en": "{kommun} is the reporting municipality: the file's annual costs are {kommun}'s.",
        },
        "upload.read_heading": {
            "sv": "Så lästes filen ({n} samverkan)",
            "en": "How the file was read ({n} {n:arrangement|arrangements})",
        },
        "upload.read_help": {
            "sv": "Form, värdkommun och medlemmar som de tolkades. Namn som fick gissas är gulmarkerade; "
            "kontrollera dem innan du sparar.",
            "en": "Form, host and members as they were read. Names that had to be guessed are marked "
            "yellow; check them before saving.",
        },
        "upload.col.form": {"sv": "Form", "en": "Form"},
        "upload.col.host": {"sv": "Värdkommun", "en": "Host"},
        "upload.col.members": {"sv": "Medlemmar", "en": "Members"},
        "upload.guessed": {"sv": "Gissat: {what}", "en": "Guessed: {what}"},
        "upload.not_member": {"sv": "{kommun} är inte medlem", "en": "{kommun} is not a member"},
        "upload.outside": {
            "sv": "{n} av {total} samverkan omfattar inte {kommun}. En kommuns register talar bara för "
            "kommunens egna medlemskap; kontrollera att rätt kommun är vald och att raderna hör hemma "
            "i registret.",
            "en": "{n} of {total} arrangements {verb} not include {kommun}. A municipality's register "
            "speaks only for its own memberships; check that the right municipality is chosen and "
            "that the rows belong in the register.",
        },
        "upload.nothing_to_save": {
            "sv": "Inget att spara: innehållet är detsamma som gällande version {n}.",
            "en": "Nothing to save: the content is the same as the current version {n}.",
        },
        "upload.save_refused_same": {
            "sv": "Sparades inte: innehållet är detsamma som gällande version {n}, så en ny "
            "version skulle inte ändra något.",
            "en": "Not saved: the content is the same as the current version {n}, so a new "
            "version would change nothing.",
        },
        "upload.save_refused_stale": {
            "sv": "Sparades inte: registret har ändrats sedan förhandsvisningen (gällande "
            "version är nu {n}). Granska förhandsvisningen igen.",
            "en": "Not saved: the register has changed since the preview (the current version "
            "is now {n}). Check the preview again.",
        },
        "upload.save_why_disabled": {
            "sv": "Spara går inte att välja förrän det finns en felfri fil med ändringar.",
            "en": "Save is available once there is a file without errors that changes something.",
        },
        "upload.restore_confirm": {
            "sv": "Återställa version {source}? Den blir gällande som en ny version {n} "
            "({file}, {arr} arrangemang). Inget tas bort; du kan ångra med en ny återställning.",
            "en": "Restore version {source}? It becomes current as a new version {n} "
            "({file}, {arr} arrangements). Nothing is deleted; you can undo with another "
            "restore.",
        },
        "upload.restore_yes": {"sv": "Ja, återställ version {source}", "en": "Yes, restore version {source}"},
        "upload.restore_no": {"sv": "Avbryt", "en": "Cancel"},
        "upload.restore_set_aside": {
            "sv": "Den granskade filen {file} sparades inte. Ladda upp den igen om den ska "
            "ersätta den återställda versionen.",
            "en": "The checked file {file} was not saved. Upload it again if it should replace "
            "the restored version.",
        },
        "upload.details_changed": {
            "sv": "roller, andelar, kostnader eller datum",
            "en": "roles, shares, costs or dates",
        },
        "scenario.sum.heading": {"sv": "Kort sammanfattning", "en": "In short"},
        "scenario.sum.task": {
            "sv": "{area} (i dag via {name}, utförare {provider})",
            "en": "{area} (today through {name}, provided by {provider})",
        },
        "scenario.sum.task_no_host": {
            "sv": "{area} (i dag via {name}; värdkommunen är inte angiven)",
            "en": "{area} (today through {name}; the host is not named)",
        },
        "scenario.sum.n_arr": SCENARIO_PHRASES["n_arrangements"],
        "scenario.sum.task_entity": {
            "sv": "{area} (i dag via {name})",
            "en": "{area} (today through {name})",
        },
        "scenario.sum.must_arrange": {
            "sv": "{name} måste själv ordna eller köpa {n} som andra utför i dag: {tasks}.",
            "en": "{name} must provide or buy {n} that others perform today: {tasks}.",
        },
        "scenario.sum.n_tasks": {"sv": "{n} uppgift|{n} uppgifter", "en": "{n} task|{n} tasks"},
        "scenario.sum.n_kommuner": {
            "sv": "{n} kommun|{n} kommuner",
            "en": "{n} municipality|{n} municipalities",
        },
        "scenario.sum.nothing_to_arrange": {
            "sv": "{name} utför redan själv allt den lämnar; inga uppgifter behöver byggas upp på nytt.",
            "en": "{name} already performs everything it leaves; no task has to be built up again.",
        },
        "scenario.sum.ended": {
            "sv": "{n} samverkan upphör eftersom färre än två medlemmar blir kvar: {names}.",
            "en": "{n} arrangement ends because fewer than two members remain: {names}.|"
            "{n} arrangements end because fewer than two members remain: {names}.",
        },
        "scenario.sum.hostless": {
            "sv": "{n} samverkan blir utan värdkommun och behöver en ny: {names}.",
            "en": "{n} arrangement loses its host and needs a new one: {names}.|"
            "{n} arrangements lose their host and need a new one: {names}.",
        },
        "scenario.sum.others_lose": {
            "sv": "Andra kommuner förlorar sin enda utförare: {what}.",
            "en": "Other municipalities lose their only provider: {what}.",
        },
        "scenario.sum.party_loses": {"sv": "{name} inom {areas}", "en": "{name} for {areas}"},
        "scenario.sum.others_continue": {
            "sv": "De övriga medlemmarna kan fortsätta samverka utan kommunen.",
            "en": "The other members can continue without the municipality.",
        },
        "scenario.sum.cost": {
            "sv": "{kr} per år i {name} fördelas på de {n} som är kvar.",
            "en": "{kr} a year in {name} is shared among the {n} remaining members.",
        },
        "scenario.sum.cost_unknown": {
            "sv": "Kostnaden är okänd för {n} (årskostnaden saknas i registret): {names}.",
            "en": "The cost is unknown for {n} (the register has no annual cost): {names}.",
        },
        "scenario.sum.host_stops": {
            "sv": "{name} utför {n} åt andra; {n_dep} förlorar sin utförare.",
            "en": "{name} performs {n} for others; {n_dep} lose their provider.",
        },
        "scenario.sum.dependent_loses": {"sv": "{name} förlorar {what}.", "en": "{name} loses {what}."},
        "scenario.sum.candidate": {
            "sv": "Närmast till hands som ny värd för {name}: {host}.",
            "en": "Most likely new host for {name}: {host}.",
        },
        "scenario.legend.leaver": {"sv": "Kommunen i scenariot", "en": "The municipality in the scenario"},
        "scenario.legend.lost": {
            "sv": "Ingen gemensam samverkan kvar efteråt ({n})",
            "en": "No shared arrangement left afterwards ({n})",
        },
        "scenario.legend.weakened": {
            "sv": "Färre gemensamma samverkan efteråt ({n})",
            "en": "Fewer shared arrangements afterwards ({n})",
        },
        "scenario.legend.kept": {"sv": "Oförändrad koppling ({n})", "en": "Unchanged tie ({n})"},
        "scenario.network_help_plain": {
            "sv": "Kommunen i mitten, de berörda kommunerna runt om. En linje betyder att "
            "två kommuner har minst en samverkan ihop i dag.",
            "en": "The municipality in the middle, the affected municipalities around it. A "
            "line means two municipalities share at least one arrangement today.",
        },
        "scenario.metric.groups": SCENARIO_PHRASES["cover.groups"],
        "scenario.costs_unknown_rows": {
            "sv": "Okänd ökning för {n} i {names} (årskostnaden saknas).",
            "en": "Unknown increase for {n} in {names} (no annual cost).",
        },
    }
)

# --- history (händelser): profile section, region timeline, recorded exits
TEXTS.update(
    {
        "history.title": {"sv": "Historik", "en": "History"},
        "history.help": {
            "sv": "Kommunens samverkan över tid, fram till analysdatumet {date}. Datumen och händelserna kommer ur registret; varje händelse anger sin källa. Samverkan utan känt startdatum ritas blekare och randig från vänsterkanten och räknas alla år.",
            "en": "The municipality's cooperation over time, up to the analysis date {date}. Dates and events come from the register; each event names its source. Arrangements with no known start are drawn paler and hatched from the left edge and counted in every year.",
        },
        "history.timeline": {"sv": "Medlemskap över tid", "en": "Memberships over time"},
        "history.per_year": {
            "sv": "Mått per år (31 december, sista punkten är analysdatumet)",
            "en": "Figures per year (31 December; the last point is the analysis date)",
        },
        "history.events": {"sv": "Händelser", "en": "Events"},
        "history.no_events": {
            "sv": "Registret har inga daterade händelser för dessa samverkan.",
            "en": "The register has no dated events for these arrangements.",
        },
        "history.start_unknown": {"sv": "start okänd", "en": "start unknown"},
        "history.end_unknown": {"sv": "avslutad, datum okänt", "en": "ended, date unknown"},
        "history.ongoing": {"sv": "pågår", "en": "ongoing"},
        "history.date_unknown": {"sv": "datum okänt", "en": "date unknown"},
        "history.analysis_date": {"sv": "analysdatum", "en": "analysis date"},
        "history.n_start_unknown": {"sv": "varav utan känt startdatum", "en": "of which start unknown"},
        "history.n_events": {"sv": "Händelser per år", "en": "Events per year"},
        "history.region_title": {"sv": "Utveckling över tid", "en": "Development over time"},
        "history.region_help": {
            "sv": "Samverkan i kraft den 31 december varje år (sista punkten: analysdatumet {date}) och händelserna varje år. Samverkan utan känt startdatum räknas alla år (streckad linje).",
            "en": "Arrangements in force on 31 December of each year (last point: the analysis date {date}) and the events of each year. Arrangements with no known start count in every year (dashed line).",
        },
        "history.recent_events": {"sv": "Senaste händelserna", "en": "Latest events"},
        "history.exits": {"sv": "Tidigare utträden i regionen", "en": "Earlier exits in the region"},
        "history.exits_help": {
            "sv": "Kommuner som har lämnat en samverkan som fortsatte utan dem: vem som lämnade, sista dagen och vilka som var kvar dagen efter.",
            "en": "Municipalities that left an arrangement which went on without them: who left, the last day and who remained the day after.",
        },
        "history.no_exits": {
            "sv": "Registret har inga utträden i regionen.",
            "en": "The register has no exits in the region.",
        },
        "history.kind.formed": {"sv": "bildades", "en": "formed"},
        "history.kind.joined": {"sv": "gick med", "en": "joined"},
        "history.kind.left": {"sv": "lämnade", "en": "left"},
        "history.kind.ended": {"sv": "avslutades", "en": "ended"},
        "history.col.date": {"sv": "Datum", "en": "Date"},
        "history.col.event": {"sv": "Händelse", "en": "Event"},
        "history.col.party": {"sv": "Vem", "en": "Who"},
        "history.col.source": {"sv": "Källa", "en": "Source"},
        "history.col.last_day": {"sv": "Sista dag", "en": "Last day"},
        "history.col.leavers": {"sv": "Lämnade", "en": "Left"},
        "history.col.remaining": {"sv": "Kvar dagen efter", "en": "Remaining the day after"},
    }
)

# Large registers: the profile's history arrives after the profile, long lists are capped.
TEXTS.update(
    {
        "profile.history_loading": {"sv": "Historiken hämtas …", "en": "Loading the history …"},
        "history.timeline_capped": {
            "sv": "Tidslinjen visar de {n} senast påbörjade av {total} medlemskapsperioder.",
            "en": "The timeline shows the {n} most recently started of {total} membership periods.",
        },
    }
)

for _form in FORMS:
    TEXTS[f"form.{_form}"] = {lang: form_label(_form, lang, capital=True) for lang in ("sv", "en")}
# Field names (in the upload preview's list of what changed) come from the field table.
for _field in FIELDS:
    TEXTS[f"upload.field.{_field}"] = {lang: field_label(_field, lang) for lang in ("sv", "en")}


def app_language() -> str:
    """The language of a visitor who has not chosen one: the serving app's ``language``
    setting, :data:`DEFAULT_LANGUAGE` outside an app."""
    if flask.has_app_context():
        value = flask.current_app.config.get(APP_LANGUAGE_KEY)
        if value in LANGUAGES:
            return value
    return DEFAULT_LANGUAGE


def normalise_lang(value: str | None) -> str:
    """A supported language code: ``value`` if it names one, else :func:`app_language`."""
    value = (value or "").strip().lower()
    return value if value in LANGUAGES else app_language()


#: ``{n:one|many}`` in a text: the word after a count, chosen by that count.
_PLURAL = re.compile(r"\{(\w+):([^{}|]*)\|([^{}]*)\}")


def _plural_words(text: str, values: dict[str, object]) -> str:
    """Replace each ``{n:one|many}`` by ``one`` when ``values[n]`` is 1, else by ``many``.

    >>> _plural_words("{n} {n:line|lines}", {"n": 1}), _plural_words("{n} {n:line|lines}", {"n": 3})
    ('{n} line', '{n} lines')
    """

    def choose(match: re.Match) -> str:
        count = values.get(match.group(1))
        return match.group(2) if str(count).strip() == "1" else match.group(3)

    return _PLURAL.sub(choose, text)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    A word that follows a count is written ``{n:one|many}`` and agrees with it
    (English "1 arrangement", Swedish "1 funktion"). An unknown key raises
    ``KeyError`` so that a typo fails the tests, not the user.

    >>> t("network.depends_on", "en", name="Falun", n=1), t("network.depends_on", "sv", name="Falun", n=2)
    ('Falun: 1 function', 'Falun: 2 funktioner')
    """
    entry = TEXTS[key]
    text = entry.get(normalise_lang(lang)) or entry[DEFAULT_LANGUAGE]
    return _plural_words(text, values).format(**values) if values else text


def form_labels(lang: str) -> dict[str, str]:
    """Display name of every legal form."""
    return {form: t(f"form.{form}", lang) for form in FORMS}

"""The key figures through the API, read only: the same filter form, the same reach and the same
selectors as the dashboard (rapportage.views), so the numbers, the suppression of small numbers
and the audit rows are the page's.

- `/api/v1/kengetallen/`: every figure for one filter, each a table of cells. A suppressed cell
  ("<5") carries no value and no list.
- `/api/v1/kengetallen/lijst/`: the pupils behind a number, of whom only those the caller may see
  anyway; the rest is counted (and that count, when small, suppressed too).

What the caller may not report on answers 404, like what does not exist; someone without any key
figures who names nothing gets 403. Refusals and reads are audited by the selectors. Decimal values
are strings ("12.5", money "1234.56"), counts integers.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from passend.rapportage import selectors
from passend.rapportage.bronnen import BRONNEN
from passend.rapportage.filters import Filter
from passend.rapportage.forms import JAREN_TERUG, FilterForm, filter_query
from passend.rapportage.kengetallen import KLEIN, VERBORGEN, Cel
from passend.rapportage.views import filter_voor
from passend.trajecten.api import NaamSerializer

FOUTEN = {400: None, 401: None, 403: None, 404: None}
FILTER_VELDEN = set(FilterForm.base_fields) | {"samenwerkingsverband"}
ONDERDRUKT = f"<{KLEIN}"


# --- Parameters -------------------------------------------------------------------------------

FILTER_PARAMETERS = [
    OpenApiParameter(
        "samenwerkingsverband",
        int,
        description="Het samenwerkingsverband; standaard het eerste (op naam) waarvan u kengetallen mag zien.",
    ),
    OpenApiParameter(
        "schooljaar",
        int,
        description=f"Het schooljaar (augustus–juli) met het kalenderjaar waarin het begint: 2024 is 2024-2025. "
        f"Het lopende of een van de {JAREN_TERUG} jaren ervoor; standaard het lopende.",
    ),
    OpenApiParameter("van", date, description="Een eigen periode in plaats van het schooljaar: de eerste dag."),
    OpenApiParameter("tot", date, description="Een eigen periode: de laatste dag (met `van`; hooguit vijf jaar)."),
    OpenApiParameter(
        "peildatum",
        date,
        description="Voor thuiszitters, wachtenden, evaluaties en grensverkeer; niet in de toekomst. "
        "Standaard het eind van de periode, of vandaag.",
    ),
    OpenApiParameter(
        "deelverband", int, description="Alleen de scholen van dit deelverband (een dat u mag zien, anders 404)."
    ),
    OpenApiParameter(
        "schoolbestuur", int, description="Alleen de scholen van dit schoolbestuur (een dat u mag zien, anders 404)."
    ),
    OpenApiParameter("school", int, description="Alleen deze school (een die u mag zien, anders 404)."),
    OpenApiParameter("route", str, description="Alleen trajecten in deze route (de code van de route)."),
]


def _bronnen_tekst() -> str:
    return "; ".join(
        f"`{code}` ({bron.titel}: {', '.join(f'`{p}`' for p in bron.parameters) or 'geen parameters'})"
        for code, bron in BRONNEN.items()
    )


BRON_PARAMETERS = sorted({p for bron in BRONNEN.values() for p in bron.parameters})
DATUM_PARAMETERS = {"datum"}
GETAL_PARAMETERS = {p for bron in BRONNEN.values() for p, lookup in bron.parameters.items() if lookup.endswith("_id")}

LIJST_PARAMETERS = [
    *FILTER_PARAMETERS,
    OpenApiParameter(
        "bron",
        str,
        required=True,
        enum=list(BRONNEN),
        description="Wat het getal telt, met de parameters die die bron kent: " + _bronnen_tekst() + ".",
    ),
    *(
        OpenApiParameter(
            naam,
            date if naam in DATUM_PARAMETERS else (int if naam in GETAL_PARAMETERS else str),
            description="Een parameter van de bron: neem hem over uit de `lijst`-link van een cel.",
        )
        for naam in BRON_PARAMETERS
    ),
]


# --- Output -----------------------------------------------------------------------------------


@extend_schema_field(
    {
        "oneOf": [{"type": "integer"}, {"type": "string"}],
        "nullable": True,
        "description": "Een aantal als geheel getal; een decimaal getal (procent, weken, uren, euro's) als tekst "
        '("12.5", "1234.56"); een datum als tekst ("01-10-2024"). Leeg als er niets te tellen is of als de cel '
        "onderdrukt is.",
    }
)
class WaardeField(serializers.Field):
    def to_representation(self, value):
        if isinstance(value, Decimal):
            return format(value, "f")
        return value


class KengetalCelSerializer(serializers.Serializer):
    waarde = WaardeField(allow_null=True)
    tekst = serializers.CharField(
        help_text=f'Zoals de pagina het toont: "1.234", "12,5%", "{ONDERDRUKT}", "{VERBORGEN}", "–".'
    )
    eenheid = serializers.CharField(help_text='"", "%", "weken", "dagen", "uur" of "€".')
    onderdrukt = serializers.BooleanField(
        help_text=f"Buiten de staf van het samenwerkingsverband: een aantal van 1 tot {KLEIN - 1} leerlingen "
        f"({ONDERDRUKT}), of een getal waaruit zo'n aantal terug te rekenen is ({VERBORGEN}); zonder waarde en "
        "zonder lijst."
    )
    lijst = serializers.CharField(
        allow_null=True, help_text="De leerlingen achter het getal: /api/v1/kengetallen/lijst/ met hetzelfde filter."
    )


class KengetalRijSerializer(serializers.Serializer):
    label = serializers.CharField()
    cellen = KengetalCelSerializer(many=True, help_text="Een cel per kolom.")


class KengetalFiguurSerializer(serializers.Serializer):
    code = serializers.CharField()
    titel = serializers.CharField()
    stand = serializers.CharField(help_text="Op welke datum of over welke periode het kengetal gaat, in woorden.")
    toelichting = serializers.CharField()
    kolommen = serializers.ListField(child=serializers.CharField())
    rijen = KengetalRijSerializer(many=True)


class KengetallenFilterSerializer(serializers.Serializer):
    samenwerkingsverband = serializers.IntegerField()
    schooljaar = serializers.IntegerField(help_text="Het schooljaar waarin de periode begint.")
    van = serializers.DateField()
    tot = serializers.DateField()
    peildatum = serializers.DateField()
    deelverband = serializers.IntegerField(allow_null=True)
    schoolbestuur = serializers.IntegerField(allow_null=True)
    school = serializers.IntegerField(
        allow_null=True, help_text="Ook zonder keuze uw eigen school, als u alleen die mag zien."
    )
    route = serializers.CharField(allow_null=True)


class KengetallenSerializer(serializers.Serializer):
    samenwerkingsverband = NaamSerializer()
    onderwerp = serializers.CharField(help_text="Het smalste deel waarover de kengetallen gaan, zoals de school.")
    filter = KengetallenFilterSerializer(help_text="Het filter zoals toegepast, met uw eigen deel erbij.")
    berekend_op = serializers.DateTimeField()
    onderdrukt = serializers.BooleanField(
        help_text=f"Of aantallen van 1 tot {KLEIN - 1} leerlingen voor u onderdrukt zijn (buiten de staf van het "
        "samenwerkingsverband)."
    )
    figuren = KengetalFiguurSerializer(many=True)


class KengetallenLijstRijSerializer(serializers.Serializer):
    leerling = NaamSerializer()
    school = NaamSerializer(allow_null=True)
    omschrijving = serializers.CharField(help_text="Wat er van deze leerling geteld is.")


class KengetallenBronSerializer(serializers.Serializer):
    code = serializers.CharField()
    titel = serializers.CharField()


class KengetallenSelectieSerializer(serializers.Serializer):
    parameter = serializers.CharField()
    label = serializers.CharField()
    waarde = serializers.CharField(
        help_text="In woorden: de naam van de school, de route of de stap, het label van een code."
    )


class KengetallenLijstSerializer(serializers.Serializer):
    samenwerkingsverband = NaamSerializer()
    filter = KengetallenFilterSerializer()
    bron = KengetallenBronSerializer()
    selectie = KengetallenSelectieSerializer(
        many=True, help_text="De cel waar de lijst bij hoort: de parameters van de link, in woorden."
    )
    totaal = serializers.IntegerField(
        allow_null=True, help_text=f"Hoeveel de bron telt; leeg als dat voor u onderdrukt is (1 tot {KLEIN - 1})."
    )
    totaal_tekst = serializers.CharField()
    verborgen = serializers.IntegerField(
        allow_null=True,
        help_text="Hoeveel daarvan u niet mag zien; leeg als dat voor u onderdrukt is (1 tot "
        f"{KLEIN - 1}), of als het totaal onderdrukt is.",
    )
    verborgen_tekst = serializers.CharField()
    onderdrukt = serializers.BooleanField()
    rijen = KengetallenLijstRijSerializer(
        many=True, help_text="De leerlingen die u ook in hun dossier mag zien, op naam; hooguit 500."
    )


# --- The filter, as the dashboard reads it ------------------------------------------------------


def _filter(request) -> tuple[object, Filter]:
    """The page's filter from the query string (rapportage.views.filter_voor): a part outside the
    caller's reach is a 404, an invalid field a 400 with the form's Dutch message at that field."""
    swv, _reikwijdte, form, f = filter_voor(request.user, request.query_params)
    if f is None:
        raise ValidationError(
            {
                (api_settings.NON_FIELD_ERRORS_KEY if veld == NON_FIELD_ERRORS else veld): list(fouten)
                for veld, fouten in form.errors.items()
            }
        )
    return swv, f


def _filter_data(f: Filter) -> dict:
    return {
        "samenwerkingsverband": f.samenwerkingsverband_id,
        "schooljaar": f.jaar,
        "van": f.van,
        "tot": f.tot,
        "peildatum": f.peildatum,
        "deelverband": f.deelverband_id,
        "schoolbestuur": f.schoolbestuur_id,
        "school": f.school_id,
        "route": f.route_code or None,
    }


def _cel(cel: Cel, lijst_basis: str) -> dict:
    """A cell as the API shows it: a suppressed cell keeps neither its value nor its list."""
    if cel.onderdrukt:
        return {"waarde": None, "tekst": cel.tekst, "eenheid": cel.eenheid, "onderdrukt": True, "lijst": None}
    return {
        "waarde": cel.waarde,
        "tekst": cel.tekst,
        "eenheid": cel.eenheid,
        "onderdrukt": False,
        "lijst": f"{lijst_basis}&{cel.lijst}" if cel.lijst else None,
    }


# --- Views ------------------------------------------------------------------------------------


class KengetallenView(APIView):
    """`/api/v1/kengetallen/`: one object (the figures of one filter), so a plain view."""

    @extend_schema(
        summary="De kengetallen van een samenwerkingsverband, een deelverband, een schoolbestuur of een school",
        description="Hetzelfde filter als de pagina Kengetallen. Zonder keuze gaan ze over het grootste deel dat u "
        "helemaal mag zien: het samenwerkingsverband voor management, beheerder en commissie, het deelverband voor "
        "de coördinator, het bestuur voor de regievoerder, de school voor de directeur. Buiten de staf van het "
        f"samenwerkingsverband staan aantallen van 1 tot {KLEIN - 1} leerlingen er als “{ONDERDRUKT}”, en getallen "
        f"waaruit die terug te rekenen zijn als “{VERBORGEN}”, zonder waarde en zonder lijst. Een deel of "
        "samenwerkingsverband dat u niet mag zien: 404. Een ongeldig filter: 400, met "
        "de melding bij het veld.",
        parameters=FILTER_PARAMETERS,
        responses={200: KengetallenSerializer, **FOUTEN},
    )
    def get(self, request):
        swv, f = _filter(request)
        try:
            k = selectors.kengetallen_lezen(actor=request.user, filter=f)
        except PermissionDenied:
            raise NotFound from None
        lijst_basis = reverse("api:kengetallen-lijst") + "?" + urlencode(filter_query(k.filter))
        data = {
            "samenwerkingsverband": {"id": swv.pk, "naam": swv.naam},
            "onderwerp": str(k.onderwerp),
            "filter": _filter_data(k.filter),
            "berekend_op": k.berekend_op,
            "onderdrukt": k.onderdrukt,
            "figuren": [
                {
                    "code": figuur.code,
                    "titel": figuur.titel,
                    "stand": figuur.stand,
                    "toelichting": figuur.toelichting,
                    "kolommen": figuur.kolommen,
                    "rijen": [
                        {"label": rij.label, "cellen": [_cel(cel, lijst_basis) for cel in rij.cellen]}
                        for rij in figuur.rijen
                    ],
                }
                for figuur in k.figuren
            ],
        }
        return Response(KengetallenSerializer(data).data)


class KengetallenLijstView(APIView):
    """`/api/v1/kengetallen/lijst/`: the pupils behind one number."""

    @extend_schema(
        summary="De leerlingen achter een kengetal: alleen wie u ook in het dossier mag zien",
        description="Volg de `lijst`-link van een cel: hetzelfde filter, de bron en haar parameters. De lijst telt "
        "wat het kengetal telt; leerlingen die u niet mag zien, staan er niet op maar worden geteld (`verborgen`). "
        f"Buiten de staf van het samenwerkingsverband zijn aantallen van 1 tot {KLEIN - 1} onderdrukt. Een "
        "onbekende bron, een parameter die de bron niet kent of een ongeldige waarde: 400. Een deel dat u niet mag "
        "zien: 404.",
        parameters=LIJST_PARAMETERS,
        responses={200: KengetallenLijstSerializer, **FOUTEN},
    )
    def get(self, request):
        swv, f = _filter(request)
        params = {k: v for k, v in request.query_params.items() if k not in FILTER_VELDEN}
        _controleer(params)
        try:
            lijst = selectors.lijst_lezen(actor=request.user, filter=f, params=params)
        except PermissionDenied:
            raise NotFound from None
        data = {
            "samenwerkingsverband": {"id": swv.pk, "naam": swv.naam},
            "filter": _filter_data(f),
            "bron": {"code": params["bron"], "titel": lijst.bron.titel},
            "selectie": [{"parameter": p, "label": label, "waarde": waarde} for p, label, waarde in lijst.selectie],
            "totaal": None if lijst.totaal_klein else lijst.totaal,
            "totaal_tekst": lijst.totaal_tekst,
            "verborgen": None if lijst.verborgen_klein else lijst.verborgen,
            "verborgen_tekst": lijst.verborgen_tekst,
            "onderdrukt": lijst.onderdrukt,
            "rijen": [_rij(rij) for rij in lijst.rijen],
        }
        return Response(KengetallenLijstSerializer(data).data)


def _rij(rij) -> dict:
    leerling = rij.rapport_leerling
    school = getattr(leerling, "school", None)
    return {
        "leerling": {"id": leerling.pk, "naam": leerling.naam},
        "school": {"id": school.pk, "naam": school.naam} if school else None,
        "omschrijving": str(rij),
    }


def _controleer(params: dict) -> None:
    """The source and its parameters, checked before the selector (which refuses anything odd)."""
    bron = BRONNEN.get(params.get("bron", ""))
    if bron is None:
        raise ValidationError({"bron": [f"Kies een bron: {', '.join(BRONNEN)}."]})
    fouten = {}
    for naam, waarde in params.items():
        if naam == "bron":
            continue
        if naam not in bron.parameters:
            fouten[naam] = [f"Deze bron kent deze parameter niet; wel: {', '.join(bron.parameters) or 'geen'}."]
        elif naam in DATUM_PARAMETERS:
            try:
                date.fromisoformat(waarde)
            except ValueError:
                fouten[naam] = ["Voer een geldige datum in (JJJJ-MM-DD)."]
        elif naam in GETAL_PARAMETERS and not waarde.isdigit():
            fouten[naam] = ["Voer een geheel getal in."]
    if fouten:
        raise ValidationError(fouten)

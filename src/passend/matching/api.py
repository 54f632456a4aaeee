"""IVO's five fields through the API: a pupil's needs, the profiles of schools and provisions and
their check, the matching advice on a traject and the commission's choice, the covering network,
and the partnership's scale, basisondersteuning and additional arrangements. Thin over the same
selectors and services as the pages (matching.views).

The conventions of trajecten.api and instrumenten.api: what the caller may not see answers 404,
like what does not exist; an id in the body the caller may not use is a 400 on that field;
whoever sees the object but may not do the action gets 403 before their input is read; invalid
input is a 400 with Dutch messages, and nothing is saved. The five levels are sent and answered
as an object by field (`niveaus`, `toelichtingen`): a level's error comes back there, by field.
"""

import re
from contextlib import contextmanager

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from passend.api.errors import uit_body, veldfout
from passend.core import audit
from passend.core.authz import can
from passend.core.services import require
from passend.instrumenten.selectors import afname_get
from passend.leerlingen.selectors import leerling_get
from passend.matching import engine, netwerk, selectors, services
from passend.matching.models import (
    TOELICHTING_MAX,
    AanvullendArrangement,
    Behoefteprofiel,
    Matchkeuze,
    Ondersteuningsprofiel,
    Profielcontrole,
)
from passend.matching.velden import VELD_NAMEN, VELD_VRAGEN, VELDEN
from passend.organisaties.models import Samenwerkingsverband, School, Voorziening
from passend.organisaties.selectors import organisatie_get
from passend.trajecten import selectors as traject_selectors
from passend.trajecten.api import ERRORS, KeuzeTekst, NaamSerializer, engine_errors
from passend.trajecten.models import Traject

NIET_GEZIEN = {401: None, 403: None, 404: None}
LIJST_FOUTEN = {400: None, **NIET_GEZIEN}
KIES_LEERLING = "Kies een leerling die u mag zien."
KIES_PLEK = "Kies een van de plekken uit het advies."
MAX_BRONNEN = 50


def _param(request, naam: str, melding: str) -> str:
    """A required id in the query string; without it a 400 on that parameter."""
    waarde = request.query_params.get(naam, "")
    if not waarde.isdigit():
        raise veldfout(naam, melding)
    return waarde


@contextmanager
def _fouten_per_veld(niveaus: str = "niveaus"):
    """The services name a level's error by its field (`materiaal`), an explanation's by
    `toelichting_materiaal` and a level of the scale by `niveau_2`; here each goes where the body
    sent it: under `niveaus` (for an arrangement `toevoegingen`), `toelichtingen` and `omschrijvingen`."""
    try:
        with engine_errors():
            yield
    except ApiValidationError as fout:
        if not isinstance(fout.detail, dict):
            raise
        detail: dict = {}
        for sleutel, berichten in fout.detail.items():
            schaalniveau = re.fullmatch(r"niveau_(\d+)", sleutel)
            if sleutel in VELDEN:
                detail.setdefault(niveaus, {})[sleutel] = berichten
            elif sleutel.startswith("toelichting_") and sleutel.removeprefix("toelichting_") in VELDEN:
                detail.setdefault("toelichtingen", {})[sleutel.removeprefix("toelichting_")] = berichten
            elif schaalniveau:
                detail.setdefault("omschrijvingen", {})[int(schaalniveau[1])] = berichten
            else:
                detail[sleutel] = berichten
        raise ApiValidationError(detail) from None


def _onbekende_velden(request, serializer) -> None:
    """A PATCH with a field that cannot be changed says so, instead of ignoring it."""
    onbekend = set(request.data) - set(serializer.fields) if isinstance(request.data, dict) else set()
    if onbekend:
        raise ApiValidationError(dict.fromkeys(sorted(onbekend), ["Onbekend of niet te wijzigen veld."]))


# --- The five fields as an object ------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class Niveau(serializers.Field):
    """A level: an integer only (not `1.0`, `"1"` or `true`); whether it is on the partnership's
    scale is the service's question, which knows the scale."""

    default_error_messages = {"invalid": "Kies een niveau: een geheel getal van de schaal."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


def _vijf(naam: str, doc: str, veld_voor) -> type:
    """A serializer with one field per field of IVO's five, in their order (one place for the list)."""
    return type(naam, (serializers.Serializer,), {"__doc__": doc, **{veld: veld_voor(veld) for veld in VELDEN}})


VijfNiveausSerializer = _vijf(
    "VijfNiveausSerializer",
    "Per veld het niveau.",
    lambda veld: serializers.IntegerField(help_text=VELD_NAMEN[veld]),
)
BehoefteNiveausSerializer = _vijf(
    "BehoefteNiveausSerializer",
    "Per veld het niveau; leeg (null) als nog onduidelijk is wat nodig is.",
    lambda veld: serializers.IntegerField(allow_null=True, help_text=VELD_NAMEN[veld]),
)
ToelichtingenSerializer = _vijf(
    "ToelichtingenSerializer",
    "Per veld de toelichting.",
    lambda veld: serializers.CharField(source=f"toelichting_{veld}", help_text=VELD_NAMEN[veld]),
)
VijfNiveausInSerializer = _vijf(
    "VijfNiveausInSerializer",
    "Per veld een niveau van de schaal van het samenwerkingsverband (0 tot en met het hoogste).",
    lambda veld: Niveau(
        allow_null=True,  # refused by the service with its own message: it names the field
        error_messages={"required": f"Kies een niveau voor {VELD_NAMEN[veld].lower()}."},
        help_text=f"{VELD_NAMEN[veld]}. {VELD_VRAGEN[veld]}",
    ),
)
BehoefteNiveausInSerializer = _vijf(
    "BehoefteNiveausInSerializer",
    "Per veld een niveau van de schaal van het samenwerkingsverband, of null: nog onduidelijk wat nodig is.",
    lambda veld: Niveau(
        allow_null=True,
        error_messages={
            "required": f"Kies een niveau voor {VELD_NAMEN[veld].lower()}, of null als dat nog onduidelijk is."
        },
        help_text=f"{VELD_NAMEN[veld]}. {VELD_VRAGEN[veld]}",
    ),
)
ToelichtingenInSerializer = _vijf(
    "ToelichtingenInSerializer",
    "Per veld een toelichting; weggelaten is leeg.",
    lambda veld: serializers.CharField(
        required=False, allow_blank=True, max_length=TOELICHTING_MAX, help_text=VELD_NAMEN[veld]
    ),
)
ToevoegingenSerializer = _vijf(
    "ToevoegingenSerializer",
    "Per veld hoeveel niveaus het arrangement toevoegt aan de school.",
    lambda veld: serializers.IntegerField(help_text=VELD_NAMEN[veld]),
)
ToevoegingenInSerializer = _vijf(
    "ToevoegingenInSerializer",
    "Per veld hoeveel niveaus het arrangement toevoegt; weggelaten velden blijven zoals ze zijn (nieuw: 0).",
    lambda veld: Niveau(required=False, help_text=VELD_NAMEN[veld]),
)


def _niveaus(waarden: dict) -> dict:
    return {veld: waarden[veld] for veld in VELDEN}


def _toelichtingen(waarden: dict | None) -> dict:
    return {veld: (waarden or {}).get(veld, "") for veld in VELDEN}


# --- Schools and provisions --------------------------------------------------------------------


class SettingSerializer(serializers.Serializer):
    sleutel = serializers.CharField(help_text="`school:<id>` of `voorziening:<id>`.")
    soort = serializers.CharField(help_text="bo, sbo, so of voorziening.")
    id = serializers.IntegerField(help_text="Het id van de school (bo, sbo, so) of van de voorziening.")
    naam = serializers.CharField()


@extend_schema_field(SettingSerializer)
class SettingVeld(serializers.Field):
    """A school or provision as the API names it, from the model or from the engine's Setting."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        if isinstance(value, engine.Setting):
            return {"sleutel": value.sleutel, "soort": value.soort, "id": value.pk, "naam": value.naam}
        is_school = isinstance(value, School)
        return {
            "sleutel": f"{'school' if is_school else 'voorziening'}:{value.pk}",
            "soort": value.soort if is_school else "voorziening",
            "id": value.pk,
            "naam": value.naam,
        }


# --- Needs ------------------------------------------------------------------------------------


class BehoefteprofielSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    leerling = serializers.IntegerField(source="leerling_id")
    traject = serializers.IntegerField(source="traject_id", allow_null=True)
    niveaus = BehoefteNiveausSerializer(source="*")
    onduidelijk = serializers.SerializerMethodField(help_text="De velden waarop nog onduidelijk is wat nodig is.")
    toelichtingen = ToelichtingenSerializer(source="*")
    samenvatting = serializers.CharField()
    bronnen = serializers.SerializerMethodField(
        help_text="De afgeronde vragenlijsten (afnames) waarop de behoeften steunen."
    )
    opgesteld_door = serializers.CharField(source="opgesteld_door_naam")
    opgesteld_als = serializers.CharField(help_text="De rol van wie de behoeften vastlegde.")
    opgesteld_op = serializers.DateTimeField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_onduidelijk(self, profiel) -> list[str]:
        return [veld for veld in VELDEN if getattr(profiel, veld) is None]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_bronnen(self, profiel) -> list[int]:
        return [afname.pk for afname in profiel.bronnen.all()]


class BehoefteprofielInSerializer(serializers.Serializer):
    leerling = serializers.IntegerField()
    niveaus = BehoefteNiveausInSerializer()
    toelichtingen = ToelichtingenInSerializer(required=False)
    samenvatting = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=4000,
        help_text="Wat heeft de leerling nodig, uit alle bronnen: school, ouders, de leerling zelf, deskundigen.",
    )
    traject = serializers.IntegerField(required=False, allow_null=True, help_text="Een traject van de leerling.")
    bronnen = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        max_length=MAX_BRONNEN,
        help_text="Afgeronde vragenlijsten (afnames) van de leerling waarop de behoeften steunen.",
    )


LEERLING = OpenApiParameter("leerling", int, required=True, description="De leerling.")


class BehoefteprofielViewSet(viewsets.GenericViewSet):
    """`/api/v1/behoefteprofielen/`: a pupil's needs on the five fields; every version is kept."""

    queryset = Behoefteprofiel.objects.none()
    serializer_class = BehoefteprofielSerializer

    @extend_schema(
        summary="De onderwijsbehoeften van een leerling op de vijf velden: alle versies, nieuwste eerst",
        description="Wie het dossier van de leerling mag lezen, leest ook de behoeften. De eerste is de huidige.",
        parameters=[LEERLING],
        responses={200: BehoefteprofielSerializer(many=True), **LIJST_FOUTEN},
    )
    def list(self, request):
        leerling = _param(request, "leerling", "Geef de leerling op: ?leerling= met het nummer van de leerling.")
        _leerling, _grant, profielen = selectors.behoefteprofielen(actor=request.user, leerling_pk=leerling)
        page = self.paginate_queryset(profielen)
        return self.get_paginated_response(BehoefteprofielSerializer(page, many=True).data)

    @extend_schema(
        summary="De onderwijsbehoeften vastleggen (intern begeleider, directeur, of het samenwerkingsverband "
        "dat het traject bereikte); een nieuwe versie",
        description="Een niveau buiten de schaal van het samenwerkingsverband: 400 met de melding onder `niveaus` "
        "bij dat veld. Null is toegestaan: nog onduidelijk wat nodig is (de matching adviseert dan eerst "
        "diagnostiek).",
        request=BehoefteprofielInSerializer,
        responses={201: BehoefteprofielSerializer, **ERRORS},
    )
    def create(self, request):
        serializer = BehoefteprofielInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        actor = request.user
        leerling, _grant = uit_body(lambda: leerling_get(actor=actor, pk=data["leerling"]), "leerling", KIES_LEERLING)
        require(actor, "matching.behoefte_vaststellen", leerling)
        traject = None
        if data.get("traject") is not None:
            traject, _grant = uit_body(
                lambda: traject_selectors.traject_get(actor=actor, pk=data["traject"]),
                "traject",
                "Kies een traject van deze leerling.",
            )
        bronnen = [
            uit_body(
                lambda pk=pk: afname_get(actor=actor, pk=pk, leerling_pk=leerling.pk)[2],
                "bronnen",
                "Kies afgeronde vragenlijsten van deze leerling.",
            )
            for pk in dict.fromkeys(data.get("bronnen", []))
        ]
        with _fouten_per_veld():
            profiel = services.behoefteprofiel_vaststellen(
                actor=actor,
                leerling=leerling,
                niveaus=_niveaus(data["niveaus"]),
                toelichtingen=_toelichtingen(data.get("toelichtingen")),
                samenvatting=data.get("samenvatting", ""),
                traject=traject,
                bronnen=bronnen,
            )
        return Response(BehoefteprofielSerializer(profiel).data, status=status.HTTP_201_CREATED)


# --- Profiles of schools and provisions ---------------------------------------------------------


class ControleSerializer(serializers.Serializer):
    uitkomst = KeuzeTekst(choices=Profielcontrole.Uitkomst.choices, read_only=True)
    opmerking = serializers.CharField()
    door = serializers.CharField(source="door_naam")
    op = serializers.DateTimeField()


class ProfielversieSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    niveaus = VijfNiveausSerializer(source="*")
    toelichtingen = ToelichtingenSerializer(source="*")
    samenvatting = serializers.CharField(help_text="In het kort.")
    opgesteld_door = serializers.CharField(source="opgesteld_door_naam")
    opgesteld_als = serializers.CharField(help_text="De rol van wie deze versie opstelde.")
    opgesteld_op = serializers.DateTimeField()
    controle = ControleSerializer(
        allow_null=True,
        help_text="De controle door het samenwerkingsverband; leeg zolang deze versie niet is gecontroleerd.",
    )


class OndersteuningsprofielSerializer(ProfielversieSerializer):
    samenwerkingsverband = serializers.IntegerField(source="samenwerkingsverband_id")
    setting = SettingVeld(help_text="De school of voorziening van dit profiel.")


class ProfielstandSerializer(serializers.Serializer):
    setting = SettingVeld()
    vastgesteld = ProfielversieSerializer(
        allow_null=True, help_text="De goedgekeurde versie: die gebruikt de matching. Leeg als er geen is."
    )
    ter_controle = ProfielversieSerializer(
        allow_null=True, help_text="Een nieuwere versie die wacht op de controle van het samenwerkingsverband."
    )
    teruggestuurd = ProfielversieSerializer(
        allow_null=True, help_text="Een nieuwere versie die het samenwerkingsverband terugstuurde."
    )


class OndersteuningsprofielInSerializer(serializers.Serializer):
    school = serializers.IntegerField(required=False, allow_null=True, help_text="De school; of een voorziening.")
    voorziening = serializers.IntegerField(required=False, allow_null=True, help_text="De voorziening; of een school.")
    niveaus = VijfNiveausInSerializer()
    toelichtingen = ToelichtingenInSerializer(required=False)
    samenvatting = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=4000,
        help_text="Bijvoorbeeld: smalle ondersteuningsschool met een rustige werkplek en een taalspecialist.",
    )

    def validate(self, attrs):
        if (attrs.get("school") is None) == (attrs.get("voorziening") is None):
            raise serializers.ValidationError("Geef de school of de voorziening op, niet allebei.")
        return attrs


class ControleInSerializer(serializers.Serializer):
    uitkomst = KeuzeTekst(
        choices=Profielcontrole.Uitkomst.choices,
        error_messages=dict.fromkeys(("required", "invalid_choice"), "Kies goedkeuren of terugsturen."),
    )
    opmerking = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Voor de school; verplicht bij terugsturen. Hoogstens 2000 tekens.",
    )


SAMENWERKINGSVERBAND = OpenApiParameter(
    "samenwerkingsverband", int, required=True, description="Een samenwerkingsverband waarin u werkt."
)
KIES_SWV = "Geef het samenwerkingsverband op: ?samenwerkingsverband= met het nummer van het samenwerkingsverband."


class OndersteuningsprofielViewSet(viewsets.GenericViewSet):
    """`/api/v1/ondersteuningsprofielen/`: what schools and provisions offer on the five fields, and the check."""

    queryset = Ondersteuningsprofiel.objects.none()
    serializer_class = OndersteuningsprofielSerializer

    def _profiel(self, pk) -> Ondersteuningsprofiel:
        return selectors.ondersteuningsprofiel_get(actor=self.request.user, pk=pk)

    @extend_schema(
        summary="De profielen van elke school en voorziening van een samenwerkingsverband waarin u werkt",
        description="Per school of voorziening de goedgekeurde versie (die gebruikt de matching), een versie die "
        "op controle wacht en een teruggestuurde. Een samenwerkingsverband waarin u niet werkt: 404.",
        parameters=[SAMENWERKINGSVERBAND],
        responses={200: ProfielstandSerializer(many=True), **LIJST_FOUTEN},
    )
    def list(self, request):
        pk = _param(request, "samenwerkingsverband", KIES_SWV)
        swv = selectors.samenwerkingsverband_get(actor=request.user, pk=pk, permission="matching.view_profiel")
        standen = selectors.profielstanden_van(actor=request.user, samenwerkingsverband=swv)
        page = self.paginate_queryset(standen)
        return self.get_paginated_response(ProfielstandSerializer(page, many=True).data)

    @extend_schema(
        summary="Een nieuwe versie van het profiel (de directeur van de school, of het samenwerkingsverband)",
        description="Een versie van de directeur wacht op de controle van het samenwerkingsverband; een versie van "
        "het management of de beheerder is meteen goedgekeurd. Elk veld een niveau van de schaal: anders 400 met "
        "de melding onder `niveaus` bij dat veld.",
        request=OndersteuningsprofielInSerializer,
        responses={201: OndersteuningsprofielSerializer, **ERRORS},
    )
    def create(self, request):
        serializer = OndersteuningsprofielInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        soort = "school" if data.get("school") is not None else "voorziening"
        setting = uit_body(
            lambda: selectors.setting_get(actor=request.user, soort=soort, pk=data[soort]),
            soort,
            f"Kies een {soort} van een samenwerkingsverband waarin u werkt.",
        )
        with _fouten_per_veld():
            profiel = services.ondersteuningsprofiel_opstellen(
                actor=request.user,
                setting=setting,
                niveaus=_niveaus(data["niveaus"]),
                toelichtingen=_toelichtingen(data.get("toelichtingen")),
                samenvatting=data.get("samenvatting", ""),
            )
        return Response(OndersteuningsprofielSerializer(self._profiel(profiel.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Eén versie van een profiel, met de controle",
        responses={200: OndersteuningsprofielSerializer, **NIET_GEZIEN},
    )
    def retrieve(self, request, pk=None):
        return Response(OndersteuningsprofielSerializer(self._profiel(pk)).data)

    @extend_schema(
        summary="Een versie controleren: goedkeuren (de matching gebruikt haar vanaf nu) of terugsturen "
        "(management of beheerder van het samenwerkingsverband)",
        description="Terugsturen vraagt een opmerking voor de school. Een versie wordt één keer gecontroleerd.",
        request=ControleInSerializer,
        responses={200: OndersteuningsprofielSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def controleren(self, request, pk=None):
        profiel = self._profiel(pk)
        require(request.user, "matching.profiel_controleren", profiel)
        serializer = ControleInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with engine_errors():
            services.ondersteuningsprofiel_controleren(
                actor=request.user,
                profiel=profiel,
                uitkomst=serializer.validated_data["uitkomst"],
                opmerking=serializer.validated_data["opmerking"],
            )
        return Response(OndersteuningsprofielSerializer(self._profiel(pk)).data)


# --- Matching on a traject ----------------------------------------------------------------------


class VeldrijSerializer(serializers.Serializer):
    veld = serializers.CharField()
    naam = serializers.CharField()
    nodig = serializers.IntegerField(allow_null=True, help_text="Leeg: nog onduidelijk wat nodig is.")
    biedt = serializers.IntegerField(help_text="Wat de school of voorziening biedt.")
    extra = serializers.IntegerField(help_text="Wat het aanvullend arrangement toevoegt.")
    tekort = serializers.IntegerField(help_text="Nodig min biedt en extra; 0 als het genoeg is.")


class AanvullingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="sleutel")
    naam = serializers.CharField()
    plek = serializers.CharField(allow_null=True, help_text="Waar het wordt gegeven; leeg: op de eigen school.")


class KandidaatSerializer(serializers.Serializer):
    trede = serializers.IntegerField(
        help_text="0 eigen school, 1 eigen school met een aanvullend arrangement, 2 een andere reguliere school, "
        "3 een voorziening, 4 sbo, 5 so: de eenvoudigste eerst."
    )
    trede_naam = serializers.CharField()
    keuze = serializers.CharField(help_text="Wat u als `keuze` meestuurt om deze kandidaat te kiezen.")
    setting = SettingVeld()
    aanvulling = AanvullingSerializer(allow_null=True)
    past = serializers.BooleanField(help_text="Biedt op elk veld minstens wat nodig is, met een vrije plaats.")
    vol = serializers.BooleanField(help_text="Alle plaatsen bezet.")
    ver_weg = serializers.BooleanField(help_text="Verder dan wat het samenwerkingsverband thuisnabij noemt.")
    afstand_km = serializers.FloatField(allow_null=True, help_text="Hemelsbreed, op 0,1 km; leeg als onbekend.")
    velden = VeldrijSerializer(many=True)
    uitleg = serializers.ListField(child=serializers.CharField(), help_text="Waarom het past of niet, per zin.")


class AdviesSerializer(serializers.Serializer):
    uitkomst = KeuzeTekst(choices=Matchkeuze.Uitkomst.choices, read_only=True)
    onduidelijk = serializers.ListField(
        child=serializers.CharField(), help_text="De velden waarop nog onduidelijk is wat nodig is."
    )
    binnen_basisondersteuning = serializers.BooleanField(
        help_text="Wat nodig is valt binnen de basisondersteuning van het samenwerkingsverband."
    )
    kandidaten = KandidaatSerializer(
        many=True, help_text="De eigen school eerst (passend of niet), dan elke plek die past; eenvoudigste eerst."
    )


class BehoefteKortSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    niveaus = BehoefteNiveausSerializer(source="*")
    opgesteld_op = serializers.DateTimeField()


class MatchkeuzeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    traject = serializers.IntegerField(source="traject_id")
    behoefteprofiel = serializers.IntegerField(source="behoefteprofiel_id", help_text="De behoeften bij de keuze.")
    uitkomst = KeuzeTekst(choices=Matchkeuze.Uitkomst.choices, read_only=True)
    keuze = serializers.SerializerMethodField(help_text="De gekozen kandidaat; leeg als er geen plek is gekozen.")
    school = NaamSerializer(allow_null=True)
    voorziening = NaamSerializer(allow_null=True)
    aanvullend_arrangement = NaamSerializer(allow_null=True)
    reden = serializers.CharField()
    advies = serializers.JSONField(help_text="Het advies dat de commissie had: uitkomst en de eerste tien kandidaten.")
    gekozen_door = serializers.CharField(source="gekozen_door_naam")
    gekozen_als = serializers.CharField()
    gekozen_op = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_keuze(self, keuze: Matchkeuze) -> str:
        if keuze.aanvullend_arrangement_id:
            return f"aanvulling:{keuze.aanvullend_arrangement_id}"
        if keuze.school_id:
            return f"school:{keuze.school_id}"
        return f"voorziening:{keuze.voorziening_id}" if keuze.voorziening_id else ""


class MatchingSerializer(serializers.Serializer):
    traject = serializers.IntegerField()
    leerling = serializers.IntegerField()
    behoefteprofiel = BehoefteKortSerializer(
        allow_null=True, help_text="De huidige behoeften; leeg als ze nog niet zijn vastgelegd (dan geen advies)."
    )
    advies = AdviesSerializer(allow_null=True)
    herkomst = serializers.CharField(help_text="Vanaf waar de afstanden zijn gemeten.")
    max_afstand_km = serializers.IntegerField(help_text="Wat het samenwerkingsverband thuisnabij noemt.")
    mag_kiezen = serializers.BooleanField(help_text="Of u de keuze van de commissie mag vastleggen.")
    keuzes = MatchkeuzeSerializer(many=True, help_text="De keuzes van de commissie, nieuwste eerst.")


class MatchkeuzeInSerializer(serializers.Serializer):
    uitkomst = KeuzeTekst(
        choices=Matchkeuze.Uitkomst.choices,
        error_messages=dict.fromkeys(("required", "invalid_choice"), "Kies een uitkomst."),
    )
    keuze = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=40,
        help_text="De `keuze` van een kandidaat uit het advies (`school:12`, `voorziening:3`, `aanvulling:5`); "
        "leeg als er geen plek wordt gekozen.",
    )
    reden = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Waarom deze keuze; verplicht: de matching adviseert, de commissie besluit. Hoogstens 4000 tekens.",
    )


def _matching_data(actor, matching: selectors.Matching) -> dict:
    advies = matching.advies
    return {
        "traject": matching.traject.pk,
        "leerling": matching.leerling.pk,
        "behoefteprofiel": matching.behoefte,
        "advies": None
        if advies is None
        else {
            "uitkomst": advies.uitkomst,
            "onduidelijk": advies.onduidelijk,
            "binnen_basisondersteuning": advies.binnen_basisondersteuning,
            "kandidaten": [
                {
                    "trede": k.trede,
                    "trede_naam": engine.TREDEN[k.trede],
                    "keuze": selectors.keuze_sleutel(k),
                    "setting": k.setting,
                    "aanvulling": k.aanvulling,
                    "past": k.past,
                    "vol": k.vol,
                    "ver_weg": k.ver_weg,
                    "afstand_km": None if k.afstand_km is None else round(k.afstand_km, 1),
                    "velden": k.velden,
                    "uitleg": k.uitleg,
                }
                for k in advies.kandidaten
            ],
        },
        "herkomst": matching.herkomst,
        "max_afstand_km": matching.max_afstand_km,
        "mag_kiezen": can(actor, "matching.kiezen", matching.traject),
        "keuzes": matching.keuzes,
    }


class TrajectMatchingViewSet(viewsets.GenericViewSet):
    """`/api/v1/trajecten/{id}/matching/` and `/matchkeuze/`: the advice on a traject and the commission's
    choice. Its own viewset under the trajecten prefix, beside trajecten.api.TrajectViewSet."""

    queryset = Traject.objects.none()
    serializer_class = MatchingSerializer

    def _traject(self, pk) -> Traject:
        traject, _grant = traject_selectors.traject_get(actor=self.request.user, pk=pk)
        return traject

    @extend_schema(
        summary="Het advies van de matching voor de leerling van het traject, en de keuzes van de commissie",
        description="Voor wie aan het traject werkt (school of samenwerkingsverband; niet de ouders). Uit de huidige "
        "behoeften op de vijf velden: de eigen school eerst met per veld het tekort, dan elke plek die past, "
        "eenvoudigste eerst en binnen een trede dichtstbij. De matching adviseert; de commissie besluit.",
        responses={200: MatchingSerializer, **NIET_GEZIEN},
    )
    @action(detail=True, methods=["get"])
    def matching(self, request, pk=None):
        matching = selectors.matching_voor(actor=request.user, traject=self._traject(pk))
        return Response(MatchingSerializer(_matching_data(request.user, matching)).data)

    @extend_schema(
        summary="De keuze van de commissie vastleggen, met de reden (medewerkers van het samenwerkingsverband "
        "dat het traject bereikte)",
        description="Het advies van dat moment wordt bij de keuze bewaard. Bij een match of een speciale plek een "
        "school of voorziening uit het advies; bij een aanvullend arrangement dat arrangement.",
        request=MatchkeuzeInSerializer,
        responses={201: MatchkeuzeSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def matchkeuze(self, request, pk=None):
        traject = self._traject(pk)
        require(request.user, "matching.kiezen", traject)
        serializer = MatchkeuzeInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        matching = selectors.matching_voor(actor=request.user, traject=traject)
        if (
            data["keuze"]
            and matching.advies is not None
            and data["keuze"] not in {selectors.keuze_sleutel(k) for k in matching.advies.kandidaten}
        ):
            # As on the page, where only the advice's candidates can be picked.
            raise veldfout("keuze", KIES_PLEK)
        with engine_errors():
            keuze = services.matchkeuze_vastleggen(
                actor=request.user,
                traject=traject,
                uitkomst=data["uitkomst"],
                reden=data["reden"],
                keuze=data["keuze"],
                advies=selectors.advies_samenvatting(matching.advies),
            )
        return Response(MatchkeuzeSerializer(keuze).data, status=status.HTTP_201_CREATED)


# --- The covering network ---------------------------------------------------------------------


class AantallenSerializer(serializers.Serializer):
    bo = serializers.IntegerField()
    sbo = serializers.IntegerField()
    so = serializers.IntegerField()
    voorziening = serializers.IntegerField()


class AanbodcelSerializer(serializers.Serializer):
    niveau = serializers.IntegerField()
    omschrijving = serializers.CharField()
    aantallen = AantallenSerializer(help_text="Per soort hoeveel scholen of voorzieningen minstens dit niveau bieden.")
    namen = serializers.ListField(child=serializers.CharField(), help_text="Welke, op naam.")


class AanbodSerializer(serializers.Serializer):
    veld = serializers.CharField()
    naam = serializers.CharField()
    niveaus = AanbodcelSerializer(many=True, help_text="Vanaf niveau 1.")


class NetwerkSettingSerializer(serializers.Serializer):
    setting = SettingVeld()
    niveaus = VijfNiveausSerializer(help_text="Wat de matching rekent.")
    profiel_vastgesteld = serializers.BooleanField(
        help_text="Onwaar: geen goedgekeurd profiel, de basisondersteuning is aangenomen."
    )
    vrije_plaatsen = serializers.IntegerField(allow_null=True, help_text="Leeg als de bezetting niet is vastgelegd.")


class PlaatsSerializer(serializers.Serializer):
    setting = SettingVeld()
    capaciteit = serializers.IntegerField(allow_null=True)
    bezet = serializers.IntegerField(allow_null=True, help_text="Leeg: niet vastgelegd.")
    peildatum = serializers.DateField(allow_null=True, help_text="Waarop de bezetting is vastgelegd.")
    vrij = serializers.IntegerField(allow_null=True)


class ProfieltellingSerializer(serializers.Serializer):
    totaal = serializers.IntegerField(help_text="Scholen en voorzieningen.")
    vastgesteld = serializers.IntegerField(help_text="Met een goedgekeurd profiel.")
    ter_controle = serializers.IntegerField(help_text="Met een versie die op controle wacht.")


class KnelpuntSerializer(serializers.Serializer):
    veld = serializers.CharField()
    naam = serializers.CharField()
    niveau = serializers.IntegerField(help_text="Het nodige niveau.")
    leerlingen = serializers.IntegerField(help_text="Voor hoeveel leerlingen niets binnen bereik dit biedt.")


class DekkingSerializer(serializers.Serializer):
    leerlingen = serializers.IntegerField(help_text="Ingeschreven leerlingen met vastgelegde behoeften.")
    gedekt = serializers.IntegerField(help_text="Thuisnabij een plek met ruimte die biedt wat nodig is.")
    niet_gedekt = serializers.IntegerField()
    onduidelijk = serializers.IntegerField(help_text="Met een onduidelijke behoefte.")
    knelpunten = KnelpuntSerializer(many=True)


class NetwerkSerializer(serializers.Serializer):
    samenwerkingsverband = NaamSerializer()
    thuisnabij_km = serializers.IntegerField()
    scholen_en_voorzieningen = NetwerkSettingSerializer(many=True)
    aanbod = AanbodSerializer(many=True, help_text="Per veld en niveau wie het biedt.")
    plaatsen = PlaatsSerializer(many=True, help_text="Sbo, so en voorzieningen: capaciteit en bezetting.")
    profielen = ProfieltellingSerializer()
    dekking = DekkingSerializer(
        allow_null=True,
        help_text="Waar behoeften niet thuisnabij gedekt zijn, in aantallen leerlingen (nooit namen); alleen voor "
        "medewerkers van het samenwerkingsverband, anders leeg.",
    )


def _netwerk_data(n: netwerk.Netwerk) -> dict:
    swv = n.samenwerkingsverband
    dekking = n.dekking
    return {
        "samenwerkingsverband": swv,
        "thuisnabij_km": swv.thuisnabij_km,
        "scholen_en_voorzieningen": [
            {
                "setting": s,
                "niveaus": dict(zip(VELDEN, s.niveaus, strict=True)),
                "profiel_vastgesteld": s.profiel_vastgesteld,
                "vrije_plaatsen": s.vrije_plaatsen,
            }
            for s in n.settings
        ],
        "aanbod": [{"veld": veld, "naam": VELD_NAMEN[veld], "niveaus": n.aanbod[veld]} for veld in VELDEN],
        "plaatsen": [
            {
                "setting": plek,
                "capaciteit": plek.capaciteit,
                "bezet": plek.bezette_plaatsen,
                "peildatum": plek.bezetting_peildatum,
                "vrij": vrij,
            }
            for plek, vrij in n.plaatsen
        ],
        "profielen": {
            "totaal": len(n.standen),
            "vastgesteld": n.profielen_vastgesteld,
            "ter_controle": n.profielen_ter_controle,
        },
        "dekking": None
        if dekking is None
        else {
            "leerlingen": dekking.leerlingen,
            "gedekt": dekking.gedekt,
            "niet_gedekt": dekking.niet_gedekt,
            "onduidelijk": dekking.onduidelijk,
            "knelpunten": [
                {"veld": veld, "naam": VELD_NAMEN[veld], "niveau": niveau, "leerlingen": aantal}
                for veld in VELDEN
                for niveau, aantal in sorted(dekking.knelpunten.get(veld, {}).items())
            ],
        },
    }


class DekkendNetwerkView(APIView):
    """`/api/v1/dekkend-netwerk/`: one object, not a list of them, so a plain view rather than a
    viewset's `list` (which the schema would document as a paged array)."""

    @extend_schema(
        summary="Het dekkend netwerk van een samenwerkingsverband op de vijf velden",
        description="Wie wat biedt per veld en niveau, de plaatsen in sbo, so en voorzieningen, en — alleen voor "
        "medewerkers van het samenwerkingsverband — waar behoeften niet thuisnabij gedekt zijn. Leerlingen worden "
        "geteld, nooit genoemd. Een samenwerkingsverband waarin u niet werkt: 404.",
        parameters=[SAMENWERKINGSVERBAND],
        responses={200: NetwerkSerializer, **LIJST_FOUTEN},
    )
    def get(self, request):
        pk = _param(request, "samenwerkingsverband", KIES_SWV)
        swv = selectors.samenwerkingsverband_get(actor=request.user, pk=pk)
        n = netwerk.dekkend_netwerk(actor=request.user, samenwerkingsverband=swv)
        return Response(NetwerkSerializer(_netwerk_data(n)).data)


# --- The partnership's scale and basisondersteuning ---------------------------------------------


class SchaalniveauSerializer(serializers.Serializer):
    niveau = serializers.IntegerField()
    omschrijving = serializers.CharField()


class SchaalveldSerializer(serializers.Serializer):
    veld = serializers.CharField()
    naam = serializers.CharField()
    vraag = serializers.CharField(help_text="Wat het veld vraagt.")
    niveaus = SchaalniveauSerializer(many=True, help_text="Van 0 (niets bijzonders) op.")


class BasisondersteuningSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    niveaus = VijfNiveausSerializer(source="*")
    toelichtingen = ToelichtingenSerializer(source="*")
    vastgesteld_door = serializers.CharField(source="vastgesteld_door_naam")
    vastgesteld_op = serializers.DateTimeField()


class VijfVeldenSerializer(serializers.Serializer):
    samenwerkingsverband = serializers.IntegerField()
    schaal = SchaalveldSerializer(many=True, help_text="Per veld de niveaus en hun omschrijving.")
    basisondersteuning = BasisondersteuningSerializer(
        allow_null=True, help_text="Wat elke school biedt; leeg zolang het samenwerkingsverband haar niet vaststelde."
    )


class SchaalInSerializer(serializers.Serializer):
    omschrijvingen = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        help_text="De omschrijving van elk niveau, van 0 op: 2 tot 7 niveaus, elk hoogstens 300 tekens. Minder "
        "niveaus dan nu kan alleen als geen profiel of behoefte een verdwijnend niveau gebruikt.",
    )


class BasisondersteuningInSerializer(serializers.Serializer):
    niveaus = VijfNiveausInSerializer()
    toelichtingen = ToelichtingenInSerializer(required=False)


def _schaalveld(veld: str, niveaus) -> dict:
    return {
        "veld": veld,
        "naam": VELD_NAMEN[veld],
        "vraag": VELD_VRAGEN[veld],
        "niveaus": [{"niveau": n, "omschrijving": tekst} for n, tekst in niveaus],
    }


VELD = OpenApiParameter("veld", str, OpenApiParameter.PATH, enum=list(VELDEN), description="Het veld.")


class VijfVeldenViewSet(viewsets.GenericViewSet):
    """`/api/v1/samenwerkingsverbanden/{id}/vijf-velden/`: the scale every level is chosen from, and the
    basisondersteuning. Read in the partnership (whoever records needs or a profile chooses from this
    scale); set by its management or beheerder. Beside organisaties.api.SamenwerkingsverbandViewSet."""

    queryset = Samenwerkingsverband.objects.none()
    serializer_class = VijfVeldenSerializer

    def _swv(self, pk, *, beheren: bool = False) -> Samenwerkingsverband:
        swv = selectors.samenwerkingsverband_get(actor=self.request.user, pk=pk)
        if beheren:
            require(self.request.user, "matching.beheren", swv)
        return swv

    @extend_schema(
        summary="De schaal per veld en de basisondersteuning van het samenwerkingsverband",
        responses={200: VijfVeldenSerializer, **NIET_GEZIEN},
    )
    @action(detail=True, methods=["get"], url_path="vijf-velden", url_name="overzicht")
    def overzicht(self, request, pk=None):
        swv = self._swv(pk)
        schaal = selectors.schaal(swv.pk)
        return Response(
            VijfVeldenSerializer(
                {
                    "samenwerkingsverband": swv.pk,
                    "schaal": [_schaalveld(veld, schaal[veld]) for veld in VELDEN],
                    "basisondersteuning": selectors.basisondersteuning(swv.pk),
                }
            ).data
        )

    @extend_schema(
        summary="De schaal van één veld vaststellen (management of beheerder)",
        description="Een fout bij een niveau staat onder `omschrijvingen` bij zijn nummer.",
        parameters=[VELD],
        request=SchaalInSerializer,
        responses={200: SchaalveldSerializer, **ERRORS},
    )
    @action(detail=True, methods=["put"], url_path=r"vijf-velden/schaal/(?P<veld>[a-z_]+)", url_name="schaal")
    def schaal(self, request, pk=None, veld=None):
        swv = self._swv(pk, beheren=True)
        if veld not in VELDEN:
            audit.log_denied(reason="onbekend veld", obj=swv, detail={"veld": str(veld)[:64]})
            raise Http404
        serializer = SchaalInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with _fouten_per_veld():
            services.schaal_vaststellen(
                actor=request.user,
                samenwerkingsverband=swv,
                veld=veld,
                omschrijvingen=serializer.validated_data["omschrijvingen"],
            )
        return Response(SchaalveldSerializer(_schaalveld(veld, selectors.schaal(swv.pk)[veld])).data)

    @extend_schema(
        summary="De basisondersteuning vaststellen (management of beheerder); een nieuwe versie",
        description="Elk veld een niveau van de schaal: anders 400 met de melding onder `niveaus` bij dat veld.",
        request=BasisondersteuningInSerializer,
        responses={201: BasisondersteuningSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="vijf-velden/basisondersteuning", url_name="basisondersteuning")
    def basisondersteuning(self, request, pk=None):
        swv = self._swv(pk, beheren=True)
        serializer = BasisondersteuningInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with _fouten_per_veld():
            basis = services.basisondersteuning_vaststellen(
                actor=request.user,
                samenwerkingsverband=swv,
                niveaus=_niveaus(data["niveaus"]),
                toelichtingen=_toelichtingen(data.get("toelichtingen")),
            )
        return Response(BasisondersteuningSerializer(basis).data, status=status.HTTP_201_CREATED)


# --- Additional arrangements --------------------------------------------------------------------


class AanvullendArrangementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    samenwerkingsverband = serializers.IntegerField(source="samenwerkingsverband_id")
    naam = serializers.CharField()
    omschrijving = serializers.CharField()
    toevoegingen = ToevoegingenSerializer(source="*")
    school = NaamSerializer(allow_null=True, help_text="Gegeven op deze school; leeg: op de eigen school.")
    voorziening = NaamSerializer(allow_null=True, help_text="Gegeven in deze voorziening.")
    actief = serializers.BooleanField(help_text="In gebruik: de matching stelt het voor.")


class AanvullendArrangementWijzigingInSerializer(serializers.Serializer):
    naam = serializers.CharField(required=False, allow_blank=True, max_length=200)
    omschrijving = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    toevoegingen = ToevoegingenInSerializer(required=False)
    school = serializers.IntegerField(
        required=False, allow_null=True, help_text="Gegeven op deze school; leeg: op de eigen school van de leerling."
    )
    voorziening = serializers.IntegerField(required=False, allow_null=True, help_text="Gegeven in deze voorziening.")
    actief = serializers.BooleanField(required=False)


class AanvullendArrangementInSerializer(AanvullendArrangementWijzigingInSerializer):
    samenwerkingsverband = serializers.IntegerField(help_text="Een samenwerkingsverband dat u beheert.")
    naam = serializers.CharField(allow_blank=True, max_length=200)


class AanvullendArrangementViewSet(viewsets.GenericViewSet):
    """`/api/v1/aanvullende-arrangementen/`: what each additional arrangement adds per field, and where it
    is given; for the management and beheerder of the partnership, as on the page."""

    queryset = AanvullendArrangement.objects.none()
    serializer_class = AanvullendArrangementSerializer

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action == "create" and not selectors.beheerde_samenwerkingsverbanden(actor=request.user):
            # Refused before the body is read; the service checks the partnership actually chosen.
            require(request.user, "matching.beheren", None)

    def _arrangement(self, pk) -> AanvullendArrangement:
        arrangement = selectors.aanvullend_arrangement_get(actor=self.request.user, pk=pk)
        require(self.request.user, "matching.beheren", arrangement)
        return arrangement

    def _data(self, data: dict) -> dict:
        """The body as the service takes it: levels flat by field, a school or provision as the object."""
        uit = {naam: data[naam] for naam in ("naam", "omschrijving", "actief") if naam in data}
        uit.update(data.get("toevoegingen") or {})
        for veld, model in (("school", School), ("voorziening", Voorziening)):
            if veld in data:
                uit[veld] = None
                if data[veld] is not None:
                    uit[veld] = uit_body(
                        lambda model=model, pk=data[veld]: organisatie_get(actor=self.request.user, model=model, pk=pk),
                        veld,
                        f"Kies een {veld} van dit samenwerkingsverband.",
                    )
        return uit

    @extend_schema(
        summary="De aanvullende arrangementen van de samenwerkingsverbanden die u beheert",
        responses={200: AanvullendArrangementSerializer(many=True), 401: None, 403: None},
    )
    def list(self, request):
        page = self.paginate_queryset(selectors.aanvullende_arrangementen(actor=request.user))
        return self.get_paginated_response(AanvullendArrangementSerializer(page, many=True).data)

    @extend_schema(
        summary="Een aanvullend arrangement toevoegen (management of beheerder)",
        description="Het voegt op ten minste één veld iets toe; een naam komt één keer voor per samenwerkingsverband.",
        request=AanvullendArrangementInSerializer,
        responses={201: AanvullendArrangementSerializer, **ERRORS},
    )
    def create(self, request):
        serializer = AanvullendArrangementInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        swv = next(
            (
                s
                for s in selectors.beheerde_samenwerkingsverbanden(actor=request.user)
                if s.pk == data["samenwerkingsverband"]
            ),
            None,
        )
        if swv is None:
            raise veldfout("samenwerkingsverband", "Kies een samenwerkingsverband dat u beheert.")
        with _fouten_per_veld("toevoegingen"):
            arrangement = services.aanvullend_arrangement_opslaan(
                actor=request.user, samenwerkingsverband=swv, data=self._data(data)
            )
        return Response(
            AanvullendArrangementSerializer(self._arrangement(arrangement.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Eén aanvullend arrangement (management of beheerder)",
        responses={200: AanvullendArrangementSerializer, **NIET_GEZIEN},
    )
    def retrieve(self, request, pk=None):
        return Response(AanvullendArrangementSerializer(self._arrangement(pk)).data)

    @extend_schema(
        summary="Een aanvullend arrangement wijzigen (management of beheerder); uit gebruik met `actief: false`",
        description="Velden die u weglaat blijven zoals ze zijn. Een arrangement wordt niet verwijderd: een keuze "
        "van de commissie kan ernaar verwijzen.",
        request=AanvullendArrangementWijzigingInSerializer,
        responses={200: AanvullendArrangementSerializer, **ERRORS},
    )
    def partial_update(self, request, pk=None):
        arrangement = self._arrangement(pk)
        serializer = AanvullendArrangementWijzigingInSerializer(data=request.data)
        _onbekende_velden(request, serializer)
        serializer.is_valid(raise_exception=True)
        with _fouten_per_veld("toevoegingen"):
            services.aanvullend_arrangement_opslaan(
                actor=request.user,
                samenwerkingsverband=arrangement.samenwerkingsverband,
                data=self._data(serializer.validated_data),
                instance=arrangement,
            )
        return Response(AanvullendArrangementSerializer(self._arrangement(pk)).data)

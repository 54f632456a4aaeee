"""Questionnaires through the API: the instruments of the caller's partnerships, a pupil's
afnames (start, save half-way, finish, throw away, compare), asking the parents, attaching
results to a concept application, and loading instruments and norm tables as beheerder. Thin
over the same selectors and services as the pages.

The conventions of trajecten.api: what the caller may not see answers 404, like what does not
exist; an id in the body the caller may not use is a 400 on that field; whoever sees the afname
but may not do the action gets 403 before their input is read; invalid input is a 400 with Dutch
messages, and nothing is saved. The answers' errors come back under `antwoorden`, by question code.
"""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings

from passend.api.errors import uit_body, veldfout
from passend.core import audit
from passend.core.services import require
from passend.instrumenten import selectors, services
from passend.instrumenten.forms import BESTAND_MAX
from passend.instrumenten.models import MAX_OPEN_ANTWOORD, Afname, Instrument, Invuller, Vraag
from passend.instrumenten.scoring import ontbrekende_vragen
from passend.leerlingen.selectors import leerling_get
from passend.organisaties.selectors import beheer_samenwerkingsverbanden
from passend.trajecten import selectors as traject_selectors
from passend.trajecten.api import ERRORS, Geweigerd, KeuzeTekst, engine_errors
from passend.trajecten.models import Aanvraag

NIET_GEZIEN = {401: None, 403: None, 404: None}
AFGEROND = "Deze vragenlijst is al afgerond en verandert niet meer. Begin zo nodig een nieuwe afname."
KIES_LEERLING = "Kies een leerling die u mag zien."
KIES_AFNAME = "Kies een afgeronde vragenlijst van deze leerling."
# DRF's own Dutch for a bad date ("Date heeft het verkeerde formaat") is half English.
DATUM = "Vul een geldige datum in, als JJJJ-MM-DD."
# The fields of an afname that are no question; every other key of a service's error is a question code.
AFNAME_VELDEN = {"opmerking", "peildatum", "instrument", "traject", api_settings.NON_FIELD_ERRORS_KEY}


@contextmanager
def _fouten_per_vraag():
    """The services name a question's error by its code; here it goes under `antwoorden`, where
    the answers were sent, so a question code never reads as a field of the afname."""
    try:
        with engine_errors():
            yield
    except ApiValidationError as fout:
        if not isinstance(fout.detail, dict):
            raise
        detail = {}
        for sleutel, berichten in fout.detail.items():
            if sleutel in AFNAME_VELDEN:
                detail[sleutel] = berichten
            else:
                detail.setdefault("antwoorden", {})[sleutel] = berichten
        raise ApiValidationError(detail) from None


@contextmanager
def _fouten_in_bestand():
    """A definition's or norm table's errors name the path or row themselves; they belong to the file."""
    try:
        with engine_errors():
            yield
    except ApiValidationError as fout:
        if isinstance(fout.detail, dict) and api_settings.NON_FIELD_ERRORS_KEY in fout.detail:
            detail = dict(fout.detail)
            detail["bestand"] = detail.pop(api_settings.NON_FIELD_ERRORS_KEY)
            raise ApiValidationError(detail) from None
        raise


# --- Output -----------------------------------------------------------------------------------


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}], "nullable": True})
class AntwoordWaarde(serializers.JSONField):
    """A point of the scale (an integer) for a scale question, a text for an open question."""


class SchaalpuntSerializer(serializers.Serializer):
    waarde = serializers.IntegerField()
    label = serializers.CharField()


class VraagSerializer(serializers.Serializer):
    code = serializers.CharField()
    tekst = serializers.CharField()
    soort = KeuzeTekst(choices=Vraag.Soort.choices, read_only=True)
    verplicht = serializers.BooleanField()


class GebiedSerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()
    toelichting = serializers.CharField()
    scoren = serializers.BooleanField(help_text="Of het gebied een ruwe score krijgt.")
    maximum = serializers.IntegerField(help_text="De hoogste ruwe score; 0 als het gebied niet scoort.")
    vragen = VraagSerializer(many=True, source="vragen_lijst")


class DeelSerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()
    toelichting = serializers.CharField()
    gebieden = GebiedSerializer(many=True, source="gebieden_lijst")


class NormtabelSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    bron = serializers.CharField()
    bestandsnaam = serializers.CharField()
    geladen_op = serializers.DateTimeField()
    geladen_door = serializers.CharField(source="geladen_door_naam")


class NormtabelSamenvattingSerializer(NormtabelSerializer):
    actueel = serializers.BooleanField(help_text="De nieuwste: die scoort afnames die vanaf nu worden afgerond.")


class InstrumentLijstSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    samenwerkingsverband = serializers.IntegerField(source="samenwerkingsverband_id")
    code = serializers.CharField(help_text="Dezelfde code bij elke versie van het instrument.")
    versie = serializers.IntegerField()
    versie_label = serializers.CharField(help_text="De eigen aanduiding uit het bestand, bijvoorbeeld een jaartal.")
    naam = serializers.CharField()
    invuller = KeuzeTekst(choices=Invuller.choices, read_only=True, help_text="Wie de vragenlijst invult.")
    is_voorbeeld = serializers.BooleanField(help_text="Voorbeeldvragen van Passend, geen officieel instrument.")
    actief = serializers.BooleanField(help_text="In gebruik: nieuwe afnames gebruiken deze versie.")
    geladen_op = serializers.DateTimeField()


class InstrumentSerializer(InstrumentLijstSerializer):
    bron = serializers.CharField()
    toelichting = serializers.CharField()
    schaal = SchaalpuntSerializer(many=True)
    delen = DeelSerializer(many=True, source="delen_lijst")
    normtabellen = NormtabelSamenvattingSerializer(many=True, source="normtabellen_lijst", help_text="Nieuwste eerst.")


def _met_opbouw(instrument: Instrument) -> Instrument:
    """The instrument with its parts, areas and questions laid out (three queries) and its norm tables."""
    instrument.delen_lijst = []
    for deel, gebieden in selectors.opbouw(instrument):
        deel.gebieden_lijst = []
        for gebied, vragen in gebieden:
            gebied.vragen_lijst = vragen
            deel.gebieden_lijst.append(gebied)
        instrument.delen_lijst.append(deel)
    instrument.normtabellen_lijst = list(instrument.normtabellen.all())
    for i, tabel in enumerate(instrument.normtabellen_lijst):
        tabel.actueel = i == 0
    return instrument


class InstrumentKortSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    versie = serializers.IntegerField()
    naam = serializers.CharField()
    is_voorbeeld = serializers.BooleanField()


class AfnameLijstSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    instrument = InstrumentKortSerializer()
    leerling = serializers.IntegerField(source="leerling_id")
    traject = serializers.IntegerField(source="traject_id", allow_null=True)
    status = KeuzeTekst(
        choices=Afname.Status.choices,
        read_only=True,
        help_text="gevraagd: klaargezet voor de ouders; concept: half ingevuld; afgerond: gescoord en bevroren.",
    )
    peildatum = serializers.DateField()
    ingevuld_door = serializers.CharField(source="ingevuld_door_naam", help_text="Leeg zolang niemand begon.")
    ingevuld_als = serializers.CharField(help_text="De rol van wie invult.")
    gevraagd_door = serializers.CharField(source="gevraagd_door_naam", help_text="Wie de ouders vroeg, als dat zo is.")
    aangemaakt_op = serializers.DateTimeField()
    afgerond_op = serializers.DateTimeField(allow_null=True)


class AfnameVanLeerlingSerializer(AfnameLijstSerializer):
    mag_invullen = serializers.BooleanField(help_text="Of u deze afname verder mag invullen.")


class ScoreSerializer(serializers.Serializer):
    deel = serializers.CharField(source="gebied.deel.code")
    gebied = serializers.CharField(source="gebied.code")
    naam = serializers.CharField(source="gebied.naam")
    ruw = serializers.IntegerField(help_text="De som van de waarden van de schaalvragen van het gebied.")
    maximum = serializers.IntegerField()
    normscore = serializers.IntegerField(allow_null=True, help_text="Leeg zonder normtabel.")
    band = serializers.CharField(help_text="Hoe de normscore heet; leeg zonder normtabel.")


class AfnameSerializer(AfnameVanLeerlingSerializer):
    opmerking = serializers.CharField()
    gewijzigd_op = serializers.DateTimeField()
    normtabel = NormtabelSerializer(allow_null=True, help_text="De normtabel waarmee de afname is gescoord.")
    antwoorden = serializers.DictField(
        child=AntwoordWaarde(), source="antwoorden_per_code", help_text="Per vraagcode het antwoord."
    )
    open_vragen = serializers.ListField(
        child=serializers.CharField(), help_text="De codes van de verplichte vragen die nog geen antwoord hebben."
    )
    scores = ScoreSerializer(many=True, help_text="Per gebied dat scoort; leeg tot de afname is afgerond.")


def _met_antwoorden(afname: Afname) -> Afname:
    """The afname with its answers by question code, in the order of the questions (one query)."""
    vragen = list(afname.instrument.vragen.all())
    antwoorden = {a.vraag_id: a for a in afname.antwoorden.all()}
    afname.antwoorden_per_code = {
        v.code: (a.waarde if v.soort == Vraag.Soort.SCHAAL else a.tekst)
        for v in vragen
        if (a := antwoorden.get(v.pk)) is not None
    }
    afname.open_vragen = [] if afname.is_afgerond else [v.code for v in ontbrekende_vragen(vragen, antwoorden)]
    return afname


class VergelijkingsrijSerializer(serializers.Serializer):
    gebied = serializers.CharField(source="code")
    naam = serializers.CharField()
    eerder = serializers.IntegerField(source="eerder.ruw", allow_null=True, default=None, help_text="Ruwe score.")
    later = serializers.IntegerField(source="later.ruw", allow_null=True, default=None, help_text="Ruwe score.")
    verschil = serializers.IntegerField(
        allow_null=True, help_text="Later min eerder; leeg als één van beide ontbreekt."
    )


class VergelijkingSerializer(serializers.Serializer):
    eerder = AfnameLijstSerializer(help_text="De afname met de vroegste peildatum.")
    later = AfnameLijstSerializer()
    rijen = VergelijkingsrijSerializer(many=True, help_text="Per gebied, op code: ook over versies heen.")


# --- Input ------------------------------------------------------------------------------------


class AfnameStartInSerializer(serializers.Serializer):
    instrument = serializers.IntegerField(help_text="Een instrument dat in gebruik is en dat u mag invullen.")
    leerling = serializers.IntegerField()
    traject = serializers.IntegerField(required=False, allow_null=True, help_text="Een lopend traject van de leerling.")
    peildatum = serializers.DateField(
        required=False, error_messages={"invalid": DATUM}, help_text="Standaard vandaag; niet in de toekomst."
    )


class OudersVragenInSerializer(serializers.Serializer):
    instrument = serializers.IntegerField(help_text="Een instrument voor ouders dat in gebruik is.")
    leerling = serializers.IntegerField()
    traject = serializers.IntegerField(required=False, allow_null=True, help_text="Een lopend traject van de leerling.")


class AfnameWijzigingInSerializer(serializers.Serializer):
    antwoorden = serializers.DictField(
        child=AntwoordWaarde(allow_null=True),
        required=False,
        help_text="Per vraagcode: een waarde van de schaal (een geheel getal) of een tekst (open vraag). "
        "Een lege tekst, of `null` bij een schaalvraag, wist het antwoord; vragen die u weglaat blijven zoals ze zijn.",
    )
    opmerking = serializers.CharField(required=False, allow_blank=True, max_length=MAX_OPEN_ANTWOORD)
    peildatum = serializers.DateField(
        required=False, error_messages={"invalid": DATUM}, help_text="Niet in de toekomst, niet vóór de geboortedatum."
    )

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(
                "Geef minstens één veld om te wijzigen: antwoorden, opmerking, peildatum."
            )
        return attrs


class InstrumentLadenInSerializer(serializers.Serializer):
    bestand = serializers.FileField(help_text="De definitie als JSON (docs/instrumenten.md), hoogstens 2 MB.")
    samenwerkingsverband = serializers.IntegerField(help_text="Een samenwerkingsverband waarvan u beheerder bent.")


class NormtabelLadenInSerializer(serializers.Serializer):
    bestand = serializers.FileField(help_text="De normtabel als CSV (docs/instrumenten.md), hoogstens 2 MB.")
    bron = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Waar de normen vandaan komen."
    )


class BijvoegenInSerializer(serializers.Serializer):
    afname = serializers.IntegerField(help_text="Een afgeronde afname van de leerling van de aanvraag.")


# --- Instruments --------------------------------------------------------------------------------


class InstrumentViewSet(viewsets.GenericViewSet):
    """`/api/v1/instrumenten/`: the instruments of the caller's partnerships; loading them as beheerder."""

    queryset = Instrument.objects.none()
    serializer_class = InstrumentSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action == "create":
            # Refused before reading the file; the service checks the partnership actually chosen.
            require(request.user, "instrumenten.beheren", None)

    def _instrument(self, pk) -> Instrument:
        return selectors.instrument_get(actor=self.request.user, pk=pk, permission="instrumenten.view_instrument")

    @extend_schema(
        summary="Instrumenten van de samenwerkingsverbanden waarin u werkt: elke versie, in gebruik of niet",
        responses={200: InstrumentLijstSerializer(many=True), 401: None, 403: None},
    )
    def list(self, request):
        page = self.paginate_queryset(selectors.instrumenten_in_gebruik(actor=request.user))
        return self.get_paginated_response(InstrumentLijstSerializer(page, many=True).data)

    @extend_schema(
        summary="Eén versie van een instrument: schaal, delen, gebieden en vragen, en de normtabellen",
        responses={200: InstrumentSerializer, **NIET_GEZIEN},
    )
    def retrieve(self, request, pk=None):
        return Response(InstrumentSerializer(_met_opbouw(self._instrument(pk))).data)

    @extend_schema(
        summary="Een instrument laden uit een definitie (beheerder); een bekende code wordt een nieuwe versie",
        description="Een bestand met een fout wordt in zijn geheel geweigerd (400); de meldingen onder `bestand` "
        "noemen de plek in het bestand. De vorige versie gaat uit gebruik.",
        request={"multipart/form-data": InstrumentLadenInSerializer},
        responses={201: InstrumentSerializer, **ERRORS},
    )
    def create(self, request):
        serializer = InstrumentLadenInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        swv = beheer_samenwerkingsverbanden(actor=request.user).filter(pk=data["samenwerkingsverband"]).first()
        if swv is None:
            raise veldfout("samenwerkingsverband", "Kies een samenwerkingsverband waarvan u beheerder bent.")
        bestand = data["bestand"]
        with _fouten_in_bestand():
            # One byte past the limit is enough for the service to refuse a file that is too big.
            instrument = services.instrument_laden(
                actor=request.user,
                samenwerkingsverband=swv,
                inhoud=bestand.read(BESTAND_MAX + 1),
                bestandsnaam=bestand.name,
            )
        return Response(InstrumentSerializer(_met_opbouw(instrument)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Een normtabel laden bij deze versie (beheerder); ze scoort afnames die vanaf nu worden afgerond",
        description="Een tabel met een fout wordt in zijn geheel geweigerd (400); de meldingen onder `bestand` "
        "noemen het regelnummer.",
        request={"multipart/form-data": NormtabelLadenInSerializer},
        responses={201: NormtabelSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def normtabellen(self, request, pk=None):
        instrument = self._instrument(pk)
        require(request.user, "instrumenten.beheren", instrument.samenwerkingsverband)
        serializer = NormtabelLadenInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        bestand = serializer.validated_data["bestand"]
        with _fouten_in_bestand():
            tabel = services.normtabel_laden(
                actor=request.user,
                instrument=instrument,
                inhoud=bestand.read(BESTAND_MAX + 1),
                bron=serializer.validated_data["bron"],
                bestandsnaam=bestand.name,
            )
        return Response(NormtabelSerializer(tabel).data, status=status.HTTP_201_CREATED)


# --- Afnames ------------------------------------------------------------------------------------

LEERLING = OpenApiParameter("leerling", int, required=True, description="De leerling.")
MET = OpenApiParameter("met", int, required=True, description="De andere afgeronde afname van hetzelfde instrument.")


class AfnameViewSet(viewsets.GenericViewSet):
    """`/api/v1/afnames/`: a pupil's afnames, filled in through the API as on the pages."""

    queryset = Afname.objects.none()
    serializer_class = AfnameSerializer

    def _afname(self, pk, *, invullen: bool = False) -> Afname:
        _leerling, _grant, afname = selectors.afname_get(actor=self.request.user, pk=pk)
        if invullen:
            try:
                require(self.request.user, "instrumenten.invullen", afname)
            except PermissionDenied:
                if afname.is_afgerond:
                    raise Geweigerd(AFGEROND) from None
                raise
        return afname

    def _detail(self, pk, **kwargs) -> Response:
        return Response(AfnameSerializer(_met_antwoorden(self._afname(pk))).data, **kwargs)

    def _leerling(self, pk):
        return uit_body(lambda: leerling_get(actor=self.request.user, pk=pk)[0], "leerling", KIES_LEERLING)

    def _traject(self, pk):
        if pk is None:
            return None
        traject, _grant = uit_body(
            lambda: traject_selectors.traject_get(actor=self.request.user, pk=pk),
            "traject",
            "Kies een lopend traject van deze leerling.",
        )
        return traject

    def _instrument(self, pk, leerling) -> Instrument:
        instrument = selectors.instrument_voor_leerling(leerling=leerling, pk=pk)
        if instrument is None:
            raise veldfout("instrument", "Kies een vragenlijst die in het samenwerkingsverband in gebruik is.")
        return instrument

    @extend_schema(
        summary="De afnames van een leerling die u mag zien, nieuwste eerst",
        description="Afgeronde afnames ziet ieder die de vragenlijsten van de leerling mag lezen; een half "
        "ingevulde alleen wie hem verder mag invullen.",
        parameters=[LEERLING],
        responses={200: AfnameVanLeerlingSerializer(many=True), 400: None, **NIET_GEZIEN},
    )
    def list(self, request):
        leerling = request.query_params.get("leerling", "")
        if not leerling.isdigit():
            raise veldfout("leerling", "Geef de leerling op: ?leerling= met het nummer van de leerling.")
        overzicht = selectors.afnames_van(actor=request.user, leerling_pk=leerling)
        page = self.paginate_queryset(overzicht.afnames)
        return self.get_paginated_response(AfnameVanLeerlingSerializer(page, many=True).data)

    @extend_schema(
        summary="Een afname beginnen (wie het instrument over deze leerling mag invullen)",
        description="De afname blijft een concept tot ze is afgerond; vul de antwoorden in met PATCH.",
        request=AfnameStartInSerializer,
        responses={201: AfnameSerializer, **ERRORS},
    )
    def create(self, request):
        serializer = AfnameStartInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        leerling = self._leerling(data["leerling"])
        instrument = self._instrument(data["instrument"], leerling)
        traject = self._traject(data.get("traject"))
        with _fouten_per_vraag():
            afname = services.afname_starten(
                actor=request.user,
                instrument=instrument,
                leerling=leerling,
                traject=traject,
                peildatum=data.get("peildatum"),
            )
        return self._detail(afname.pk, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="De ouders vragen hun versie in te vullen (leerkracht, intern begeleider of directeur)",
        description="De vragenlijst staat daarna bij Mijn taken van de ouders; een ouder vult hem in met PATCH.",
        request=OudersVragenInSerializer,
        responses={201: AfnameSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"], url_path="ouders-vragen", url_name="ouders-vragen")
    def ouders_vragen(self, request):
        serializer = OudersVragenInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        leerling = self._leerling(data["leerling"])
        require(request.user, "instrumenten.ouders_vragen", leerling)
        instrument = self._instrument(data["instrument"], leerling)
        traject = self._traject(data.get("traject"))
        with _fouten_per_vraag():
            afname = services.afname_ouders_vragen(
                actor=request.user, instrument=instrument, leerling=leerling, traject=traject
            )
        return self._detail(afname.pk, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Eén afname: de antwoorden per vraagcode en, als ze is afgerond, de scores per gebied",
        responses={200: AfnameSerializer, **NIET_GEZIEN},
    )
    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(
        summary="Antwoorden opslaan, ook half (wie de afname mag invullen)",
        description="Een antwoord buiten de schaal of op een onbekende vraag: 400 met de melding onder "
        "`antwoorden` bij die vraagcode, en er wordt niets opgeslagen. Een afgeronde afname verandert niet (403).",
        request=AfnameWijzigingInSerializer,
        responses={200: AfnameSerializer, **ERRORS},
    )
    def partial_update(self, request, pk=None):
        afname = self._afname(pk, invullen=True)
        serializer = AfnameWijzigingInSerializer(data=request.data)
        onbekend = set(request.data) - set(serializer.fields) if isinstance(request.data, dict) else set()
        if onbekend:
            raise ApiValidationError(dict.fromkeys(sorted(onbekend), ["Onbekend of niet te wijzigen veld."]))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with _fouten_per_vraag():
            services.afname_opslaan(
                actor=request.user,
                afname=afname,
                antwoorden=data.get("antwoorden", {}),
                opmerking=data.get("opmerking"),
                peildatum=data.get("peildatum"),
            )
        return self._detail(pk)

    @extend_schema(
        summary="Afronden: alle verplichte vragen beantwoord, dan gescoord (met de nieuwste normtabel) en bevroren",
        description="Staan er nog verplichte vragen open, dan 400 met per open vraagcode een melding onder "
        "`antwoorden`; de antwoorden blijven opgeslagen.",
        request=None,
        responses={200: AfnameSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def afronden(self, request, pk=None):
        afname = self._afname(pk, invullen=True)
        with _fouten_per_vraag():
            services.afname_afronden(actor=request.user, afname=afname)
        return self._detail(pk)

    @extend_schema(
        summary="Een onafgeronde afname weggooien (wie hem invult; een verzoek aan de ouders: de school)",
        description="Een afgeronde afname wordt niet weggegooid (403).",
        responses={204: None, **ERRORS},
    )
    def destroy(self, request, pk=None):
        afname = self._afname(pk)
        if afname.is_afgerond:
            raise Geweigerd(AFGEROND)
        with engine_errors():
            services.afname_verwijderen(actor=request.user, afname=afname)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Twee afgeronde afnames van hetzelfde instrument naast elkaar, per gebied",
        description="Ook over versies heen: gebieden met dezelfde code staan naast elkaar. 404 als u een van de "
        "twee niet mag zien, of als ze niet te vergelijken zijn (niet allebei afgerond, een ander instrument).",
        parameters=[MET],
        responses={200: VergelijkingSerializer, 400: None, **NIET_GEZIEN},
    )
    @action(detail=True, methods=["get"])
    def vergelijking(self, request, pk=None):
        met = request.query_params.get("met", "")
        if not met.isdigit():
            # Whoever may not see this afname learns no more than that.
            self._afname(pk)
            raise veldfout("met", "Kies met ?met= de afgeronde afname om mee te vergelijken.")
        _leerling, _grant, eerder, later, rijen = selectors.vergelijking_van(actor=request.user, pk=pk, met_pk=met)
        return Response(VergelijkingSerializer({"eerder": eerder, "later": later, "rijen": rijen}).data)


# --- Results attached to an application ----------------------------------------------------------

AANVRAAG_PK = OpenApiParameter("aanvraag_pk", int, OpenApiParameter.PATH, description="De aanvraag.")
AFNAME_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="De bijgevoegde afname.")


class AanvraagVragenlijstViewSet(viewsets.GenericViewSet):
    """`/api/v1/aanvragen/{aanvraag_pk}/vragenlijsten/`: finished afnames attached to an application;
    whoever reads the application reads them; whoever writes the concept attaches and detaches."""

    queryset = Afname.objects.none()
    serializer_class = AfnameLijstSerializer
    pagination_class = None

    def _aanvraag(self, *, schrijven: bool = False) -> Aanvraag:
        """The application through its traject, as the application endpoints read it (404 when unseen)."""
        actor, pk = self.request.user, self.kwargs["aanvraag_pk"]
        traject_id = Aanvraag.objects.filter(pk=pk).values_list("traject_id", flat=True).first()
        if traject_id is None:
            audit.log_denied(
                reason="niet gevonden of geen toegang", object_type="trajecten.aanvraag", detail={"gevraagd_id": pk}
            )
            raise Http404
        traject, _grant = traject_selectors.traject_get(actor=actor, pk=traject_id)
        aanvraag = traject_selectors.aanvraag_get(actor=actor, traject=traject, pk=pk)
        aanvraag.traject = traject
        if schrijven:
            require(actor, "trajecten.aanvraag_schrijven", traject)
        return aanvraag

    @extend_schema(
        summary="De vragenlijsten bij een aanvraag",
        parameters=[AANVRAAG_PK],
        responses={200: AfnameLijstSerializer(many=True), **NIET_GEZIEN},
    )
    def list(self, request, aanvraag_pk=None):
        return Response(AfnameLijstSerializer(selectors.bijgevoegd_bij(self._aanvraag()), many=True).data)

    @extend_schema(
        summary="Een afgeronde vragenlijst van de leerling bijvoegen, zolang de aanvraag een concept is",
        parameters=[AANVRAAG_PK],
        request=BijvoegenInSerializer,
        responses={201: AfnameLijstSerializer, **ERRORS},
    )
    def create(self, request, aanvraag_pk=None):
        aanvraag = self._aanvraag(schrijven=True)
        serializer = BijvoegenInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        leerling_id = aanvraag.traject.leerling_id
        if leerling_id is None:
            raise veldfout("afname", KIES_AFNAME)
        _, _, afname = uit_body(
            lambda: selectors.afname_get(
                actor=request.user, pk=serializer.validated_data["afname"], leerling_pk=leerling_id
            ),
            "afname",
            KIES_AFNAME,
        )
        with engine_errors():
            services.afname_bijvoegen(actor=request.user, aanvraag=aanvraag, afname=afname)
        return Response(AfnameLijstSerializer(afname).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Een vragenlijst losmaken van de aanvraag, zolang die een concept is",
        parameters=[AANVRAAG_PK, AFNAME_ID],
        responses={204: None, **ERRORS},
    )
    def destroy(self, request, aanvraag_pk=None, pk=None):
        aanvraag = self._aanvraag(schrijven=True)
        afname = next((a for a in selectors.bijgevoegd_bij(aanvraag) if str(a.pk) == str(pk)), None)
        if afname is None:
            audit.log_denied(
                reason="niet bij deze aanvraag gevoegd",
                object_type="instrumenten.afname",
                detail={"gevraagd_id": str(pk)[:64], "aanvraag": aanvraag.pk},
                leerling_id=aanvraag.traject.leerling_id,
            )
            raise Http404
        with engine_errors():
            services.afname_losmaken(actor=request.user, aanvraag=aanvraag, afname=afname)
        return Response(status=status.HTTP_204_NO_CONTENT)

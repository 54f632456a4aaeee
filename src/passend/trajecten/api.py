"""Routes, trajecten, their meetings, applications and decisions through the API: the same
selectors, services and engine.

Every object is read through the selectors (scoped and audited): what the caller may not see
answers 404, like what does not exist. An id in a request body that the caller may not use is
a 400 on that field, with the same message whether it exists or not. The engine's refusal of a
move (services.Geweigerd) answers 403 with its reason in `detail`.
"""

from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from passend.accounts.roles import Rol
from passend.api.errors import uit_body, veldfout
from passend.api.negotiation import EersteRenderer
from passend.core import audit
from passend.core.authz import explain
from passend.core.pdf import pdf_response
from passend.core.services import require
from passend.leerlingen.selectors import leerling_get
from passend.organisaties.api import service_errors_as_400
from passend.organisaties.models import Expertisethema, Samenwerkingsverband
from passend.organisaties.policies import swv_ids_with
from passend.trajecten import besluitbrief, selectors, services
from passend.trajecten.aanvraageisen import stand
from passend.trajecten.models import (
    Aanvraag,
    Afspraak,
    Besluit,
    Betrokkene,
    Deelnemer,
    Gebeurtenis,
    Overleg,
    Route,
    RouteVersie,
    Signaal,
    Stap,
    Traject,
)
from passend.trajecten.routebestand import (
    AANVRAAG_SOORTEN,
    BESLUIT_UITKOMSTEN,
    NIVEAU_LABELS,
    OVERLEG_SOORTEN,
    PARTIJEN,
    presets,
)

# --- Errors -----------------------------------------------------------------------------------


class Geweigerd(APIException):
    """403 with the engine's own reason. Not a PermissionDenied: the project's handler would
    replace that message with the generic one."""

    status_code = status.HTTP_403_FORBIDDEN
    default_detail = "U mag deze stap niet zetten."
    default_code = "geweigerd"


@contextmanager
def engine_errors():
    """Service errors as the API answers them: a refusal with its reason 403, invalid input 400.
    An error about the whole request comes under DRF's `non_field_errors`, not Django's `__all__`."""
    try:
        with service_errors_as_400():
            yield
    except services.Geweigerd as fout:
        raise Geweigerd(fout.reden) from None
    except ApiValidationError as fout:
        if not isinstance(fout.detail, dict) or NON_FIELD_ERRORS not in fout.detail:
            raise
        detail = {api_settings.NON_FIELD_ERRORS_KEY if k == NON_FIELD_ERRORS else k: v for k, v in fout.detail.items()}
        raise ApiValidationError(detail) from None


ERRORS = {400: None, 401: None, 403: None, 404: None}
# In the models' order, so the API's enums are the same sets as the models' (one component each).
PARTIJ_KEUZES = sorted(PARTIJEN.items())
NIVEAU_KEUZES = list(NIVEAU_LABELS.items())
OVERLEG_KEUZES = sorted(OVERLEG_SOORTEN.items())
GEWEIGERD = OpenApiResponse(description="Geweigerd; `detail` zegt waarom (bijvoorbeeld de rollen van deze stap).")


# --- Shared small shapes ----------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class KeuzeTekst(serializers.ChoiceField):
    """A choice documented as text with its values in the description: other resources already
    name a different choice set `status`, `soort`, `partij`, `niveau` or `onderwerp`, and a second
    enum under such a name would rename theirs in the schema."""

    def __init__(self, *, choices, help_text: str = "", **kwargs):
        waarden = "Een van: " + ", ".join(str(waarde) for waarde, _ in choices) + "."
        super().__init__(choices=choices, help_text=f"{help_text} {waarden}".strip(), **kwargs)


class NaamSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    naam = serializers.CharField()


class LeerlingKortSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    naam = serializers.CharField(help_text="Volledige naam.")


class UitkomstDefinitieSerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()
    naar = serializers.CharField(help_text="Code van de volgende stap, of `einde`.")
    voorwaarden = serializers.ListField(child=serializers.CharField(), required=False)
    ook_zonder_besluit = serializers.BooleanField(required=False)


# --- Routes -----------------------------------------------------------------------------------


class StapSerializer(serializers.ModelSerializer):
    # Numbers declared here, not from the model: the model's bounds differ per database backend.
    volgorde = serializers.IntegerField()
    aspect = serializers.IntegerField(help_text="Aspect 1–7 van de gids (seed 003).")
    quorum = serializers.IntegerField(allow_null=True)
    termijn_dagen = serializers.IntegerField(allow_null=True)
    aspect_label = serializers.CharField(read_only=True)
    bij = serializers.CharField(help_text="school, schoolbestuur, deelverband of samenwerkingsverband.")
    overleg = serializers.CharField(help_text="Soort overleg in deze stap; leeg als er geen overleg is.")
    beslisregel = serializers.CharField(
        help_text="geen, een_beslisser, unaniem, meerderheid of alle_partijen (docs/routes.md)."
    )
    rollen = serializers.ListField(child=serializers.CharField())
    voorwaarden = serializers.ListField(child=serializers.CharField())
    partijen = serializers.ListField(child=serializers.CharField())
    herinneringen = serializers.ListField(child=serializers.IntegerField())
    uitkomsten = UitkomstDefinitieSerializer(many=True)

    class Meta:
        model = Stap
        fields = [
            "volgorde",
            "code",
            "naam",
            "toelichting",
            "aspect",
            "aspect_label",
            "bij",
            "rollen",
            "voorwaarden",
            "overleg",
            "beslisregel",
            "quorum",
            "partijen",
            "termijn_dagen",
            "herinneringen",
            "uitkomsten",
        ]


class RouteVersieSerializer(serializers.ModelSerializer):
    nummer = serializers.IntegerField()
    casusregisseur_rollen = serializers.ListField(child=serializers.CharField())
    stappen = StapSerializer(many=True)

    class Meta:
        model = RouteVersie
        fields = [
            "nummer",
            "naam",
            "beschrijving",
            "herkomst",
            "casusregisseur_rollen",
            "start",
            "toelichting",
            "aangemaakt_op",
            "stappen",
            "bron",
        ]


class VersieKortSerializer(serializers.ModelSerializer):
    nummer = serializers.IntegerField()

    class Meta:
        model = RouteVersie
        fields = ["nummer", "aangemaakt_op", "toelichting"]


class RouteLijstSerializer(serializers.ModelSerializer):
    versie = serializers.SerializerMethodField(help_text="Nummer van de nieuwste versie.")

    class Meta:
        model = Route
        fields = ["id", "samenwerkingsverband", "code", "naam", "in_gebruik", "versie", "aangemaakt_op"]

    def get_versie(self, route) -> int | None:
        # route_list prefetches the versions, newest first.
        versies = list(route.versies.all())
        return versies[0].nummer if versies else None


class RouteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    samenwerkingsverband = serializers.IntegerField(source="samenwerkingsverband_id")
    code = serializers.CharField()
    naam = serializers.CharField()
    in_gebruik = serializers.BooleanField()
    versie = RouteVersieSerializer(help_text="De nieuwste versie: wat een nieuw traject volgt.")
    versies = VersieKortSerializer(many=True, help_text="Alle versies, nieuwste eerst.")


class RouteInSerializer(serializers.Serializer):
    preset = serializers.ChoiceField(
        choices=sorted(presets()), required=False, help_text="Een meegeleverde route, over te nemen of te kopiëren."
    )
    code = serializers.RegexField(
        r"^[a-z][a-z0-9-]{1,49}$",
        required=False,
        error_messages={"invalid": "Gebruik kleine letters, cijfers en - (2 tot 50 tekens)."},
        help_text="Alleen bij `preset`: de code van uw kopie.",
    )
    naam = serializers.CharField(required=False, max_length=500, help_text="Alleen bij `preset`: de naam van uw kopie.")
    bron = serializers.CharField(
        required=False, trim_whitespace=False, help_text="Een eigen routebestand (YAML, zie docs/routes.md)."
    )
    samenwerkingsverband = serializers.IntegerField(
        required=False, help_text="Alleen nodig als u beheerder bent van meer dan één samenwerkingsverband."
    )

    def validate(self, attrs):
        if ("preset" in attrs) == ("bron" in attrs):
            raise serializers.ValidationError(
                "Kies een meegeleverde route (`preset`) of stuur een routebestand (`bron`)."
            )
        if "bron" in attrs:
            for veld in ("code", "naam"):
                if veld in attrs:
                    raise serializers.ValidationError({veld: "Zet de code en naam in het routebestand zelf."})
        return attrs


class RouteVersieInSerializer(serializers.Serializer):
    bron = serializers.CharField(trim_whitespace=False, help_text="Het gewijzigde routebestand (YAML).")
    toelichting = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


def _route_data(route: Route) -> dict:
    versie = selectors.routeversie_get(route=route)
    return {
        "id": route.pk,
        "samenwerkingsverband_id": route.samenwerkingsverband_id,
        "code": route.code,
        "naam": route.naam,
        "in_gebruik": route.in_gebruik,
        "versie": versie,
        "versies": route.versies.order_by("-nummer"),
    }


def _beheer_swv(actor, gekozen: int | None) -> Samenwerkingsverband:
    """The partnership a new route is for: the one where the actor is beheerder, or the chosen one."""
    ids = swv_ids_with(actor, {Rol.BEHEERDER})
    if gekozen is None:
        if len(ids) > 1:
            raise veldfout(
                "samenwerkingsverband", "U bent beheerder van meer dan één samenwerkingsverband: kies er een."
            )
        gekozen = ids[0] if ids else None
    if gekozen not in ids:
        raise veldfout("samenwerkingsverband", "Kies een samenwerkingsverband waarvan u beheerder bent.")
    return Samenwerkingsverband.objects.get(pk=gekozen)


class RouteViewSet(viewsets.GenericViewSet):
    """`/api/v1/routes/`: the partnership's routes; the beheerder adds them and saves new versions."""

    queryset = Route.objects.none()
    serializer_class = RouteSerializer

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action == "create":
            # Refused before validating; the service checks the partnership actually chosen.
            require(request.user, "trajecten.manage_route", None)

    def _route(self, pk) -> Route:
        route, _grant = selectors.route_get(actor=self.request.user, pk=pk)
        return route

    @extend_schema(
        summary="Routes van de samenwerkingsverbanden waarin u werkt",
        responses={200: RouteLijstSerializer(many=True), 401: None, 403: None},
    )
    def list(self, request):
        page = self.paginate_queryset(selectors.route_list(actor=request.user))
        return self.get_paginated_response(RouteLijstSerializer(page, many=True).data)

    @extend_schema(
        summary="Eén route met de stappen van de nieuwste versie",
        responses={200: RouteSerializer, 401: None, 403: None, 404: None},
    )
    def retrieve(self, request, pk=None):
        return Response(RouteSerializer(_route_data(self._route(pk))).data)

    @extend_schema(
        summary="Nieuwe route (beheerder): een meegeleverde route of een eigen routebestand",
        description="Een fout in het routebestand geeft 400 met `bron`: één melding per fout, met het regelnummer.",
        request=RouteInSerializer,
        responses={201: RouteSerializer, **ERRORS},
    )
    def create(self, request):
        serializer = RouteInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        swv = _beheer_swv(request.user, data.get("samenwerkingsverband"))
        with service_errors_as_400():
            if "preset" in data:
                versie = services.route_create_from_preset(
                    actor=request.user,
                    samenwerkingsverband=swv,
                    preset=data["preset"],
                    code=data.get("code", ""),
                    naam=data.get("naam", ""),
                )
            else:
                versie = services.route_create(actor=request.user, samenwerkingsverband=swv, bron=data["bron"])
        return Response(RouteSerializer(_route_data(versie.route)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Het gewijzigde routebestand opslaan als nieuwe versie (beheerder)",
        description="Lopende trajecten houden hun versie; nieuwe trajecten volgen deze.",
        request=RouteVersieInSerializer,
        responses={201: RouteVersieSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def versies(self, request, pk=None):
        route = self._route(pk)
        require(request.user, "trajecten.manage_route", route.samenwerkingsverband)
        serializer = RouteVersieInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors_as_400():
            versie = services.route_save(actor=request.user, route=route, **serializer.validated_data)
        versie = selectors.routeversie_get(route=route, nummer=versie.nummer)
        return Response(RouteVersieSerializer(versie).data, status=status.HTTP_201_CREATED)


# --- Trajecten --------------------------------------------------------------------------------


class RouteVanTrajectSerializer(serializers.Serializer):
    code = serializers.CharField(source="route.code")
    naam = serializers.CharField()
    versie = serializers.IntegerField(source="nummer")


class StapKortSerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()


class TrajectLijstSerializer(serializers.ModelSerializer):
    leerling = LeerlingKortSerializer(allow_null=True)
    school = NaamSerializer()
    onderwerp = KeuzeTekst(choices=Traject.Onderwerp.choices, read_only=True)
    route = RouteVanTrajectSerializer(source="route_versie")
    stap = StapKortSerializer(allow_null=True, help_text="Leeg als het traject is afgesloten.")
    status = KeuzeTekst(choices=Traject.Status.choices, read_only=True)
    niveau = KeuzeTekst(choices=NIVEAU_KEUZES, read_only=True, help_text="Het hoogste niveau dat het traject bereikte.")
    te_laat = serializers.BooleanField(source="is_te_laat")
    casusregisseur = NaamSerializer(allow_null=True)

    class Meta:
        model = Traject
        fields = [
            "id",
            "leerling",
            "school",
            "onderwerp",
            "route",
            "stap",
            "status",
            "niveau",
            "termijn",
            "te_laat",
            "casusregisseur",
            "aangemaakt_op",
        ]


class HuidigeStapSerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()
    aspect = serializers.IntegerField()
    aspect_label = serializers.CharField()
    bij = serializers.CharField()
    rollen = serializers.ListField(child=serializers.CharField())
    beslisregel = serializers.CharField()
    overleg = serializers.CharField(help_text="Soort overleg in deze stap; leeg als er geen overleg is.")
    termijn = serializers.DateField(allow_null=True, help_text="Uiterlijk klaar op (of leeg).")
    termijn_dagen = serializers.IntegerField(allow_null=True)


class SignaalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Signaal
        fields = ["door", "reden", "toelichting", "al_geprobeerd", "datum"]


class GebeurtenisSerializer(serializers.ModelSerializer):
    soort = KeuzeTekst(choices=Gebeurtenis.Soort.choices, read_only=True)

    class Meta:
        model = Gebeurtenis
        fields = [
            "id",
            "soort",
            "op",
            "door_naam",
            "rol",
            "van_stap",
            "van_stap_naam",
            "naar_stap",
            "naar_stap_naam",
            "uitkomst",
            "uitkomst_naam",
            "motivatie",
            "overleg",
        ]


class BetrokkeneSerializer(serializers.ModelSerializer):
    partij = KeuzeTekst(choices=PARTIJ_KEUZES, read_only=True)
    actief = serializers.SerializerMethodField()

    class Meta:
        model = Betrokkene
        fields = ["id", "naam", "functie", "partij", "gebruiker", "deskundige", "geldig_tot", "actief", "toegevoegd_op"]

    def get_actief(self, betrokkene) -> bool:
        return betrokkene.is_actief()


class OverlegKortSerializer(serializers.ModelSerializer):
    soort = KeuzeTekst(choices=OVERLEG_KEUZES, read_only=True)
    status = KeuzeTekst(choices=Overleg.Status.choices, read_only=True)

    class Meta:
        model = Overleg
        fields = ["id", "soort", "datum", "status"]


class OpenUitkomstSerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()
    naar = serializers.CharField(help_text="Code van de volgende stap, of `einde`.")
    via_overleg = serializers.BooleanField(help_text="Deze uitkomst volgt uit het vastgelegde besluit van een overleg.")
    bezwaar = serializers.CharField(
        allow_null=True, help_text="Waarom u deze uitkomst nu niet kunt kiezen; leeg als het kan."
    )


class TrajectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    leerling = LeerlingKortSerializer(allow_null=True)
    school = NaamSerializer()
    onderwerp = KeuzeTekst(choices=Traject.Onderwerp.choices, read_only=True)
    vraag = serializers.CharField()
    route = RouteVanTrajectSerializer()
    stap = HuidigeStapSerializer(allow_null=True, help_text="Leeg als het traject is afgesloten.")
    status = KeuzeTekst(choices=Traject.Status.choices, read_only=True)
    niveau = KeuzeTekst(choices=NIVEAU_KEUZES, read_only=True, help_text="Het hoogste niveau dat het traject bereikte.")
    te_laat = serializers.BooleanField()
    ingediend_op = serializers.DateTimeField(allow_null=True)
    aangemaakt_op = serializers.DateTimeField()
    afgesloten_op = serializers.DateTimeField(allow_null=True)
    casusregisseur = NaamSerializer(allow_null=True)
    signaal = SignaalSerializer(allow_null=True)
    gebeurtenissen = GebeurtenisSerializer(many=True)
    betrokkenen = BetrokkeneSerializer(many=True)
    overleggen = OverlegKortSerializer(many=True)
    uitkomsten = OpenUitkomstSerializer(many=True, help_text="De uitkomsten van de huidige stap, voor u.")
    uw_rollen = serializers.ListField(child=serializers.CharField(), help_text="Uw rollen in dit traject.")
    mag_organiseren = serializers.BooleanField(help_text="U mag overleggen plannen en betrokkenen toevoegen.")


def _traject_data(actor, traject: Traject) -> dict:
    detail = selectors.traject_detail(actor=actor, traject=traject)
    stap = traject.stap
    return {
        "id": traject.pk,
        "leerling": {"id": traject.leerling.pk, "naam": traject.leerling.naam} if traject.leerling_id else None,
        "school": traject.school,
        "onderwerp": traject.onderwerp,
        "vraag": traject.vraag,
        "route": traject.route_versie,
        "stap": None
        if stap is None
        else {
            "code": stap.code,
            "naam": stap.naam,
            "aspect": stap.aspect,
            "aspect_label": stap.aspect_label,
            "bij": stap.bij,
            "rollen": stap.rollen,
            "beslisregel": stap.beslisregel,
            "overleg": stap.overleg,
            "termijn": traject.termijn,
            "termijn_dagen": stap.termijn_dagen,
        },
        "status": traject.status,
        "niveau": traject.niveau,
        "te_laat": traject.is_te_laat,
        "ingediend_op": traject.ingediend_op,
        "aangemaakt_op": traject.aangemaakt_op,
        "afgesloten_op": traject.afgesloten_op,
        "casusregisseur": traject.casusregisseur,
        "signaal": getattr(traject, "signaal", None),
        "gebeurtenissen": detail["gebeurtenissen"],
        "betrokkenen": detail["betrokkenen"],
        "overleggen": detail["overleggen"],
        "uitkomsten": detail["uitkomsten"],
        "uw_rollen": sorted(detail["rollen"]),
        "mag_organiseren": detail["mag_organiseren"],
    }


class SignaalInSerializer(serializers.Serializer):
    door = serializers.ChoiceField(choices=Signaal.Door.choices)
    reden = serializers.ChoiceField(choices=Signaal.Reden.choices)
    toelichting = serializers.CharField(max_length=4000)
    al_geprobeerd = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    datum = serializers.DateField(required=False, help_text="Standaard vandaag.")

    def validate_datum(self, datum):
        if datum > timezone.localdate():
            raise serializers.ValidationError("Een signaal kan niet in de toekomst liggen.")
        return datum


ONDERWERPEN_SCHOOL = [c for c in Traject.Onderwerp.choices if c[0] != Traject.Onderwerp.LEERLING]


class TrajectInSerializer(serializers.Serializer):
    route = serializers.IntegerField(help_text="Een route van uw samenwerkingsverband die in gebruik is.")
    leerling = serializers.IntegerField(required=False, help_text="De leerling om wie het gaat.")
    school = serializers.IntegerField(
        required=False, help_text="Zonder leerling: de school van de vraag (schoolarrangement)."
    )
    onderwerp = KeuzeTekst(
        choices=ONDERWERPEN_SCHOOL, required=False, help_text="Zonder leerling: waarover de vraag gaat."
    )
    vraag = serializers.CharField(max_length=4000, help_text="De ondersteuningsvraag.")
    signaal = SignaalInSerializer()

    def validate(self, attrs):
        if "leerling" in attrs and ("school" in attrs or "onderwerp" in attrs):
            raise serializers.ValidationError(
                {"leerling": "Kies een leerling, of (zonder leerling) een school en een onderwerp."}
            )
        if "leerling" not in attrs and ("school" not in attrs or "onderwerp" not in attrs):
            raise serializers.ValidationError(
                {"leerling": "Kies een leerling, of (zonder leerling) een school en een onderwerp."}
            )
        return attrs


class AdvanceInSerializer(serializers.Serializer):
    van_stap = serializers.CharField(
        max_length=50, help_text="De stap waarvan u uitgaat; staat het traject intussen elders, dan 400."
    )
    uitkomst = serializers.CharField(max_length=50, help_text="Code van de gekozen uitkomst.")
    motivatie = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class BetrokkeneInSerializer(serializers.Serializer):
    naam = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Leeg: de naam van de gekozen persoon."
    )
    functie = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    partij = KeuzeTekst(choices=PARTIJ_KEUZES, help_text="Namens wie.")
    gebruiker = serializers.IntegerField(
        required=False, allow_null=True, help_text="Iemand met een account; die ziet dan het traject."
    )
    deskundige = serializers.IntegerField(required=False, allow_null=True, help_text="Een deskundige uit de pool.")
    geldig_tot = serializers.DateField(
        required=False, allow_null=True, help_text="Betrokken tot en met; verplicht voor externen."
    )


class OverlegPlanInSerializer(serializers.Serializer):
    datum = serializers.DateTimeField(help_text="Datum en tijd.")
    locatie = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


KIES_PERSOON = "Kies iemand die bij dit traject betrokken kan worden."
KIES_DESKUNDIGE = "Kies een deskundige uit de pool van uw samenwerkingsverband."


def _persoon(traject, gegevens: dict) -> dict:
    """Replace the ids of `gebruiker` and `deskundige` by the people they name, within the traject's reach."""
    uit = dict(gegevens)
    if uit.get("gebruiker") is not None:
        uit["gebruiker"] = selectors.kandidaten(traject=traject).filter(pk=uit["gebruiker"]).first()
        if uit["gebruiker"] is None:
            raise veldfout("gebruiker", KIES_PERSOON)
    if uit.get("deskundige") is not None:
        uit["deskundige"] = selectors.pool(traject).filter(pk=uit["deskundige"]).first()
        if uit["deskundige"] is None:
            raise veldfout("deskundige", KIES_DESKUNDIGE)
    if not uit.get("naam"):
        persoon = uit.get("gebruiker") or uit.get("deskundige")
        if persoon is None:
            raise veldfout("naam", "Vul een naam in of kies een persoon.")
        uit["naam"] = persoon.naam
    return uit


def _bool(waarde: str) -> bool:
    return waarde.lower() in ("1", "true", "ja")


# --- Overleggen -------------------------------------------------------------------------------


class DeelnemerSerializer(serializers.ModelSerializer):
    partij = KeuzeTekst(choices=PARTIJ_KEUZES, read_only=True)

    class Meta:
        model = Deelnemer
        fields = [
            "id",
            "naam",
            "functie",
            "partij",
            "gebruiker",
            "deskundige",
            "stemgerechtigd",
            "aanwezig",
            "standpunt",
            "advies",
        ]


class AfspraakSerializer(serializers.ModelSerializer):
    class Meta:
        model = Afspraak
        fields = ["id", "wat", "wie", "eigenaar", "uiterlijk", "gereed_op"]


class StandpuntVastgelegdSerializer(serializers.Serializer):
    deelnemer = serializers.IntegerField()
    naam = serializers.CharField()
    partij = KeuzeTekst(choices=PARTIJ_KEUZES, read_only=True)
    stemgerechtigd = serializers.BooleanField()
    aanwezig = serializers.BooleanField()
    standpunt = serializers.CharField()


class BesluitvormingSerializer(serializers.Serializer):
    uitkomst = serializers.CharField()
    uitkomst_naam = serializers.CharField()
    motivatie = serializers.CharField()
    standpunten = StandpuntVastgelegdSerializer(many=True, help_text="Zoals ze bij het besluit waren.")
    vastgelegd_op = serializers.DateTimeField()


class OverlegSerializer(serializers.ModelSerializer):
    soort = KeuzeTekst(choices=OVERLEG_KEUZES, read_only=True)
    status = KeuzeTekst(choices=Overleg.Status.choices, read_only=True)
    stap = StapKortSerializer()
    voorzitter = serializers.CharField(source="voorzitter.naam")
    deelnemers = DeelnemerSerializer(many=True)
    afspraken = AfspraakSerializer(many=True)
    besluitvorming = serializers.SerializerMethodField()

    class Meta:
        model = Overleg
        fields = [
            "id",
            "traject",
            "stap",
            "soort",
            "datum",
            "locatie",
            "agenda",
            "verslag",
            "status",
            "voorzitter",
            "deelnemers",
            "afspraken",
            "besluitvorming",
        ]

    @extend_schema_field(BesluitvormingSerializer(allow_null=True))
    def get_besluitvorming(self, overleg):
        besluit = getattr(overleg, "besluitvorming", None)
        return BesluitvormingSerializer(besluit).data if besluit is not None else None


class StandpuntInSerializer(serializers.Serializer):
    deelnemer = serializers.IntegerField()
    aanwezig = serializers.BooleanField(default=True)
    standpunt = serializers.ChoiceField(
        choices=Deelnemer.Standpunt.choices, required=False, allow_blank=True, help_text="Leeg bij afwezigheid."
    )
    advies = serializers.CharField(
        max_length=8000, required=False, allow_blank=True, help_text="Eigen schriftelijk advies (deskundigen)."
    )


class BesluitInSerializer(serializers.Serializer):
    uitkomst = serializers.CharField(max_length=50, help_text="Code van de uitkomst waartoe het overleg besloot.")
    motivatie = serializers.CharField(max_length=4000)
    standpunten = StandpuntInSerializer(many=True, help_text="Per deelnemer: aanwezig, standpunt en advies.")


class DeelnemerInSerializer(serializers.Serializer):
    naam = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Leeg: de naam van de gekozen persoon."
    )
    functie = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    partij = KeuzeTekst(choices=PARTIJ_KEUZES, help_text="Namens wie.")
    gebruiker = serializers.IntegerField(required=False, allow_null=True)
    deskundige = serializers.IntegerField(required=False, allow_null=True)
    stemgerechtigd = serializers.BooleanField(default=False)


class AfspraakInSerializer(serializers.Serializer):
    wat = serializers.CharField(max_length=500)
    wie = serializers.CharField(max_length=200)
    uiterlijk = serializers.DateField(required=False, allow_null=True)
    eigenaar = serializers.IntegerField(required=False, allow_null=True, help_text="Wie het oppakt, met een account.")


# --- Aanvragen en besluiten: shapes -----------------------------------------------------------

AANVRAAG_KEUZES = list(AANVRAAG_SOORTEN.items())
UITKOMST_KEUZES = list(BESLUIT_UITKOMSTEN.items())
NIET_BIJ_AANVRAAG = "Dit veld hoort niet bij een aanvraag."
KIES_THEMA = "Kies een expertisethema uit de lijst."


class BesluitSerializer(serializers.ModelSerializer):
    uitkomst = KeuzeTekst(choices=UITKOMST_KEUZES, read_only=True)
    genomen_door = serializers.CharField(source="genomen_door_naam", read_only=True)
    rol = serializers.CharField(read_only=True, help_text="De rol waarin het besluit is genomen.")

    class Meta:
        model = Besluit
        fields = [
            "id",
            "nummer",
            "uitkomst",
            "inhoud",
            "motivatie",
            "datum",
            "bezwaar_tot",
            "genomen_door",
            "rol",
            "overleg",
        ]
        read_only_fields = fields


# A decision with what it was about: the application, its traject, pupil and school.
class BesluitLijstSerializer(BesluitSerializer):
    aanvraag = serializers.IntegerField(source="aanvraag_id", read_only=True)
    soort = KeuzeTekst(choices=AANVRAAG_KEUZES, source="aanvraag.soort", read_only=True, help_text="Soort aanvraag.")
    traject = serializers.IntegerField(source="aanvraag.traject_id", read_only=True)
    leerling = LeerlingKortSerializer(source="aanvraag.traject.leerling", allow_null=True, read_only=True)
    school = NaamSerializer(source="aanvraag.traject.school", read_only=True)

    class Meta(BesluitSerializer.Meta):
        fields = [*BesluitSerializer.Meta.fields, "aanvraag", "soort", "traject", "leerling", "school"]
        read_only_fields = fields


class AanvraagSerializer(serializers.ModelSerializer):
    soort = KeuzeTekst(choices=AANVRAAG_KEUZES, read_only=True)
    soort_naam = serializers.CharField(source="get_soort_display", read_only=True)
    status = KeuzeTekst(
        choices=Aanvraag.Status.choices,
        read_only=True,
        help_text="Een concept zien alleen de school, de ouders en wie de huidige stap zet.",
    )
    expertisethema = NaamSerializer(allow_null=True, read_only=True)
    tlv_categorie = KeuzeTekst(
        choices=Aanvraag.TlvCategorie.choices, read_only=True, help_text="Alleen bij een TLV voor het SO; anders leeg."
    )
    zienswijze_door_ouder = serializers.BooleanField(
        read_only=True, help_text="De ouders schreven hun zienswijze zelf; de school past die niet aan."
    )
    directeur_akkoord_op = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Ondertekend door de directeur; vervalt als de inhoud verandert."
    )
    directeur_akkoord_naam = serializers.CharField(read_only=True)
    besluit = serializers.SerializerMethodField()

    class Meta:
        model = Aanvraag
        fields = [
            "id",
            "traject",
            "soort",
            "soort_naam",
            "status",
            "ondersteuningsvraag",
            "gevraagd",
            "onderbouwing",
            "expertisethema",
            "tlv_categorie",
            "ouders_gehoord_op",
            "zienswijze_ouders",
            "zienswijze_door_ouder",
            "directeur_akkoord_op",
            "directeur_akkoord_naam",
            "aangemaakt_op",
            "gewijzigd_op",
            "ingediend_op",
            "besluit",
        ]
        read_only_fields = fields

    @extend_schema_field(BesluitSerializer(allow_null=True))
    def get_besluit(self, aanvraag):
        # aanvragen_van joins the decision; a missing one is None without a query.
        besluit = getattr(aanvraag, "besluit", None)
        return BesluitSerializer(besluit).data if besluit is not None else None


class EisSerializer(serializers.Serializer):
    omschrijving = serializers.CharField()
    voldaan = serializers.BooleanField()
    reden = serializers.CharField(allow_null=True, help_text="Wat nog ontbreekt; leeg als aan de eis is voldaan.")


# One application with its checklist, the approval chain and what the caller may do with it;
# serialised with `context={"actor": ...}`.
class AanvraagDetailSerializer(AanvraagSerializer):
    ingediend_door = serializers.SerializerMethodField()
    eisen = serializers.SerializerMethodField(
        help_text="Wat deze soort aanvraag moet bevatten voordat een uitkomst van de route haar indient, "
        "met per eis wat nog ontbreekt."
    )
    beoordeling = serializers.SerializerMethodField(
        help_text="De stappen van het traject vanaf het indienen tot en met het besluit (of tot nu)."
    )
    mag_wijzigen = serializers.SerializerMethodField(help_text="U mag dit concept wijzigen.")
    mag_ondertekenen = serializers.SerializerMethodField(help_text="U mag dit concept ondertekenen (directeur).")
    mag_zienswijze_geven = serializers.SerializerMethodField(help_text="U mag uw zienswijze geven (ouder).")

    class Meta(AanvraagSerializer.Meta):
        fields = [
            *AanvraagSerializer.Meta.fields,
            "ingediend_door",
            "eisen",
            "beoordeling",
            "mag_wijzigen",
            "mag_ondertekenen",
            "mag_zienswijze_geven",
        ]
        read_only_fields = fields

    def get_ingediend_door(self, aanvraag) -> str | None:
        return aanvraag.ingediend_door.naam if aanvraag.ingediend_door_id else None

    @extend_schema_field(EisSerializer(many=True))
    def get_eisen(self, aanvraag):
        return [{"omschrijving": wat, "voldaan": reden is None, "reden": reden} for wat, reden in stand(aanvraag)]

    @extend_schema_field(GebeurtenisSerializer(many=True))
    def get_beoordeling(self, aanvraag):
        return GebeurtenisSerializer(selectors.beoordeling(aanvraag), many=True).data

    def _mag(self, aanvraag, permission: str) -> bool:
        if aanvraag.status != Aanvraag.Status.CONCEPT:
            return False
        return explain(self.context["actor"], permission, aanvraag.traject) is not None

    def get_mag_wijzigen(self, aanvraag) -> bool:
        return self._mag(aanvraag, "trajecten.aanvraag_schrijven")

    def get_mag_ondertekenen(self, aanvraag) -> bool:
        return self._mag(aanvraag, "trajecten.aanvraag_ondertekenen")

    def get_mag_zienswijze_geven(self, aanvraag) -> bool:
        return self._mag(aanvraag, "trajecten.zienswijze_geven")


class AanvraagGewijzigdSerializer(AanvraagDetailSerializer):
    ondertekening_vervallen = serializers.SerializerMethodField(
        help_text="De inhoud veranderde, dus de ondertekening door de directeur is vervallen: "
        "die ondertekende de oude tekst."
    )

    class Meta(AanvraagDetailSerializer.Meta):
        fields = [*AanvraagDetailSerializer.Meta.fields, "ondertekening_vervallen"]
        read_only_fields = fields

    def get_ondertekening_vervallen(self, aanvraag) -> bool:
        return self.context["ondertekening_vervallen"]


# What the school writes in an application. A field not listed here is refused, as the service
# refuses it: the parents' own view and the director's signature have their own calls.
class AanvraagWijzigingInSerializer(serializers.Serializer):
    ondersteuningsvraag = serializers.CharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        help_text="Wat heeft de leerling (of de school) nodig dat er nu niet is? "
        "Leeg bij het opstellen: de ondersteuningsvraag van het traject.",
    )
    gevraagd = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, help_text="Welke ondersteuning, hoe vaak en hoe lang."
    )
    onderbouwing = serializers.CharField(
        max_length=8000,
        required=False,
        allow_blank=True,
        help_text="Wat is al gedaan, met welk resultaat, en waarom is dit nu nodig.",
    )
    expertisethema = serializers.IntegerField(
        required=False, allow_null=True, help_text="Id van het expertisethema (bij specialistische expertise)."
    )
    tlv_categorie = KeuzeTekst(
        choices=Aanvraag.TlvCategorie.choices,
        required=False,
        allow_blank=True,
        help_text="De gevraagde bekostigingscategorie; alleen bij een TLV voor het SO.",
    )
    ouders_gehoord_op = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Wanneer de ouders zijn geïnformeerd en gehoord (niet in de toekomst).",
    )
    zienswijze_ouders = serializers.CharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        help_text="De zienswijze van de ouders zoals de school die vastlegde (niet als de ouders haar zelf gaven).",
    )

    def validate(self, attrs):
        onbekend = sorted(set(self.initial_data) - set(self.fields))
        if onbekend:
            raise serializers.ValidationError({veld: [NIET_BIJ_AANVRAAG] for veld in onbekend})
        return attrs


class AanvraagInSerializer(AanvraagWijzigingInSerializer):
    soort = KeuzeTekst(choices=AANVRAAG_KEUZES, help_text="Een soort aanvraag die de huidige stap noemt.")


class ZienswijzeInSerializer(serializers.Serializer):
    tekst = serializers.CharField(max_length=4000, help_text="Uw eigen zienswijze op de aanvraag.")


class IntrekkenInSerializer(serializers.Serializer):
    reden = serializers.CharField(max_length=300, help_text="Waarom de aanvraag niet wordt ingediend.")


class CasusregisseurInSerializer(serializers.Serializer):
    gebruiker = serializers.IntegerField(help_text="Iemand met een rol die de route als casusregisseur noemt.")


class OndertekenenInSerializer(serializers.Serializer):
    gewijzigd_op = serializers.DateTimeField(
        help_text="`gewijzigd_op` van de aanvraag zoals u haar las. Is zij sindsdien gewijzigd, dan wordt niet "
        "ondertekend (400): u ondertekent alleen een tekst die u hebt gezien."
    )


def _met_traject(aanvraag, traject):
    """The application with the traject the caller was granted (its step, school and pupil read)."""
    aanvraag.traject = traject
    return aanvraag


def _aanvraag_velden(data: dict) -> dict:
    """The validated input as the services take it: the theme's id replaced by the theme."""
    velden = dict(data)
    if velden.get("expertisethema") is not None:
        velden["expertisethema"] = Expertisethema.objects.filter(pk=velden["expertisethema"]).first()
        if velden["expertisethema"] is None:
            raise veldfout("expertisethema", KIES_THEMA)
    return velden


class PdfRenderer(BaseRenderer):
    """What a letter's endpoint produces. The view answers the PDF itself, whatever the client's
    Accept header says (EersteRenderer); its errors stay JSON (BesluitViewSet.finalize_response)."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class TrajectViewSet(viewsets.GenericViewSet):
    """`/api/v1/trajecten/`: the trajecten the caller may see, their history and the engine's next moves."""

    queryset = Traject.objects.none()
    serializer_class = TrajectSerializer

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action == "create" and not any(
            lid.rol in (Rol.LEERKRACHT, Rol.IB, Rol.DIRECTEUR) for lid in request.user.actieve_lidmaatschappen
        ):
            # Only school staff start trajecten: refused before validating (the service checks the pupil).
            require(request.user, "trajecten.start", None)

    def _traject(self, pk) -> Traject:
        traject, _grant = selectors.traject_get(actor=self.request.user, pk=pk)
        return traject

    def _detail(self, pk) -> dict:
        return TrajectSerializer(_traject_data(self.request.user, self._traject(pk))).data

    @extend_schema(
        summary="Trajecten die u mag zien; te laat en eerstvolgende termijn eerst",
        parameters=[
            OpenApiParameter("status", str, enum=Traject.Status.values, description="lopend of afgesloten."),
            OpenApiParameter("route", str, description="Code van de route."),
            OpenApiParameter("te_laat", bool, description="Alleen lopende trajecten over hun termijn."),
        ],
        responses={200: TrajectLijstSerializer(many=True), 401: None, 403: None},
    )
    def list(self, request):
        params = request.query_params
        statusfilter = params.get("status", "")
        trajecten = selectors.traject_list(
            actor=request.user,
            status=statusfilter if statusfilter in Traject.Status.values else "",
            route=params.get("route", "")[:50],
            te_laat=_bool(params.get("te_laat", "")),
        )
        page = self.paginate_queryset(trajecten)
        return self.get_paginated_response(TrajectLijstSerializer(page, many=True).data)

    @extend_schema(
        summary="Eén traject: stap, geschiedenis, betrokkenen, overleggen en uw mogelijke uitkomsten",
        responses={200: TrajectSerializer, 401: None, 403: None, 404: None},
    )
    def retrieve(self, request, pk=None):
        return Response(self._detail(pk))

    @extend_schema(
        summary="Een traject starten vanuit een signaal (leerkracht van de leerling, IB'er of directeur)",
        description="Met `leerling` over één leerling; zonder leerling, met `school` en `onderwerp`, "
        "een vraag van de school (schoolarrangement, IB'er of directeur).",
        request=TrajectInSerializer,
        responses={201: TrajectSerializer, **ERRORS},
    )
    def create(self, request):
        serializer = TrajectInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        actor = request.user
        route = uit_body(
            lambda: selectors.route_get(actor=actor, pk=data["route"])[0],
            "route",
            "Kies een route van uw samenwerkingsverband die in gebruik is.",
        )
        over = {}
        if "leerling" in data:
            over["leerling"] = uit_body(
                lambda: leerling_get(actor=actor, pk=data["leerling"])[0],
                "leerling",
                "Kies een leerling die u mag zien.",
            )
        else:
            over["school"] = selectors.scholen_voor_schoolvraag(actor=actor).filter(pk=data["school"]).first()
            if over["school"] is None:
                raise veldfout("school", "Kies een school waar u intern begeleider of directeur bent.")
            over["onderwerp"] = data["onderwerp"]
        with engine_errors():
            traject = services.traject_start(
                actor=actor, route=route, signaal=data["signaal"], vraag=data["vraag"], **over
            )
        return Response(self._detail(traject.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Een uitkomst van de huidige stap kiezen: het traject gaat naar de volgende stap",
        description="Uitkomsten die via een overleg lopen (`via_overleg`) kiest u met het besluit van dat "
        "overleg (`/overleggen/{id}/besluit/`).",
        request=AdvanceInSerializer,
        responses={200: GebeurtenisSerializer, 400: None, 401: None, 403: GEWEIGERD, 404: None},
    )
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        traject = self._traject(pk)
        serializer = AdvanceInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with engine_errors():
            gebeurtenis = services.traject_advance(actor=request.user, traject=traject, **serializer.validated_data)
        return Response(GebeurtenisSerializer(gebeurtenis).data)

    @extend_schema(
        summary="Een betrokkene toevoegen (schoolleiding, casusregisseur, of wie het traject bereikte)",
        request=BetrokkeneInSerializer,
        responses={201: BetrokkeneSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def betrokkenen(self, request, pk=None):
        traject = self._traject(pk)
        require(request.user, "trajecten.organiseren", traject)
        serializer = BetrokkeneInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        gegevens = _persoon(traject, serializer.validated_data)
        with engine_errors():
            betrokkene = services.betrokkene_add(actor=request.user, traject=traject, **gegevens)
        return Response(BetrokkeneSerializer(betrokkene).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Het overleg van de huidige stap plannen; de betrokkenen worden deelnemer",
        request=OverlegPlanInSerializer,
        responses={201: OverlegSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def overleggen(self, request, pk=None):
        traject = self._traject(pk)
        require(request.user, "trajecten.organiseren", traject)
        serializer = OverlegPlanInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with engine_errors():
            overleg = services.overleg_plan(actor=request.user, traject=traject, **serializer.validated_data)
        overleg = selectors.overleg_get(actor=request.user, traject=traject, pk=overleg.pk)
        return Response(OverlegSerializer(overleg).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="De casusregisseur kiezen, uit wie de route daarvoor noemt",
        request=CasusregisseurInSerializer,
        responses={200: TrajectSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def casusregisseur(self, request, pk=None):
        traject = self._traject(pk)
        require(request.user, "trajecten.organiseren", traject)
        serializer = CasusregisseurInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        gebruiker = (
            selectors.casusregisseur_kandidaten(traject=traject)
            .filter(pk=serializer.validated_data["gebruiker"])
            .first()
        )
        if gebruiker is None:
            raise veldfout("gebruiker", "Kies iemand die in deze route casusregisseur kan zijn.")
        with engine_errors():
            services.casusregisseur_set(actor=request.user, traject=traject, gebruiker=gebruiker)
        return Response(self._detail(traject.pk))

    @extend_schema(
        methods=["GET"],
        summary="De aanvragen bij dit traject die u mag lezen, nieuwste eerst",
        description="Een concept is intern voor de school: de school, de ouders en wie de huidige stap zet "
        "lezen het; na het indienen leest iedereen die het traject ziet de aanvraag, behalve externen.",
        responses={200: AanvraagSerializer(many=True), 401: None, 403: None, 404: None},
    )
    @extend_schema(
        methods=["POST"],
        summary="Een aanvraag opstellen van een soort die de huidige stap noemt (concept)",
        description="Er is per traject één aanvraag tegelijk in voorbereiding of ingediend. Een uitkomst van de "
        "route met `indienen` dient het concept in, als het bevat wat zijn soort vraagt (`eisen`).",
        request=AanvraagInSerializer,
        responses={201: AanvraagDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def aanvragen(self, request, pk=None):
        traject = self._traject(pk)
        actor = request.user
        if request.method == "GET":
            return Response(AanvraagSerializer(selectors.aanvragen_van(actor=actor, traject=traject), many=True).data)
        require(actor, "trajecten.aanvraag_schrijven", traject)
        serializer = AanvraagInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        velden = _aanvraag_velden(serializer.validated_data)
        soort = velden.pop("soort")
        with engine_errors():
            aanvraag = services.aanvraag_create(actor=actor, traject=traject, soort=soort, **velden)
        aanvraag = _met_traject(selectors.aanvraag_get(actor=actor, traject=traject, pk=aanvraag.pk), traject)
        return Response(
            AanvraagDetailSerializer(aanvraag, context={"actor": actor}).data, status=status.HTTP_201_CREATED
        )


class OverlegViewSet(viewsets.GenericViewSet):
    """`/api/v1/overleggen/{id}/`: a meeting of a traject the caller may see; its decision moves the traject."""

    queryset = Overleg.objects.none()
    serializer_class = OverlegSerializer

    def _overleg(self, pk, *, organiseren: bool = False):
        """The meeting, reached through its traject: whoever may not see the traject gets 404."""
        actor = self.request.user
        traject_id = (
            Overleg.objects.filter(pk=pk).values_list("traject_id", flat=True).first() if str(pk).isdigit() else None
        )
        if traject_id is None:
            audit.log_denied(
                reason="niet gevonden of geen toegang",
                object_type="trajecten.overleg",
                detail={"gevraagd_id": str(pk)[:64]},
            )
            raise Http404
        traject, _grant = selectors.traject_get(actor=actor, pk=traject_id)
        if organiseren:
            require(actor, "trajecten.organiseren", traject)
        return traject, selectors.overleg_get(actor=actor, traject=traject, pk=pk)

    @extend_schema(
        summary="Eén overleg: deelnemers, afspraken en het vastgelegde besluit",
        responses={200: OverlegSerializer, 401: None, 403: None, 404: None},
    )
    def retrieve(self, request, pk=None):
        _traject, overleg = self._overleg(pk)
        return Response(OverlegSerializer(overleg).data)

    @extend_schema(
        summary="Het besluit van het overleg vastleggen; het traject gaat naar de besloten uitkomst",
        description="Per deelnemer aanwezigheid, standpunt en (voor deskundigen) het eigen advies. Voldoet het "
        "besluit niet aan de beslisregel van de stap, dan wordt niets vastgelegd en zegt de 400 waarom.",
        request=BesluitInSerializer,
        responses={201: GebeurtenisSerializer, 400: None, 401: None, 403: GEWEIGERD, 404: None},
    )
    @action(detail=True, methods=["post"])
    def besluit(self, request, pk=None):
        _traject, overleg = self._overleg(pk, organiseren=True)
        serializer = BesluitInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        bekend = {d.pk for d in overleg.deelnemers.all()}
        standpunten = {}
        for invoer in data["standpunten"]:
            invoer = dict(invoer)
            deelnemer = invoer.pop("deelnemer")
            if deelnemer not in bekend:
                raise veldfout("standpunten", f"Deelnemer {deelnemer} hoort niet bij dit overleg.")
            standpunten[deelnemer] = invoer
        with engine_errors():
            gebeurtenis = services.overleg_besluit(
                actor=request.user,
                overleg=overleg,
                uitkomst=data["uitkomst"],
                motivatie=data["motivatie"],
                standpunten=standpunten,
            )
        return Response(GebeurtenisSerializer(gebeurtenis).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Een deelnemer toevoegen (zolang er geen besluit is)",
        request=DeelnemerInSerializer,
        responses={201: DeelnemerSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def deelnemers(self, request, pk=None):
        traject, overleg = self._overleg(pk, organiseren=True)
        serializer = DeelnemerInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        gegevens = _persoon(traject, serializer.validated_data)
        with engine_errors():
            deelnemer = services.deelnemer_add(actor=request.user, overleg=overleg, data=gegevens)
        return Response(DeelnemerSerializer(deelnemer).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Een afspraak vastleggen: wat, wie, wanneer",
        request=AfspraakInSerializer,
        responses={201: AfspraakSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def afspraken(self, request, pk=None):
        traject, overleg = self._overleg(pk, organiseren=True)
        serializer = AfspraakInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        gegevens = dict(serializer.validated_data)
        if gegevens.get("eigenaar") is not None:
            gegevens["eigenaar"] = selectors.kandidaten(traject=traject).filter(pk=gegevens["eigenaar"]).first()
            if gegevens["eigenaar"] is None:
                raise veldfout("eigenaar", KIES_PERSOON)
        with engine_errors():
            afspraak = services.afspraak_add(actor=request.user, overleg=overleg, **gegevens)
        return Response(AfspraakSerializer(afspraak).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Een afspraak gereed melden (wie haar oppakt, of wie het traject organiseert)",
        request=None,
        parameters=[OpenApiParameter("afspraak_pk", int, OpenApiParameter.PATH, description="De afspraak.")],
        responses={200: AfspraakSerializer, **ERRORS},
    )
    @action(
        detail=True, methods=["post"], url_path=r"afspraken/(?P<afspraak_pk>[0-9]+)/gereed", url_name="afspraak-gereed"
    )
    def afspraak_gereed(self, request, pk=None, afspraak_pk=None):
        _traject, overleg = self._overleg(pk)
        afspraak = next((a for a in overleg.afspraken.all() if a.pk == int(afspraak_pk)), None)
        if afspraak is None:
            raise Http404
        with engine_errors():
            afspraak = services.afspraak_gereed(actor=request.user, afspraak=afspraak)
        return Response(AfspraakSerializer(afspraak).data)


# --- Aanvragen en besluiten -------------------------------------------------------------------


class AanvraagViewSet(viewsets.GenericViewSet):
    """`/api/v1/aanvragen/{id}/`: an application, reached through its traject; a concept only for
    the school, the parents and whoever takes the current step."""

    queryset = Aanvraag.objects.none()
    serializer_class = AanvraagDetailSerializer

    def _aanvraag(self, pk, *, permission: str = ""):
        """The application through its traject: whoever may not see either gets 404 (audited);
        whoever sees it but may not do `permission` gets 403."""
        actor = self.request.user
        traject_id = (
            Aanvraag.objects.filter(pk=pk).values_list("traject_id", flat=True).first() if str(pk).isdigit() else None
        )
        if traject_id is None:
            audit.log_denied(
                reason="niet gevonden of geen toegang",
                object_type="trajecten.aanvraag",
                detail={"gevraagd_id": str(pk)[:64]},
            )
            raise Http404
        traject, _grant = selectors.traject_get(actor=actor, pk=traject_id)
        aanvraag = _met_traject(selectors.aanvraag_get(actor=actor, traject=traject, pk=pk), traject)
        if permission:
            require(actor, permission, traject)
        return traject, aanvraag

    def _detail(self, traject, pk, serializer=AanvraagDetailSerializer, **context):
        aanvraag = _met_traject(selectors.aanvraag_get(actor=self.request.user, traject=traject, pk=pk), traject)
        return serializer(aanvraag, context={"actor": self.request.user, **context}).data

    @extend_schema(
        summary="Eén aanvraag: inhoud, wat nog ontbreekt, de beoordeling en het besluit",
        responses={200: AanvraagDetailSerializer, 401: None, 403: None, 404: None},
    )
    def retrieve(self, request, pk=None):
        _traject, aanvraag = self._aanvraag(pk)
        return Response(AanvraagDetailSerializer(aanvraag, context={"actor": request.user}).data)

    @extend_schema(
        summary="Het concept wijzigen (wie de aanvraag opstelt)",
        description="Verandert de inhoud, dan vervalt de ondertekening door de directeur "
        "(`ondertekening_vervallen`). Een ingediende aanvraag verandert niet meer (400).",
        request=AanvraagWijzigingInSerializer,
        responses={200: AanvraagGewijzigdSerializer, **ERRORS},
    )
    def partial_update(self, request, pk=None):
        traject, aanvraag = self._aanvraag(pk, permission="trajecten.aanvraag_schrijven")
        serializer = AanvraagWijzigingInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        velden = _aanvraag_velden(serializer.validated_data)
        if not velden:
            raise veldfout("non_field_errors", "Geef aan wat u wilt wijzigen.")
        with engine_errors():
            _aanvraag, vervallen = services.aanvraag_update(actor=request.user, aanvraag=aanvraag, **velden)
        return Response(self._detail(traject, pk, AanvraagGewijzigdSerializer, ondertekening_vervallen=vervallen))

    @extend_schema(
        summary="Uw zienswijze op het concept geven (ouder)",
        description="De ouders schrijven hun eigen zienswijze; de school kan die daarna niet aanpassen. "
        "Zijn de ouders nog niet als gehoord vastgelegd, dan geldt vandaag.",
        request=ZienswijzeInSerializer,
        responses={200: AanvraagDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def zienswijze(self, request, pk=None):
        traject, aanvraag = self._aanvraag(pk, permission="trajecten.zienswijze_geven")
        serializer = ZienswijzeInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with engine_errors():
            services.aanvraag_zienswijze_geven(actor=request.user, aanvraag=aanvraag, **serializer.validated_data)
        return Response(self._detail(traject, pk))

    @extend_schema(
        summary="Het concept ondertekenen zoals het nu luidt (directeur)",
        request=OndertekenenInSerializer,
        responses={200: AanvraagDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def ondertekenen(self, request, pk=None):
        traject, aanvraag = self._aanvraag(pk, permission="trajecten.aanvraag_ondertekenen")
        serializer = OndertekenenInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with engine_errors():
            services.aanvraag_ondertekenen(
                actor=request.user, aanvraag=aanvraag, gewijzigd_op=serializer.validated_data["gewijzigd_op"]
            )
        return Response(self._detail(traject, pk))

    @extend_schema(
        summary="Een concept intrekken: het vervalt en er kan een nieuwe aanvraag komen",
        request=IntrekkenInSerializer,
        responses={200: AanvraagDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def intrekken(self, request, pk=None):
        traject, aanvraag = self._aanvraag(pk, permission="trajecten.aanvraag_schrijven")
        serializer = IntrekkenInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with engine_errors():
            services.aanvraag_intrekken(actor=request.user, aanvraag=aanvraag, **serializer.validated_data)
        return Response(self._detail(traject, pk))


def _besluit_met(traject, aanvraag, besluit):
    """The decision with the application and traject the selector read (no further queries)."""
    besluit.aanvraag = _met_traject(aanvraag, traject)
    return besluit


class BesluitViewSet(viewsets.GenericViewSet):
    """`/api/v1/besluiten/`: the numbered decisions on the applications of the trajecten the caller
    sees (not for externals), and each decision letter as a PDF."""

    queryset = Besluit.objects.none()
    serializer_class = BesluitLijstSerializer

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and isinstance(getattr(response, "accepted_renderer", None), PdfRenderer):
            # An error for a client that asked for the letter is still JSON.
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response

    @extend_schema(
        summary="Besluiten op aanvragen bij de trajecten die u ziet, nieuwste eerst",
        responses={200: BesluitLijstSerializer(many=True), 401: None, 403: None},
    )
    def list(self, request):
        page = self.paginate_queryset(selectors.besluit_list(actor=request.user))
        return self.get_paginated_response(BesluitLijstSerializer(page, many=True).data)

    @extend_schema(
        summary="Eén besluit: uitkomst, motivering en bezwaartermijn",
        responses={200: BesluitLijstSerializer, 401: None, 403: None, 404: None},
    )
    def retrieve(self, request, pk=None):
        traject, aanvraag, besluit = selectors.besluit_get(actor=request.user, pk=pk)
        return Response(BesluitLijstSerializer(_besluit_met(traject, aanvraag, besluit)).data)

    @extend_schema(
        summary="De besluitbrief (beschikking) als PDF",
        description="Met de aanvraag, het besluit en de motivering, hoe de aanvraag is beoordeeld en hoe u "
        "bezwaar maakt. Elke download wordt als export in het auditlog vastgelegd.",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="De besluitbrief (PDF)."),
            401: None,
            403: None,
            404: None,
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[PdfRenderer], content_negotiation_class=EersteRenderer)
    def brief(self, request, pk=None):
        traject, aanvraag, besluit = selectors.besluit_get(actor=request.user, pk=pk, export=True)
        http_request = request._request
        html = besluitbrief.brief_html(request=http_request, traject=traject, aanvraag=aanvraag, besluit=besluit)
        return pdf_response(html, http_request, besluitbrief.bestandsnaam(besluit))

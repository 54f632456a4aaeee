"""Pupils, their parents and support levels through the API: same selectors, services, policies."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from passend.accounts.models import User
from passend.core.services import require
from passend.leerlingen import selectors, services
from passend.leerlingen.models import (
    ExterneToegang,
    Leerling,
    Ondersteuningsniveau,
    Ouder,
    Ouderschap,
    Thuiszitperiode,
    Toestemming,
)
from passend.leerlingen.niveaus import NIVEAU_CHOICES
from passend.leerlingen.policies import scholen_voor_nieuwe_leerling
from passend.organisaties.api import service_errors_as_400
from passend.organisaties.models import School


@extend_schema_field({"$ref": "#/components/schemas/ThuiszitRedenEnum"})
class _ThuiszitReden(serializers.ChoiceField):
    """Documented as the one enum of `thuiszit_reden` (write), not as a second enum named "reden",
    which would collide with the signal's reason in the schema. An ENUM_NAME_OVERRIDES entry in
    the settings would do the same."""


class ThuiszitperiodeSerializer(serializers.ModelSerializer):
    reden = _ThuiszitReden(choices=Thuiszitperiode.Reden.choices, read_only=True)

    class Meta:
        model = Thuiszitperiode
        fields = ["begindatum", "einddatum", "reden", "aanbod_op"]
        read_only_fields = fields


class LeerlingSerializer(serializers.ModelSerializer):
    huidig_niveau = serializers.IntegerField(read_only=True, allow_null=True)
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all())
    leerkrachten = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=User.objects.all())
    thuiszitperiodes = ThuiszitperiodeSerializer(
        many=True,
        read_only=True,
        help_text="Perioden waarin de leerling thuiszat of thuiszit, nieuwste eerst; een lopende periode heeft "
        "geen einddatum. Ze volgen `thuiszitter_sinds`.",
    )
    thuiszit_reden = serializers.ChoiceField(
        choices=Thuiszitperiode.Reden.choices,
        required=False,
        write_only=True,
        help_text="Reden van het thuiszitten, voor de lopende thuiszitperiode. Weglaten laat de reden zoals hij is.",
    )
    thuiszit_aanbod_op = serializers.DateField(
        required=False,
        allow_null=True,
        write_only=True,
        help_text="Datum waarop een onderwijsaanbod is gedaan, voor de lopende thuiszitperiode; niet vóór "
        "`thuiszitter_sinds`. Weglaten laat de datum zoals hij is; null wist hem.",
    )

    class Meta:
        model = Leerling
        fields = [
            "id",
            "school",
            "voornaam",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "groep",
            "leerkrachten",
            "postcode",
            "datum_inschrijving",
            "datum_uitschrijving",
            "thuiszitter_sinds",
            "thuiszit_reden",
            "thuiszit_aanbod_op",
            "thuiszitperiodes",
            "huidig_niveau",
        ]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["school"].read_only = True
        return fields


class OndersteuningsniveauSerializer(serializers.ModelSerializer):
    # Explicit, so the documented range does not depend on the database backend.
    niveau = serializers.ChoiceField(choices=NIVEAU_CHOICES)
    vastgesteld_door = serializers.CharField(source="vastgesteld_door.naam", read_only=True)

    class Meta:
        model = Ondersteuningsniveau
        fields = ["id", "niveau", "sinds", "reden", "vastgesteld_door", "vastgesteld_als", "vastgesteld_op"]
        read_only_fields = ["id", "vastgesteld_door", "vastgesteld_als", "vastgesteld_op"]


class OuderschapSerializer(serializers.ModelSerializer):
    naam = serializers.CharField(source="ouder.naam", max_length=200)
    email = serializers.EmailField(source="ouder.email", required=False, allow_blank=True)
    telefoon = serializers.CharField(source="ouder.telefoon", required=False, allow_blank=True, max_length=20)

    class Meta:
        model = Ouderschap
        fields = ["id", "naam", "relatie", "gezag", "email", "telefoon"]


class ToestemmingSerializer(serializers.ModelSerializer):
    ouder = serializers.PrimaryKeyRelatedField(
        queryset=Ouder.objects.all(), required=False, help_text="Verplicht als de school het besluit vastlegt."
    )
    ouder_naam = serializers.CharField(source="ouder.naam", read_only=True)
    vastgelegd_door = serializers.CharField(source="vastgelegd_door.naam", read_only=True)

    class Meta:
        model = Toestemming
        fields = ["id", "onderwerp", "besluit", "reikwijdte", "ouder", "ouder_naam", "datum", "vastgelegd_door"]
        read_only_fields = ["id", "ouder_naam", "vastgelegd_door"]


class ExterneToegangSerializer(serializers.ModelSerializer):
    naam = serializers.CharField(source="gebruiker.naam", read_only=True)
    email = serializers.EmailField(source="gebruiker.email", read_only=True)
    status = serializers.ChoiceField(choices=["actief", "verlopen", "beëindigd", "nog niet begonnen"], read_only=True)
    uitgenodigd_door = serializers.CharField(source="uitgenodigd_door.naam", read_only=True)
    beeindigd_door = serializers.CharField(source="beeindigd_door.naam", read_only=True, allow_null=True)

    class Meta:
        model = ExterneToegang
        fields = [
            "id",
            "naam",
            "email",
            "doel",
            "geldig_van",
            "geldig_tot",
            "status",
            "uitgenodigd_door",
            "uitgenodigd_op",
            "beeindigd_op",
            "beeindigd_door",
            "beeindigd_reden",
        ]
        read_only_fields = fields


class ExterneUitnodigingSerializer(serializers.Serializer):
    naam = serializers.CharField(max_length=200)
    email = serializers.EmailField(help_text="Het e-mailadres waarmee deze persoon als externe werkt.")
    doel = serializers.CharField(max_length=300, help_text="Waarvoor deze persoon meekijkt.")
    geldig_tot = serializers.DateField(help_text="Toegang tot en met deze datum; hoogstens een jaar na vandaag.")


class ToegangBeeindigenSerializer(serializers.Serializer):
    reden = serializers.CharField(
        max_length=200, help_text="Waarom de toegang eindigt; dit wordt bij de toegang vastgelegd."
    )


class InzageSerializer(serializers.Serializer):
    wanneer = serializers.DateTimeField(source="timestamp")
    wat = serializers.CharField()
    geweigerd = serializers.BooleanField()


ERRORS = {400: None, 401: None, 403: None, 404: None}


@extend_schema_view(
    list=extend_schema(
        summary="Leerlingen die u mag zien",
        parameters=[
            OpenApiParameter("zoek", str, description="Zoek op voor- of achternaam."),
            OpenApiParameter("groep", int, description="Groep 1 tot en met 8."),
            OpenApiParameter("niveau", int, description="Huidig ondersteuningsniveau 1 tot en met 5."),
        ],
        responses={200: LeerlingSerializer(many=True), 401: None, 403: None},
    ),
    retrieve=extend_schema(
        summary="Eén leerling", responses={200: LeerlingSerializer, 401: None, 403: None, 404: None}
    ),
    create=extend_schema(summary="Nieuwe leerling (IB'er of directeur)", responses={201: LeerlingSerializer, **ERRORS}),
    update=extend_schema(summary="Leerling wijzigen", responses={200: LeerlingSerializer, **ERRORS}),
    partial_update=extend_schema(summary="Leerling deels wijzigen", responses={200: LeerlingSerializer, **ERRORS}),
)
class LeerlingViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Leerling.objects.none()
    serializer_class = LeerlingSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Leerling.objects.none()
        params = self.request.query_params
        groep, niveau = params.get("groep", ""), params.get("niveau", "")
        return (
            selectors.leerling_list(
                actor=self.request.user,
                zoek=params.get("zoek", "")[:100],
                groep=int(groep) if groep.isdigit() and 1 <= int(groep) <= 8 else None,
                niveau=int(niveau) if niveau.isdigit() and 1 <= int(niveau) <= 5 else None,
            )
            .order_by("achternaam", "voornaam", "id")
            .prefetch_related("thuiszitperiodes")
        )

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action == "create" and not scholen_voor_nieuwe_leerling(request.user):
            require(request.user, "leerlingen.create", None)

    def get_object(self):
        leerling, _grant = selectors.leerling_get(actor=self.request.user, pk=self.kwargs["pk"])
        if self.action in ("update", "partial_update") or (self.action == "ouders" and self.request.method == "POST"):
            require(self.request.user, "leerlingen.change", leerling)
        if self.action == "ondersteuningsniveaus" and self.request.method == "POST":
            require(self.request.user, "leerlingen.set_niveau", leerling)
        if self.action == "toestemmingen" and self.request.method == "POST":
            require(self.request.user, "leerlingen.record_toestemming", leerling)
        if self.action == "ouders" and self.request.method == "GET":
            require(self.request.user, "leerlingen.view_contactgegevens", leerling)
        if self.action == "externen" and self.request.method == "POST":
            require(self.request.user, "leerlingen.invite_extern", leerling)
        return leerling

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        school = data.pop("school")
        leerkrachten = data.pop("leerkrachten", [])
        with service_errors_as_400():
            leerling = services.leerling_create(
                actor=self.request.user, school=school, data=data, leerkrachten=leerkrachten
            )
        serializer.instance = selectors.leerling_get(actor=self.request.user, pk=leerling.pk)[0]

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        leerkrachten = data.pop("leerkrachten", None)
        with service_errors_as_400():
            services.leerling_update(
                actor=self.request.user, leerling=serializer.instance, data=data, leerkrachten=leerkrachten
            )
        serializer.instance = selectors.leerling_get(actor=self.request.user, pk=serializer.instance.pk)[0]

    @extend_schema(
        methods=["GET"],
        summary="Verloop van het ondersteuningsniveau",
        responses={200: OndersteuningsniveauSerializer(many=True), 401: None, 403: None, 404: None},
    )
    @extend_schema(
        methods=["POST"],
        summary="Nieuw ondersteuningsniveau vaststellen",
        request=OndersteuningsniveauSerializer,
        responses={201: OndersteuningsniveauSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def ondersteuningsniveaus(self, request, pk=None):
        leerling = self.get_object()
        if request.method == "GET":
            return Response(OndersteuningsniveauSerializer(leerling.ondersteuningsniveaus.all(), many=True).data)
        serializer = OndersteuningsniveauSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors_as_400():
            rij = services.ondersteuningsniveau_set(actor=request.user, leerling=leerling, **serializer.validated_data)
        return Response(OndersteuningsniveauSerializer(rij).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary="Ouders en verzorgers van de leerling",
        responses={200: OuderschapSerializer(many=True), 401: None, 403: None, 404: None},
    )
    @extend_schema(
        methods=["POST"],
        summary="Ouder of verzorger toevoegen",
        request=OuderschapSerializer,
        responses={201: OuderschapSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def ouders(self, request, pk=None):
        leerling = self.get_object()
        if request.method == "GET":
            return Response(OuderschapSerializer(leerling.ouderschappen.all(), many=True).data)
        serializer = OuderschapSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        ouder = data.pop("ouder")
        with service_errors_as_400():
            ouderschap = services.ouder_add(actor=request.user, leerling=leerling, **ouder, **data)
        return Response(OuderschapSerializer(ouderschap).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Wie keek in het dossier (voor ouders en schoolleiding)",
        responses={200: InzageSerializer(many=True), 401: None, 403: None, 404: None},
    )
    @action(detail=True, methods=["get"])
    def inzage(self, request, pk=None):
        leerling, events = selectors.inzage_list(actor=request.user, leerling_pk=pk)
        page = self.paginate_queryset(events)
        rows = [
            {"timestamp": e.timestamp, "wat": selectors.inzage_zin(e), "geweigerd": e.result == "denied"} for e in page
        ]
        return self.get_paginated_response(InzageSerializer(rows, many=True).data)

    @extend_schema(
        methods=["GET"],
        summary="Alle besluiten over toestemming, nieuwste eerst",
        responses={200: ToestemmingSerializer(many=True), 401: None, 403: None, 404: None},
    )
    @extend_schema(
        methods=["POST"],
        summary="Een besluit over toestemming vastleggen",
        request=ToestemmingSerializer,
        responses={201: ToestemmingSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def toestemmingen(self, request, pk=None):
        leerling = self.get_object()
        if request.method == "GET":
            return Response(ToestemmingSerializer(leerling.toestemmingen.all(), many=True).data)
        serializer = ToestemmingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors_as_400():
            toestemming = services.toestemming_record(
                actor=request.user, leerling=leerling, **serializer.validated_data
            )
        return Response(ToestemmingSerializer(toestemming).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary="Externe betrokkenen bij dit dossier: wie heeft of had toegang (schoolleiding)",
        responses={200: ExterneToegangSerializer(many=True), 401: None, 403: None, 404: None},
    )
    @extend_schema(
        methods=["POST"],
        summary="Een externe uitnodigen voor dit dossier (alleen met toestemming van de ouders)",
        request=ExterneUitnodigingSerializer,
        responses={201: ExterneToegangSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def externen(self, request, pk=None):
        leerling = self.get_object()
        if request.method == "GET":
            toegangen = selectors.externe_toegang_list(actor=request.user, leerling=leerling)
            return Response(ExterneToegangSerializer(toegangen, many=True).data)
        serializer = ExterneUitnodigingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors_as_400():
            toegang = services.externe_toegang_invite(
                actor=request.user, leerling=leerling, **serializer.validated_data
            )
        return Response(ExterneToegangSerializer(toegang).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="De toegang van een externe beëindigen",
        request=ToegangBeeindigenSerializer,
        responses={200: ExterneToegangSerializer, **ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"externen/(?P<toegang_pk>[0-9]+)/beeindigen",
        url_name="externe-toegang-beeindigen",
    )
    def externe_toegang_beeindigen(self, request, pk=None, toegang_pk=None):
        _leerling, toegang = selectors.externe_toegang_get(actor=request.user, leerling_pk=pk, pk=toegang_pk)
        serializer = ToegangBeeindigenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors_as_400():
            toegang = services.externe_toegang_end(
                actor=request.user, toegang=toegang, reden=serializer.validated_data["reden"]
            )
        return Response(ExterneToegangSerializer(toegang).data)

"""The groeidocument through the API, per pupil: read, contribute, sign."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from passend.core.services import require
from passend.dossier import selectors, services
from passend.dossier.models import (
    OPP_VELDEN,
    Bijdrage,
    Document,
    Handelingsplan,
    Notitie,
    Ondertekening,
    OppDoel,
    OppEvaluatie,
    OppVersie,
    Sectie,
    Versie,
    Vertrouwelijkheid,
)
from passend.dossier.opp_stand import InstemmingStatus, instemming_van, is_beeindigd, volgende_evaluatie
from passend.leerlingen.models import Leerling, Ouder, Toestemming
from passend.organisaties.api import service_errors_as_400


class BijdrageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Bijdrage
        fields = ["sectie", "tekst", "auteur_naam", "als", "gewijzigd_op"]


class OndertekeningSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ondertekening
        fields = ["partij", "soort", "door_naam", "op"]


class VersieSerializer(serializers.ModelSerializer):
    nummer = serializers.IntegerField(read_only=True)
    bijdragen = BijdrageSerializer(many=True)
    ondertekeningen = OndertekeningSerializer(many=True)

    class Meta:
        model = Versie
        fields = ["nummer", "aangemaakt_op", "bevroren_op", "bijdragen", "ondertekeningen"]


class GroeidocumentSerializer(serializers.Serializer):
    leerling = serializers.IntegerField()
    versie = VersieSerializer(allow_null=True)
    versies = serializers.ListField(child=serializers.IntegerField(), help_text="Alle versienummers, nieuwste eerst.")


class BijdragenInSerializer(serializers.Serializer):
    teksten = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=services.MAX_TEKST),
        help_text=f"Per onderdeel ({', '.join(Sectie.values)}) uw eigen tekst; leeg verwijdert uw bijdrage.",
    )


class OndertekenInSerializer(serializers.Serializer):
    soort = serializers.ChoiceField(choices=Ondertekening.Soort.choices)


ERRORS = {400: None, 401: None, 403: None, 404: None}


class GroeidocumentViewSet(viewsets.GenericViewSet):
    """`/api/v1/groeidocumenten/{leerling_id}/`: the pupil's groeidocument."""

    queryset = Leerling.objects.none()
    serializer_class = GroeidocumentSerializer

    def _document(self, request, pk, nummer=None):
        leerling, grant, versie, versies = selectors.groeidocument_get(
            actor=request.user, leerling_pk=pk, nummer=nummer
        )
        data = {"leerling": leerling.pk, "versie": versie, "versies": [v.nummer for v in versies]}
        return leerling, GroeidocumentSerializer(data).data

    @extend_schema(
        summary="Het groeidocument van een leerling",
        parameters=[OpenApiParameter("versie", int, description="Versienummer; standaard de nieuwste.")],
        responses={200: GroeidocumentSerializer, 401: None, 403: None, 404: None},
    )
    def retrieve(self, request, pk=None):
        nummer = request.query_params.get("versie", "")
        _leerling, data = self._document(request, pk, int(nummer) if nummer.isdigit() else None)
        return Response(data)

    @extend_schema(
        summary="Uw eigen bijdragen opslaan",
        request=BijdragenInSerializer,
        responses={200: GroeidocumentSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def bijdragen(self, request, pk=None):
        leerling, _ = self._document(request, pk)
        require(request.user, "dossier.contribute", leerling)
        serializer = BijdragenInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors_as_400():
            services.bijdragen_save(actor=request.user, leerling=leerling, teksten=serializer.validated_data["teksten"])
        return Response(self._document(request, pk)[1])

    @extend_schema(
        summary="De huidige versie ondertekenen",
        request=OndertekenInSerializer,
        responses={201: GroeidocumentSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def ondertekenen(self, request, pk=None):
        leerling, _ = self._document(request, pk)
        require(request.user, "dossier.sign", leerling)
        serializer = OndertekenInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors_as_400():
            services.groeidocument_sign(actor=request.user, leerling=leerling, soort=serializer.validated_data["soort"])
        return Response(self._document(request, pk)[1], status=status.HTTP_201_CREATED)


class DocumentSerializer(serializers.ModelSerializer):
    geupload_door = serializers.CharField(source="geupload_door.naam", read_only=True)
    grootte = serializers.IntegerField(read_only=True, help_text="In bytes.")
    download = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "titel",
            "soort",
            "vertrouwelijkheid",
            "gedeeld_met_ouders",
            "delen_buiten_school",
            "bestandsnaam",
            "content_type",
            "grootte",
            "geupload_door",
            "geupload_op",
            "download",
        ]

    def get_download(self, document) -> str:
        return reverse("dossier:document_download", args=[document.leerling_id, document.pk])


class DocumentInSerializer(serializers.Serializer):
    titel = serializers.CharField(max_length=200)
    soort = serializers.ChoiceField(choices=Document.Soort.choices)
    bestand = serializers.FileField()
    vertrouwelijkheid = serializers.ChoiceField(choices=Vertrouwelijkheid.choices, default=Vertrouwelijkheid.SCHOOL)
    gedeeld_met_ouders = serializers.BooleanField(default=True)
    delen_buiten_school = serializers.BooleanField(default=False)


class NotitieSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notitie
        fields = ["id", "tekst", "vertrouwelijkheid", "gedeeld_met_ouders", "auteur_naam", "als", "op"]
        read_only_fields = ["id", "auteur_naam", "als", "op"]


class TijdlijnRegelSerializer(serializers.Serializer):
    moment = serializers.DateTimeField()
    soort = serializers.CharField()
    tekst = serializers.CharField()
    link = serializers.CharField(allow_null=True)


# --- Handelingsplan ---
# (Before DossierViewSet, whose `handelingsplannen` action documents itself with these serializers.)


def _verplicht(veld) -> dict:
    bericht = services.HANDELINGSPLAN_VERPLICHT[veld]
    # DRF's own Dutch for a bad date ("Date heeft het verkeerde formaat") is half English.
    datum = "Vul een geldige datum in, als JJJJ-MM-DD."
    return {"error_messages": {"required": bericht, "blank": bericht, "null": bericht, "invalid": datum}}


class HandelingsplanSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(
        choices=Handelingsplan.Status.choices,
        read_only=True,
        help_text="lopend; evaluatie_te_laat (de evaluatiedatum is voorbij); geevalueerd (afgesloten).",
    )

    class Meta:
        model = Handelingsplan
        fields = [
            "id",
            "leerling",
            *services.HANDELINGSPLAN_VELDEN,
            "status",
            "opgesteld_door_naam",
            "opgesteld_op",
            "gewijzigd_op",
            *services.EVALUATIE_VELDEN,
            "geevalueerd_door_naam",
        ]
        read_only_fields = [
            "leerling",
            "opgesteld_door_naam",
            "opgesteld_op",
            "gewijzigd_op",
            *services.EVALUATIE_VELDEN,
            "geevalueerd_door_naam",
        ]
        extra_kwargs = {
            veld: _verplicht(veld)
            for veld in services.HANDELINGSPLAN_VELDEN
            if veld in services.HANDELINGSPLAN_VERPLICHT
        }

    def validate(self, attrs):
        if self.partial and not attrs:
            raise serializers.ValidationError(
                f"Geef minstens één veld om te wijzigen: {', '.join(services.HANDELINGSPLAN_VELDEN)}."
            )
        return attrs


class HandelingsplanEvaluatieSerializer(serializers.Serializer):
    geevalueerd_op = serializers.DateField(**_verplicht("geevalueerd_op"))
    resultaat = serializers.ChoiceField(choices=Handelingsplan.Resultaat.choices, **_verplicht("resultaat"))
    evaluatie = serializers.CharField(
        max_length=Handelingsplan._meta.get_field("evaluatie").max_length, **_verplicht("evaluatie")
    )
    vervolg = serializers.ChoiceField(choices=Handelingsplan.Vervolg.choices, **_verplicht("vervolg"))


class HandelingsplanViewSet(viewsets.GenericViewSet):
    """`/api/v1/handelingsplannen/{id}/`: one plan, within access to its pupil."""

    queryset = Handelingsplan.objects.none()
    serializer_class = HandelingsplanSerializer

    def _plan(self, pk, *, bewerken=False):
        leerling, _grant, plan = selectors.handelingsplan_get(actor=self.request.user, pk=pk)
        if bewerken:
            require(self.request.user, "dossier.edit_handelingsplan", leerling)
        return plan

    @extend_schema(
        summary="Eén handelingsplan", responses={200: HandelingsplanSerializer, 401: None, 403: None, 404: None}
    )
    def retrieve(self, request, pk=None):
        return Response(HandelingsplanSerializer(self._plan(pk)).data)

    @extend_schema(
        summary="Handelingsplan aanpassen, zolang het niet geëvalueerd is",
        request=HandelingsplanSerializer,
        responses={200: HandelingsplanSerializer, **ERRORS},
    )
    def partial_update(self, request, pk=None):
        plan = self._plan(pk, bewerken=True)
        serializer = HandelingsplanSerializer(plan, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with service_errors_as_400():
            plan = services.handelingsplan_update(actor=request.user, plan=plan, data=serializer.validated_data)
        return Response(HandelingsplanSerializer(plan).data)

    @extend_schema(
        summary="Evaluatie vastleggen; daarna is het plan afgesloten",
        request=HandelingsplanEvaluatieSerializer,
        responses={200: HandelingsplanSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def evalueren(self, request, pk=None):
        plan = self._plan(pk, bewerken=True)
        serializer = HandelingsplanEvaluatieSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors_as_400():
            plan = services.handelingsplan_evaluate(actor=request.user, plan=plan, **serializer.validated_data)
        return Response(HandelingsplanSerializer(plan).data)


class DossierViewSet(viewsets.GenericViewSet):
    """`/api/v1/dossiers/{leerling_id}/…`: documents, logbook, timeline and handelingsplannen of a pupil."""

    queryset = Leerling.objects.none()
    serializer_class = TijdlijnRegelSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        methods=["GET"],
        summary="Documenten die u mag zien",
        responses={200: DocumentSerializer(many=True), 401: None, 403: None, 404: None},
    )
    @extend_schema(
        methods=["POST"],
        summary="Document toevoegen (multipart)",
        request={"multipart/form-data": DocumentInSerializer},
        responses={201: DocumentSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def documenten(self, request, pk=None):
        leerling, _grant, documenten, _ = selectors.documenten_en_notities(actor=request.user, leerling_pk=pk)
        if request.method == "GET":
            return Response(DocumentSerializer(documenten, many=True).data)
        require(request.user, "dossier.add_item", leerling)
        serializer = DocumentInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors_as_400():
            document = services.document_upload(actor=request.user, leerling=leerling, **serializer.validated_data)
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary="Logboek: notities die u mag zien",
        responses={200: NotitieSerializer(many=True), 401: None, 403: None, 404: None},
    )
    @extend_schema(
        methods=["POST"],
        summary="Notitie schrijven",
        request=NotitieSerializer,
        responses={201: NotitieSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def notities(self, request, pk=None):
        leerling, _grant, _, notities = selectors.documenten_en_notities(actor=request.user, leerling_pk=pk)
        if request.method == "GET":
            return Response(NotitieSerializer(notities, many=True).data)
        require(request.user, "dossier.add_item", leerling)
        serializer = NotitieSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors_as_400():
            notitie = services.notitie_add(actor=request.user, leerling=leerling, **serializer.validated_data)
        return Response(NotitieSerializer(notitie).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Tijdlijn: alles in het dossier dat u mag zien, nieuwste eerst",
        responses={200: TijdlijnRegelSerializer(many=True), 401: None, 403: None, 404: None},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def tijdlijn(self, request, pk=None):
        _leerling, regels = selectors.tijdlijn(actor=request.user, leerling_pk=pk)
        rows = [{"moment": m, "soort": s, "tekst": t, "link": link} for m, s, t, link in regels]
        return Response(TijdlijnRegelSerializer(rows, many=True).data)

    # --- Handelingsplan ---
    @extend_schema(
        methods=["GET"],
        summary="Handelingsplannen van de leerling, nieuwste eerst",
        responses={200: HandelingsplanSerializer(many=True), 401: None, 403: None, 404: None},
    )
    @extend_schema(
        methods=["POST"],
        summary="Nieuw handelingsplan (leerkracht, intern begeleider of directeur)",
        request=HandelingsplanSerializer,
        responses={201: HandelingsplanSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def handelingsplannen(self, request, pk=None):
        leerling, _grant, plannen = selectors.handelingsplan_list(actor=request.user, leerling_pk=pk)
        if request.method == "GET":
            return Response(HandelingsplanSerializer(plannen, many=True).data)
        require(request.user, "dossier.edit_handelingsplan", leerling)
        serializer = HandelingsplanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors_as_400():
            plan = services.handelingsplan_create(actor=request.user, leerling=leerling, data=serializer.validated_data)
        return Response(HandelingsplanSerializer(plan).data, status=status.HTTP_201_CREATED)


# --- OPP -----------------------------------------------------------------------------------


class OppDoelSerializer(serializers.ModelSerializer):
    class Meta:
        model = OppDoel
        fields = ["domein", "soort", "omschrijving", "streefdatum"]


class OppVersieSerializer(serializers.ModelSerializer):
    doelen = OppDoelSerializer(many=True, required=False)

    class Meta:
        model = OppVersie
        fields = [
            "nummer",
            *OPP_VELDEN,
            "doelen",
            "handelingsdeel_kenmerk",
            "gewijzigd_op",
            "vastgesteld_op",
            "vastgesteld_door_naam",
        ]
        read_only_fields = [
            "nummer",
            "handelingsdeel_kenmerk",
            "gewijzigd_op",
            "vastgesteld_op",
            "vastgesteld_door_naam",
        ]
        extra_kwargs = {veld: {"required": False} for veld in OPP_VELDEN}


class InstemmingSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=InstemmingStatus.choices)
    omschrijving = serializers.CharField(source="label")
    besluit = serializers.CharField(source="toestemming.besluit", allow_null=True, default=None)
    datum = serializers.DateField(source="toestemming.datum", allow_null=True, default=None)
    ouder = serializers.CharField(source="toestemming.ouder.naam", allow_null=True, default=None)


class OppEvaluatieSerializer(serializers.ModelSerializer):
    versie = serializers.IntegerField(source="versie.nummer", read_only=True)

    class Meta:
        model = OppEvaluatie
        fields = [
            "id",
            "datum",
            "aanwezig",
            "met_ouders",
            "bevindingen",
            "conclusie",
            "versie",
            "vastgelegd_door_naam",
            "vastgelegd_op",
        ]
        read_only_fields = ["id", "versie", "vastgelegd_door_naam", "vastgelegd_op"]


class OppSerializer(serializers.Serializer):
    leerling = serializers.IntegerField()
    versie = OppVersieSerializer(allow_null=True)
    versies = serializers.ListField(child=serializers.IntegerField(), help_text="Alle versienummers, nieuwste eerst.")
    instemming = InstemmingSerializer(
        allow_null=True, help_text="Het besluit van de ouders over het handelingsdeel van deze versie."
    )
    ontbreekt_voor_vaststellen = serializers.DictField(
        child=serializers.CharField(), help_text="Wat nog nodig is voordat dit concept kan worden vastgesteld."
    )
    volgende_evaluatie = serializers.DateField(allow_null=True)
    beeindigd = serializers.BooleanField()
    evaluaties = OppEvaluatieSerializer(many=True)


class OppInstemmingInSerializer(serializers.Serializer):
    besluit = serializers.ChoiceField(choices=Toestemming.Besluit.choices)
    datum = serializers.DateField()
    ouder = serializers.PrimaryKeyRelatedField(
        queryset=Ouder.objects.all(), required=False, help_text="Verplicht als de school het besluit vastlegt."
    )


class OppViewSet(viewsets.GenericViewSet):
    """`/api/v1/opps/{leerling_id}/`: the pupil's OPP, its concept, the parents' consent and evaluations."""

    queryset = Leerling.objects.none()
    serializer_class = OppSerializer

    def _opp(self, request, pk, nummer=None):
        leerling, _grant, versie, versies, evaluaties = selectors.opp_get(
            actor=request.user, leerling_pk=pk, nummer=nummer
        )
        instemming = instemming_van(versie.handelingsdeel_kenmerk, leerling.toestemmingen.all()) if versie else None
        data = {
            "leerling": leerling.pk,
            "versie": versie,
            "versies": [v.nummer for v in versies],
            "instemming": instemming,
            "ontbreekt_voor_vaststellen": (
                services.ontbreekt_voor_vaststellen(versie, instemming) if versie and not versie.is_vastgesteld else {}
            ),
            "volgende_evaluatie": volgende_evaluatie(versies, evaluaties),
            "beeindigd": is_beeindigd(versies, evaluaties),
            "evaluaties": evaluaties,
        }
        return leerling, OppSerializer(data).data

    @extend_schema(
        summary="Het OPP van een leerling",
        parameters=[OpenApiParameter("versie", int, description="Versienummer; standaard de nieuwste.")],
        responses={200: OppSerializer, 401: None, 403: None, 404: None},
    )
    def retrieve(self, request, pk=None):
        nummer = request.query_params.get("versie", "")
        return Response(self._opp(request, pk, int(nummer) if nummer.isdigit() else None)[1])

    @extend_schema(
        summary="Het concept schrijven (na vaststelling begint een nieuwe versie)",
        description="Velden die u weglaat blijven zoals ze zijn; `doelen`, als u het meestuurt, vervangt alle doelen.",
        request=OppVersieSerializer,
        responses={200: OppSerializer, **ERRORS},
    )
    def partial_update(self, request, pk=None):
        leerling, _ = self._opp(request, pk)
        require(request.user, "dossier.edit_opp", leerling)
        serializer = OppVersieSerializer(data=request.data, partial=True)
        onbekend = set(request.data) - {naam for naam, veld in serializer.fields.items() if not veld.read_only}
        if onbekend:
            raise ApiValidationError(dict.fromkeys(sorted(onbekend), ["Onbekend of niet te wijzigen veld."]))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        doelen = data.pop("doelen", None)
        with service_errors_as_400():
            services.opp_save(actor=request.user, leerling=leerling, data=data, doelen=doelen)
        return Response(self._opp(request, pk)[1])

    @extend_schema(
        summary="Besluit van de ouders over het handelingsdeel (van de nieuwste versie)",
        request=OppInstemmingInSerializer,
        responses={201: OppSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def instemming(self, request, pk=None):
        leerling, _ = self._opp(request, pk)
        require(request.user, "leerlingen.record_toestemming", leerling)
        serializer = OppInstemmingInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors_as_400():
            services.opp_instemming_record(actor=request.user, leerling=leerling, **serializer.validated_data)
        return Response(self._opp(request, pk)[1], status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Het concept vaststellen (alleen met instemming van de ouders met het handelingsdeel)",
        request=None,
        responses={200: OppSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def vaststellen(self, request, pk=None):
        leerling, _ = self._opp(request, pk)
        require(request.user, "dossier.vaststellen_opp", leerling)
        with service_errors_as_400():
            services.opp_vaststellen(actor=request.user, leerling=leerling)
        return Response(self._opp(request, pk)[1])

    @extend_schema(
        summary="Een evaluatie van het OPP vastleggen",
        request=OppEvaluatieSerializer,
        responses={201: OppEvaluatieSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def evaluaties(self, request, pk=None):
        leerling, _ = self._opp(request, pk)
        require(request.user, "dossier.evaluate_opp", leerling)
        serializer = OppEvaluatieSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors_as_400():
            evaluatie = services.opp_evaluatie_add(actor=request.user, leerling=leerling, **serializer.validated_data)
        return Response(OppEvaluatieSerializer(evaluatie).data, status=status.HTTP_201_CREATED)

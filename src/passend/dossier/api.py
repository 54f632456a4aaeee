"""The groeidocument through the API, per pupil: read, contribute, sign."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from passend.core.services import require
from passend.dossier import selectors, services
from passend.dossier.models import Bijdrage, Document, Notitie, Ondertekening, Sectie, Versie, Vertrouwelijkheid
from passend.leerlingen.models import Leerling
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


class DossierViewSet(viewsets.GenericViewSet):
    """`/api/v1/dossiers/{leerling_id}/…`: documents, logbook and timeline of a pupil."""

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
    @action(detail=True, methods=["get", "post"])
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
    @action(detail=True, methods=["get", "post"])
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
    @action(detail=True, methods=["get"])
    def tijdlijn(self, request, pk=None):
        _leerling, regels = selectors.tijdlijn(actor=request.user, leerling_pk=pk)
        rows = [{"moment": m, "soort": s, "tekst": t, "link": link} for m, s, t, link in regels]
        return Response(TijdlijnRegelSerializer(rows, many=True).data)

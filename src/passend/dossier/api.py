"""The groeidocument through the API, per pupil: read, contribute, sign."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from passend.core.services import require
from passend.dossier import selectors, services
from passend.dossier.models import Bijdrage, Ondertekening, Sectie, Versie
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

"""Read access to the partnership's organisations, through the same selectors as the UI."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from passend.organisaties import selectors
from passend.organisaties.models import (
    Deelverband,
    Deskundige,
    Samenwerkingsverband,
    School,
    Schoolbestuur,
    Voorziening,
)


class SamenwerkingsverbandSerializer(serializers.ModelSerializer):
    class Meta:
        model = Samenwerkingsverband
        fields = ["id", "naam", "code", "basisondersteuning"]


class DeelverbandSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deelverband
        fields = ["id", "samenwerkingsverband", "naam"]


class SchoolbestuurSerializer(serializers.ModelSerializer):
    class Meta:
        model = Schoolbestuur
        fields = ["id", "samenwerkingsverband", "naam", "bestuursnummer"]


class SchoolSerializer(serializers.ModelSerializer):
    class Meta:
        model = School
        fields = [
            "id",
            "samenwerkingsverband",
            "naam",
            "soort",
            "instellingscode",
            "schoolbestuur",
            "deelverband",
            "capaciteit",
            "profiel",
            "straat",
            "postcode",
            "plaats",
            "latitude",
            "longitude",
        ]


class VoorzieningSerializer(serializers.ModelSerializer):
    class Meta:
        model = Voorziening
        fields = [
            "id",
            "samenwerkingsverband",
            "naam",
            "soort",
            "capaciteit",
            "school",
            "omschrijving",
            "straat",
            "postcode",
            "plaats",
            "latitude",
            "longitude",
        ]


class DeskundigeSerializer(serializers.ModelSerializer):
    expertises = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Deskundige
        fields = ["id", "samenwerkingsverband", "naam", "organisatie", "discipline", "expertises", "uren_beschikbaar"]


ZOEK = OpenApiParameter("zoek", str, description="Zoek op (een deel van) de naam.")
ERRORS = {401: None, 403: None}


class OrganisatieViewSet(viewsets.ReadOnlyModelViewSet):
    """List and retrieve, scoped to the partnerships where the caller works."""

    model: type

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return selectors.organisatie_list(
            actor=self.request.user, model=self.model, zoek=self.request.query_params.get("zoek", "")[:100]
        ).order_by("naam", "id")

    def get_object(self):
        return selectors.organisatie_get(actor=self.request.user, model=self.model, pk=self.kwargs["pk"])


def _documented(model, serializer):
    name = model._meta.verbose_name_plural
    return extend_schema_view(
        list=extend_schema(
            summary=f"Lijst van {name}", parameters=[ZOEK], responses={200: serializer(many=True), **ERRORS}
        ),
        retrieve=extend_schema(
            summary=f"Eén {model._meta.verbose_name}", responses={200: serializer, 404: None, **ERRORS}
        ),
    )


@_documented(Samenwerkingsverband, SamenwerkingsverbandSerializer)
class SamenwerkingsverbandViewSet(OrganisatieViewSet):
    model = Samenwerkingsverband
    queryset = Samenwerkingsverband.objects.none()
    serializer_class = SamenwerkingsverbandSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return selectors.samenwerkingsverband_list(actor=self.request.user).order_by("naam", "id")


@_documented(Deelverband, DeelverbandSerializer)
class DeelverbandViewSet(OrganisatieViewSet):
    model = Deelverband
    queryset = Deelverband.objects.none()
    serializer_class = DeelverbandSerializer


@_documented(Schoolbestuur, SchoolbestuurSerializer)
class SchoolbestuurViewSet(OrganisatieViewSet):
    model = Schoolbestuur
    queryset = Schoolbestuur.objects.none()
    serializer_class = SchoolbestuurSerializer


@_documented(School, SchoolSerializer)
class SchoolViewSet(OrganisatieViewSet):
    model = School
    queryset = School.objects.none()
    serializer_class = SchoolSerializer


@_documented(Voorziening, VoorzieningSerializer)
class VoorzieningViewSet(OrganisatieViewSet):
    model = Voorziening
    queryset = Voorziening.objects.none()
    serializer_class = VoorzieningSerializer


@_documented(Deskundige, DeskundigeSerializer)
class DeskundigeViewSet(OrganisatieViewSet):
    model = Deskundige
    queryset = Deskundige.objects.none()
    serializer_class = DeskundigeSerializer

"""The partnership's organisations through the API: the same selectors and services as the UI.

Everyone who works in a partnership may read its organisations; its beheerder may create
and change them. Deleting is not offered (organisations are referenced by history).
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import capfirst
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError as ApiValidationError

from passend.core.services import require
from passend.organisaties import selectors, services
from passend.organisaties.models import (
    CAPACITEIT_MAX,
    Deelverband,
    Deskundige,
    Expertisethema,
    Samenwerkingsverband,
    School,
    Schoolbestuur,
    Voorziening,
)

ADRES = ["straat", "postcode", "plaats", "latitude", "longitude"]


class OrganisatieSerializer(serializers.ModelSerializer):
    """The partnership is chosen on creation and fixed afterwards."""

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and "samenwerkingsverband" in fields:
            fields["samenwerkingsverband"].read_only = True
        return fields

    class Meta:
        # Uniqueness within a partnership is checked by the service, with the UI's messages.
        validators = []
        read_only_fields = ["id"]


def _norm_weken(name: str):
    """A norm in weeks: the model's range and Dutch messages, the same on every database backend."""
    field = Samenwerkingsverband._meta.get_field(name)
    low = next(v for v in field._validators if isinstance(v, MinValueValidator))
    high = next(v for v in field._validators if isinstance(v, MaxValueValidator))
    return serializers.IntegerField(
        min_value=low.limit_value,
        max_value=high.limit_value,
        error_messages={"min_value": low.message, "max_value": high.message},
        required=False,
        label=capfirst(field.verbose_name),
        help_text=services.NORMEN[name],
    )


class SamenwerkingsverbandSerializer(serializers.ModelSerializer):
    norm_signaal_besluit_weken = _norm_weken("norm_signaal_besluit_weken")
    norm_aanvraag_besluit_weken = _norm_weken("norm_aanvraag_besluit_weken")
    norm_besluit_start_weken = _norm_weken("norm_besluit_start_weken")

    class Meta:
        model = Samenwerkingsverband
        fields = ["id", "naam", "code", "basisondersteuning", "thuisnabij_km", *services.NORMEN]
        read_only_fields = ["id", "code"]


class DeelverbandSerializer(OrganisatieSerializer):
    class Meta(OrganisatieSerializer.Meta):
        model = Deelverband
        fields = ["id", "samenwerkingsverband", "naam"]


class SchoolbestuurSerializer(OrganisatieSerializer):
    class Meta(OrganisatieSerializer.Meta):
        model = Schoolbestuur
        fields = ["id", "samenwerkingsverband", "naam", "bestuursnummer"]


# Occupancy of the places, where the partnership records it (the covering network, matching).
BEZETTING = ["bezette_plaatsen", "bezetting_peildatum"]


def _capaciteit(**kwargs):
    # Explicit, so the documented range does not depend on the database backend.
    return serializers.IntegerField(min_value=1, max_value=CAPACITEIT_MAX, label="capaciteit (plaatsen)", **kwargs)


class SchoolSerializer(OrganisatieSerializer):
    capaciteit = _capaciteit(required=False, allow_null=True)

    class Meta(OrganisatieSerializer.Meta):
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
            *BEZETTING,
            "profiel",
            *ADRES,
        ]


class VoorzieningSerializer(OrganisatieSerializer):
    capaciteit = _capaciteit()

    class Meta(OrganisatieSerializer.Meta):
        model = Voorziening
        fields = [
            "id",
            "samenwerkingsverband",
            "naam",
            "soort",
            "capaciteit",
            *BEZETTING,
            "school",
            "omschrijving",
            *ADRES,
        ]


class DeskundigeSerializer(OrganisatieSerializer):
    expertises = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=Expertisethema.objects.all()
    )

    class Meta(OrganisatieSerializer.Meta):
        model = Deskundige
        fields = [
            "id",
            "samenwerkingsverband",
            "naam",
            "organisatie",
            "discipline",
            "expertises",
            "uren_beschikbaar",
            "email",
        ]


@contextmanager
def service_errors_as_400():
    try:
        yield
    except ValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        raise ApiValidationError(detail)


def _object_for(view, model):
    """The object if the caller may see it (else 404); for a change, also the right to manage it (else 403)."""
    obj = selectors.organisatie_get(actor=view.request.user, model=model, pk=view.kwargs["pk"])
    if view.action in ("update", "partial_update"):
        require(view.request.user, "organisaties.manage", obj)
    return obj


ZOEK = OpenApiParameter("zoek", str, description="Zoek op (een deel van) de naam.")
READ_ERRORS = {401: None, 403: None}
WRITE_ERRORS = {400: None, 401: None, 403: None, 404: None}


class OrganisatieViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """List and retrieve within the caller's partnerships; create and change as its beheerder."""

    model: type

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return selectors.organisatie_list(
            actor=self.request.user, model=self.model, zoek=self.request.query_params.get("zoek", "")[:100]
        ).order_by("naam", "id")

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action == "create":
            # Refuse before validating; the service checks the partnership actually chosen.
            require(request.user, "organisaties.manage")

    def get_object(self):
        return _object_for(self, self.model)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        samenwerkingsverband = data.pop("samenwerkingsverband")
        with service_errors_as_400():
            serializer.instance = services.organisatie_create(
                actor=self.request.user, model=self.model, samenwerkingsverband=samenwerkingsverband, data=data
            )

    def perform_update(self, serializer):
        with service_errors_as_400():
            serializer.instance = services.organisatie_update(
                actor=self.request.user, instance=serializer.instance, data=dict(serializer.validated_data)
            )


def _documented(model, serializer, writes=("create", "update", "partial_update")):
    name, plural = model._meta.verbose_name, model._meta.verbose_name_plural
    write_docs = {
        "create": extend_schema(summary=f"Nieuw: {name} (beheerder)", responses={201: serializer, **WRITE_ERRORS}),
        "update": extend_schema(
            summary=f"{name.capitalize()} wijzigen (beheerder)", responses={200: serializer, **WRITE_ERRORS}
        ),
        "partial_update": extend_schema(
            summary=f"{name.capitalize()} deels wijzigen (beheerder)", responses={200: serializer, **WRITE_ERRORS}
        ),
    }
    return extend_schema_view(
        **{action: write_docs[action] for action in writes},
        list=extend_schema(
            summary=f"Lijst van {plural}", parameters=[ZOEK], responses={200: serializer(many=True), **READ_ERRORS}
        ),
        retrieve=extend_schema(summary=f"Eén {name}", responses={200: serializer, 404: None, **READ_ERRORS}),
    )


@_documented(Samenwerkingsverband, SamenwerkingsverbandSerializer, writes=("update", "partial_update"))
class SamenwerkingsverbandViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The caller's partnerships; a beheerder may change the name and the basisondersteuning."""

    queryset = Samenwerkingsverband.objects.none()
    serializer_class = SamenwerkingsverbandSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Samenwerkingsverband.objects.none()
        return selectors.samenwerkingsverband_list(actor=self.request.user).order_by("naam", "id")

    def get_object(self):
        return _object_for(self, Samenwerkingsverband)

    def perform_update(self, serializer):
        with service_errors_as_400():
            serializer.instance = services.samenwerkingsverband_update(
                actor=self.request.user, samenwerkingsverband=serializer.instance, data=dict(serializer.validated_data)
            )


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

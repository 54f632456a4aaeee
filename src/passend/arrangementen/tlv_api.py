"""The TLV through the API: the experts' advices on an application, the TLVs and their export
for the register, issuing the TLV on a decision, and objections. The same services
(arrangementen.tlv) and selectors (tlv_selectors) as the pages.

Conventions as in trajecten/api.py: what the caller may not see answers 404 (like what does not
exist); an id in a request body the caller may not use is a 400 on that field; invalid input a
400 with the Dutch message at the field; a refusal 403.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from passend.api.errors import veldfout
from passend.api.negotiation import EersteRenderer
from passend.arrangementen import tlv, tlv_policies, tlv_selectors
from passend.arrangementen.models import Bezwaar, Deskundigenadvies, Tlv
from passend.core import audit
from passend.core.services import require
from passend.organisaties.policies import swv_ids_with
from passend.trajecten import selectors
from passend.trajecten.api import ERRORS, KeuzeTekst, LeerlingKortSerializer, NaamSerializer, engine_errors
from passend.trajecten.models import Aanvraag, Besluit

NIET_GEZIEN = {401: None, 403: None, 404: None}


def _bool(waarde: str) -> bool:
    return waarde.lower() in ("1", "true", "ja")


def _aanvraag(request, pk) -> Aanvraag:
    """An application through its traject (as the application endpoints read it); 404 when unseen."""
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
    traject, _grant = selectors.traject_get(actor=request.user, pk=traject_id)
    aanvraag = selectors.aanvraag_get(actor=request.user, traject=traject, pk=pk)
    aanvraag.traject = traject
    return aanvraag


def _besluit(request, pk) -> Besluit:
    traject, aanvraag, besluit = selectors.besluit_get(actor=request.user, pk=pk)
    aanvraag.traject = traject
    besluit.aanvraag = aanvraag
    return besluit


# --- Deskundigenadvies ------------------------------------------------------------------------


class DeskundigenadviesSerializer(serializers.ModelSerializer):
    deskundige = NaamSerializer()
    discipline = serializers.CharField(help_text="De discipline van de deskundige toen het advies werd gegeven.")
    vastgelegd_door = serializers.CharField(source="vastgelegd_door.naam")

    class Meta:
        model = Deskundigenadvies
        fields = ["id", "deskundige", "discipline", "advies", "datum", "vastgelegd_door", "vastgelegd_op"]
        read_only_fields = fields


class AdviezenSerializer(serializers.Serializer):
    compleet = serializers.BooleanField(
        help_text="Twee aparte adviezen van deskundigen van buiten de school, van wie één orthopedagoog of psycholoog."
    )
    ontbreekt = serializers.CharField(
        allow_null=True, help_text="Waarom het advies nog niet compleet is; leeg als het is."
    )
    adviezen = DeskundigenadviesSerializer(many=True)


class DeskundigenadviesInSerializer(serializers.Serializer):
    deskundige = serializers.IntegerField(help_text="Een deskundige uit de pool van het samenwerkingsverband.")
    datum = serializers.DateField(help_text="Wanneer het advies is gegeven (niet in de toekomst).")
    advies = serializers.CharField(
        max_length=8000, allow_blank=True, help_text="Het eigen schriftelijke advies van deze deskundige."
    )


AANVRAAG_PK = OpenApiParameter("aanvraag_pk", int, OpenApiParameter.PATH, description="De aanvraag voor een TLV.")


class DeskundigenadviesViewSet(viewsets.GenericViewSet):
    """`/api/v1/aanvragen/{aanvraag_pk}/deskundigenadviezen/`: the experts' separate written advices on
    a TLV application; who reads the application reads them."""

    queryset = Deskundigenadvies.objects.none()
    serializer_class = DeskundigenadviesSerializer
    pagination_class = None

    def _tlv_aanvraag(self) -> Aanvraag:
        aanvraag = _aanvraag(self.request, self.kwargs["aanvraag_pk"])
        if not aanvraag.is_tlv:
            audit.log_denied(reason="geen aanvraag voor een TLV", obj=aanvraag, detail={"aanvraag": aanvraag.pk})
            raise Http404
        return aanvraag

    @extend_schema(
        summary="De deskundigenadviezen bij een aanvraag voor een TLV, en of het advies compleet is",
        parameters=[AANVRAAG_PK],
        responses={200: AdviezenSerializer, **NIET_GEZIEN},
    )
    def list(self, request, aanvraag_pk=None):
        stand = tlv_selectors.adviezen_van(actor=request.user, aanvraag=self._tlv_aanvraag())
        return Response(
            AdviezenSerializer({"compleet": stand.compleet, "ontbreekt": stand.fout, "adviezen": stand.adviezen}).data
        )

    @extend_schema(
        summary="Een advies vastleggen (medewerker van het samenwerkingsverband, of de deskundige zelf)",
        description="De wet vraagt twee aparte schriftelijke adviezen: één van een orthopedagoog of psycholoog, "
        "de tweede van bijvoorbeeld een jeugdarts, pedagoog, kinderpsychiater of maatschappelijk werker; niet van "
        "de aanvragende school, niet twee keer dezelfde deskundige. Een vastgelegd advies verandert niet.",
        parameters=[AANVRAAG_PK],
        request=DeskundigenadviesInSerializer,
        responses={201: DeskundigenadviesSerializer, **ERRORS},
    )
    def create(self, request, aanvraag_pk=None):
        aanvraag = self._tlv_aanvraag()
        deskundigen = tlv_selectors.advies_deskundigen(actor=request.user, aanvraag=aanvraag)
        if not deskundigen.exists():
            require(request.user, "arrangementen.toekennen", aanvraag.traject)  # 403, audited
        serializer = DeskundigenadviesInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["deskundige"] = deskundigen.filter(pk=data["deskundige"]).first()
        if data["deskundige"] is None:
            raise veldfout("deskundige", "Kies een deskundige uit de pool van uw samenwerkingsverband.")
        with engine_errors():
            advies = tlv.deskundigenadvies_vastleggen(actor=request.user, aanvraag=aanvraag, **data)
        return Response(DeskundigenadviesSerializer(advies).data, status=status.HTTP_201_CREATED)


# --- TLVs -------------------------------------------------------------------------------------


class TlvSerializer(serializers.ModelSerializer):
    nummer = serializers.CharField(source="besluit.nummer", help_text="Het besluitnummer, ook het nummer van de TLV.")
    besluit = serializers.IntegerField(source="besluit_id")
    leerling = LeerlingKortSerializer()
    soort = KeuzeTekst(choices=Tlv.SoortTlv.choices, read_only=True)
    categorie = KeuzeTekst(
        choices=Tlv.Categorie.choices, read_only=True, help_text="Bekostigingscategorie; alleen bij het SO."
    )
    einddatum = serializers.DateField(allow_null=True, help_text="Leeg bij een TLV voor de hele schoolloopbaan.")
    ontvangende_school = NaamSerializer()
    afgegeven_door = serializers.CharField(source="afgegeven_door.naam")
    loopt_binnenkort_af = serializers.SerializerMethodField(help_text="De TLV eindigt binnen drie maanden.")

    class Meta:
        model = Tlv
        fields = [
            "id",
            "nummer",
            "besluit",
            "leerling",
            "soort",
            "categorie",
            "startdatum",
            "einddatum",
            "hele_schoolloopbaan",
            "ontvangende_school",
            "terugkeer_gepland_op",
            "afgegeven_door",
            "afgegeven_op",
            "loopt_binnenkort_af",
        ]
        read_only_fields = fields

    def get_loopt_binnenkort_af(self, gegeven) -> bool:
        return tlv_selectors.loopt_binnenkort_af(gegeven)


class TlvAfgevenInSerializer(serializers.Serializer):
    ontvangende_school = serializers.IntegerField(help_text="Een sbo-school (TLV SBO) of so-school (TLV SO).")
    startdatum = serializers.DateField(help_text="Geldig vanaf.")
    einddatum = serializers.DateField(required=False, allow_null=True, help_text="Geldig tot en met.")
    hele_schoolloopbaan = serializers.BooleanField(
        default=False, help_text="Zonder einddatum, voor de hele schoolloopbaan."
    )
    categorie = KeuzeTekst(
        choices=Tlv.Categorie.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Alleen bij het SO; leeg: de categorie uit de aanvraag.",
    )
    terugkeer_gepland_op = serializers.DateField(
        required=False, allow_null=True, help_text="Bij een tijdelijke plaatsing: de geplande terugkeer."
    )


class CsvRenderer(BaseRenderer):
    """What the export produces (documents it, and accepts any Accept header); its errors stay
    JSON (TlvViewSet.finalize_response)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


BINNENKORT = OpenApiParameter(
    "binnenkort", bool, description="Alleen TLV's die binnen drie maanden aflopen, de eerstvolgende eerst."
)


class TlvViewSet(viewsets.GenericViewSet):
    """`/api/v1/tlvs/`: the TLVs the caller may see — the partnership's staff all of their partnership,
    a school its own pupils', parents their child's — and the export for the register."""

    queryset = Tlv.objects.none()
    serializer_class = TlvSerializer

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and isinstance(getattr(response, "accepted_renderer", None), CsvRenderer):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response

    @extend_schema(
        summary="TLV's die u mag zien, nieuwste eerst",
        parameters=[BINNENKORT],
        responses={200: TlvSerializer(many=True), 401: None, 403: None},
    )
    def list(self, request):
        tlvs = tlv_selectors.tlv_list(actor=request.user, binnenkort=_bool(request.query_params.get("binnenkort", "")))
        page = self.paginate_queryset(tlvs)
        return self.get_paginated_response(TlvSerializer(page, many=True).data)

    @extend_schema(summary="Eén TLV", responses={200: TlvSerializer, **NIET_GEZIEN})
    def retrieve(self, request, pk=None):
        gegeven, _grant = tlv_selectors.tlv_get(actor=request.user, pk=pk)
        return Response(TlvSerializer(gegeven).data)

    @extend_schema(
        summary="De TLV's van uw samenwerkingsverband voor het register (CSV; medewerkers van het SWV)",
        description="Per TLV: besluitnummer, het nummer van de leerling in Passend (nooit een BSN of naam), soort, "
        "categorie, startdatum en einddatum (leeg: hele schoolloopbaan). Elke export wordt vastgelegd in het auditlog.",
        parameters=[BINNENKORT],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="De TLV's als CSV."),
            401: None,
            403: None,
        },
    )
    @action(detail=False, methods=["get"], renderer_classes=[CsvRenderer], content_negotiation_class=EersteRenderer)
    def export(self, request):
        from passend.arrangementen.tlv_views import register_csv

        rijen = tlv_selectors.tlv_export_rijen(
            actor=request.user, formaat="csv", binnenkort=_bool(request.query_params.get("binnenkort", ""))
        )
        # The file itself (not a DRF Response): only errors go through the JSON renderer.
        response = HttpResponse(register_csv(rijen), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="tlvs.csv"'
        return response


class BesluitTlvViewSet(viewsets.GenericViewSet):
    """`/api/v1/besluiten/{id}/tlv/`: issuing the TLV a decision granted."""

    queryset = Besluit.objects.none()
    serializer_class = TlvSerializer

    @extend_schema(
        summary="De TLV afgeven op een toegekend besluit over een TLV-aanvraag",
        description="Medewerkers van het samenwerkingsverband dat het traject bereikte, of de casusregisseur. "
        "SBO of SO volgt uit de aanvraag; bij het SO met de bekostigingscategorie. Eén TLV per besluit; "
        "zij krijgt het nummer van het besluit.",
        request=TlvAfgevenInSerializer,
        responses={201: TlvSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="tlv", url_name="afgeven")
    def afgeven(self, request, pk=None):
        from passend.organisaties.models import School

        besluit = _besluit(request, pk)
        traject = besluit.aanvraag.traject
        require(request.user, "arrangementen.toekennen", traject)
        serializer = TlvAfgevenInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["ontvangende_school"] = School.objects.filter(
            pk=data["ontvangende_school"], samenwerkingsverband_id=traject.samenwerkingsverband_id
        ).first()
        if data["ontvangende_school"] is None:
            raise veldfout("ontvangende_school", "Kies een school uit het dekkend netwerk van uw samenwerkingsverband.")
        with engine_errors():
            gegeven = tlv.tlv_afgeven(actor=request.user, besluit=besluit, **data)
        gegeven, _grant = tlv_selectors.tlv_get(actor=request.user, pk=gegeven.pk)
        return Response(TlvSerializer(gegeven).data, status=status.HTTP_201_CREATED)


# --- Objections ---------------------------------------------------------------------------------


class BezwaarSerializer(serializers.ModelSerializer):
    besluit = serializers.IntegerField(source="besluit_id")
    besluitnummer = serializers.CharField(source="besluit.nummer")
    te_laat = serializers.BooleanField(source="is_te_laat", help_text="Ontvangen na de bezwaartermijn van zes weken.")
    doorsturen_uiterlijk = serializers.SerializerMethodField(
        help_text="Bij een TLV-besluit: uiterlijk doorsturen naar de LBT (14 dagen na ontvangst); anders leeg."
    )
    uitkomst = KeuzeTekst(choices=Bezwaar.Uitkomst.choices, read_only=True, help_text="Leeg zolang niet beslist.")

    class Meta:
        model = Bezwaar
        fields = [
            "id",
            "besluit",
            "besluitnummer",
            "ontvangen_op",
            "ingediend_door",
            "gronden",
            "te_laat",
            "doorsturen_uiterlijk",
            "doorgestuurd_op",
            "uitkomst",
            "uitkomst_op",
            "uitkomst_toelichting",
            "vastgelegd_op",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_doorsturen_uiterlijk(self, bezwaar):
        return bezwaar.doorsturen_uiterlijk if bezwaar.besluit.aanvraag.is_tlv else None


class BezwaarInSerializer(serializers.Serializer):
    besluit = serializers.IntegerField(help_text="Het besluit waartegen het bezwaar is gericht.")
    ontvangen_op = serializers.DateField(help_text="Wanneer het samenwerkingsverband het bezwaar ontving.")
    ingediend_door = serializers.CharField(max_length=200, help_text="Bijvoorbeeld: de moeder van de leerling.")
    gronden = serializers.CharField(max_length=8000, help_text="Waarom de indiener het niet eens is met het besluit.")


class DoorsturenInSerializer(serializers.Serializer):
    op = serializers.DateField(help_text="De datum van doorsturen naar de LBT (niet in de toekomst).")


class AfhandelenInSerializer(serializers.Serializer):
    uitkomst = KeuzeTekst(choices=Bezwaar.Uitkomst.choices)
    op = serializers.DateField(help_text="De datum van de beslissing op het bezwaar.")
    toelichting = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class BezwaarViewSet(viewsets.GenericViewSet):
    """`/api/v1/bezwaren/`: objections to decisions, for the partnership's staff: registered as
    received (late ones marked), for a TLV forwarded to the LBT within 14 days, and the outcome."""

    queryset = Bezwaar.objects.none()
    serializer_class = BezwaarSerializer

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action == "create" and not swv_ids_with(request.user, tlv_policies.BEZWAAR_ROLLEN):
            # Only the partnership's staff register objections: refused before validating.
            require(request.user, "arrangementen.bezwaren", None)

    @extend_schema(
        summary="Bezwaren tegen besluiten van uw samenwerkingsverband (medewerkers van het SWV)",
        parameters=[OpenApiParameter("besluit", int, description="Alleen de bezwaren tegen dit besluit.")],
        responses={200: BezwaarSerializer(many=True), 400: None, 401: None, 403: None},
    )
    def list(self, request):
        besluit = None
        gevraagd = request.query_params.get("besluit", "")
        if gevraagd:
            if not gevraagd.isdigit():
                raise veldfout("besluit", "Geef het nummer (id) van een besluit.")
            besluit = Besluit.objects.filter(pk=gevraagd).first()
            if besluit is None:
                return self.get_paginated_response(BezwaarSerializer(self.paginate_queryset([]), many=True).data)
        page = self.paginate_queryset(tlv_selectors.bezwaar_list(actor=request.user, besluit=besluit))
        return self.get_paginated_response(BezwaarSerializer(page, many=True).data)

    @extend_schema(summary="Eén bezwaar", responses={200: BezwaarSerializer, **NIET_GEZIEN})
    def retrieve(self, request, pk=None):
        return Response(BezwaarSerializer(tlv_selectors.bezwaar_get(actor=request.user, pk=pk)).data)

    @extend_schema(
        summary="Een bezwaar vastleggen zoals het binnenkwam",
        description="Ook een bezwaar dat na de zes weken binnenkwam wordt vastgelegd, met `te_laat`.",
        request=BezwaarInSerializer,
        responses={201: BezwaarSerializer, **ERRORS},
    )
    def create(self, request):
        serializer = BezwaarInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            besluit = _besluit(request, data.pop("besluit"))
        except Http404:
            raise veldfout("besluit", "Kies een besluit van een traject dat u mag zien.") from None
        with engine_errors():
            bezwaar = tlv.bezwaar_registreren(actor=request.user, besluit=besluit, **data)
        return Response(BezwaarSerializer(bezwaar).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Een bezwaar tegen een TLV-besluit doorsturen naar de LBT, met het dossier",
        description="Binnen 14 dagen na ontvangst: de aanvraag, beide deskundigenadviezen en het besluit. "
        "Alleen bij een besluit over een TLV; één keer.",
        request=DoorsturenInSerializer,
        responses={200: BezwaarSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def doorsturen(self, request, pk=None):
        bezwaar = tlv_selectors.bezwaar_get(actor=request.user, pk=pk)
        serializer = DoorsturenInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with engine_errors():
            bezwaar = tlv.bezwaar_doorsturen(actor=request.user, bezwaar=bezwaar, **serializer.validated_data)
        return Response(BezwaarSerializer(tlv_selectors.bezwaar_get(actor=request.user, pk=bezwaar.pk)).data)

    @extend_schema(
        summary="De uitkomst van een bezwaar vastleggen (één keer)",
        request=AfhandelenInSerializer,
        responses={200: BezwaarSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def afhandelen(self, request, pk=None):
        bezwaar = tlv_selectors.bezwaar_get(actor=request.user, pk=pk)
        serializer = AfhandelenInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with engine_errors():
            bezwaar = tlv.bezwaar_afhandelen(actor=request.user, bezwaar=bezwaar, **serializer.validated_data)
        return Response(BezwaarSerializer(tlv_selectors.bezwaar_get(actor=request.user, pk=bezwaar.pk)).data)

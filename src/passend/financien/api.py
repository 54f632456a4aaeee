"""The money through the API, read only: the budgets the caller manages, a budget's lines with
what is budgeted, committed, spent and available (from the ledger, as on the dashboard), its
income and forecast, the school budgets the caller may see, and one line's ledger. Entries are
written only by the grant and inzet services (arrangementen), never through this API.

The conventions of trajecten.api and instrumenten.api: what the caller may not see answers 404,
like what does not exist; every refusal and every view is audited by the selectors. Amounts are
decimal strings in euros with cents ("1234.56").
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from passend.financien import selectors
from passend.financien.models import Begroting, Boeking, Doel, Inkomstenregel, Post, Verdeelmodel
from passend.trajecten.api import KeuzeTekst, NaamSerializer

NIET_GEZIEN = {401: None, 403: None, 404: None}
BEDRAG = {"max_digits": 16, "decimal_places": 2}


def _bedrag(help_text: str = "") -> serializers.DecimalField:
    return serializers.DecimalField(**BEDRAG, help_text=help_text or "In euro's, met centen.")


# --- Output -----------------------------------------------------------------------------------


class VerdeelmodelKortSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    naam = serializers.CharField()
    preset = KeuzeTekst(
        choices=Verdeelmodel.Preset.choices, read_only=True, help_text="Het uitgangspunt; leeg bij een eigen model."
    )


class BegrotingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    samenwerkingsverband = serializers.IntegerField(source="samenwerkingsverband_id")
    jaar = serializers.IntegerField(help_text="Het boekjaar (kalenderjaar).")
    verdeelmodel = VerdeelmodelKortSerializer()
    peildatum = serializers.DateField(help_text="De leerlingtelling op deze datum bepaalt de schoolbudgetten.")
    toelichting = serializers.CharField()


class StandSerializer(serializers.Serializer):
    budget = _bedrag("Begroot: de som van de budgetboekingen.")
    verplicht = _bedrag("Vastgelegd en nog niet uitgegeven: de som van de verplichtingen.")
    gerealiseerd = _bedrag("Uitgegeven: de som van de realisaties.")
    beschikbaar = _bedrag("Budget min vastgelegd min uitgegeven.")


class PostStandSerializer(StandSerializer):
    id = serializers.IntegerField(
        source="post.pk", help_text="De begrotingspost; zijn boekingen onder /api/v1/begrotingsposten/{id}/boekingen/."
    )
    doel = KeuzeTekst(choices=Doel.choices, read_only=True, source="post.doel")
    naam = serializers.CharField(source="post.get_doel_display")


class SchoolStandSerializer(StandSerializer):
    id = serializers.IntegerField(source="post.pk", help_text="De begrotingspost van de school.")
    school = NaamSerializer(source="post.school")
    schoolbestuur = NaamSerializer(source="post.school.schoolbestuur")


class InkomstenregelSerializer(serializers.Serializer):
    soort = KeuzeTekst(choices=Inkomstenregel.Soort.choices, read_only=True)
    omschrijving = serializers.CharField()
    bedrag = _bedrag()


class PrognoseSerializer(serializers.Serializer):
    vast = _bedrag("Al uitgegeven en vastgelegd.")
    tempo_per_maand = _bedrag("Nieuwe toekenningen dit jaar, gemiddeld per maand.")
    verwacht = _bedrag("Verwacht aan het eind van het jaar: vast plus het tempo over de resterende dagen.")
    budget = _bedrag("Het budget zonder de post onvoorzien.")
    verschil = _bedrag("Budget min verwacht; negatief is een verwacht tekort.")
    resterend_dagen = serializers.IntegerField()


class BegrotingDetailSerializer(BegrotingSerializer):
    posten = PostStandSerializer(many=True, source="centraal", help_text="De centrale posten, de buffer erbij.")
    schoolbudgetten = StandSerializer(
        source="scholen_totaal",
        help_text="De schoolbudgetten samen; per school onder /api/v1/begrotingen/{id}/schoolbudgetten/.",
    )
    totaal = StandSerializer(help_text="Alle posten samen.")
    inkomsten = InkomstenregelSerializer(many=True)
    inkomsten_totaal = _bedrag()
    prognose = PrognoseSerializer()


class BoekingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    soort = KeuzeTekst(
        choices=Boeking.Soort.choices,
        read_only=True,
        help_text="budget: gegeven (+) of teruggenomen (−); verplichting: vastgelegd (+) of vrijgevallen (−); "
        "realisatie: uitgegeven (+) of gecorrigeerd (−).",
    )
    bedrag = _bedrag("Met teken, in euro's met centen.")
    datum = serializers.DateField()
    omschrijving = serializers.CharField()
    reden = serializers.CharField(help_text="Bij een budgetwijziging of het inzetten van de post onvoorzien.")
    arrangement = serializers.IntegerField(source="arrangement_id", allow_null=True)
    aanbieder = serializers.IntegerField(source="aanbieder_id", allow_null=True)
    inzet = serializers.IntegerField(source="inzet_id", allow_null=True)
    geboekt_door = serializers.CharField(source="geboekt_door_naam", help_text="Leeg bij een automatische boeking.")
    geboekt_als = serializers.CharField(help_text="De rol van wie boekte.")
    geboekt_op = serializers.DateTimeField()


# --- Views ------------------------------------------------------------------------------------


class BegrotingViewSet(viewsets.GenericViewSet):
    """`/api/v1/begrotingen/`: the budgets of the partnerships whose money the caller manages, and
    the school budgets a board or director sees."""

    queryset = Begroting.objects.none()
    serializer_class = BegrotingSerializer

    @extend_schema(
        summary="De begrotingen van de samenwerkingsverbanden waarvan u het geld beheert (management, beheerder)",
        description="Nieuwste jaar eerst. Een bestuur of directeur ziet hier niets; de schoolbudgetten van de eigen "
        "scholen staan onder /api/v1/begrotingen/{id}/schoolbudgetten/.",
        responses={200: BegrotingSerializer(many=True), 401: None, 403: None},
    )
    def list(self, request):
        begrotingen = selectors.begrotingen_van(actor=request.user).order_by("-jaar", "samenwerkingsverband_id", "id")
        page = self.paginate_queryset(begrotingen)
        return self.get_paginated_response(BegrotingSerializer(page, many=True).data)

    @extend_schema(
        summary="Eén begroting: per post begroot, vastgelegd, uitgegeven en beschikbaar, de inkomsten en de prognose",
        description="Alle bedragen komen uit het grootboek, zoals op het dashboard.",
        responses={200: BegrotingDetailSerializer, **NIET_GEZIEN},
    )
    def retrieve(self, request, pk=None):
        begroting = selectors.begroting_op_id(actor=request.user, pk=pk)
        d = selectors.dashboard(actor=request.user, begroting=begroting)
        return Response(
            BegrotingDetailSerializer(
                {
                    "id": begroting.pk,
                    "samenwerkingsverband_id": begroting.samenwerkingsverband_id,
                    "jaar": begroting.jaar,
                    "verdeelmodel": begroting.verdeelmodel,
                    "peildatum": begroting.peildatum,
                    "toelichting": begroting.toelichting,
                    "centraal": d.centraal,
                    "scholen_totaal": d.scholen_totaal,
                    "totaal": d.totaal,
                    "inkomsten": d.inkomsten,
                    "inkomsten_totaal": d.inkomsten_totaal,
                    "prognose": d.prognose,
                }
            ).data
        )

    @extend_schema(
        summary="De schoolbudgetten van een begroting: voor het samenwerkingsverband alle scholen, voor een bestuur "
        "of directeur de eigen",
        description="Op schoolnaam. Een begroting zonder een school die u mag zien: 404.",
        responses={200: SchoolStandSerializer(many=True), **NIET_GEZIEN},
    )
    @action(detail=True, methods=["get"])
    def schoolbudgetten(self, request, pk=None):
        _begroting, standen = selectors.schoolbudgetten(actor=request.user, pk=pk)
        page = self.paginate_queryset(standen)
        return self.get_paginated_response(SchoolStandSerializer(page, many=True).data)


POST_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="De begrotingspost.")


class BegrotingspostViewSet(viewsets.GenericViewSet):
    """`/api/v1/begrotingsposten/{id}/boekingen/`: one line's ledger. A central line for the
    partnership's management and beheerder; a school's line for whoever may see that school's budget."""

    queryset = Post.objects.none()
    serializer_class = BoekingSerializer

    @extend_schema(
        summary="De boekingen van één begrotingspost, nieuwste eerst",
        description="Boekingen veranderen nooit: een correctie is een nieuwe boeking. Ze ontstaan alleen bij "
        "toekennen, uren inzetten en beëindigen (arrangementen) en bij budgetwijzigingen op de pagina's.",
        parameters=[POST_ID],
        responses={200: BoekingSerializer(many=True), **NIET_GEZIEN},
    )
    @action(detail=True, methods=["get"])
    def boekingen(self, request, pk=None):
        post = selectors.post_get(actor=request.user, pk=pk)
        page = self.paginate_queryset(selectors.boekingen_van(actor=request.user, post=post))
        return self.get_paginated_response(BoekingSerializer(page, many=True).data)

"""Arrangements through the API: granting one on a decision, providers, hours, evaluations, the
parents' questionnaire and closing months. Thin over the same selectors and services as the pages.

The conventions of trajecten.api: what the caller may not see answers 404, like what does not
exist; an id in the body the caller may not use is a 400 on that field, with the same message
whether it exists or not; whoever sees the arrangement but may not do the action gets 403, before
their input is validated; invalid input is a 400 with Dutch messages per field, and nothing is saved.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from passend.api.errors import veldfout
from passend.arrangementen import selectors, services
from passend.arrangementen.models import (
    Aanbieder,
    Arrangement,
    Evaluatie,
    EvaluatieDoel,
    Inzet,
    Maandafsluiting,
    Plaatsingstaak,
    Soort,
    Status,
)
from passend.arrangementen.policies import POOLBEHEER
from passend.core import audit
from passend.core.authz import can
from passend.core.services import require
from passend.trajecten import selectors as traject_selectors
from passend.trajecten.api import ERRORS, KeuzeTekst, LeerlingKortSerializer, NaamSerializer, engine_errors
from passend.trajecten.policies import SWV_ROLLEN

UREN = {"max_digits": 9, "decimal_places": 2}
STATUS_FILTER = ["lopend", *Status.values]


# --- Output -----------------------------------------------------------------------------------


class ArrangementBesluitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nummer = serializers.CharField()


class ArrangementLijstSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    traject = serializers.IntegerField(source="traject_id")
    besluit = ArrangementBesluitSerializer()
    leerling = LeerlingKortSerializer(allow_null=True, help_text="Leeg bij een schoolarrangement.")
    school = NaamSerializer()
    soort = KeuzeTekst(choices=Soort.choices, read_only=True)
    status = KeuzeTekst(choices=Status.choices, read_only=True)
    startdatum = serializers.DateField()
    einddatum = serializers.DateField()
    uren_gepland = serializers.DecimalField(
        **UREN, help_text="Wat de lopende aanbieders gepland hebben, plus wat beëindigde aanbieders leverden."
    )
    uren_geleverd = serializers.DecimalField(**UREN)


class ArrangementDoelSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    omschrijving = serializers.CharField()
    opp_doel = serializers.IntegerField(source="opp_doel_id", allow_null=True, help_text="Het doel uit het OPP.")


class AanbiederSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    soort = KeuzeTekst(choices=Aanbieder.SoortAanbieder.choices, read_only=True)
    deskundige = serializers.IntegerField(source="deskundige_id", allow_null=True)
    naam = serializers.CharField()
    uren_gepland = serializers.DecimalField(**UREN)
    uren_geleverd = serializers.DecimalField(**UREN, required=False)
    toegewezen_op = serializers.DateTimeField()
    beeindigd_op = serializers.DateTimeField(allow_null=True)
    actief = serializers.BooleanField(source="is_actief")


class ArrangementGebeurtenisSerializer(serializers.Serializer):
    status = KeuzeTekst(choices=Status.choices, read_only=True)
    van_soort = serializers.CharField(help_text="Bij een omzetting: de soort ervoor.")
    naar_soort = serializers.CharField()
    einddatum = serializers.DateField(allow_null=True, help_text="De (nieuwe) einddatum, als die veranderde.")
    toelichting = serializers.CharField()
    door_naam = serializers.CharField()
    op = serializers.DateTimeField()


class EvaluatieResultaatSerializer(serializers.Serializer):
    doel = serializers.IntegerField(source="doel_id")
    resultaat = KeuzeTekst(choices=EvaluatieDoel.Resultaat.choices, read_only=True)


class OuderVragenlijstSerializer(serializers.Serializer):
    ouder = serializers.CharField(source="ouder.naam")
    helpt = serializers.IntegerField()
    betrokken = serializers.IntegerField()
    afspraken = serializers.IntegerField()
    opmerking = serializers.CharField()
    ingevuld_op = serializers.DateTimeField()


class EvaluatieSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    moment = KeuzeTekst(choices=Evaluatie.Moment.choices, read_only=True)
    gepland_op = serializers.DateField(help_text="Uiterlijk op.")
    te_laat = serializers.BooleanField(source="is_te_laat")
    datum = serializers.DateField(allow_null=True, help_text="Gehouden op; leeg zolang ze gepland is.")
    uitkomst = serializers.CharField()
    visie_leerkracht = serializers.CharField()
    visie_ouders = serializers.CharField()
    visie_leerling = serializers.CharField()
    toelichting = serializers.CharField()
    vastgelegd_door_naam = serializers.CharField()
    resultaten = EvaluatieResultaatSerializer(many=True)
    oudervragenlijsten = OuderVragenlijstSerializer(many=True)


class PlaatsingstaakSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    soort = KeuzeTekst(choices=Plaatsingstaak.SoortTaak.choices, read_only=True)
    volgnummer = serializers.IntegerField()
    uiterlijk = serializers.DateField()
    gedaan_op = serializers.DateField(allow_null=True)
    verslag = serializers.CharField()


class ArrangementSerializer(ArrangementLijstSerializer):
    ontvangers = serializers.ListField(child=serializers.CharField(), help_text="Voor wie.")
    doel_omschrijving = serializers.CharField()
    activiteiten = serializers.CharField()
    plaats = KeuzeTekst(choices=Arrangement.Plaats.choices, read_only=True)
    plaats_school = NaamSerializer(allow_null=True)
    plaats_voorziening = NaamSerializer(allow_null=True)
    rooster = serializers.CharField()
    materiaalbudget = serializers.DecimalField(**UREN, help_text="In euro's.")
    materiaal_besteed = serializers.DecimalField(
        **UREN, help_text="In euro's: wat er van het budget voor materialen is gekocht (…/materiaaluitgaven/)."
    )
    financiering = KeuzeTekst(choices=Arrangement.Financiering.choices, read_only=True)
    doelen = ArrangementDoelSerializer(many=True)
    aanbieders = AanbiederSerializer(many=True)
    gebeurtenissen = ArrangementGebeurtenisSerializer(many=True)
    evaluaties = EvaluatieSerializer(many=True)
    plaatsingstaken = PlaatsingstaakSerializer(many=True)


class SuggestieSerializer(serializers.Serializer):
    deskundige = serializers.IntegerField(source="deskundige.pk")
    naam = serializers.CharField(source="deskundige.naam")
    discipline = serializers.CharField(source="deskundige.get_discipline_display")
    past_bij_thema = serializers.BooleanField(source="thema")
    uren_vrij = serializers.DecimalField(**UREN, help_text="Uren vrij dit schooljaar.")
    afstand_km = serializers.FloatField(allow_null=True, help_text="Afstand tot de school, als die bekend is.")
    waarom = serializers.CharField()


class ToeTeWijzenSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="arrangement.pk")
    traject = serializers.IntegerField(source="arrangement.traject_id")
    leerling = LeerlingKortSerializer(source="arrangement.leerling", allow_null=True)
    school = NaamSerializer(source="arrangement.school")
    soort = KeuzeTekst(source="arrangement.soort", choices=Soort.choices, read_only=True)
    startdatum = serializers.DateField(source="arrangement.startdatum")
    einddatum = serializers.DateField(source="arrangement.einddatum")
    expertisethema = serializers.CharField(
        source="arrangement.besluit.aanvraag.expertisethema.naam", allow_null=True, default=None
    )
    mag_toewijzen = serializers.BooleanField(help_text="Of u bij dit arrangement zelf mag toewijzen.")
    suggesties = SuggestieSerializer(many=True, help_text="De beste drie uit de pool, de beste eerst.")


class InzetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    aanbieder = serializers.IntegerField(source="aanbieder_id")
    datum = serializers.DateField()
    activiteit = KeuzeTekst(choices=Inzet.Activiteit.choices, read_only=True)
    uren = serializers.DecimalField(max_digits=5, decimal_places=2)
    toelichting = serializers.CharField()
    geboekt_op = serializers.DateTimeField()


class MateriaaluitgaveSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    datum = serializers.DateField()
    bedrag = serializers.DecimalField(**UREN, help_text="In euro's.")
    omschrijving = serializers.CharField()
    geboekt_op = serializers.DateTimeField()


class MaandafsluitingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    samenwerkingsverband = serializers.IntegerField(source="samenwerkingsverband_id")
    jaar = serializers.IntegerField()
    maand = serializers.IntegerField()
    afgesloten_door = serializers.CharField(source="afgesloten_door.naam")
    afgesloten_op = serializers.DateTimeField()


def _detail_data(arrangement: Arrangement) -> dict:
    detail = selectors.arrangement_detail(arrangement=arrangement)
    data = {veld: getattr(arrangement, veld) for veld in ArrangementSerializer().fields if hasattr(arrangement, veld)}
    return {
        **data,
        "traject_id": arrangement.traject_id,
        **{k: detail[k] for k in ("doelen", "aanbieders", "gebeurtenissen", "evaluaties", "plaatsingstaken")},
        "uren_gepland": detail["uren_gepland"],
        "uren_geleverd": detail["uren_geleverd"],
        "materiaal_besteed": detail["materiaal_besteed"],
    }


# --- Input ------------------------------------------------------------------------------------


class ArrangementDoelInSerializer(serializers.Serializer):
    omschrijving = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    opp_doel = serializers.IntegerField(
        required=False, allow_null=True, help_text="Een doel uit het OPP van de leerling; zonder omschrijving telt dat."
    )


class ArrangementInSerializer(serializers.Serializer):
    besluit = serializers.IntegerField(help_text="Het besluit dat de aanvraag (deels) toekende.")
    soort = KeuzeTekst(choices=Soort.choices, help_text="Een soort die past bij wat is aangevraagd en besloten.")
    ontvangers = serializers.ListField(
        child=serializers.ChoiceField(choices=Arrangement.Ontvanger.choices), help_text="Voor wie."
    )
    doel_omschrijving = serializers.CharField(max_length=4000)
    doelen = ArrangementDoelInSerializer(many=True, required=False, default=list)
    activiteiten = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    plaats = KeuzeTekst(choices=Arrangement.Plaats.choices, required=False, default="eigen_school")
    plaats_school = serializers.IntegerField(required=False, allow_null=True)
    plaats_voorziening = serializers.IntegerField(required=False, allow_null=True)
    rooster = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text="Bijvoorbeeld: drie ochtenden per week."
    )
    startdatum = serializers.DateField()
    einddatum = serializers.DateField()
    materiaalbudget = serializers.DecimalField(**UREN, required=False, default="0", help_text="In euro's.")
    financiering = KeuzeTekst(choices=Arrangement.Financiering.choices, required=False, default="swv")
    terugkeer_op = serializers.DateField(
        required=False, allow_null=True, help_text="Alleen bij een tijdelijke plaatsing: de geplande terugkeer."
    )


class AanbiederInSerializer(serializers.Serializer):
    soort = KeuzeTekst(choices=Aanbieder.SoortAanbieder.choices)
    deskundige = serializers.IntegerField(
        required=False, allow_null=True, help_text="Een deskundige uit de pool (nodig bij `deskundige`)."
    )
    naam = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    uren_gepland = serializers.DecimalField(max_digits=7, decimal_places=2, help_text="Voor de hele looptijd.")


class InzetInSerializer(serializers.Serializer):
    aanbieder = serializers.IntegerField(help_text="Een lopende aanbieder van dit arrangement.")
    datum = serializers.DateField(help_text="Niet in de toekomst, niet in een afgesloten maand.")
    activiteit = KeuzeTekst(choices=Inzet.Activiteit.choices)
    uren = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Tussen 0,25 en 24.")
    toelichting = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class MateriaaluitgaveInSerializer(serializers.Serializer):
    datum = serializers.DateField(
        help_text="Van aankoop: binnen de looptijd, niet in de toekomst of een afgesloten maand."
    )
    bedrag = serializers.DecimalField(**UREN, help_text="In euro's; samen niet meer dan het budget voor materialen.")
    omschrijving = serializers.CharField(max_length=200, help_text="Wat er is gekocht.")


class EvaluatieResultaatInSerializer(serializers.Serializer):
    doel = serializers.IntegerField()
    resultaat = KeuzeTekst(choices=EvaluatieDoel.Resultaat.choices)


class EvaluatieInSerializer(serializers.Serializer):
    datum = serializers.DateField(help_text="Gehouden op (niet in de toekomst).")
    resultaten = EvaluatieResultaatInSerializer(many=True, help_text="Een resultaat voor elk doel van het arrangement.")
    uitkomst = KeuzeTekst(choices=Evaluatie.Uitkomst.choices)
    visie_leerkracht = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    visie_ouders = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    visie_leerling = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    toelichting = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    nieuwe_doelen = serializers.ListField(
        child=serializers.CharField(max_length=1000), required=False, default=list, help_text="Bij `nieuwe_doelen`."
    )


SCORE = "1 = nee, 2 = een beetje, 3 = grotendeels, 4 = ja."


class OuderVragenlijstInSerializer(serializers.Serializer):
    helpt = serializers.IntegerField(min_value=1, max_value=4, help_text=f"Helpt het arrangement uw kind? {SCORE}")
    betrokken = serializers.IntegerField(min_value=1, max_value=4, help_text=f"Voelt u zich betrokken? {SCORE}")
    afspraken = serializers.IntegerField(min_value=1, max_value=4, help_text=f"Worden de afspraken nagekomen? {SCORE}")
    opmerking = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class PlaatsingstaakInSerializer(serializers.Serializer):
    verslag = serializers.CharField(max_length=4000, help_text="Wat is er gedaan of gezien.")
    op = serializers.DateField(required=False, help_text="Gedaan op; zonder datum vandaag, niet in de toekomst.")


class ArrangementToelichtingInSerializer(serializers.Serializer):
    toelichting = serializers.CharField(max_length=2000, help_text="Waarom.")


class VerlengenInSerializer(ArrangementToelichtingInSerializer):
    einddatum = serializers.DateField(help_text="Na de huidige einddatum, binnen de langste looptijd van de soort.")


class OmzettenInSerializer(ArrangementToelichtingInSerializer):
    naar_soort = KeuzeTekst(choices=[(w, label) for w, label in Soort.choices if w in services.OMZETBAAR])


class MaandafsluitingInSerializer(serializers.Serializer):
    jaar = serializers.IntegerField(min_value=2000, max_value=2100)
    maand = serializers.IntegerField(min_value=1, max_value=12)
    samenwerkingsverband = serializers.IntegerField(
        required=False, help_text="Alleen nodig als u voor meer dan één samenwerkingsverband maanden afsluit."
    )


# --- Arrangements -------------------------------------------------------------------------------

EVALUATIE = OpenApiParameter("evaluatie_pk", int, OpenApiParameter.PATH, description="De evaluatie.")
AANBIEDER = OpenApiParameter("aanbieder_pk", int, OpenApiParameter.PATH, description="De aanbieder.")
PLAATSINGSTAAK = OpenApiParameter("taak_pk", int, OpenApiParameter.PATH, description="De taak bij de plaatsing.")
KIES_DOEL = "Kies een doel uit het OPP van deze leerling."


class ArrangementViewSet(viewsets.GenericViewSet):
    """`/api/v1/arrangementen/`: the arrangements the caller may see and everything that happens to them."""

    queryset = Arrangement.objects.none()
    serializer_class = ArrangementSerializer

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action == "create":
            # Refused before validating; the service checks the traject of the decision chosen.
            from passend.trajecten.models import Traject

            user = request.user
            if not user.rollen() & SWV_ROLLEN and not Traject.objects.filter(casusregisseur_id=user.pk).exists():
                require(user, "arrangementen.toekennen", None)

    def _arrangement(self, pk, permission: str = "", obj=None) -> Arrangement:
        arrangement, _grant = selectors.arrangement_get(actor=self.request.user, pk=pk)
        if permission:
            require(self.request.user, permission, obj(arrangement) if obj else arrangement)
        return arrangement

    def _detail(self, pk, **kwargs) -> Response:
        arrangement, _grant = selectors.arrangement_get(actor=self.request.user, pk=pk)
        return Response(ArrangementSerializer(_detail_data(arrangement)).data, **kwargs)

    @extend_schema(
        summary="Arrangementen die u mag zien, nieuwste eerst, met geplande en geleverde uren",
        parameters=[
            OpenApiParameter("status", str, enum=STATUS_FILTER, description="`lopend`: alles wat niet beëindigd is.")
        ],
        responses={200: ArrangementLijstSerializer(many=True), 401: None, 403: None},
    )
    def list(self, request):
        statusfilter = request.query_params.get("status", "")
        rijen = selectors.arrangement_list(
            actor=request.user, status=statusfilter if statusfilter in STATUS_FILTER else ""
        ).select_related("besluit")
        page = self.paginate_queryset(rijen)
        return self.get_paginated_response(ArrangementLijstSerializer(page, many=True).data)

    @extend_schema(
        summary="Toewijzen: toegekende arrangementen zonder deskundige uit de pool, met suggesties",
        description="Voor de teamleider en de trajectbegeleider; de oudste start eerst. Een tijdelijke plaatsing "
        "of observatieplek staat er niet bij: die geeft de ontvangende school of voorziening. Toewijzen gaat met "
        "`POST /arrangementen/{id}/aanbieders/`.",
        responses={200: ToeTeWijzenSerializer(many=True), 401: None, 403: None},
    )
    @action(detail=False, methods=["get"])
    def toewijzen(self, request):
        if not request.user.rollen() & POOLBEHEER:
            audit.log_denied(reason="geen rol in het beheer van de pool", object_type="arrangementen.arrangement")
            raise PermissionDenied
        page = self.paginate_queryset(selectors.toe_te_wijzen(actor=request.user))
        rijen = selectors.toewijzen_overzicht(actor=request.user, arrangementen=page)
        return self.get_paginated_response(ToeTeWijzenSerializer(rijen, many=True).data)

    @extend_schema(
        summary="Eén arrangement: doelen, aanbieders met uren, geschiedenis, evaluaties en plaatsingstaken",
        responses={200: ArrangementSerializer, 401: None, 403: None, 404: None},
    )
    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(
        summary="Een arrangement vastleggen bij een toegekend besluit (het samenwerkingsverband)",
        description="De evaluaties worden gepland volgens de route van het traject; bij een tijdelijke plaatsing "
        "ook de taken rond de terugkeer. Bij elk besluit hoort één arrangement.",
        request=ArrangementInSerializer,
        responses={201: ArrangementSerializer, **ERRORS},
    )
    def create(self, request):
        from passend.dossier.models import OppDoel
        from passend.organisaties.models import School, Voorziening

        serializer = ArrangementInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        actor = request.user
        try:
            traject, aanvraag, besluit = traject_selectors.besluit_get(actor=actor, pk=data.pop("besluit"))
        except Http404:
            raise veldfout("besluit", "Kies een besluit dat u mag zien.") from None
        besluit.aanvraag = aanvraag
        require(actor, "arrangementen.toekennen", traject)
        swv = traject.samenwerkingsverband_id
        for veld, model in (("plaats_school", School), ("plaats_voorziening", Voorziening)):
            if data.get(veld) is not None:
                data[veld] = model.objects.filter(pk=data[veld], samenwerkingsverband_id=swv).first()
                if data[veld] is None:
                    raise veldfout(veld, "Kies uit het dekkend netwerk van uw samenwerkingsverband.")
        doelen = []
        mag_opp = traject.leerling_id is not None and can(actor, "dossier.view_opp", traject.leerling)
        for i, doel in enumerate(data.pop("doelen")):
            doel = dict(doel)
            if doel.get("opp_doel") is not None:
                opp_doel = OppDoel.objects.filter(pk=doel["opp_doel"], versie__opp__leerling_id=traject.leerling_id)
                doel["opp_doel"] = opp_doel.select_related("versie__opp").first() if mag_opp else None
                if doel["opp_doel"] is None:
                    raise veldfout(f"doelen_{i}", KIES_DOEL)
            doelen.append(doel)
        with engine_errors():
            arrangement = services.arrangement_toekennen(actor=actor, besluit=besluit, doelen=doelen, **data)
        return self._detail(arrangement.pk, status=status.HTTP_201_CREATED)

    # --- Its life ---

    def _wijzig(self, request, pk, permission, obj, invoer, dienst):
        arrangement = self._arrangement(pk, permission, obj)
        gegevens = {}
        if invoer is not None:
            serializer = invoer(data=request.data)
            serializer.is_valid(raise_exception=True)
            gegevens = serializer.validated_data
        with engine_errors():
            dienst(actor=request.user, arrangement=arrangement, **gegevens)
        return self._detail(pk)

    @extend_schema(
        summary="Het arrangement laten lopen (de ondersteuning is begonnen)",
        request=None,
        responses={200: ArrangementSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def starten(self, request, pk=None):
        return self._wijzig(request, pk, "arrangementen.toewijzen", None, None, services.arrangement_starten)

    @extend_schema(
        summary="Verlengen tot een latere einddatum",
        request=VerlengenInSerializer,
        responses={200: ArrangementSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def verlengen(self, request, pk=None):
        return self._wijzig(
            request,
            pk,
            "arrangementen.toekennen",
            lambda a: a.traject,
            VerlengenInSerializer,
            services.arrangement_verlengen,
        )

    @extend_schema(
        summary="Beëindigen; geplande evaluaties vervallen, de aanbieders stoppen",
        request=ArrangementToelichtingInSerializer,
        responses={200: ArrangementSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def beeindigen(self, request, pk=None):
        return self._wijzig(
            request,
            pk,
            "arrangementen.evalueren",
            None,
            ArrangementToelichtingInSerializer,
            services.arrangement_beeindigen,
        )

    @extend_schema(
        summary="Omzetten tussen schoolarrangement en specialistische expertise; uren en geschiedenis blijven",
        request=OmzettenInSerializer,
        responses={200: ArrangementSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def omzetten(self, request, pk=None):
        return self._wijzig(
            request, pk, "arrangementen.toewijzen", None, OmzettenInSerializer, services.arrangement_omzetten
        )

    # --- Providers ---

    @extend_schema(
        summary="Een aanbieder toewijzen met geplande uren (vervangen: beëindig eerst de huidige)",
        description="Een deskundige uit de pool met een account wordt betrokkene bij het traject.",
        request=AanbiederInSerializer,
        responses={201: AanbiederSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def aanbieders(self, request, pk=None):
        arrangement = self._arrangement(pk, "arrangementen.toewijzen")
        serializer = AanbiederInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.get("deskundige") is not None:
            data["deskundige"] = selectors.pool_van(arrangement).filter(pk=data["deskundige"]).first()
            if data["deskundige"] is None:
                raise veldfout("deskundige", "Kies een deskundige uit de pool van uw samenwerkingsverband.")
        with engine_errors():
            aanbieder = services.aanbieder_toewijzen(actor=request.user, arrangement=arrangement, **data)
        aanbieder.uren_geleverd = 0
        return Response(AanbiederSerializer(aanbieder).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Een aanbieder beëindigen; de geboekte uren blijven",
        request=None,
        parameters=[AANBIEDER],
        responses={200: AanbiederSerializer, **ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"aanbieders/(?P<aanbieder_pk>[0-9]+)/beeindigen",
        url_name="aanbieder-beeindigen",
    )
    def aanbieder_beeindigen(self, request, pk=None, aanbieder_pk=None):
        arrangement = self._arrangement(pk, "arrangementen.toewijzen")
        aanbieder = arrangement.aanbieders.filter(pk=aanbieder_pk).first()
        if aanbieder is None:
            raise Http404
        with engine_errors():
            aanbieder = services.aanbieder_beeindigen(actor=request.user, aanbieder=aanbieder)
        detail = {a.pk: a for a in selectors.arrangement_detail(arrangement=arrangement)["aanbieders"]}
        return Response(AanbiederSerializer(detail[aanbieder.pk]).data)

    # --- Hours ---

    @extend_schema(
        methods=["GET"],
        summary="De geboekte uren, nieuwste eerst",
        responses={200: InzetSerializer(many=True), 401: None, 403: None, 404: None},
    )
    @extend_schema(
        methods=["POST"],
        summary="Uren boeken (de aanbiedende deskundige, of de trajectbegeleider of teamleider)",
        description="Geweigerd (400) voor een datum in de toekomst of buiten de looptijd, in een afgesloten maand, "
        "voor minder dan 0,25 of meer dan 24 uur, voor een beëindigde aanbieder of een beëindigd arrangement.",
        request=InzetInSerializer,
        responses={201: InzetSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"])
    def inzet(self, request, pk=None):
        if request.method == "GET":
            arrangement = self._arrangement(pk)
            page = self.paginate_queryset(arrangement.inzet.order_by("-datum", "-id"))
            return self.get_paginated_response(InzetSerializer(page, many=True).data)
        arrangement = self._arrangement(pk, "arrangementen.inzet_boeken")
        serializer = InzetInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["aanbieder"] = arrangement.aanbieders.filter(pk=data["aanbieder"]).first()
        if data["aanbieder"] is None:
            raise veldfout("aanbieder", "Kies een aanbieder van dit arrangement.")
        with engine_errors():
            inzet = services.inzet_boeken(actor=request.user, **data)
        return Response(InzetSerializer(inzet).data, status=status.HTTP_201_CREATED)

    # --- Materials ---

    @extend_schema(
        methods=["GET"],
        summary="Wat er van het budget voor materialen is gekocht, nieuwste eerst",
        responses={200: MateriaaluitgaveSerializer(many=True), 401: None, 403: None, 404: None},
    )
    @extend_schema(
        methods=["POST"],
        summary="Een aankoop van het budget voor materialen boeken (wie het traject organiseert, of de staf van "
        "het samenwerkingsverband)",
        description="Het bedrag gaat die dag als uitgave in de boekhouding. Geweigerd (400) boven het budget, voor "
        "een datum in de toekomst of buiten de looptijd, in een afgesloten maand of voor een beëindigd arrangement.",
        request=MateriaaluitgaveInSerializer,
        responses={201: MateriaaluitgaveSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"])
    def materiaaluitgaven(self, request, pk=None):
        if request.method == "GET":
            arrangement = self._arrangement(pk)
            page = self.paginate_queryset(arrangement.materiaaluitgaven.order_by("-datum", "-id"))
            return self.get_paginated_response(MateriaaluitgaveSerializer(page, many=True).data)
        arrangement = self._arrangement(pk, "arrangementen.materiaal_boeken")
        serializer = MateriaaluitgaveInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with engine_errors():
            uitgave = services.materiaaluitgave_boeken(
                actor=request.user, arrangement=arrangement, **serializer.validated_data
            )
        return Response(MateriaaluitgaveSerializer(uitgave).data, status=status.HTTP_201_CREATED)

    # --- Evaluations ---

    def _evaluatie(self, arrangement, evaluatie_pk) -> Evaluatie:
        evaluatie = selectors.evaluaties_van(arrangement).filter(pk=int(evaluatie_pk)).first()
        if evaluatie is None:
            raise Http404
        evaluatie.arrangement = arrangement
        return evaluatie

    @extend_schema(
        summary="De geplande en gehouden evaluaties, met de resultaten en de vragenlijsten van de ouders",
        responses={200: EvaluatieSerializer(many=True), 401: None, 403: None, 404: None},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def evaluaties(self, request, pk=None):
        arrangement = self._arrangement(pk)
        return Response(EvaluatieSerializer(selectors.evaluaties_van(arrangement), many=True).data)

    @extend_schema(
        summary="Een geplande evaluatie vastleggen: een resultaat per doel, de visies en de uitkomst",
        description="Een vastgelegde evaluatie verandert niet meer; een beëindigd arrangement wordt niet meer "
        "geëvalueerd (400). De uitkomst `beeindigen` beëindigt het arrangement.",
        request=EvaluatieInSerializer,
        parameters=[EVALUATIE],
        responses={200: EvaluatieSerializer, **ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"evaluaties/(?P<evaluatie_pk>[0-9]+)/vastleggen",
        url_name="evaluatie-vastleggen",
    )
    def evaluatie_vastleggen(self, request, pk=None, evaluatie_pk=None):
        arrangement = self._arrangement(pk, "arrangementen.evalueren")
        evaluatie = self._evaluatie(arrangement, evaluatie_pk)
        serializer = EvaluatieInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["resultaten"] = {r["doel"]: r["resultaat"] for r in data["resultaten"]}
        data["nieuwe_doelen"] = [{"omschrijving": tekst} for tekst in data["nieuwe_doelen"]]
        with engine_errors():
            services.evaluatie_vastleggen(actor=request.user, evaluatie=evaluatie, **data)
        return Response(EvaluatieSerializer(self._evaluatie(arrangement, evaluatie_pk)).data)

    @extend_schema(
        summary="De korte vragenlijst van de ouders bij een evaluatie (ouder met gezag, één keer)",
        request=OuderVragenlijstInSerializer,
        parameters=[EVALUATIE],
        responses={201: EvaluatieSerializer, **ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"evaluaties/(?P<evaluatie_pk>[0-9]+)/oudervragenlijst",
        url_name="oudervragenlijst",
    )
    def oudervragenlijst(self, request, pk=None, evaluatie_pk=None):
        arrangement = self._arrangement(pk, "arrangementen.oudervragenlijst")
        evaluatie = self._evaluatie(arrangement, evaluatie_pk)
        serializer = OuderVragenlijstInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with engine_errors():
            services.oudervragenlijst_invullen(actor=request.user, evaluatie=evaluatie, **serializer.validated_data)
        return Response(
            EvaluatieSerializer(self._evaluatie(arrangement, evaluatie_pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Een taak rond een tijdelijke plaatsing gedaan melden (observatie, afspraken, nazorgadvies)",
        description="Wie het arrangement evalueert, meldt de taken gedaan. Een afgeronde taak verandert niet "
        "meer (400); de datum ligt niet in de toekomst.",
        request=PlaatsingstaakInSerializer,
        parameters=[PLAATSINGSTAAK],
        responses={200: PlaatsingstaakSerializer, **ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"plaatsingstaken/(?P<taak_pk>[0-9]+)/afronden",
        url_name="plaatsingstaak-afronden",
    )
    def plaatsingstaak_afronden(self, request, pk=None, taak_pk=None):
        arrangement = self._arrangement(pk, "arrangementen.evalueren")
        taak = arrangement.plaatsingstaken.filter(pk=int(taak_pk)).first()
        if taak is None:
            raise Http404
        serializer = PlaatsingstaakInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with engine_errors():
            taak = services.plaatsingstaak_afronden(actor=request.user, taak=taak, **serializer.validated_data)
        return Response(PlaatsingstaakSerializer(taak).data)


# --- Closing months -----------------------------------------------------------------------------


class MaandafsluitingViewSet(viewsets.GenericViewSet):
    """`/api/v1/maandafsluitingen/`: the closed months of the partnerships the caller closes months for."""

    queryset = Maandafsluiting.objects.none()
    serializer_class = MaandafsluitingSerializer

    def _swvs(self) -> dict:
        return {
            rij["samenwerkingsverband"].pk: rij["samenwerkingsverband"]
            for rij in selectors.maanden_overzicht(actor=self.request.user, aantal=0)
        }

    def check_permissions(self, request):
        super().check_permissions(request)
        if not self._swvs():
            require(request.user, "arrangementen.maand_afsluiten", None)

    @extend_schema(
        summary="Afgesloten maanden, de laatste eerst (management en functioneel beheerder)",
        responses={200: MaandafsluitingSerializer(many=True), 401: None, 403: None},
    )
    def list(self, request):
        rijen = Maandafsluiting.objects.filter(samenwerkingsverband_id__in=self._swvs()).select_related(
            "afgesloten_door"
        )
        page = self.paginate_queryset(rijen.order_by("-jaar", "-maand", "samenwerkingsverband_id"))
        return self.get_paginated_response(MaandafsluitingSerializer(page, many=True).data)

    @extend_schema(
        summary="Een voorbije maand afsluiten: er kunnen geen uren meer in worden geboekt",
        request=MaandafsluitingInSerializer,
        responses={201: MaandafsluitingSerializer, **ERRORS},
    )
    def create(self, request):
        serializer = MaandafsluitingInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        swvs = self._swvs()
        gekozen = data.get("samenwerkingsverband")
        if gekozen is None:
            if len(swvs) > 1:
                raise veldfout(
                    "samenwerkingsverband", "U sluit maanden af voor meer dan één samenwerkingsverband: kies er een."
                )
            gekozen = next(iter(swvs))
        if gekozen not in swvs:
            raise veldfout("samenwerkingsverband", "Kies een samenwerkingsverband waarvoor u maanden afsluit.")
        with engine_errors():
            afsluiting = services.maand_afsluiten(
                actor=request.user, samenwerkingsverband=swvs[gekozen], jaar=data["jaar"], maand=data["maand"]
            )
        return Response(MaandafsluitingSerializer(afsluiting).data, status=status.HTTP_201_CREATED)

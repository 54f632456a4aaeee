from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from passend.arrangementen.api import ArrangementViewSet, MaandafsluitingViewSet
from passend.arrangementen.tlv_api import BesluitTlvViewSet, BezwaarViewSet, DeskundigenadviesViewSet, TlvViewSet
from passend.dossier.api import DossierViewSet, GroeidocumentViewSet, HandelingsplanViewSet, OppViewSet
from passend.financien.api import BegrotingspostViewSet, BegrotingViewSet
from passend.instrumenten.api import AanvraagVragenlijstViewSet, AfnameViewSet, InstrumentViewSet
from passend.leerlingen.api import LeerlingViewSet
from passend.matching.api import (
    AanvullendArrangementViewSet,
    BehoefteprofielViewSet,
    DekkendNetwerkView,
    OndersteuningsprofielViewSet,
    TrajectMatchingViewSet,
    VijfVeldenViewSet,
)
from passend.organisaties.api import (
    DeelverbandViewSet,
    DeskundigeViewSet,
    SamenwerkingsverbandViewSet,
    SchoolbestuurViewSet,
    SchoolViewSet,
    VoorzieningViewSet,
)
from passend.rapportage.api import KengetallenLijstView, KengetallenView
from passend.trajecten.api import AanvraagViewSet, BesluitViewSet, OverlegViewSet, RouteViewSet, TrajectViewSet
from passend.trajecten.api_taken import TaakViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("samenwerkingsverbanden", SamenwerkingsverbandViewSet, basename="samenwerkingsverband")
router.register("deelverbanden", DeelverbandViewSet, basename="deelverband")
router.register("schoolbesturen", SchoolbestuurViewSet, basename="schoolbestuur")
router.register("scholen", SchoolViewSet, basename="school")
router.register("voorzieningen", VoorzieningViewSet, basename="voorziening")
router.register("deskundigen", DeskundigeViewSet, basename="deskundige")
router.register("leerlingen", LeerlingViewSet, basename="leerling")
router.register("groeidocumenten", GroeidocumentViewSet, basename="groeidocument")
router.register("dossiers", DossierViewSet, basename="dossier")
router.register("handelingsplannen", HandelingsplanViewSet, basename="handelingsplan")
router.register("opps", OppViewSet, basename="opp")
router.register("routes", RouteViewSet, basename="route")
router.register("trajecten", TrajectViewSet, basename="traject")
router.register("overleggen", OverlegViewSet, basename="overleg")
router.register("aanvragen", AanvraagViewSet, basename="aanvraag")
router.register("besluiten", BesluitViewSet, basename="besluit")
router.register("taken", TaakViewSet, basename="taak")
# Arrangements (arrangementen.api): granted on a decision, providers, hours, evaluations, closing months.
router.register("arrangementen", ArrangementViewSet, basename="arrangement")
router.register("maandafsluitingen", MaandafsluitingViewSet, basename="maandafsluiting")
# The TLV (arrangementen.tlv_api): advices on an application, TLVs and their export, objections.
router.register(
    r"aanvragen/(?P<aanvraag_pk>[0-9]+)/deskundigenadviezen", DeskundigenadviesViewSet, basename="deskundigenadvies"
)
router.register("tlvs", TlvViewSet, basename="tlv")
router.register("besluiten", BesluitTlvViewSet, basename="besluit-tlv")  # only /besluiten/{id}/tlv/
router.register("bezwaren", BezwaarViewSet, basename="bezwaar")
# Questionnaires (instrumenten.api): instruments, a pupil's afnames, results attached to an application.
router.register("instrumenten", InstrumentViewSet, basename="instrument")
router.register("afnames", AfnameViewSet, basename="afname")
router.register(
    r"aanvragen/(?P<aanvraag_pk>[0-9]+)/vragenlijsten", AanvraagVragenlijstViewSet, basename="aanvraag-vragenlijst"
)
# The five fields (matching.api): needs, profiles and their check, the advice and the commission's choice
# on a traject, the scale and basisondersteuning, additional arrangements; the covering network below.
router.register("behoefteprofielen", BehoefteprofielViewSet, basename="behoefteprofiel")
router.register("ondersteuningsprofielen", OndersteuningsprofielViewSet, basename="ondersteuningsprofiel")
router.register("trajecten", TrajectMatchingViewSet, basename="traject-matching")  # only /trajecten/{id}/match…/
router.register("samenwerkingsverbanden", VijfVeldenViewSet, basename="vijf-velden")  # only …/{id}/vijf-velden/…
router.register("aanvullende-arrangementen", AanvullendArrangementViewSet, basename="aanvullend-arrangement")
# Money (financien.api), read only: budgets, their lines and school budgets, one line's ledger.
router.register("begrotingen", BegrotingViewSet, basename="begroting")
router.register("begrotingsposten", BegrotingspostViewSet, basename="begrotingspost")  # only …/{id}/boekingen/

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("dekkend-netwerk/", DekkendNetwerkView.as_view(), name="dekkend-netwerk"),
    # Key figures (rapportage.api), read only: the figures of one filter, the pupils behind a number.
    path("kengetallen/", KengetallenView.as_view(), name="kengetallen"),
    path("kengetallen/lijst/", KengetallenLijstView.as_view(), name="kengetallen-lijst"),
    path("", include(router.urls)),
]

from django.urls import path

from passend.matching import views

app_name = "matching"

urlpatterns = [
    path("leerlingen/<int:pk>/onderwijsbehoeften/", views.BehoefteView.as_view(), name="behoefte"),
    path("trajecten/<int:pk>/matching/", views.MatchingView.as_view(), name="matching"),
    path("netwerk/dekkend/", views.DekkendNetwerkView.as_view(), name="dekkend_netwerk"),
    path("netwerk/profielen/controle/", views.ControleView.as_view(), name="controle"),
    path("netwerk/profielen/<str:soort>/<int:pk>/", views.ProfielView.as_view(), name="profiel"),
    path("beheer/vijf-velden/", views.VijfVeldenBeheerView.as_view(), name="vijf_velden"),
    path(
        "beheer/aanvullende-arrangementen/",
        views.AanvullendeArrangementenView.as_view(),
        name="aanvullende_arrangementen",
    ),
    path(
        "beheer/aanvullende-arrangementen/<int:arrangement_pk>/",
        views.AanvullendeArrangementenView.as_view(),
        name="aanvullend_arrangement",
    ),
]

from django.urls import path

from passend.dossier import views

app_name = "dossier"

urlpatterns = [
    path("leerlingen/<int:pk>/groeidocument/", views.GroeidocumentView.as_view(), name="groeidocument"),
    path("leerlingen/<int:pk>/groeidocument/ondertekenen/", views.OndertekenView.as_view(), name="ondertekenen"),
    path("leerlingen/<int:pk>/groeidocument/pdf/", views.GroeidocumentPdfView.as_view(), name="groeidocument_pdf"),
    path("leerlingen/<int:pk>/documenten/", views.DocumentenView.as_view(), name="documenten"),
    path(
        "leerlingen/<int:pk>/documenten/<int:document_pk>/download/",
        views.DocumentDownloadView.as_view(),
        name="document_download",
    ),
    path("leerlingen/<int:pk>/tijdlijn/", views.TijdlijnView.as_view(), name="tijdlijn"),
    # --- Handelingsplan ---
    path("leerlingen/<int:pk>/handelingsplannen/", views.HandelingsplannenView.as_view(), name="handelingsplannen"),
    path(
        "leerlingen/<int:pk>/handelingsplannen/<int:plan_pk>/",
        views.HandelingsplanView.as_view(),
        name="handelingsplan",
    ),
    path("leerlingen/<int:pk>/opp/", views.OppPagina.as_view(), name="opp"),
    path("leerlingen/<int:pk>/opp/bewerken/", views.OppBewerkenView.as_view(), name="opp_bewerken"),
    path("leerlingen/<int:pk>/opp/instemming/", views.OppInstemmingView.as_view(), name="opp_instemming"),
    path("leerlingen/<int:pk>/opp/vaststellen/", views.OppVaststellenView.as_view(), name="opp_vaststellen"),
    path("leerlingen/<int:pk>/opp/evaluaties/", views.OppEvaluatieView.as_view(), name="opp_evaluatie"),
    path("leerlingen/<int:pk>/opp/pdf/", views.OppPdfView.as_view(), name="opp_pdf"),
]

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
]

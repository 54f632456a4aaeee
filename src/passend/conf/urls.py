from django.urls import include, path

urlpatterns = [
    path("", include("passend.accounts.urls")),
    path("", include("passend.core.urls")),
    # Before organisaties: its beheer/<kind>/ would otherwise catch beheer/vragenlijsten/ and beheer/vijf-velden/.
    path("", include("passend.instrumenten.urls")),
    path("", include("passend.matching.urls")),
    path("", include("passend.organisaties.urls")),
    path("", include("passend.leerlingen.urls")),
    path("", include("passend.dossier.urls")),
    path("", include("passend.trajecten.urls")),
    path("", include("passend.arrangementen.urls")),
    path("", include("passend.financien.urls")),
    path("", include("passend.rapportage.urls")),
    path("api/v1/", include("passend.api.urls")),
]

handler403 = "passend.core.views.error_403"
handler404 = "passend.core.views.error_404"
handler500 = "passend.core.views.error_500"

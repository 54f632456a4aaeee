from django.urls import path

from passend.instrumenten import views

app_name = "instrumenten"

urlpatterns = [
    path("leerlingen/<int:pk>/vragenlijsten/", views.AfnamesView.as_view(), name="afnames"),
    path("leerlingen/<int:pk>/vragenlijsten/vergelijken/", views.VergelijkingView.as_view(), name="vergelijking"),
    path("leerlingen/<int:pk>/vragenlijsten/<int:afname_pk>/", views.AfnameView.as_view(), name="afname"),
    path("leerlingen/<int:pk>/vragenlijsten/<int:afname_pk>/pdf/", views.AfnamePdfView.as_view(), name="afname_pdf"),
    path(
        "trajecten/<int:pk>/aanvragen/<int:aanvraag_pk>/vragenlijsten/",
        views.AanvraagAfnamesView.as_view(),
        name="aanvraag_afnames",
    ),
    path("beheer/vragenlijsten/", views.InstrumentenBeheerView.as_view(), name="beheer"),
    path("beheer/vragenlijsten/<int:pk>/", views.InstrumentView.as_view(), name="instrument"),
]

from django.urls import path

from passend.financien import beheer_views, views

app_name = "financien"

urlpatterns = [
    path("financien/", views.FinancienView.as_view(), name="start"),
    path("financien/<int:jaar>/", views.DashboardView.as_view(), name="dashboard"),
    path("financien/<int:jaar>/posten/<int:post_pk>/", views.PostView.as_view(), name="post"),
    path("financien/<int:jaar>/besturen/<int:bestuur_pk>/", views.BestuurView.as_view(), name="bestuur"),
    path("financien/<int:jaar>/scholen/<int:school_pk>/", views.SchoolbudgetView.as_view(), name="school"),
    path("financien/<int:jaar>/meerjarig/", beheer_views.MeerjarigView.as_view(), name="meerjarig"),
    path("financien/<int:jaar>/vergelijken/", beheer_views.VergelijkenView.as_view(), name="vergelijken"),
    path("financien/<int:jaar>/export.xlsx", beheer_views.ExportView.as_view(), name="export"),
    path("financien/inrichting/", beheer_views.InrichtingView.as_view(), name="inrichting"),
    path("financien/verdeelmodellen/<int:pk>/", beheer_views.VerdeelmodelView.as_view(), name="verdeelmodel"),
]

from django.urls import path

from passend.leerlingen import views

app_name = "leerlingen"

urlpatterns = [
    path("leerlingen/", views.LeerlingListView.as_view(), name="list"),
    path("leerlingen/nieuw/<int:school>/", views.LeerlingCreateView.as_view(), name="create"),
    path("leerlingen/<int:pk>/", views.LeerlingDetailView.as_view(), name="detail"),
    path("leerlingen/<int:pk>/bewerken/", views.LeerlingUpdateView.as_view(), name="update"),
    path("leerlingen/<int:pk>/ouders/nieuw/", views.OuderCreateView.as_view(), name="ouder_create"),
    path("leerlingen/<int:pk>/inzage/", views.InzageView.as_view(), name="inzage"),
    path(
        "leerlingen/<int:pk>/ouders/<int:ouderschap_pk>/uitnodigen/",
        views.OuderUitnodigenView.as_view(),
        name="ouder_uitnodigen",
    ),
    path("leerlingen/<int:pk>/externen/", views.ExterneUitnodigenView.as_view(), name="externen"),
    path(
        "leerlingen/<int:pk>/externen/<int:toegang_pk>/beeindigen/",
        views.ExterneToegangBeeindigenView.as_view(),
        name="extern_beeindigen",
    ),
]

from django.urls import path

from passend.organisaties import views

app_name = "organisaties"

urlpatterns = [
    path("netwerk/", views.NetwerkView.as_view(), name="netwerk"),
    path("netwerk/scholen/<int:pk>/", views.SchoolDetailView.as_view(), name="school_detail"),
    path("beheer/samenwerkingsverband/<int:pk>/", views.SamenwerkingsverbandFormView.as_view(), name="swv_form"),
    path("beheer/<slug:kind>/", views.BeheerListView.as_view(), name="beheer_list"),
    path("beheer/<slug:kind>/nieuw/", views.BeheerFormView.as_view(), name="beheer_create"),
    path("beheer/<slug:kind>/<int:pk>/", views.BeheerFormView.as_view(), name="beheer_update"),
]

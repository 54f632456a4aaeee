from django.urls import path

from passend.arrangementen import views

app_name = "arrangementen"

urlpatterns: list = [
    path("arrangementen/", views.ArrangementListView.as_view(), name="lijst"),
    path("arrangementen/caseload/", views.CaseloadView.as_view(), name="caseload"),
    path("arrangementen/toewijzen/", views.ToewijzenView.as_view(), name="toewijzen"),
    path("arrangementen/maanden/", views.MaandafsluitingView.as_view(), name="maanden"),
    path("arrangementen/<int:pk>/", views.ArrangementDetailView.as_view(), name="detail"),
    path(
        "trajecten/<int:pk>/aanvragen/<int:aanvraag_pk>/arrangement/",
        views.ArrangementVastleggenView.as_view(),
        name="vastleggen",
    ),
]

# --- TLV: experts' advices, issuing, the list and its export, objections (tlv_views) ---
from passend.arrangementen import tlv_views  # noqa: E402

urlpatterns += [
    path(
        "trajecten/<int:pk>/aanvragen/<int:aanvraag_pk>/deskundigenadvies/",
        tlv_views.DeskundigenadviesView.as_view(),
        name="deskundigenadvies",
    ),
    path("trajecten/<int:pk>/aanvragen/<int:aanvraag_pk>/tlv/", tlv_views.TlvAfgevenView.as_view(), name="tlv_afgeven"),
    path("trajecten/<int:pk>/aanvragen/<int:aanvraag_pk>/bezwaren/", tlv_views.BezwarenView.as_view(), name="bezwaren"),
    path("tlvs/", tlv_views.TlvListView.as_view(), name="tlv_lijst"),
    path("tlvs/export.csv", tlv_views.TlvExportView.as_view(formaat="csv"), name="tlv_export_csv"),
    path("tlvs/export.xlsx", tlv_views.TlvExportView.as_view(formaat="xlsx"), name="tlv_export_xlsx"),
    path("tlvs/<int:pk>/", tlv_views.TlvDetailView.as_view(), name="tlv"),
]

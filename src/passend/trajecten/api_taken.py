"""`/api/v1/taken/`: the caller's Mijn taken, the same list as the home page (trajecten.taken)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets

from passend.trajecten.models import Traject
from passend.trajecten.taken import SOORTEN, taken_voor


class TaakSerializer(serializers.Serializer):
    # Text, not an enum: `soort` already names other choice sets in the schema.
    soort = serializers.CharField(help_text="Een van: " + ", ".join(SOORTEN) + ".")
    soort_label = serializers.CharField(help_text="De soort taak in het Nederlands.")
    wat = serializers.CharField(help_text="Wat er te doen is, bijvoorbeeld ‘Stap zetten: Signalering’.")
    over = serializers.CharField(help_text="De naam van de leerling, of ‘school: onderwerp’ bij een schoolvraag.")
    uiterlijk = serializers.DateField(allow_null=True, help_text="Termijn of datum; leeg als er geen is.")
    url = serializers.CharField(help_text="Pad van de pagina in Passend waar u de taak uitvoert.")
    te_laat = serializers.BooleanField(help_text="De termijn is verstreken.")


class TaakViewSet(viewsets.GenericViewSet):
    """Open tasks of the caller: overdue first, then by date, tasks without a date last."""

    queryset = Traject.objects.none()
    serializer_class = TaakSerializer

    @extend_schema(
        summary="Mijn taken: wat op u wacht, te laat eerst",
        description="Stappen die u mag zetten, besluiten, overleggen om te plannen of bij te wonen, "
        "zienswijzen en handtekeningen, afspraken en evaluaties. Dezelfde lijst als op de startpagina; "
        "het opvragen wordt vastgelegd in het auditlog.",
        responses={
            200: TaakSerializer(many=True),
            401: OpenApiResponse(description="Niet ingelogd of geen geldig API-token."),
            403: OpenApiResponse(description="Geen toegang (bijvoorbeeld: tweestapsverificatie nog niet voltooid)."),
        },
    )
    def list(self, request):
        taken = taken_voor(actor=request.user)
        page = self.paginate_queryset(taken)
        return self.get_paginated_response(TaakSerializer(page, many=True).data)

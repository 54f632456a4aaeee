from django.apps import AppConfig


class DossierConfig(AppConfig):
    name = "passend.dossier"
    label = "dossier"
    verbose_name = "Dossier"

    def ready(self):
        from passend.dossier import policies  # noqa: F401  (registers the permissions)
        from passend.dossier.models import Bijdrage
        from passend.dossier.opp_stand import opp_in_kracht
        from passend.leerlingen.artefacten import register_check

        register_check(
            "groeidocument", lambda leerling: Bijdrage.objects.filter(versie__groeidocument__leerling=leerling).exists()
        )
        register_check("opp", opp_in_kracht)
        register_check("handelingsplan", lambda leerling: leerling.handelingsplannen.exists())

"""Background work of the reports (django-tasks): the worker (`manage.py db_worker`) runs these."""

from __future__ import annotations

from django_tasks import task


@task()
def jaarverslag_taak(export_id: int) -> None:
    """Make the annual report of a Rapportexport and store it; the row shows the progress."""
    from passend.rapportage.services import rapportexport_uitvoeren

    rapportexport_uitvoeren(export_id)

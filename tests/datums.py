"""Dates relative to today inside `pytest.mark.parametrize`.

Parameters are built when the tests are collected; a run that crosses midnight would then
send "tomorrow" when it has already become today. `Vandaag` is worked out when the test runs.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone


@dataclass(frozen=True)
class Vandaag:
    dagen: int = 0
    als_tekst: bool = True

    def waarde(self) -> str | date:
        dag = timezone.localdate() + timedelta(days=self.dagen)
        return dag.isoformat() if self.als_tekst else dag


MORGEN = Vandaag(1)


def los_op(waarde):
    """`waarde` with every `Vandaag` in it replaced by the date it stands for now."""
    if isinstance(waarde, Vandaag):
        return waarde.waarde()
    if isinstance(waarde, dict):
        return {sleutel: los_op(w) for sleutel, w in waarde.items()}
    if isinstance(waarde, list | tuple):
        return type(waarde)(los_op(w) for w in waarde)
    return waarde

"""Access rows of the impact factors: the public "Bronnen en methode" page and an organisation's own factors."""

from rladder.models import OrganisationImpactFactor

from .rows_organisations_programme import own_org
from .table import Row, managers, members, public

OWN_ITEM_A = "Bureaustoel (eigen schatting Alfa)"


def build(world) -> None:
    OrganisationImpactFactor.objects.create(
        organisation=world.org_a, category_nl="Meubilair", item_nl=OWN_ITEM_A, unit="stuk", kg_co2e_per_unit=72
    )


def load(world) -> None:
    world.factor_a = OrganisationImpactFactor.objects.get(organisation=world.org_a, item_nl=OWN_ITEM_A)


def factor_data(world) -> dict:
    return {"item_nl": "Werkbroek", "category_nl": "Bedrijfskleding", "unit": "stuk", "kg_co2e_per_unit": "12,5"}


def _pk(w) -> dict:
    return {"pk": w.factor_a.pk}


ROWS = [
    Row("rladder:sources", public()),
    Row("kpis:factor_export", public(), kwargs=lambda w: {"fmt": "csv"}),
    Row("kpis:factor_export", public(), kwargs=lambda w: {"fmt": "xlsx"}, note="xlsx"),
    Row("rladder:factor_list", own_org(members())),
    Row("rladder:factor_create", own_org(managers())),
    Row("rladder:factor_create", own_org(managers(302)), method="POST", data=factor_data),
    Row("rladder:factor_edit", managers(), kwargs=_pk),
    Row("rladder:factor_edit", managers(302), method="POST", kwargs=_pk, data=factor_data),
    Row("rladder:factor_delete", managers(), kwargs=_pk),
    Row("rladder:factor_delete", managers(302), method="POST", kwargs=_pk, data=lambda w: {"bevestig": "ja"}),
]

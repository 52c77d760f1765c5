"""Contract KPIs on the trajectory page and in the dossier, through procurement's extension points."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from procurement.dossier import build_dossier
from procurement.extensions import sections as extension_sections
from procurement.extensions import trajectory_sections
from tests.factories import measure

pytestmark = pytest.mark.django_db


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    return request


def test_trajectory_section_shows_promised_vs_realised_with_links_for_the_contractmanager(world):
    kpi = world.contract_kpi_a
    measure(kpi, 2025, 52)
    kpi.overrides.create(year=2026, value=Decimal(65))
    request = request_for(world.users["contractmanager"])
    sections = extension_sections(trajectory_sections, request, world.trajectory_kpis_a)
    section = next(s for s in sections if s.id == "contract-kpis")
    html = render_to_string(section.template, {"section_context": section.context})
    assert "Beloofd" in html and "Gerealiseerd" in html
    assert "1 (2025)" in html and "50 %" in html and "52 %" in html  # contract year 1: target 50, realised 52
    assert "65 % (aangepast)" in html
    assert "Metingen invoeren voor Bezettingsgraad werkplekken" in html
    assert "Contract-KPI toevoegen" in html


def test_readers_get_no_entry_links(world):
    sections = extension_sections(trajectory_sections, request_for(world.users["lezer"]), world.trajectory_kpis_a)
    section = next(s for s in sections if s.id == "contract-kpis")
    html = render_to_string(section.template, {"section_context": section.context})
    assert world.contract_kpi_a.name in html and "Beloofd" in html  # the section is there, read-only
    assert "Metingen invoeren" not in html and "Contract-KPI toevoegen" not in html


def test_dossier_section_is_plain_html_without_links_or_scripts(world):
    sections = build_dossier(world.trajectory_kpis_a)["sections"]
    section = next(s for s in sections if s.id == "contract-kpis")
    html = render_to_string(section.template, {"section_context": section.context})
    assert "<table" in html
    assert "<a " not in html and "hx-" not in html and "<script" not in html and "<svg" not in html


def test_dossier_section_is_left_out_without_contract_kpis(world):
    assert not [s for s in build_dossier(world.trajectory_kpis_b)["sections"] if s.id == "contract-kpis"]

"""The export_dossier command writes the same archival PDF for archiving scripts."""

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from procurement.dossier import pdf_filename
from tests.factories import complete_trajectory


@pytest.fixture
def twins(world):
    return complete_trajectory(world.org_a, "Zonnepanelen"), complete_trajectory(world.org_b, "Zonnepanelen")


def test_export_by_id_writes_a_pdf(world, twins, tmp_path):
    out = tmp_path / "dossier.pdf"
    call_command("export_dossier", str(twins[0].pk), str(out), stdout=io.StringIO())
    reader = PdfReader(out)
    assert reader.metadata.title == "Dossier: Zonnepanelen"
    assert reader.metadata.author == "Gemeente Alfa"


def test_an_ambiguous_slug_needs_the_organisation(world, twins, tmp_path):
    with pytest.raises(CommandError, match="meerdere organisaties.*--organisation"):
        call_command("export_dossier", "zonnepanelen", str(tmp_path / "x.pdf"))
    call_command("export_dossier", "zonnepanelen", str(tmp_path), organisation="provincie-beta", stdout=io.StringIO())
    written = tmp_path / pdf_filename(twins[1])
    assert PdfReader(written).metadata.author == "Provincie Beta"


def test_unknown_trajectories_and_folders_are_clear_errors(world, twins, tmp_path):
    with pytest.raises(CommandError, match="Geen traject gevonden"):
        call_command("export_dossier", "bestaat-niet", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("export_dossier", str(twins[0].pk), str(tmp_path / "nergens" / "x.pdf"))
    with pytest.raises(CommandError, match="Geen traject gevonden"):
        call_command("export_dossier", str(twins[0].pk), str(tmp_path / "x.pdf"), organisation="provincie-beta")

"""The award model in the dossier: method, weights, the example bids' ranking, break-even and warnings; archival PDF."""

import io
import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from criteria.models import AwardBid, AwardModel, ChosenCriterion
from procurement import dossier_pdfs
from procurement.dossier import build_dossier, dossier_queryset, render_pdf, render_pdf_html
from tests.factories import start_trajectory
from tests.production.test_pdf_conformance import check_archival_pdf

pytestmark = pytest.mark.django_db


def award_model(trajectory, method="fictieve-korting", **fields) -> AwardModel:
    model = AwardModel.objects.create(trajectory=trajectory, method=method, **fields)
    for name, price, level in (("Circulair bv", "30000000", 3), ("Lineair bv", "29000000", 0)):
        AwardBid.objects.create(
            award_model=model, name=name, price=Decimal(price), ladder_level=level, circular=level > 0
        )
    return model


def dossier_html(trajectory) -> str:
    fresh = dossier_queryset().unscoped().get(pk=trajectory.pk)
    return render_to_string("procurement/includes/dossier_content.html", build_dossier(fresh))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_dossier_shows_the_method_ranking_break_even_and_minimum_discount(world):
    trajectory = start_trajectory(world)
    award_model(trajectory)
    html = flat(dossier_html(trajectory))
    assert 'id="gunningsmodel"' in html
    assert "Gunnen op waarde: fictieve korting op de prijs" in html
    assert "Fictieve prijs = prijs − (kwaliteitsscore" in html
    assert "trede 3: 4%" in html
    # 30.000.000 − 4 % = 28.800.000 ranks first; the break-even as on the award page.
    ranking = html[html.index("Rangorde van de voorbeeldinschrijvingen") :]
    assert ranking.index("Circulair bv") < ranking.index("Lineair bv")
    assert "<td>€ 28.800.000</td>" in html
    assert "wint tot een prijs van € 30.208.333,32, dus mag € 208.333,32 meer kosten" in html
    # 30.000.000 × (1 − d) < 29.000.000 ⇔ d > 3,333…%
    assert "Minimale korting voor trede 3 waarbij deze inschrijving wint: 3,34%." in html
    assert "Geen waarschuwingen bij deze voorbeeldinschrijvingen." in html


def test_the_dossier_shows_weights_and_the_warning_of_disagreeing_criteria_weights(world):
    trajectory = start_trajectory(world)
    award_model(trajectory, method="gewogen-factor")
    ChosenCriterion.objects.create(
        trajectory=trajectory,
        code="GC-1",
        version=1,
        type="gunningscriterium",
        title="Refurbished",
        text="T.",
        weight=Decimal(25),
    )
    html = flat(dossier_html(trajectory))
    assert "Weging prijs</dt><dd>60%" in html and "Weging kwaliteit</dt><dd>40%" in html
    assert (
        "De gekozen gunningscriteria wegen samen 25 %, maar het gunningsmodel rekent met 40 % voor kwaliteit." in html
    )
    assert "Minimale weging van kwaliteit" in html or "Geen weging van kwaliteit" in html


def test_without_an_award_model_the_dossier_has_no_award_section(world):
    trajectory = start_trajectory(world)
    assert 'id="gunningsmodel"' not in dossier_html(trajectory)


def test_with_too_few_bids_the_dossier_says_why_there_is_no_ranking(world):
    trajectory = start_trajectory(world)
    model = AwardModel.objects.create(trajectory=trajectory)
    AwardBid.objects.create(award_model=model, name="Enige", price=Decimal(100))
    assert "Vul ten minste 2 voorbeeldinschrijvingen in om te rekenen." in dossier_html(trajectory)


def test_a_changed_bid_gives_the_dossier_another_content_version(world):
    trajectory = start_trajectory(world)
    model = award_model(trajectory)
    before = dossier_pdfs.content_version(trajectory)
    bid = model.bids.get(name="Lineair bv")
    bid.price = Decimal(28_000_000)
    bid.save()
    assert dossier_pdfs.content_version(trajectory) != before


def test_the_dossier_pdf_holds_the_award_model_escaped_and_stays_archival(client, world):
    trajectory = start_trajectory(world, title="Laptops ’26 & meer")
    model = award_model(trajectory)
    AwardBid.objects.create(award_model=model, name="<b>Hostile</b> & co", price=Decimal(31_000_000))
    html = render_pdf_html(trajectory)
    assert escape("<b>Hostile</b> & co") in html and "<b>Hostile</b>" not in html
    text = flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(trajectory))).pages))
    assert "Gunningsmodel" in text and "€ 28.800.000" in text
    client.force_login(world.users["lezer"])
    response = client.get(reverse("procurement:dossier_pdf", args=[trajectory.pk]))
    assert response.status_code == 200
    check_archival_pdf(
        b"".join(response.streaming_content), title="Dossier: Laptops ’26 & meer", author="Gemeente Alfa"
    )

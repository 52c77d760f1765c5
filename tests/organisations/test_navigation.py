"""The header and its navigation (templates/base.html, includes/nav_items.html, includes/account_menu.html).

Grouped as people think of it (the guidance, my work, the programme), each group a <details>
disclosure; the account's actions in a menu under the person's name. Who sees which group and
link follows their role; the current page and its group are marked. The browser side (one line at
1280 px, the Menu button on a phone, the keyboard, axe) is in tests/browser/test_navigation.py.
"""

import pytest
from django.urls import reverse
from lxml import html as lxml_html

pytestmark = pytest.mark.django_db


def header_of(client, path: str = "/"):
    response = client.get(path)
    assert response.status_code == 200, path
    header = "//header[contains(concat(' ', @class, ' '), ' site-header ')]"
    return lxml_html.fromstring(response.content.decode()).xpath(header)[0]


def groups(header) -> dict[str, list[str]]:
    """Each group of the navigation by its summary's first words: the texts of its links."""
    found = {}
    for group in header.xpath(".//nav//details[contains(@class, 'nav-group')]"):
        name = group.xpath("string(summary/text())").strip()
        found[name] = [" ".join(a.text_content().split()) for a in group.xpath(".//a")]
    return found


GUIDANCE = ["Introductie", "Inkoopproces", "Menu voor de Chef Circulair", "R-ladder", "Uitgangspunten"]


def test_a_visitor_sees_the_links_of_the_guidance_themselves_and_the_login_link(client):
    header = header_of(client)
    assert groups(header) == {}  # one group would only hide its links behind a click
    nav_links = [a.text_content() for a in header.xpath(".//ul[@class='nav-groups']/li/a")]
    assert nav_links == GUIDANCE
    assert header.xpath(".//a[@href=$url]/text()", url=reverse("login")) == ["Inloggen"]
    assert not header.xpath(".//*[contains(@class, 'account-menu')]")
    assert not header.xpath(".//form[@role='search']")


def test_the_chef_sees_the_three_groups_with_the_review_badge(client, world):
    from procurement.models import PhaseRecord

    waiting = PhaseRecord.objects.filter(
        trajectory__organisation=world.org_a, review_status=PhaseRecord.ReviewStatus.IN_REVIEW
    ).count()
    assert waiting == 1
    client.force_login(world.users["chef"])
    header = header_of(client, reverse("procurement:my_trajectories"))
    found = groups(header)
    assert list(found) == ["Handreiking", "Mijn werk", "Programma"]
    assert found["Handreiking"][-1] == "Criteria en clausules"
    assert found["Mijn werk"] == ["Mijn trajecten", "Ter beoordeling 1 fase", "Meldingen"]
    # The count shows on the group too, so it is seen while the group is closed.
    summary = header.xpath(".//details[contains(@class, 'nav-group')]/summary[contains(., 'Mijn werk')]")[0]
    assert " ".join(summary.text_content().split()) == "Mijn werk 1 fase ter beoordeling"
    assert found["Programma"] == ["Programma-overzicht", "KPI's", "Dashboard", "Jaarverslagen", "Benchmark", "Lessen"]


def test_a_member_who_does_not_review_has_no_review_queue(client, world):
    client.force_login(world.users["inkoper"])
    found = groups(header_of(client))
    assert found["Mijn werk"] == ["Mijn trajecten", "Meldingen"]
    assert "Programma" in found


def test_a_supplier_has_a_small_menu_of_their_own(client, world):
    client.force_login(world.users["supplier"])
    found = groups(header_of(client, reverse("suppliers:home")))
    assert found == {"Handreiking": GUIDANCE, "Mijn werk": ["Mijn contracten", "Meldingen"]}


def test_the_account_menu_holds_the_account_actions_and_logging_out_is_a_form(client, world):
    client.force_login(world.users["chef"])
    header = header_of(client)
    menu = header.xpath(".//details[contains(@class, 'account-menu')]")[0]
    assert "Chef" in menu.xpath("string(summary)") and "Gemeente Alfa" in menu.xpath("string(summary)")
    links = {" ".join(a.text_content().split()): a.get("href") for a in menu.xpath(".//a")}
    assert links == {
        "Wachtwoord wijzigen": reverse("password_change"),
        "Tweestapsverificatie": reverse("twofactor:settings"),
        "Instellingen voor meldingen": reverse("notifications:inbox") + "#overzicht",
    }
    logout = menu.xpath(".//form[button[normalize-space()='Uitloggen']]")[0]
    assert logout.get("method") == "post" and logout.get("action") == reverse("logout")
    assert logout.xpath(".//input[@name='csrfmiddlewaretoken']")
    assert not menu.xpath(".//select")  # one organisation: nothing to switch


def test_staff_find_the_admin_in_their_account_menu(client, world):
    client.force_login(world.users["staff"])
    menu = header_of(client).xpath(".//details[contains(@class, 'account-menu')]")[0]
    assert menu.xpath(".//a[normalize-space()='Beheer van de inhoud']/@href") == [reverse("admin:index")]


def test_the_language_switch_is_in_the_account_menu_and_beside_a_visitors_login(client, world):
    switch = f'action="{reverse("switch_language")}"'
    assert switch in client.get(reverse("procurement:start")).content.decode()
    client.force_login(world.users["chef"])
    header = header_of(client, reverse("procurement:my_trajectories"))
    (menu,) = header.xpath('.//details[contains(@class, "account-menu")]')
    assert menu.xpath(f'.//form[@action="{reverse("switch_language")}"]')


def marked(header) -> dict[str, str]:
    """The links and group summaries with aria-current, by their text."""
    return {
        " ".join(element.xpath("string(text())").split()): element.get("aria-current")
        for element in header.xpath(".//*[@aria-current]")
    }


def test_the_current_page_and_its_group_are_marked(client, world):
    client.force_login(world.users["chef"])
    assert marked(header_of(client, reverse("procurement:my_trajectories"))) == {
        "Mijn werk": "true",
        "Mijn trajecten": "page",
    }
    # A page below a link (a trajectory is in "Mijn trajecten") marks the link with "true".
    trajectory_page = world.trajectory_a.get_absolute_url()
    assert marked(header_of(client, trajectory_page)) == {"Mijn werk": "true", "Mijn trajecten": "true"}
    assert marked(header_of(client, reverse("organisations:menu_scan"))) == {
        "Programma": "true",
        "Programma-overzicht": "true",
    }
    assert marked(header_of(client, "/")) == {"Handreiking": "true", "Introductie": "page"}
    assert marked(header_of(client, reverse("password_change"))) == {"Wachtwoord wijzigen": "page"}
    assert marked(header_of(client, reverse("learning:search") + "?q=fiets")) == {}
    client.logout()
    assert marked(header_of(client, reverse("procurement:phase_guidance", args=["startoverleg"]))) == {
        "Inkoopproces": "true"
    }

"""Search: what the active organisation may read, never another organisation's data except shared lessons.

The same tests run on SQLite (the fallback: parsed websearch syntax, light stemming, simple ranking)
and on PostgreSQL (full-text with the Dutch configuration). Assertions marked ``postgresql`` hold
on PostgreSQL only (ranking by ts_rank, ts_headline snippets).
"""

from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learning import indexing
from learning.models import Lesson, SearchEntry
from learning.search import clean_query, parse, stem
from organisations.models import Membership, Organisation, ProductCategory, Role
from procurement.models import Comment, Trajectory
from tests.access.world import make_user
from tests.factories import decide, phase_record, start_trajectory, synced_answers

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only")


def text(response) -> str:
    """The page without the <mark> highlighting, so phrases can be looked for."""
    return response.content.decode().replace("<mark>", "").replace("</mark>", "")


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def inkoper(client, world):
    client.force_login(world.users["inkoper"])
    return client


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """Run the index updates that would run after commit (tests run inside one transaction)."""

    def run(make):
        with django_capture_on_commit_callbacks(execute=True):
            return make()

    return run


def search(client, q, **params):
    return client.get(reverse("learning:search"), {"q": q, **params})


def other_organisation(name="Gemeente Epsilon"):
    org = Organisation.objects.create(name=name)
    category = ProductCategory.objects.create(organisation=org, name="Mobiliteit")
    member = make_user(f"lid-{org.slug}")
    Membership.objects.create(user=member, organisation=org, role=Role.INKOPER)
    return org, category, member


def other_trajectory(org, category, title="Deelauto's Epsilon", description="Geheime deelauto-plannen van Epsilon."):
    return Trajectory.objects.create(organisation=org, title=title, description=description, category=category)


def test_own_trajectories_are_found_and_other_organisations_never(inkoper, world, indexed):
    org, category, _member = other_organisation()
    indexed(lambda: start_trajectory(world, title="Deelauto in plaats van dienstauto", description="Wij delen."))
    indexed(lambda: other_trajectory(org, category))
    page = text(search(inkoper, "deelauto"))
    assert "Deelauto in plaats van dienstauto" in page
    assert "Epsilon" not in page


def test_stemming_finds_deelautos_and_deelauto(inkoper, world, indexed):
    indexed(lambda: start_trajectory(world, title="Onderzoek", description="We zetten een deelauto in voor de wijk."))
    assert "een deelauto in voor de wijk" in text(search(inkoper, "deelauto's"))
    indexed(lambda: start_trajectory(world, title="Vervolg", description="Drie deelauto's voor de buitendienst."))
    assert "Drie" in text(search(inkoper, "deelauto"))


@pytest.mark.parametrize(
    "query, found",
    [
        ("herbruikbaar", "herbruikbare"),
        ("hergebruikte", "hergebruikt"),
        ("lantaarnpaal", "lantaarnpalen"),
        ("laptop", "laptops"),
        ("ideeën", "ideeen"),
    ],
)
def test_dutch_inflections_are_found_on_both_databases(inkoper, world, indexed, query, found):
    description = f"Wij kozen {found} spullen, want die gaan langer mee."
    indexed(lambda: start_trajectory(world, title="Inrichting", description=description))
    indexed(lambda: start_trajectory(world, title="Iets anders", description="Nieuwe spullen van de groothandel."))
    page = html(search(inkoper, query))
    assert f"<mark>{found}</mark>" in page  # found, and the inflected word is the one marked
    assert "Iets anders" not in page


def test_a_phrase_is_found_as_stemmed_words_side_by_side(inkoper, world, indexed):
    indexed(lambda: start_trajectory(world, title="Alpha", description="We delen herbruikbare laptops per afdeling."))
    indexed(lambda: start_trajectory(world, title="Bravo", description="Laptops die herbruikbaar zijn, later."))
    page = text(search(inkoper, '"herbruikbaar laptop"'))
    assert "Alpha" in page and "Bravo" not in page


def test_a_query_of_only_stop_words_finds_nothing_and_stop_words_beside_a_term_are_ignored(inkoper, world, indexed):
    indexed(lambda: start_trajectory(world, title="Tapijt", description="Tapijttegels hergebruiken."))
    assert "Tapijttegels hergebruiken" not in text(search(inkoper, "de van het"))
    assert "Tapijttegels hergebruiken" in text(search(inkoper, "de tapijttegels van"))


WORDS = (
    "herbruikbaar herbruikbare hergebruikte hergebruikt hergebruiken laptops deelauto's fietsen "
    "lantaarnpalen ideeën circulaire inkopen inkoop gemeenten duurzaamheid mogelijkheden "
    "verminderen vermindering tapijttegels ICT-hardware afdelingen bakken"
)


@postgresql_only
def test_the_stems_are_postgresqls_own():
    """The SQLite search stems the way PostgreSQL's dutch configuration does, stop words included."""
    from lib import stemming

    with connection.cursor() as cursor:
        for word in WORDS.split() + ["de", "van", "het"]:
            cursor.execute("SELECT array_to_string(tsvector_to_array(to_tsvector('dutch', %s)), ' ')", [word])
            (theirs,) = cursor.fetchone()
            ours = stemming.stem_words(word)
            if "-" in word or "'" in word:
                # PostgreSQL keeps more: the compound (ict-hardwar besides ict, hardwar), the s of deelauto's
                assert set(ours.split()) <= set(theirs.split()), word
            else:
                assert ours == theirs, word


def test_the_index_keeps_the_stems_per_part_on_databases_without_full_text_search(world, indexed):
    trajectory = indexed(lambda: start_trajectory(world, title="Herbruikbare laptops", description="Fietsen delen"))
    entry = SearchEntry.objects.get(key=indexing.key_of(Trajectory, trajectory.pk))
    if connection.vendor == "postgresql":
        assert entry.stems == ""  # the generated vector column is searched there
    else:
        assert entry.stems.startswith(" herbruik laptop | ") and entry.stems.endswith(" | fiets del ")


def test_the_migration_stems_the_entries_indexed_before_it(world, indexed):
    import importlib

    from django.apps import apps
    from django.db import connection as default_connection

    migration = importlib.import_module("learning.migrations.0004_searchentry_stems")
    trajectory = indexed(lambda: start_trajectory(world, title="Herbruikbare laptops", description="Fietsen"))
    entry = SearchEntry.objects.get(key=indexing.key_of(Trajectory, trajectory.pk))
    SearchEntry.objects.filter(pk=entry.pk).update(stems="")
    migration.stem_existing(apps, SimpleNamespace(connection=default_connection))
    entry.refresh_from_db()
    if default_connection.vendor == "postgresql":
        assert entry.stems == ""  # searched through the vector column there
    else:
        assert entry.stems.startswith(" herbruik laptop | ") and entry.stems.endswith(" | fiets ")


def test_shared_lessons_of_others_are_found_unshared_ones_not(inkoper, world, indexed):
    org, category, _member = other_organisation()
    trajectory = indexed(lambda: other_trajectory(org, category))
    indexed(
        lambda: Lesson.objects.create(
            trajectory=trajectory, kind="tip", text="Gedeelde tip over bakfietsen.", shared=True
        )
    )
    indexed(
        lambda: Lesson.objects.create(
            trajectory=trajectory, kind="tip", text="Interne tip over bakfietsen.", shared=False
        )
    )
    page = text(search(inkoper, "bakfietsen"))
    assert "Gedeelde tip over" in page
    assert "Interne tip" not in page
    assert "Deelauto's Epsilon" not in page  # the shared lesson does not reveal its trajectory


def test_answers_decisions_and_comments_are_found(inkoper, world, indexed):
    trajectory = indexed(lambda: start_trajectory(world, title="Koffieautomaten"))
    answer = synced_answers(trajectory)[0]
    indexed(
        lambda: answer.apply_edit(
            user=world.users["inkoper"],
            values={"text": "De gebruikers willen vaatwasbare mokken.", "state": "beantwoord", "na_reason": ""},
            base_version=answer.version,
        )
    )
    indexed(
        lambda: decide(
            trajectory, world.users["inkoper"], r1="ja", rationale={"R1": "Automaten delen met het buurgebouw."}
        )
    )
    record = phase_record(trajectory, 1)
    indexed(
        lambda: Comment.objects.create(
            trajectory=trajectory, phase_record=record, author=world.users["chef"], body="Denk aan de statiegeldbekers."
        )
    )
    assert "vaatwasbare" in text(search(inkoper, "mokken"))
    assert "buurgebouw" in text(search(inkoper, "buurgebouw"))
    page = text(search(inkoper, "statiegeldbekers"))
    assert "Opmerking bij" in page and "Koffieautomaten" in page  # where it was found


def test_the_public_guidance_is_found(inkoper):
    page = text(search(inkoper, "marktverkenning"))
    assert "Richtlijn" in page


def test_websearch_syntax_quotes_or_and_minus(inkoper, world, indexed):
    indexed(lambda: start_trajectory(world, title="Alpha", description="Refurbished laptops voor het onderwijs."))
    indexed(lambda: start_trajectory(world, title="Bravo", description="Laptops huren bij een leverancier."))
    indexed(lambda: start_trajectory(world, title="Charlie", description="Deelfietsen voor het personeel."))
    minus = text(search(inkoper, "laptops -huren"))
    assert "Alpha" in minus and "Bravo" not in minus
    either = text(search(inkoper, "refurbished OR deelfietsen"))
    assert "Alpha" in either and "Charlie" in either and "Bravo" not in either
    phrase = text(search(inkoper, '"laptops huren"'))
    assert "Bravo" in phrase and "Alpha" not in phrase


def test_results_are_grouped_by_kind_and_filtered_on_one(inkoper, world, indexed):
    trajectory = indexed(lambda: start_trajectory(world, title="Schoonmaak", description="Microvezeldoeken"))
    indexed(
        lambda: Lesson.objects.create(trajectory=trajectory, kind="goed", text="Microvezeldoeken bespaarden water.")
    )
    page = text(search(inkoper, "microvezeldoeken"))
    assert page.index('id="soort-traject"') < page.index('id="soort-les"')
    only_lessons = text(search(inkoper, "microvezeldoeken", soort="les"))
    assert 'id="soort-les"' in only_lessons and 'id="soort-traject"' not in only_lessons


def test_results_are_paginated(inkoper, world, indexed):
    for i in range(23):
        indexed(
            lambda i=i: start_trajectory(world, title=f"Zonnepanelen {i}", description="Zonnepanelen hergebruiken.")
        )
    first = text(search(inkoper, "zonnepanelen"))
    assert "Pagina 1 van 2" in first and "pagina=2" in first
    second = text(search(inkoper, "zonnepanelen", pagina=2))
    assert "Pagina 2 van 2" in second


def test_matches_are_highlighted_and_escaped(inkoper, world, indexed):
    indexed(
        lambda: start_trajectory(
            world, title="<b>Vet</b> project", description="Over <script>alert(1)</script> hergebruik."
        )
    )
    page = html(search(inkoper, "hergebruik"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;b&gt;Vet&lt;/b&gt; project" in page
    assert "<mark>hergebruik</mark>" in page.lower() or "<mark>Hergebruik</mark>" in page


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "!!!",
        "-",
        '"',
        "OR",
        "<script>alert(1)</script>",
        "'; DROP TABLE x; --",
        "a\x00b",
        "é" * 5000,
        "%_\\",
    ],
)
def test_empty_or_hostile_queries_get_a_page_not_a_500(inkoper, q):
    response = search(inkoper, q)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in text(response)


def test_an_empty_query_explains_what_to_do(inkoper):
    assert "Typ een of meer woorden" in text(search(inkoper, ""))
    assert "geen woorden om op te zoeken" in text(search(inkoper, "!!! ---"))


def test_a_user_without_organisation_finds_only_the_guidance(client, world, indexed):
    indexed(lambda: start_trajectory(world, title="Marktverkenning van Alfa", description="Interne marktverkenning."))
    client.force_login(world.users["staff"])
    page = text(search(client, "marktverkenning"))
    assert "Richtlijn" in page and "Marktverkenning van Alfa" not in page


@pytest.mark.parametrize("persona", ["staff", "supplier"])
def test_a_user_outside_every_organisation_sees_no_shared_lesson(client, world, indexed, persona):
    trajectory = indexed(lambda: start_trajectory(world, title="Deelfietsen"))
    indexed(lambda: Lesson.objects.create(trajectory=trajectory, kind="tip", text="Gedeelde fietstip.", shared=True))
    client.force_login(world.users[persona])
    assert "Gedeelde fietstip" not in text(search(client, "fietstip"))


def test_the_rebuild_command_restores_the_index(inkoper, world, indexed):
    indexed(lambda: start_trajectory(world, title="Hergebruikte bureaus", description="Uit het depot."))
    SearchEntry.objects.all().delete()
    assert "Hergebruikte bureaus" not in text(search(inkoper, "bureaus"))
    call_command("rebuild_search_index", verbosity=0)
    assert "Hergebruikte bureaus" in text(search(inkoper, "bureaus"))


def test_a_deleted_lesson_leaves_the_index(inkoper, world, indexed):
    trajectory = indexed(lambda: start_trajectory(world))
    lesson = indexed(lambda: Lesson.objects.create(trajectory=trajectory, kind="tip", text="Verdwijnt straks."))
    assert SearchEntry.objects.filter(key=indexing.key_of(Lesson, lesson.pk)).exists()
    indexed(lambda: lesson.delete())
    assert not SearchEntry.objects.filter(key=indexing.key_of(Lesson, lesson.pk)).exists()


@pytest.mark.parametrize("n", [3, 30])
def test_the_search_page_keeps_its_query_budget(inkoper, world, indexed, n, django_assert_max_num_queries):
    for i in range(n):
        indexed(lambda i=i: start_trajectory(world, title=f"Tapijttegels {i}", description="Tapijttegels terugnemen."))
    with django_assert_max_num_queries(10):
        response = search(inkoper, "tapijttegels")
    assert response.status_code == 200


@postgresql_only
def test_postgresql_ranks_title_matches_first_and_uses_ts_headline(inkoper, world, indexed):
    indexed(lambda: start_trajectory(world, title="Lantaarnpalen", description="Iets anders."))
    indexed(
        lambda: start_trajectory(world, title="Verlichting", description="Oude lantaarnpalen hergebruiken in de wijk.")
    )
    page = html(search(inkoper, "lantaarnpaal"))  # Dutch stemming: the singular finds the plural
    assert page.index("Lantaarnpalen</mark>") < page.index("Verlichting")
    assert "<mark>lantaarnpalen</mark>" in page


def test_the_query_parser():
    parsed = parse('"laptops huren" OR fiets -lease deelauto\'s')
    assert parsed.clauses == [["laptops huren", "fiets"], ["deelauto's"]]
    assert parsed.excluded == ["lease"]
    assert stem("deelauto's") == "deelauto" and stem("fietsen") == "fiets"
    assert clean_query("a\x00b\n" + "x" * 500).startswith("a b") and len(clean_query("x" * 500)) == 200


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    q=st.text(max_size=300),
    soort=st.sampled_from(["", "les", "traject", "onbekend", "<x>"]),
    pagina=st.text(max_size=5),
)
def test_any_search_input_gives_a_page(inkoper, q, soort, pagina):
    response = inkoper.get(
        reverse("learning:search"), {"q": q.replace("\x00", ""), "soort": soort, "pagina": pagina.replace("\x00", "")}
    )
    assert response.status_code == 200


# --- Criteria in the search -------------------------------------------------------------------


def criterion(organisation=None, code="ZK-1", title="Tapijttegels met terugname", **extra):
    from criteria.models import Criterion
    from rladder.models import RStrategy

    fields = {
        "type": "eis",
        "strategy": RStrategy.objects.get(code="R2"),
        "text": "De leverancier neemt de tapijttegels terug voor hergebruik.",
        "evidence": "Terugnamecontract.",
        "status": Criterion.Status.PUBLISHED,
        **extra,
    }
    return Criterion.objects.create(organisation=organisation, code=code, title=title, **fields)


def test_criteria_of_the_base_set_and_the_organisations_own_are_found(inkoper, world, indexed):
    base = indexed(lambda: criterion())
    own = indexed(lambda: criterion(world.org_a, code="EIGEN-1", title="Eigen tapijtclausule"))
    page = text(search(inkoper, "tapijttegels"))
    assert "ZK-1 Tapijttegels met terugname" in page and "EIGEN-1 Eigen tapijtclausule" in page
    assert "Criteria en clausules" in page and "Basisset criteria" in page and "Eigen criteria" in page
    assert base.get_absolute_url() in page and own.get_absolute_url() in page


def test_another_organisations_criteria_and_unpublished_base_criteria_are_not_found(inkoper, world, indexed):
    from criteria.models import Criterion

    org, _category, _member = other_organisation()
    indexed(lambda: criterion(org, code="GEHEIM-1", title="Geheime tapijtclausule"))
    indexed(lambda: criterion(code="CONCEPT-1", title="Concept tapijtclausule", status=Criterion.Status.DRAFT))
    indexed(lambda: criterion(code="OUD-1", title="Oude tapijtclausule", status=Criterion.Status.WITHDRAWN))
    page = text(search(inkoper, "tapijtclausule"))
    assert "Geheime" not in page and "Concept tapijtclausule" not in page and "Oude tapijtclausule" not in page


def test_a_retired_criterion_leaves_the_search(inkoper, world, indexed):
    own = indexed(lambda: criterion(world.org_a, code="EIGEN-2", title="Tapijt uit de roulatie"))
    assert "EIGEN-2" in text(search(inkoper, "roulatie"))
    indexed(own.retire)
    assert "EIGEN-2" not in text(search(inkoper, "roulatie"))


def test_an_adapted_base_criterion_is_found_as_the_organisations_own_version(inkoper, client, world, indexed):
    base = indexed(lambda: criterion(code="BASIS-1", title="Tapijt basistekst"))
    indexed(lambda: base.adapt(world.org_a, title="Tapijt eigen tekst"))
    page = text(search(inkoper, "tapijt"))
    assert "BASIS-1 Tapijt eigen tekst" in page and "Tapijt basistekst" not in page
    # Another organisation, which did not adapt it, still finds the base criterion.
    _org, _category, member = other_organisation()
    client.force_login(member)
    assert "BASIS-1 Tapijt basistekst" in text(search(client, "tapijt"))


@pytest.mark.parametrize("persona", ["staff", "supplier"])
def test_a_user_outside_every_organisation_finds_no_criteria(client, world, indexed, persona):
    indexed(lambda: criterion())
    client.force_login(world.users[persona])
    assert "ZK-1" not in text(search(client, "tapijttegels"))


def test_the_migration_indexes_the_criteria_already_in_the_library(world, indexed):
    import importlib

    from django.apps import apps
    from django.db import connection as default_connection

    migration = importlib.import_module("learning.migrations.0005_searchentry_kind_criterion")
    base = indexed(lambda: criterion())
    expected = SearchEntry.objects.filter(kind=SearchEntry.Kind.CRITERION).values(
        "key", "title", "body", "place", "url", "organisation_id", "stems"
    )
    before = list(expected)
    SearchEntry.objects.filter(kind=SearchEntry.Kind.CRITERION).delete()
    migration.index_criteria(apps, SimpleNamespace(connection=default_connection))
    assert list(expected) == before
    assert indexing.key_of(type(base), base.pk) in {entry["key"] for entry in before}

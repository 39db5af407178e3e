"""Bit positions of topics, life stages and transitions (issue 11, point 6): rows created at the
same time never take the same position, and the last free position goes to one of them.

The concurrent tests run two threads, each with its own database connection: the first creates
a row inside a transaction and holds it open until the second has begun creating another, then
commits. Before, the second chose the same free position (the first row was not yet visible to
it), and its INSERT failed with an IntegrityError once the first committed. They need a
database that lets a second connection wait for the first: PostgreSQL. The SQLite test
database lives in memory with a shared cache, where a second connection fails at once
("database table is locked") instead of waiting; there the simpler tests below check the same
rule on one connection (SQLite serialises writers: transactions begin IMMEDIATE)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from offers.models import LifeStage, MaskBitModel, Topic, Transition

WAIT = 10  # seconds a thread waits for the other before the test fails
LIMIT_MESSAGE = (
    "Es gibt bereits 63 Themen: Mehr kann die Angebotsliste nicht unterscheiden. Bitte "
    "löschen Sie zuerst einen nicht mehr benötigten Eintrag oder fassen Sie Einträge zusammen."
)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the in-memory SQLite test database refuses a second connection instead of waiting",
)


def new_rows(model, count):
    """Field values of ``count`` new rows of ``model`` that no constraint but the bit's refuses."""
    rows = [{"name": f"Neu {n}", "slug": f"neu-{n}", "summary": "Zum Test."} for n in range(count)]
    if model is Topic:
        for row in rows:
            del row["summary"]
    elif model is LifeStage:
        for n, row in enumerate(rows):
            row["position"] = 900 + n
    else:
        # Life stages of its own (a transactional test may have emptied the tables).
        a, b, c = (
            LifeStage.objects.create(name=f"Stufe {n}", slug=f"stufe-{n}", position=950 + n,
                                     summary="Zum Test.")
            for n in range(3)
        )  # fmt: skip
        for row, (from_stage, to_stage) in zip(rows, [(a, b), (b, a), (a, c)], strict=False):
            row.update(from_stage=from_stage, to_stage=to_stage)
    return rows


def create_concurrently(model, first_fields, second_fields):
    """Create a row in a transaction held open until the other thread has begun creating its
    own, and that other row. Returns ({"first"/"second": row}, [errors])."""
    started = threading.Barrier(2, timeout=WAIT)
    release = threading.Event()
    rows, errors = {}, []

    def first():
        try:
            with transaction.atomic():
                rows["first"] = model.objects.create(**first_fields)
                started.wait()
                release.wait(WAIT)
        except Exception as error:  # the test reports it
            errors.append(error)
        finally:
            connection.close()

    def second():
        try:
            started.wait()
            # The first commits shortly after this thread has begun (its INSERT then waits for
            # the first's row to be committed or rolled back).
            threading.Timer(0.5, release.set).start()
            rows["second"] = model.objects.create(**second_fields)
        except Exception as error:  # the test reports it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 3)
    return rows, errors


def free_bits(model):
    taken = set(model.objects.values_list("bit", flat=True))
    return [bit for bit in range(MaskBitModel.MAX_BIT + 1) if bit not in taken]


# Two connections must see each other's commits, so these tests commit (transaction=True).
# serialized_rollback: the rows of the migrations come back afterwards, and the flush after
# the test does not recreate content types under new ids, which would break the next
# serialized_rollback test of the worker (browser tests, backup).
committing = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@postgresql_only
@committing
@pytest.mark.parametrize("model", [Topic, LifeStage, Transition])
def test_two_rows_created_at_once_take_different_bits(model):
    free = free_bits(model)
    first, second = new_rows(model, 2)
    rows, errors = create_concurrently(model, first, second)
    assert errors == []
    assert (rows["first"].bit, rows["second"].bit) == (free[0], free[1])
    stored = model.objects.filter(slug__in=["neu-0", "neu-1"]).order_by("slug")
    assert list(stored.values_list("slug", "bit")) == [("neu-0", free[0]), ("neu-1", free[1])]


@postgresql_only
@committing
def test_the_last_free_bit_goes_to_one_of_two_rows_and_the_other_gets_the_message():
    for n in range(Topic.objects.count(), MaskBitModel.MAX_BIT):
        Topic.objects.create(name=f"Thema {n}", slug=f"thema-{n}")
    (last,) = free_bits(Topic)
    first, second = new_rows(Topic, 2)
    rows, errors = create_concurrently(Topic, first, second)
    assert (list(rows), rows["first"].bit) == (["first"], last)
    assert [type(error) for error in errors] == [ValidationError]
    assert errors[0].messages == [LIMIT_MESSAGE]
    assert Topic.objects.count() == MaskBitModel.MAX_BIT + 1


@postgresql_only
@committing
def test_a_row_refused_by_another_constraint_is_not_retried():
    """Two topics of the same name at once: the second fails on the name, not the bit."""
    free = free_bits(Topic)
    rows, errors = create_concurrently(
        Topic, {"name": "Schach", "slug": "schach"}, {"name": "Schach", "slug": "schach-2"}
    )
    assert (list(rows), rows["first"].bit) == (["first"], free[0])
    assert [type(error) for error in errors] == [IntegrityError]
    assert "name" in str(errors[0])
    assert list(Topic.objects.filter(name="Schach").values_list("slug", "bit")) == [
        ("schach", free[0])
    ]


# --- on one connection (both databases) ----------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("model", [Topic, LifeStage, Transition])
def test_rows_created_in_turn_take_the_free_bits_in_order(model):
    free = free_bits(model)
    created = [model.objects.create(**fields) for fields in new_rows(model, 3)]
    assert [row.bit for row in created] == free[:3]


@pytest.mark.django_db
def test_another_constraint_refusing_a_new_row_is_its_error_not_a_bit_error():
    """The position is chosen again only when another row took it: a duplicate name is the
    database's IntegrityError, at once, and the row keeps no position."""
    Topic.objects.create(name="Schach", slug="schach")
    duplicate = Topic(name="Schach", slug="schach-2")
    with pytest.raises(IntegrityError, match="name"):
        duplicate.save()
    assert duplicate.bit is None
    assert Topic.objects.filter(name="Schach").count() == 1
    # The transaction is still usable: the failed INSERT ran in its own savepoint.
    free = free_bits(Topic)
    assert Topic.objects.create(name="Dame", slug="dame").bit == free[0]

"""The Neo4j store's own behaviour, on a real server: its schema, the types
it stores, its addresses and what happens when a connection drops."""

from __future__ import annotations

import math
import socket
import threading
from dataclasses import replace
from datetime import date

import neo4j
import pytest
from neo4j.exceptions import ConstraintError

from graph.errors import (
    BusyError,
    ConfigurationError,
    PartialImportError,
    StoreError,
)
from graph.model import (
    Activity,
    Dataset,
    Participant,
    Partner,
    PartnershipConfig,
    Referral,
)
from graph.neo4j import Neo4jStore, cypher, writes
from graph.neo4j import store as neo4j_store
from graph.neo4j.cypher import SCHEMA
from graph.stores import open_store
from graph.transfer import read_dataset

pytestmark = pytest.mark.neo4j


@pytest.fixture
def server(neo4j_empty):
    return neo4j_empty


@pytest.fixture
def store(server):
    with Neo4jStore(server.uri, auth=server.auth) as opened:
        yield opened


@pytest.fixture
def driver(server):
    with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as opened:
        yield opened


def _one_partner() -> Dataset:
    return Dataset(config=PartnershipConfig(), partners=(Partner("P1", "Only"),))


def test_schema_has_a_constraint_on_every_id(store, driver):
    records, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type "
        "WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, "
        "properties AS properties"
    )
    constrained = {(r["label"], tuple(r["properties"])) for r in records}
    for label in ("Partner", "Employer", "Participant", "Referral", "Activity"):
        assert (label, ("id",)) in constrained
    assert ("Outcome", ("id",)) in constrained


def test_schema_step_is_idempotent(server, driver):
    neo4j_store._prepared.clear()
    Neo4jStore(server.uri, auth=server.auth).close()
    neo4j_store._prepared.clear()
    Neo4jStore(server.uri, auth=server.auth).close()
    records, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD name RETURN count(*) AS constraints"
    )
    created = [statement for statement in SCHEMA if "CONSTRAINT" in statement]
    assert records[0]["constraints"] == len(created)


def test_duplicate_id_violates_the_constraint(store, driver):
    store.save(Partner("P1", "First"))
    with pytest.raises(ConstraintError):
        driver.execute_query("CREATE (:Partner {id: 'P1', name: 'Second'})")
    assert store.list_partners() == [Partner("P1", "First")]


def test_dates_stored_as_neo4j_dates(store, driver):
    store.import_dataset(
        replace(
            _one_partner(),
            participants=(Participant("0012", "P1", date(2024, 2, 29)),),
        )
    )
    records, _, _ = driver.execute_query(
        "MATCH (n:Participant) RETURN n.enrolled_on AS day, n.id AS id"
    )
    assert isinstance(records[0]["day"], neo4j.time.Date)
    assert records[0]["id"] == "0012"
    participant = store.get_participant("0012")
    assert type(participant.enrolled_on) is date
    assert participant.enrolled_on == date(2024, 2, 29)


def test_missing_values_are_absent_not_nan(store, driver):
    dataset = replace(
        _one_partner(),
        participants=(Participant("U1", "P1", date(2024, 1, 1)),),
        activities=(
            Activity("A1", "U1", "P1", "mentoring", date(2024, 1, 2), hours=math.nan),
            Activity("A2", "U1", "P1", "mentoring", date(2024, 1, 3), hours=2),
        ),
    )
    store.import_dataset(dataset)
    records, _, _ = driver.execute_query(
        "MATCH (n:Activity) RETURN n.id AS id, n.hours AS hours, "
        "n.stage AS stage ORDER BY id"
    )
    assert [(r["id"], r["hours"], r["stage"]) for r in records] == [
        ("A1", None, None),
        ("A2", 2.0, None),
    ]
    activities = store.activities_for_participants(["U1"])["U1"]
    assert activities[0].hours is None
    assert activities[0].stage is None
    assert isinstance(activities[1].hours, float)


def test_links_are_relationships(store, driver):
    store.import_dataset(
        replace(
            _one_partner(),
            participants=(Participant("U1", "P1", date(2024, 1, 1)),),
        )
    )
    records, _, _ = driver.execute_query(
        "MATCH (n:Participant)-[:ENROLLED_BY]->(p:Partner) "
        "RETURN n.id AS participant, p.id AS partner, keys(n) AS keys"
    )
    assert records[0]["participant"] == "U1"
    assert records[0]["partner"] == "P1"
    assert "partner_id" not in records[0]["keys"]


def test_moving_a_participant_leaves_one_enrolment(store, driver):
    dataset = replace(
        _one_partner(),
        partners=(Partner("P1", "One"), Partner("P2", "Two")),
        participants=(Participant("U1", "P1", date(2024, 1, 1)),),
    )
    store.import_dataset(dataset)
    store.save(Participant("U1", "P2", date(2024, 1, 1)))
    records, _, _ = driver.execute_query(
        "MATCH (:Participant {id: 'U1'})-[:ENROLLED_BY]->(p) RETURN p.id AS id"
    )
    assert [r["id"] for r in records] == ["P2"]


def _operators(plan: dict) -> list[str]:
    """Return the operator names of a query plan, without the runtime
    suffix such as ``@neo4j``."""
    names = [plan["operatorType"].split("@")[0]]
    for child in plan.get("children", []):
        names.extend(_operators(child))
    return names


def _explain(driver, statement: str) -> list[str]:
    parameters = {
        "participant_id": None,
        "partner_id": None,
        "type": None,
        "stage": None,
        "since": date(2024, 1, 1),
        "until": date(2024, 6, 30),
        "after": "A2",
        "after_on": date(2024, 3, 1),
        "limit": 51,
    }
    _, summary, _ = driver.execute_query(f"EXPLAIN {statement}", parameters)
    return _operators(summary.plan)


@pytest.mark.parametrize(
    ("order", "after", "index_read"),
    [
        ("id", False, "NodeIndexScan"),
        ("id", True, "NodeUniqueIndexSeekByRange"),
        ("oldest", False, "NodeIndexScan"),
        ("oldest", True, "NodeIndexSeekByRange"),
        ("newest", False, "NodeIndexScan"),
        ("newest", True, "NodeIndexSeekByRange"),
    ],
)
def test_page_reads_index_in_order(
    store, driver, small_dataset, order, after, index_read
):
    # A page that sorted the whole label took 4 to 9 s at 1,000,000
    # activities in bench_analysis, because no index gave its order.
    store.import_dataset(small_dataset)
    operators = _explain(driver, cypher.page("activities", order, {}, after))
    assert index_read in operators
    assert "Sort" not in operators
    assert "Top" not in operators


def test_unfiltered_count_reads_count_store(store, driver, small_dataset):
    store.import_dataset(small_dataset)
    operators = _explain(driver, cypher.page_count("activities", {}))
    assert "NodeCountFromCountStore" in operators


def test_window_count_skips_links(store, driver, small_dataset):
    store.import_dataset(small_dataset)
    window = {"since": date(2024, 1, 1), "until": date(2024, 6, 30)}
    operators = _explain(driver, cypher.page_count("activities", window))
    assert "NodeIndexSeekByRange" in operators
    assert not any(name.startswith("Expand") for name in operators)


def test_user_without_password_is_refused(monkeypatch):
    monkeypatch.setenv("NEO4J_USER", "neo4j")
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    with pytest.raises(ConfigurationError, match="NEO4J_PASSWORD is not"):
        open_store("bolt://127.0.0.1:7687")


def test_unreachable_server_is_a_clear_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port once the probe is closed.
    with pytest.raises(
        StoreError, match=f"cannot reach Neo4j at bolt://127.0.0.1:{port}"
    ):
        open_store(f"bolt://127.0.0.1:{port}")


def test_environment_selects_the_neo4j_store(server, monkeypatch):
    monkeypatch.setenv("PARTNERGRAPH_DATABASE", server.uri)
    if server.auth is not None:
        monkeypatch.setenv("NEO4J_USER", server.auth[0])
        monkeypatch.setenv("NEO4J_PASSWORD", server.auth[1])
    with open_store() as opened:
        assert isinstance(opened, Neo4jStore)
        opened.save(Partner("P1", "Only"))
        assert opened.count_records()["partners"] == 1


class _Relay:
    """A TCP relay on 127.0.0.1 whose connections can be cut at will."""

    def __init__(self, target_port: int) -> None:
        self._target = ("127.0.0.1", target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self._target)
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(
                    target=self._pipe, args=(source, sink), daemon=True
                ).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        """Close every connection relayed so far."""
        with self._lock:
            cut, self._sockets = self._sockets, []
        for end in cut:
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()

    def close(self) -> None:
        self._listener.close()
        self.cut()


def test_next_query_succeeds_after_the_connection_drops(server, small_dataset):
    port = int(server.uri.rsplit(":", 1)[1])
    relay = _Relay(port)
    try:
        with Neo4jStore(f"bolt://127.0.0.1:{relay.port}", auth=server.auth) as store:
            store.import_dataset(small_dataset)
            assert store.count_records()["referrals"] == 10
            relay.cut()
            assert store.count_records()["referrals"] == 10
            relay.cut()
            store.save(Partner("Z", "After the drop"))
            assert store.get_partner("Z") is not None
    finally:
        relay.close()


def test_constraint_violation_is_a_store_error(store, driver):
    # An administrator's own constraint, which partnergraph does not know.
    driver.execute_query(
        "CREATE CONSTRAINT test_partner_name IF NOT EXISTS "
        "FOR (n:Partner) REQUIRE n.name IS UNIQUE"
    )
    try:
        store.save(Partner("P1", "Same Name"))
        with pytest.raises(StoreError, match="cannot save partners 'P2'"):
            store.save(Partner("P2", "Same Name"))
        assert [partner.id for partner in store.list_partners()] == ["P1"]
    finally:
        driver.execute_query("DROP CONSTRAINT test_partner_name IF EXISTS")


@pytest.fixture
def batched_store(server, monkeypatch):
    """A store that imports anything larger than two records batch by
    batch, in batches of three."""
    monkeypatch.setattr(writes, "BATCH_SIZE", 3)
    with Neo4jStore(server.uri, auth=server.auth, one_transaction_records=2) as opened:
        yield opened


def _everything(store) -> dict:
    return {
        "counts": store.count_records(),
        "dataset": read_dataset(store),
    }


def test_batched_import_equals_one_transaction(batched_store, small_dataset):
    summary = batched_store.import_dataset(small_dataset)

    assert summary.created["referrals"] == 10
    assert summary.total(summary.created) == 31
    assert batched_store.count_records() == summary.created
    assert batched_store.get_referral("R04") == small_dataset.referrals[3]
    again = batched_store.import_dataset(small_dataset)
    assert again.total(again.unchanged) == 31


def test_failed_batched_import_is_undone(batched_store, small_dataset):
    batched_store.import_dataset(small_dataset)
    before = _everything(batched_store)
    renamed = replace(small_dataset.partners[0], name="Renamed Trust")
    moved = replace(small_dataset.participants[0], partner_id="B")
    broken = Referral("R99", "NOBODY", "A", date(2024, 6, 1), "made", "B")
    dataset = replace(
        small_dataset,
        partners=(renamed, *small_dataset.partners[1:], Partner("Z", "New")),
        participants=(moved, *small_dataset.participants[1:]),
        referrals=small_dataset.referrals + (broken,),
    )

    with pytest.raises(StoreError, match="nothing was written"):
        batched_store.import_dataset(dataset)

    assert _everything(batched_store) == before
    assert batched_store.get_partner("Z") is None
    assert batched_store.get_partner("A").name == "Lead Trust"


def test_failing_progress_undoes_batches(batched_store, small_dataset):
    def stop(kind, done, total):
        if kind == "activities":
            raise RuntimeError("stopped by the caller")

    with pytest.raises(StoreError, match="stopped by the caller"):
        batched_store.import_dataset(small_dataset, stop)

    assert sum(batched_store.count_records().values()) == 0
    assert batched_store.load_config() == PartnershipConfig()


def test_writes_wait_for_a_batched_import(batched_store, server, small_dataset):
    rejected = []
    partner = Partner("W", "Walk-in Centre")

    def write_meanwhile(kind, done, total):
        if kind == "referrals" and not rejected:
            with Neo4jStore(server.uri, auth=server.auth) as other:
                for attempt in (
                    lambda: other.save(partner),
                    lambda: other.import_dataset(_one_partner()),
                    lambda: other.save_config(PartnershipConfig()),
                    lambda: other.change_referral_status(
                        replace(small_dataset.referrals[0], status="accepted"), "made"
                    ),
                ):
                    with pytest.raises(BusyError, match="large import") as caught:
                        attempt()
                    rejected.append(caught.value)

    batched_store.import_dataset(small_dataset, write_meanwhile)

    assert len(rejected) == 4
    assert batched_store.get_partner("W") is None
    batched_store.save(partner)
    assert batched_store.get_partner("W") == partner


def test_batched_import_rejects_second_import(batched_store, server, small_dataset):
    rejected = []

    def import_meanwhile(kind, done, total):
        if kind == "participants" and not rejected:
            with Neo4jStore(
                server.uri, auth=server.auth, one_transaction_records=2
            ) as other:
                with pytest.raises(BusyError) as caught:
                    other.import_dataset(small_dataset)
                rejected.append(caught.value)

    summary = batched_store.import_dataset(small_dataset, import_meanwhile)

    assert len(rejected) == 1
    assert batched_store.count_records() == summary.created


def test_import_gate_mark_expires(store, driver, monkeypatch):
    driver.execute_query(
        "MERGE (gate:Settings {key: 'import'}) SET gate.import_id = 'dead', "
        "gate.started_at = datetime() - duration({minutes: 20}), "
        "gate.active_at = datetime() - duration({seconds: 30})"
    )
    with pytest.raises(BusyError, match="from [0-9:]+ UTC"):
        store.save(Partner("W", "Walk-in Centre"))

    monkeypatch.setattr(writes, "GATE_STALE_SECONDS", 20)
    store.save(Partner("W", "Walk-in Centre"))
    assert store.get_partner("W") is not None


def test_undo_that_fails_reports_a_partial_import(
    batched_store, small_dataset, monkeypatch
):
    def fail_to_delete(tx, kind, ids):
        raise RuntimeError("server went away")

    def stop(kind, done, total):
        if kind == "activities":
            raise RuntimeError("stopped by the caller")

    monkeypatch.setattr(writes, "_delete", fail_to_delete)

    with pytest.raises(PartialImportError, match="holds part of the import") as err:
        batched_store.import_dataset(small_dataset, stop)

    assert "stopped by the caller" in err.value.failure
    assert "server went away" in err.value.undo_failure
    assert batched_store.count_records()["participants"] > 0
    # The import cleared its mark, so the same import can run again.
    batched_store.import_dataset(small_dataset)
    assert batched_store.get_referral("R04") == small_dataset.referrals[3]


def test_old_participant_gets_import_defaults(server, driver):
    driver.execute_query(
        "CREATE (:Participant {id: 'U1', enrolled_on: date('2024-02-01')})"
        "-[:ENROLLED_BY]->(:Partner {id: 'P1', name: 'Lead'})"
    )
    neo4j_store._prepared.clear()

    with Neo4jStore(server.uri, auth=server.auth) as store:
        participant = store.get_participant("U1")

    assert participant.consent_recorded_on == date(2024, 2, 1)
    assert participant.consent_recorded_by == "import"


def test_consent_defaults_step_runs_once(server):
    neo4j_store._prepared.clear()
    with Neo4jStore(server.uri, auth=server.auth) as store:
        store.save(Partner("P1", "Lead"))
        store.save(Participant("U1", "P1", date(2024, 2, 1)))
    neo4j_store._prepared.clear()

    with Neo4jStore(server.uri, auth=server.auth) as store:
        participant = store.get_participant("U1")

    assert participant.consent_recorded_on is None
    assert participant.consent_recorded_by is None

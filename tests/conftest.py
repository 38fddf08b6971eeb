"""Fixtures shared by the whole suite: a store and a small partnership.

``small_dataset`` is small enough to work numbers out by hand. Who referred
whom (dates in 2024, E1 and E2 are employers):

    id   participant  from -> to   referred  status      status_on
    R01  U1           A -> C       02-01     completed   03-01
    R02  U2           A -> C       02-05     accepted    02-10
    R03  U3           B -> A       02-15     accepted    02-20
    R04  U4           B -> A       02-20     declined    02-25
    R05  U5           C -> A       03-10     completed   04-10
    R06  U6           C -> D       03-15     made        -
    R07  U1           C -> D       03-20     accepted    03-25
    R08  U1           D -> E1      04-01     completed   04-15
    R09  U8           A -> B       04-15     withdrawn   04-20
    R10  U7           D -> E2      05-01     made        -

Enrolled by A: U1, U2, U8; by B: U3, U4; by C: U5, U6; by D: U7.
U4 and U8 did not consent to sharing. Every consent value was recorded on
enrolment by the import, except U8's, recorded on 04-20 by the user
a1b2c3d4e5f6. Activities: U1 with A (01-20) and C
(02-15), U3 with A (02-25), U5 with C (03-05). Outcomes: U1 job_start with
D at E1 (04-20), U5 education with A (05-01), U7 job_start with D at E2
(05-10).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import neo4j
import pytest

from graph.model import (
    Activity,
    Dataset,
    Employer,
    Outcome,
    Participant,
    Partner,
    PartnershipConfig,
    Referral,
)
from graph.rules import DEFAULT_OUTCOME_TYPES
from graph.stores import open_store
from tests.neo4j_server import (
    Neo4jServerError,
    explain_missing_tools,
    start_server,
)


def _day(month: int, day: int) -> date:
    return date(2024, month, day)


def _participant(
    pid: str,
    partner: str,
    enrolled: date,
    consent: bool = True,
    recorded: tuple[date, str] | None = None,
):
    recorded_on, recorded_by = recorded or (enrolled, "import")
    return Participant(
        id=pid,
        partner_id=partner,
        enrolled_on=enrolled,
        birth_year=2002,
        gender="male",
        ethnicity="Black Caribbean",
        postcode_district="SE15",
        consent_to_share=consent,
        consent_recorded_on=recorded_on,
        consent_recorded_by=recorded_by,
    )


def _referral(rid, participant, sender, referred, status, status_on=None, **to):
    return Referral(
        id=rid,
        participant_id=participant,
        from_partner_id=sender,
        referred_on=referred,
        status=status,
        status_on=status_on,
        **to,
    )


def build_small_dataset() -> Dataset:
    """Build the partnership described in this module's docstring."""
    config = PartnershipConfig(
        name="Riverside Test Partnership",
        start_on=date(2024, 1, 1),
        end_on=date(2025, 12, 31),
        stages=("engagement", "training", "job_search"),
        activity_types=None,
        outcome_types=DEFAULT_OUTCOME_TYPES,
        targets={"job_start": 10, "education": 4},
        small_number_threshold=5,
    )
    partners = (
        Partner("A", "Lead Trust", "lead", "Lambeth", _day(1, 1)),
        Partner("B", "Youth Club", "referral_agency", "Southwark"),
        Partner("C", "Skills & Training Hub", "delivery", "Hackney"),
        Partner("D", "Jobs Broker", "employer_broker", "Camden"),
    )
    employers = (
        Employer("E1", "Riverside Bakery", "hospitality", "small"),
        Employer("E2", "Camden Builders", "construction", "medium"),
    )
    participants = (
        _participant("U1", "A", _day(1, 10)),
        _participant("U2", "A", _day(1, 15)),
        _participant("U3", "B", _day(2, 1)),
        _participant("U4", "B", _day(2, 10), consent=False),
        _participant("U5", "C", _day(3, 1)),
        _participant("U6", "C", _day(3, 5)),
        _participant("U7", "D", _day(4, 1)),
        _participant("U8", "A", _day(4, 10), False, (_day(4, 20), "a1b2c3d4e5f6")),
    )
    referrals = (
        _referral(
            "R01", "U1", "A", _day(2, 1), "completed", _day(3, 1), to_partner_id="C"
        ),
        _referral(
            "R02", "U2", "A", _day(2, 5), "accepted", _day(2, 10), to_partner_id="C"
        ),
        _referral(
            "R03", "U3", "B", _day(2, 15), "accepted", _day(2, 20), to_partner_id="A"
        ),
        Referral(
            id="R04",
            participant_id="U4",
            from_partner_id="B",
            to_partner_id="A",
            referred_on=_day(2, 20),
            status="declined",
            status_on=_day(2, 25),
            reason="outside our area",
        ),
        _referral(
            "R05", "U5", "C", _day(3, 10), "completed", _day(4, 10), to_partner_id="A"
        ),
        _referral("R06", "U6", "C", _day(3, 15), "made", to_partner_id="D"),
        _referral(
            "R07", "U1", "C", _day(3, 20), "accepted", _day(3, 25), to_partner_id="D"
        ),
        _referral(
            "R08", "U1", "D", _day(4, 1), "completed", _day(4, 15), to_employer_id="E1"
        ),
        Referral(
            id="R09",
            participant_id="U8",
            from_partner_id="A",
            to_partner_id="B",
            referred_on=_day(4, 15),
            status="withdrawn",
            status_on=_day(4, 20),
            reason="moved away",
        ),
        _referral("R10", "U7", "D", _day(5, 1), "made", to_employer_id="E2"),
    )
    activities = (
        Activity("A1", "U1", "A", "mentoring", _day(1, 20), "engagement", 2.0),
        Activity("A2", "U1", "C", "cv_workshop", _day(2, 15), "training", 3.5),
        Activity("A3", "U3", "A", "mentoring", _day(2, 25), "engagement", 1.0),
        Activity("A4", "U5", "C", "cv_workshop", _day(3, 5), "training", 2.0),
    )
    outcomes = (
        Outcome("O1", "U1", "D", "job_start", _day(4, 20), "E1"),
        Outcome("O2", "U5", "A", "education", _day(5, 1)),
        Outcome("O3", "U7", "D", "job_start", _day(5, 10), "E2"),
    )
    return Dataset(
        config=config,
        partners=partners,
        employers=employers,
        participants=participants,
        referrals=referrals,
        activities=activities,
        outcomes=outcomes,
    )


@pytest.fixture
def small_dataset() -> Dataset:
    return build_small_dataset()


@pytest.fixture
def store(tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'partnergraph.db'}") as opened:
        yield opened


@pytest.fixture
def loaded_store(store, small_dataset):
    store.import_dataset(small_dataset)
    return store


@dataclass(frozen=True)
class Neo4jServer:
    """Address and credentials of the Neo4j server that the tests use."""

    uri: str
    user: str | None = None
    password: str | None = None

    @property
    def auth(self) -> tuple[str, str] | None:
        """Credentials in the form the neo4j driver takes, None for no auth."""
        if self.user is None:
            return None
        return (self.user, self.password or "")


def _cannot_use_neo4j(reason: str) -> None:
    # CI must run the Neo4j tests, so there a missing server fails them.
    if os.environ.get("CI") == "true":
        pytest.fail(f"Neo4j tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"Neo4j tests skipped: {reason}")


@pytest.fixture(scope="session")
def neo4j_server(request) -> Iterator[Neo4jServer]:
    """Provide a Neo4j server for the whole session.

    With NEO4J_TEST_URI set, the server at that URI, with auth from
    NEO4J_TEST_USER and NEO4J_TEST_PASSWORD when set. Otherwise a server that
    tests/neo4j_server.py starts on a free 127.0.0.1 port and stops at the end
    of the session. Skips when Java or Maven is missing or the server fails to
    start, and fails instead when CI=true.
    """
    uri = os.environ.get("NEO4J_TEST_URI")
    if uri:
        user = os.environ.get("NEO4J_TEST_USER") or None
        password = os.environ.get("NEO4J_TEST_PASSWORD")
        if user is not None and password is None:
            pytest.fail("NEO4J_TEST_USER is set but NEO4J_TEST_PASSWORD is not")
        yield Neo4jServer(uri, user, password)
        return

    missing = explain_missing_tools()
    if missing is not None:
        _cannot_use_neo4j(missing)
    # The first run downloads the server's jars: let its progress notes through.
    capture = request.config.pluginmanager.getplugin("capturemanager")
    try:
        with capture.global_and_fixture_disabled():
            started = start_server()
    except Neo4jServerError as error:
        _cannot_use_neo4j(str(error))
    with started:
        yield Neo4jServer(started.uri)


@pytest.fixture(scope="session")
def neo4j_uri(neo4j_server: Neo4jServer) -> str:
    """The Bolt URI of the session's Neo4j server."""
    return neo4j_server.uri


@pytest.fixture(scope="session")
def _neo4j_driver(neo4j_server: Neo4jServer) -> Iterator[neo4j.Driver]:
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as driver:
        yield driver


@pytest.fixture
def neo4j_empty(neo4j_server: Neo4jServer, _neo4j_driver: neo4j.Driver) -> Neo4jServer:
    """Provide the session's Neo4j server with every node and relationship
    deleted. Constraints and indexes stay, so a store need not recreate them."""
    _neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    return neo4j_server

"""The partnership the mutation tests write into, and helpers to send a
mutation and build the response it should get.

Riverside (dates in 2024): partners P1 (joined 01-01), P2, and P3, which
left on 06-30; employer E1; participant X1, enrolled by P1 on 02-01.
Referral R1 (X1, P1 -> P2, 02-10) is made; R2 (X1, P1 -> P3, 02-11) was
declined on 02-15; R3 (X1, P2 -> P1, 02-12) was accepted on 02-20.
"""

from __future__ import annotations

from datetime import date

from graph.model import (
    Dataset,
    Employer,
    Participant,
    Partner,
    PartnershipConfig,
    Referral,
)

# A date no test run will reach, to check that future dates are rejected.
FUTURE = "2999-01-01"

DATASET = Dataset(
    config=PartnershipConfig(
        name="Riverside Jobs Partnership",
        stages=("engagement", "training"),
        activity_types=("mentoring", "cv_workshop"),
        outcome_types=("job_start", "education"),
        targets={"job_start": 10},
    ),
    partners=(
        Partner(
            "P1", "Riverside Youth Trust", "lead", "Lambeth", joined_on=date(2024, 1, 1)
        ),
        Partner("P2", "Northside Training"),
        Partner("P3", "City Jobs Brokerage", left_on=date(2024, 6, 30)),
    ),
    employers=(Employer("E1", "Green Grocers Ltd", "retail", "small"),),
    participants=(
        Participant(
            "X1",
            "P1",
            date(2024, 2, 1),
            birth_year=2001,
            gender="male",
            ethnicity="White British",
            postcode_district="SE1",
            consent_to_share=True,
        ),
    ),
    referrals=(
        Referral(
            "R1", "X1", "P1", date(2024, 2, 10), "made", "P2", None, date(2024, 2, 10)
        ),
        Referral(
            "R2",
            "X1",
            "P1",
            date(2024, 2, 11),
            "declined",
            "P3",
            None,
            date(2024, 2, 15),
            "no places left",
        ),
        Referral(
            "R3",
            "X1",
            "P2",
            date(2024, 2, 12),
            "accepted",
            "P1",
            None,
            date(2024, 2, 20),
        ),
    ),
)

# Every mutation document spreads this fragment on its InvalidInput member.
PROBLEMS = """
fragment Problems on InvalidInput {
  message
  problems { field message }
}
"""

FUTURE_MESSAGE = (
    f"{FUTURE} is in the future (today is {{today}}); "
    "record events once they have happened"
)


def future_message() -> str:
    """Return the problem message for ``FUTURE``, with today's date."""
    return FUTURE_MESSAGE.format(today=date.today().isoformat())


def send(client, query: str, variables: dict) -> dict:
    """Post a document with variables and return the JSON body of a 200."""
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def invalid(mutation: str, problems: list[tuple[str, str]]) -> dict:
    """Return the response body of a mutation rejected for ``problems``."""
    text = "; ".join(f"{field}: {message}" for field, message in problems)
    return {
        "data": {
            mutation: {
                "__typename": "InvalidInput",
                "message": f"invalid input, nothing was written: {text}",
                "problems": [
                    {"field": field, "message": message} for field, message in problems
                ],
            }
        }
    }


def used_id(kind: str) -> tuple[str, str]:
    """Return the problem of a create request whose id another record has."""
    return (
        "id",
        f"already used by a different {kind}; send a new id, or none to have "
        "one generated",
    )

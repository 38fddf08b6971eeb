"""Validate and write single records sent through the API.

Each function checks every field against the store and the partnership's
framework, then either saves the record and returns it or raises
``InvalidRecordError`` listing every problem found. Nothing is written when
any problem exists. Problems name fields as the GraphQL inputs do
(``referredOn``, ``toPartnerId``), so a client can show each one beside its
input. An id that names no record, and a decision the referral's status
does not allow, are problems on the field that carries the id.

A request to create a record may carry its own ``id``. When a record with
that id already exists and matches the request, the function returns it
unchanged, so a client can safely retry a request whose response it lost.
When the stored record differs, the id is reported as already used. An
update or decision that changes nothing returns the stored record, so
those are safe to retry as well.
"""

from graph.recording.checks import UNCHANGED, Unchanged
from graph.recording.deliveries import record_activity, record_outcome
from graph.recording.organisations import add_employer, add_partner, update_partner
from graph.recording.participants import register_participant, update_participant
from graph.recording.referrals import (
    accept_referral,
    complete_referral,
    decline_referral,
    record_referral,
    withdraw_referral,
)

__all__ = [
    "UNCHANGED",
    "Unchanged",
    "accept_referral",
    "add_employer",
    "add_partner",
    "complete_referral",
    "decline_referral",
    "record_activity",
    "record_outcome",
    "record_referral",
    "register_participant",
    "update_participant",
    "update_partner",
    "withdraw_referral",
]

"""Participants' journeys through the sample partnership.

Each participant is enrolled by one partner and moves through the programme
stages in order. Between stages a partner may refer them on to a partner that
delivers the next stage. The receiver accepts or declines, and an accepted
referral is completed when the participant moves on or starts work. Nothing
is dated after the partnership's end date, so the latest referrals are still
waiting for a decision and the latest jobs have not yet been sustained.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from graph.model import Activity, Employer, Outcome, Participant, Referral
from graph.sample.catalogue import (
    ACTIVITY_TYPES,
    DECLINE_REASONS,
    EMPLOYER_DECLINE_REASONS,
    END_ON,
    STAGES,
    START_ON,
    WITHDRAW_REASONS,
)
from graph.sample.organisations import PartnerRole
from graph.sample.people import make_participant

# Share of participants whose journey ends at each stage, in STAGES order.
# The last share reaches work if the data runs long enough.
FINAL_STAGE_WEIGHTS = (0.08, 0.08, 0.12, 0.08, 0.64)

# Chance that a partner delivering the next stage itself still refers the
# participant on to a partner that specialises in it.
MOVE_CHANCE = 0.35
WITHDRAW_CHANCE = 0.04
PARTNER_DECLINE_CHANCE = 0.26
EMPLOYER_DECLINE_CHANCE = 0.35
DECISION_DAYS = (1, 21)
REFERRAL_ATTEMPTS = 3
EMPLOYER_ATTEMPTS = 3

APPRENTICESHIP_CHANCE = 0.12
SUSTAINED_13W_CHANCE = 0.72
SUSTAINED_26W_CHANCE = 0.78
QUALIFICATION_CHANCE = 0.55
EDUCATION_CHANCE = 0.3
# Chance that an accepted referral ends withdrawn when the participant stops
# attending, rather than completed.
DROP_OUT_WITHDRAW_CHANCE = 0.15

# Range of days each stage takes and of sessions delivered in it.
STAGE_DAYS = {
    "engagement": (7, 35),
    "assessment": (7, 28),
    "training": (28, 120),
    "job_search": (14, 90),
    "in_work": (14, 91),
}
STAGE_SESSIONS = {
    "engagement": (1, 3),
    "assessment": (1, 2),
    "training": (2, 5),
    "job_search": (1, 4),
    "in_work": (1, 3),
}
EMPLOYER_SIZE_WEIGHTS = {"micro": 0.5, "small": 1.0, "medium": 2.0, "large": 4.0}


@dataclass
class Journeys:
    """Records written while simulating journeys, in the order they happen.

    Referral, activity and outcome ids are empty until ``number_records``
    sorts each list by date and numbers it.
    """

    participants: list[Participant] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)


class _JourneyStopped(Exception):
    """Signal that a journey ends because a referral is undecided or was
    withdrawn.

    ``status`` is the referral's status, ``made`` or ``withdrawn``, and
    ``day`` and ``reason`` are its ``status_on`` and ``reason``.
    """

    def __init__(self, status: str, day: date, reason: str | None) -> None:
        super().__init__(status)
        self.status = status
        self.day = day
        self.reason = reason


class JourneySimulator:
    """Simulates participants' journeys with one random number generator."""

    def __init__(
        self, rng: random.Random, roles: list[PartnerRole], employers: list[Employer]
    ) -> None:
        self.rng = rng
        self.roles = roles
        self.employers = employers
        self.employer_weights = [
            EMPLOYER_SIZE_WEIGHTS.get(employer.size or "", 1.0)
            for employer in employers
        ]
        # A small partnership may have no partner that delivers a stage, such
        # as training, so its participants skip that stage.
        self.offered_stages = frozenset(
            stage for role in roles for stage in role.stages
        )
        self.records = Journeys()

    def run(self, participant_count: int) -> Journeys:
        """Enrol ``participant_count`` participants and follow each journey."""
        span = (END_ON - START_ON).days
        # More enrolments later on, as the programme becomes known.
        offsets = sorted(
            int(span * self.rng.random() ** 0.8) for _ in range(participant_count)
        )
        width = max(4, len(str(participant_count)))
        for number, offset in enumerate(offsets, start=1):
            enrolled_on = START_ON + timedelta(days=offset)
            participant, enroller = self._enrol(f"P{number:0{width}d}", enrolled_on)
            self.records.participants.append(participant)
            try:
                self._follow(participant, enroller)
            except _JourneyStopped:
                pass
        number_records(self.records)
        return self.records

    # enrolment

    def _enrol(
        self, participant_id: str, enrolled_on: date
    ) -> tuple[Participant, PartnerRole]:
        """Choose a partner active on ``enrolled_on`` and enrol a participant
        with it."""
        rng = self.rng
        active = [role for role in self.roles if role.is_active(enrolled_on)]
        enroller = rng.choices(active, [role.enrolment_weight for role in active])[0]

        participant = make_participant(rng, participant_id, enrolled_on, enroller)
        return participant, enroller

    # the journey

    def _follow(self, participant: Participant, enroller: PartnerRole) -> None:
        rng = self.rng
        final_stage = rng.choices(range(len(STAGES)), FINAL_STAGE_WEIGHTS)[0]
        current = enroller
        open_referral: int | None = None
        day = self._deliver(
            participant.id, current, "engagement", participant.enrolled_on
        )

        for stage in STAGES[1 : final_stage + 1]:
            if day > END_ON or not current.is_active(day):
                return
            if stage == "in_work":
                self._start_work(participant.id, current, day, open_referral)
                return
            if stage not in self.offered_stages:
                continue

            delivers = stage in current.stages
            if not delivers or rng.random() < MOVE_CHANCE:
                try:
                    moved = self._refer_to_partner(participant.id, current, stage, day)
                except _JourneyStopped as stop:
                    # The current partner finished its part by referring on.
                    self._close(open_referral, "completed", stop.day)
                    raise
                if moved is None and not delivers:
                    self._close(open_referral, "completed", day)
                    return
                if moved is not None:
                    self._close(open_referral, "completed", day)
                    current, open_referral, day = moved

            day = self._deliver(participant.id, current, stage, day)
            if stage == "training" and rng.random() < QUALIFICATION_CHANCE:
                self._achieve(participant.id, current, "training_qualification", day)

        # The journey ends short of work, because the participant stops
        # attending or moves into education.
        if STAGES[final_stage] in ("assessment", "training"):
            if rng.random() < EDUCATION_CHANCE:
                achieved_on = day + timedelta(days=rng.randint(14, 90))
                self._achieve(participant.id, current, "education", achieved_on)
        if rng.random() < DROP_OUT_WITHDRAW_CHANCE:
            self._close(open_referral, "withdrawn", day, rng.choice(WITHDRAW_REASONS))
        else:
            self._close(open_referral, "completed", day)

    def _deliver(
        self, participant_id: str, role: PartnerRole, stage: str, day: date
    ) -> date:
        """Record the sessions of one stage and return the day it ends."""
        rng = self.rng
        duration = rng.randint(*STAGE_DAYS[stage])
        end = day + timedelta(days=duration)
        if role.partner.left_on is not None and end >= role.partner.left_on:
            end = role.partner.left_on - timedelta(days=1)
            duration = max(0, (end - day).days)

        types = [name for name, spec in ACTIVITY_TYPES.items() if spec[0] == stage]
        for _ in range(rng.randint(*STAGE_SESSIONS[stage])):
            occurred_on = day + timedelta(days=rng.randint(0, duration))
            if occurred_on > END_ON:
                continue
            activity_type = rng.choice(types)
            _, low, high = ACTIVITY_TYPES[activity_type]
            hours = rng.randint(int(low * 2), int(high * 2)) / 2
            self.records.activities.append(
                Activity(
                    id="",
                    participant_id=participant_id,
                    partner_id=role.id,
                    type=activity_type,
                    occurred_on=occurred_on,
                    stage=stage,
                    hours=hours,
                )
            )
        return end

    # referrals

    def _refer_to_partner(
        self, participant_id: str, sender: PartnerRole, stage: str, day: date
    ) -> tuple[PartnerRole, int, date] | None:
        """Refer the participant on for ``stage``, trying again after a decline.

        Returns the receiver, the referral's index and the day it was
        accepted, or ``None`` when no partner accepted or none delivers the
        stage. Raises ``_JourneyStopped`` when the journey cannot go on.
        """
        rng = self.rng
        latest_decision = timedelta(days=DECISION_DAYS[1])
        for _ in range(REFERRAL_ATTEMPTS):
            if not sender.is_active(day):
                return None
            # Only partners that stay in the partnership until the decision.
            # A partner that declined may be asked again, because a full
            # cohort may have places a few weeks later.
            candidates = [
                role
                for role in self.roles
                if role is not sender
                and stage in role.stages
                and role.is_active(day)
                and role.is_active(day + latest_decision)
            ]
            if not candidates:
                return None
            weights = [role.referral_weight for role in candidates]
            receiver = rng.choices(candidates, weights)[0]

            index, decided_on = self._decide(
                participant_id,
                sender,
                day,
                PARTNER_DECLINE_CHANCE,
                DECLINE_REASONS,
                to_partner_id=receiver.id,
            )
            if self.records.referrals[index].status == "accepted":
                return receiver, index, decided_on
            day = decided_on
        return None

    def _decide(
        self,
        participant_id: str,
        sender: PartnerRole,
        day: date,
        decline_chance: float,
        decline_reasons: tuple[str, ...],
        *,
        to_partner_id: str | None = None,
        to_employer_id: str | None = None,
    ) -> tuple[int, date]:
        """Record a referral made on ``day`` and the receiver's decision.

        Returns the referral's index and the decision date. Raises
        ``_JourneyStopped`` when it is withdrawn or still undecided at the end date.
        """
        rng = self.rng
        decided_on = day + timedelta(days=rng.randint(*DECISION_DAYS))
        roll = rng.random()
        status, reason = "accepted", None
        if decided_on > END_ON:
            status, decided_on = "made", day
        elif roll < WITHDRAW_CHANCE:
            status, reason = "withdrawn", rng.choice(WITHDRAW_REASONS)
        elif roll < WITHDRAW_CHANCE + decline_chance:
            status, reason = "declined", rng.choice(decline_reasons)

        self.records.referrals.append(
            Referral(
                id="",
                participant_id=participant_id,
                from_partner_id=sender.id,
                to_partner_id=to_partner_id,
                to_employer_id=to_employer_id,
                referred_on=day,
                status=status,
                status_on=decided_on,
                reason=reason,
            )
        )
        if status in ("made", "withdrawn"):
            raise _JourneyStopped(status, decided_on, reason)
        return len(self.records.referrals) - 1, decided_on

    def _close(
        self, index: int | None, status: str, day: date, reason: str | None = None
    ) -> None:
        """Move an accepted referral on to ``status``, unless that falls after
        the end date, when it stays accepted."""
        if index is None or day > END_ON:
            return
        referral = self.records.referrals[index]
        self.records.referrals[index] = replace(
            referral, status=status, status_on=day, reason=reason
        )

    # outcomes

    def _start_work(
        self,
        participant_id: str,
        current: PartnerRole,
        day: date,
        open_referral: int | None,
    ) -> None:
        """Find the participant a job, through an employer referral when the
        current partner is an employer broker, and record its outcomes."""
        rng = self.rng
        if current.partner.type == "employer_broker":
            try:
                start_on, day = self._refer_to_employer(participant_id, current, day)
            except _JourneyStopped as stop:
                # The broker keeps supporting a participant whose employer
                # referral is undecided, but not one who withdrew.
                if stop.status == "withdrawn":
                    self._close(open_referral, "withdrawn", stop.day, stop.reason)
                raise
            if start_on is None:
                # After the last decline the participant stops attending.
                reason = "participant stopped attending"
                self._close(open_referral, "withdrawn", day, reason)
                return
            employer_id = self.records.referrals[-1].to_employer_id
        else:
            start_on = day + timedelta(days=rng.randint(7, 42))
            employer = rng.choices(self.employers, self.employer_weights)[0]
            employer_id = employer.id
        if start_on > END_ON:
            return

        self._close(open_referral, "completed", start_on)
        if rng.random() < APPRENTICESHIP_CHANCE:
            self._achieve(
                participant_id, current, "apprenticeship", start_on, employer_id
            )
        else:
            self._achieve(participant_id, current, "job_start", start_on, employer_id)
            self._sustain(participant_id, current, start_on, employer_id)
        if current.is_active(start_on):
            self._deliver(participant_id, current, "in_work", start_on)

    def _refer_to_employer(
        self, participant_id: str, broker: PartnerRole, day: date
    ) -> tuple[date | None, date]:
        """Refer the participant to employers until one hires them.

        Returns the job start date, or ``None`` when every employer declined,
        and the date of the last decision. The hiring referral ends completed
        on the start date, or stays accepted when the start date falls after
        the end date.
        """
        rng = self.rng
        for _ in range(EMPLOYER_ATTEMPTS):
            if not broker.is_active(day):
                return None, day
            employer = rng.choices(self.employers, self.employer_weights)[0]
            index, decided_on = self._decide(
                participant_id,
                broker,
                day,
                EMPLOYER_DECLINE_CHANCE,
                EMPLOYER_DECLINE_REASONS,
                to_employer_id=employer.id,
            )
            if self.records.referrals[index].status == "accepted":
                start_on = decided_on + timedelta(days=rng.randint(7, 28))
                self._close(index, "completed", start_on)
                return start_on, decided_on
            day = decided_on
        return None, day

    def _sustain(
        self,
        participant_id: str,
        partner: PartnerRole,
        start_on: date,
        employer_id: str | None,
    ) -> None:
        """Record the 13- and 26-week sustainment outcomes that are due."""
        rng = self.rng
        for weeks, chance, outcome_type in (
            (13, SUSTAINED_13W_CHANCE, "job_sustained_13w"),
            (26, SUSTAINED_26W_CHANCE, "job_sustained_26w"),
        ):
            # Sustainment is checked up to two weeks after it falls due.
            achieved_on = start_on + timedelta(weeks=weeks, days=rng.randint(0, 14))
            if achieved_on > END_ON or rng.random() >= chance:
                return
            self._achieve(
                participant_id, partner, outcome_type, achieved_on, employer_id
            )

    def _achieve(
        self,
        participant_id: str,
        partner: PartnerRole,
        outcome_type: str,
        achieved_on: date,
        employer_id: str | None = None,
    ) -> None:
        # A partner that has left the partnership no longer reports outcomes.
        if achieved_on > END_ON or not partner.is_active(achieved_on):
            return
        self.records.outcomes.append(
            Outcome(
                id="",
                participant_id=participant_id,
                partner_id=partner.id,
                type=outcome_type,
                achieved_on=achieved_on,
                employer_id=employer_id,
            )
        )


def number_records(records: Journeys) -> None:
    """Sort referrals, activities and outcomes by date and give each an id."""
    records.referrals = _numbered(records.referrals, "R", 5, "referred_on")
    records.activities = _numbered(records.activities, "A", 6, "occurred_on")
    records.outcomes = _numbered(records.outcomes, "OUT", 5, "achieved_on")


def _numbered(items: list, prefix: str, min_width: int, date_field: str) -> list:
    # sorted() is stable, so records of one day keep the order they happened.
    ordered = sorted(items, key=lambda item: getattr(item, date_field))
    width = max(min_width, len(str(len(ordered))))
    return [
        replace(item, id=f"{prefix}{number:0{width}d}")
        for number, item in enumerate(ordered, start=1)
    ]

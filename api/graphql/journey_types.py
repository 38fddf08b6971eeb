"""The object types of the journey analyses: the stage funnel, the time to
a first outcome, and the collaboration effect."""

from __future__ import annotations

import graphene

from api.graphql.scalars import Count


class StageStep(graphene.ObjectType):
    """Participants who reached one programme stage."""

    stage = graphene.String(required=True)
    reached = Count(required=True, description="Participants who reached it.")
    dropped = Count(
        required=True,
        description="Participants who reached the stage before but not this one.",
    )
    dropped_share = graphene.Float(description="dropped / reached the stage before.")
    median_days_from_previous = graphene.Float(
        description="Median days from reaching the stage before to this one."
    )


class TimeToOutcome(graphene.ObjectType):
    """How long participants took to a first outcome of one type, with those
    who have none yet counted until the end of follow-up (Kaplan–Meier)."""

    outcome_type = graphene.String(required=True)
    participants = Count(required=True)
    with_outcome = Count(required=True)
    median_days = graphene.Int(
        description="Days from enrolment by which half had the outcome; null "
        "when fewer than half have it yet."
    )
    without_outcome_at_90 = graphene.Float(
        description="The estimated share still without it 90 days after enrolment."
    )
    without_outcome_at_180 = graphene.Float()
    without_outcome_at_365 = graphene.Float()


class EffectGroup(graphene.ObjectType):
    """Participants supported by one partner, or by two or more."""

    group = graphene.String(required=True)
    participants = Count(required=True)
    with_outcome = Count(required=True)
    share = graphene.Float()
    ci_low = graphene.Float(description="95% Wilson interval, lower end.")
    ci_high = graphene.Float(description="95% Wilson interval, upper end.")


class CollaborationEffect(graphene.ObjectType):
    """Outcome shares of participants supported by one partner and by two or
    more. An association, not proof of cause."""

    outcome_type = graphene.String(required=True)
    groups = graphene.List(graphene.NonNull(EffectGroup), required=True)
    difference = graphene.Float(
        description="The share with two or more partners less the share with one."
    )
    note = graphene.String(required=True)


class JourneyAnalysis(graphene.ObjectType):
    """The journeys of the participants enrolled in a window."""

    funnel = graphene.List(graphene.NonNull(StageStep), required=True)
    time_to_outcome = graphene.Field(TimeToOutcome, required=True)
    collaboration_effect = graphene.Field(CollaborationEffect, required=True)

"""The object types of the analysis fields.

Each type is one row of an ``analysis/`` table. The docstrings there define
every measure, and the field descriptions here repeat what a client needs.
Rates and scores are null where they are undefined, for example a rate over
zero referrals, or hidden by small-number suppression. Counts of people and
records are ``Count``: a number without GraphQL's ``Int`` bound of 2^31, or
the text that replaces a suppressed one. Counts of partners stay ``Int``.
"""

from __future__ import annotations

import graphene

from api.graphql.network_views import NetworkView, TieWeight
from api.graphql.scalars import Count
from api.graphql.types import Employer, Partner


class LaterOutcome(graphene.ObjectType):
    """Participants of a referral flow who later achieved one outcome type."""

    type = graphene.String(required=True)
    participants = Count(
        required=True,
        description="Referred participants with an outcome of this type on or "
        "after the day of their referral.",
    )
    referred = Count(required=True, description="Participants the flow referred.")
    share = graphene.Float(description="participants / referred.")


class ReferralFlow(graphene.ObjectType):
    """The referrals made in a window from one partner to one receiver."""

    from_partner = graphene.Field(Partner, required=True)
    to_id = graphene.ID(required=True, description="The receiving partner or employer.")
    to_kind = graphene.String(required=True, description="partner or employer.")
    to_partner = graphene.Field(Partner)
    to_employer = graphene.Field(Employer)
    made = Count(required=True, description="Referrals still undecided.")
    accepted = Count(required=True, description="Accepted and still open.")
    declined = Count(required=True)
    withdrawn = Count(required=True)
    completed = Count(required=True)
    referrals = Count(required=True, description="Referrals of every status.")
    decided = Count(required=True, description="accepted + completed + declined.")
    acceptance_rate = graphene.Float(description="(accepted + completed) / decided.")
    completion_rate = graphene.Float(description="completed / (accepted + completed).")
    median_days_to_decision = graphene.Float(
        description="Median days from referral to the receiver's decision, over "
        "referrals now accepted or declined (a completed one keeps only its "
        "completion day)."
    )
    median_days_to_completion = graphene.Float(
        description="Median days from referral to completion."
    )
    waiting_over = Count(
        required=True,
        description="Referrals still waiting for a decision after waitingDays.",
    )
    onward = Count(
        required=True,
        description="Referrals that passed on a participant the sender had "
        "received by an earlier referral.",
    )
    back = Count(
        required=True,
        description="Referrals that sent a participant back to the partner "
        "that had referred them to the sender: loops.",
    )
    later_outcomes = graphene.List(
        graphene.NonNull(LaterOutcome),
        required=True,
        description="For each outcome type, the referred participants who "
        "later achieved it. An association: it does not show that the "
        "referral caused the outcome.",
    )

    @staticmethod
    def resolve_from_partner(root, info):
        return info.context.partner(root["from_partner_id"])

    @staticmethod
    def resolve_to_partner(root, info):
        return info.context.partner(
            root["to_id"] if root["to_kind"] == "partner" else None
        )

    @staticmethod
    def resolve_to_employer(root, info):
        return info.context.employer(
            root["to_id"] if root["to_kind"] == "employer" else None
        )


class CollaborationLink(graphene.ObjectType):
    """The strength of collaboration between two partners in a window.

    The score is the weighted mean of the components that are defined, with
    the weights of the partnership's framework. A pair with fewer than three
    referrals between them is not judged and has no score.
    """

    partner_a = graphene.Field(Partner, required=True)
    partner_b = graphene.Field(Partner, required=True)
    referrals_ab = Count(required=True, description="From partnerA to partnerB.")
    referrals_ba = Count(required=True, description="From partnerB to partnerA.")
    referrals = Count(required=True)
    decided = Count(required=True)
    shared_participants = Count(
        required=True, description="Participants both partners worked with."
    )
    volume = graphene.Float(description="Referrals, log-scaled to the busiest pair.")
    reciprocity = graphene.Float(description="Smaller direction over larger.")
    acceptance = graphene.Float(description="Referrals accepted over decided.")
    shared_with_outcome = Count(
        required=True,
        description="Shared participants with an outcome in the window, "
        "credited to any partner.",
    )
    last_referred_on = graphene.Date(
        description="Day of the latest referral between the two, either way."
    )
    days_since_referral = graphene.Int(
        description="Days from lastReferredOn to the window's end, or to the "
        "latest referral of the table in an open window."
    )
    shared = graphene.Float(
        description="Shared participants, log-scaled to the pair with most."
    )
    joint_outcomes = graphene.Float(
        description="Shared participants with an outcome over shared participants."
    )
    recency = graphene.Float(
        description="0.5 to the power of daysSinceReferral over the "
        "partnership's recency half-life in days."
    )
    score = graphene.Float(
        description="From 0 to 1; null when not judged, or when no component "
        "with a weight above 0 is defined for the pair."
    )
    score_low = graphene.Float(
        description="Lower end of the score's 95% bootstrap interval; null "
        "unless resamples were requested and the score is shown."
    )
    score_high = graphene.Float(
        description="Upper end of the score's 95% bootstrap interval."
    )
    judged = graphene.Boolean(required=True)

    @staticmethod
    def resolve_partner_a(root, info):
        return info.context.partner(root["partner_a"])

    @staticmethod
    def resolve_partner_b(root, info):
        return info.context.partner(root["partner_b"])


class PartnerMetrics(graphene.ObjectType):
    """The position of one partner in the referral network, in one view.

    Measures that count ties or follow referrals or scores are null where
    the partner's referrals in or out are suppressed.
    """

    partner = graphene.Field(Partner, required=True)
    in_degree = graphene.Int(
        description="Partners referring to it; null in the undirected view."
    )
    out_degree = graphene.Int(
        description="Partners it refers to; null in the undirected view."
    )
    degree = graphene.Int(
        description="Partners it has a tie with, in either direction, each once."
    )
    referrals_in = Count(required=True)
    referrals_out = Count(required=True)
    weighted_degree = graphene.Float(
        description="The sum of the weights of its ties, in and out in the "
        "directed view: its referrals under VOLUME, the scores of its pairs "
        "under STRENGTH, where ties of unscored pairs add nothing."
    )
    degree_centrality = graphene.Float(
        description="Share of the other partners it has a tie with."
    )
    betweenness = graphene.Float(
        required=True,
        description="Share of shortest routes between other partners that "
        "pass through it, counted in steps.",
    )
    weighted_betweenness = graphene.Float(
        description="Betweenness along the heaviest routes: a tie's length is "
        "1 over its weight."
    )
    centrality = graphene.Float(
        description="PageRank in the directed view, eigenvector centrality in "
        "the undirected one; centralityMeasure names which."
    )
    eigenvector = graphene.Float(
        description="Eigenvector centrality of the undirected view: high when "
        "its strong ties are to partners with strong ties. Null in the "
        "directed view."
    )
    pagerank = graphene.Float(
        description="PageRank of the directed view: high when heavy ties lead "
        "to it from partners that rank high themselves. Null in the "
        "undirected view.",
    )
    effective_size = graphene.Float(
        description="Burt's effective size: its contacts less how far they are "
        "tied to each other. Null without contacts."
    )
    constraint = graphene.Float(
        description="Burt's constraint: low when its contacts are not tied to "
        "each other, so it brokers between them. Null without contacts."
    )
    weighted_constraint = graphene.Float(
        description="Burt's constraint with each pair weighted once, by its "
        "referrals both ways or its score. Null without weighted ties."
    )
    community = graphene.Int(
        required=True,
        description="Its community, numbered from 1 by size; the same data "
        "always gives the same numbers.",
    )
    referral_balance = graphene.Float(
        description="(referrals out - referrals in) / both: 1 when it only "
        "sends, -1 when it only receives. Null without referrals, or where "
        "they are suppressed."
    )
    referral_role = graphene.String(
        description="mostly sends, mostly receives (twice as many one way as "
        "the other, or more), sends and receives, or no referrals."
    )

    @staticmethod
    def resolve_partner(root, info):
        return info.context.partner(root["partner_id"])


class NetworkMetrics(graphene.ObjectType):
    """Measures of the partner-level referral network of a window, in one
    view."""

    view = graphene.Field(NetworkView, required=True)
    weight = graphene.Field(TieWeight, required=True)
    partners = graphene.Int(required=True)
    ties = graphene.Int(
        description="Pairs of partners with at least one referral, ordered in "
        "the directed view; null where the referrals are suppressed.",
    )
    unscored_ties = graphene.Int(
        description="Ties left out of the weighted measures because their "
        "pair has no collaboration score, mostly for too few referrals. Null "
        "under VOLUME or where the referrals are suppressed."
    )
    referrals = Count(required=True)
    density = graphene.Float(description="Ties over possible ties.")
    reciprocity = graphene.Float(
        description="Share of ties whose reverse exists; null in the undirected view."
    )
    components = graphene.Int(
        required=True, description="Groups of partners linked by ties."
    )
    centrality_measure = graphene.String(
        required=True,
        description="The measure in each partner's centrality: pagerank or "
        "eigenvector.",
    )
    eigenvector_status = graphene.String(
        required=True, description="Whether eigenvector centrality was computed."
    )
    degree_centralisation = graphene.Float(
        description="Freeman's degree centralisation, from 0 (every partner "
        "equally tied) to 1 (a star); null with fewer than three partners."
    )
    in_degree_centralisation = graphene.Float(
        description="Freeman's centralisation of the in-degrees, in the "
        "directed view: 1 when one partner receives from all the others and "
        "no one else receives. Null in the undirected view."
    )
    out_degree_centralisation = graphene.Float(
        description="Freeman's centralisation of the out-degrees, in the "
        "directed view: 1 when one partner refers to all the others and no "
        "one else refers. Null in the undirected view."
    )
    isolates = graphene.Int(required=True, description="Partners without ties.")
    communities = graphene.Int(
        required=True, description="Groups of partners found by Louvain's method."
    )
    modularity = graphene.Float(
        description="How much more the communities refer within than chance "
        "would give; null without weighted ties."
    )
    per_partner = graphene.List(graphene.NonNull(PartnerMetrics), required=True)

    @staticmethod
    def resolve_view(root, info):
        return "directed" if root["directed"] else "undirected"


class PartnerOutcomes(graphene.ObjectType):
    """The outcomes of one type that one partner recorded in a window."""

    partner = graphene.Field(Partner, required=True)
    participants = Count(
        required=True, description="Distinct participants with this outcome."
    )
    outcomes = Count(required=True, description="Outcome records.")

    @staticmethod
    def resolve_partner(root, info):
        return info.context.partner(root["partner_id"])


class QuarterProgress(graphene.ObjectType):
    """Progress towards one outcome type in one calendar quarter."""

    quarter = graphene.String(required=True, description="Such as 2024Q1.")
    first_day = graphene.Date(
        required=True, description="The quarter's first day inside the window."
    )
    last_day = graphene.Date(
        required=True, description="The quarter's last day inside the window."
    )
    achieved = Count(required=True, description="Distinct participants in the quarter.")
    outcomes = Count(required=True, description="Outcome records.")
    achieved_to_date = Count(
        required=True,
        description="Distinct participants from the window's start to the "
        "quarter's last day.",
    )
    target = Count()
    share_to_date = graphene.Float(description="achievedToDate / target.")


class OutcomeProgress(graphene.ObjectType):
    """Participants who achieved one outcome type, against its target."""

    type = graphene.String(required=True)
    achieved = Count(
        required=True, description="Distinct participants with this outcome."
    )
    outcomes = Count(required=True, description="Outcome records.")
    target = Count()
    share = graphene.Float(description="achieved / target; above 1 once passed.")
    by_partner = graphene.List(
        graphene.NonNull(PartnerOutcomes),
        required=True,
        description="Each partner that recorded this outcome, by partner id.",
    )
    by_quarter = graphene.List(
        graphene.NonNull(QuarterProgress),
        required=True,
        description="Each calendar quarter of the window, at most 40. An open "
        "start is the programme's start or the first outcome, whichever is "
        "earlier; an open end the programme's end or today, whichever is "
        "earlier, or the last outcome if later.",
    )

    @staticmethod
    def resolve_by_partner(root, info):
        return info.context.progress_by_partner(root["window"], root["type"])

    @staticmethod
    def resolve_by_quarter(root, info):
        return info.context.progress_by_quarter(root["window"], root["type"])


PeriodLength = graphene.Enum(
    "PeriodLength",
    [
        ("MONTH", "month"),
        ("QUARTER", "quarter"),
        ("HALF_YEAR", "half-year"),
        ("YEAR", "year"),
    ],
    description="A calendar period: quarters start in January, April, July "
    "and October, half-years in January and July.",
)


class PartnerChange(graphene.ObjectType):
    """A partner's place in one period's network, against the period
    before."""

    partner = graphene.Field(Partner, required=True)
    betweenness = graphene.Float(
        description="Null in a period whose referrals are suppressed."
    )
    betweenness_change = graphene.Float(
        description="Betweenness less the period before's; positive when the "
        "partner moved towards the centre. Null in the first period, for a "
        "partner new to the network, and next to a suppressed period."
    )
    degree_centrality = graphene.Float(
        description="Null in a period whose referrals are suppressed."
    )

    @staticmethod
    def resolve_partner(root, info):
        return info.context.partner(root["partner_id"])


class NetworkPeriod(graphene.ObjectType):
    """The referral network of one calendar period, and how it changed."""

    period = graphene.String(
        required=True,
        description="The whole period's name: 2024-03 for a month, 2024Q1 for "
        "a quarter, 2024H1 for a half-year, 2024 for a year.",
    )
    first_day = graphene.Date(
        required=True,
        description="The period's first day inside the window; later than the "
        "period's start when the window starts inside it.",
    )
    last_day = graphene.Date(
        required=True,
        description="The period's last day inside the window; earlier than the "
        "period's end when the window ends inside it.",
    )
    partners = graphene.Int(required=True)
    ties = graphene.Int(description="Null where the referrals are suppressed.")
    referrals = Count(required=True)
    density = graphene.Float()
    reciprocity = graphene.Float()
    degree_centralisation = graphene.Float()
    communities = graphene.Int(
        description="Null where the referrals are suppressed, like the other "
        "measures of the period's ties."
    )
    modularity = graphene.Float()
    new_ties = graphene.Int(
        description="Ties this period that the period before did not have."
    )
    lost_ties = graphene.Int(
        description="Ties of the period before that this period lost."
    )
    per_partner = graphene.List(graphene.NonNull(PartnerChange), required=True)

"""Riverside, a small partnership whose journeys are worked out by hand.

Partners A, B and C; stages engagement, training and job_search. Each
participant's milestones, counted from the records below:

========  ==========  ===========  ===========  ===========  ==========  ========
person    enrolled    engagement   training     job_search   job_start   partners
========  ==========  ===========  ===========  ===========  ==========  ========
P5 by A   2023-12-01  2023-12-05   --           --           --          1
P1 by A   2024-01-01  2024-01-02   2024-01-12   --           2024-03-01  2 (A, B)
P2 by A   2024-01-15  2024-01-15   --           --           --          1 (A)
P3 by B   2024-02-01  2024-02-01   2024-02-11   2024-02-21   2024-03-02  2 (B, C)
P4 by C   2024-03-01  --           --           --           --          1 (C)
========  ==========  ===========  ===========  ===========  ==========  ========

P1 also has a training_qualification on 2024-01-20. P1's second engagement
activity (2024-01-03) and P3's second job_start (2024-04-01) are later than
the first, so they change nothing. A's referrals of P1 to C and of P2 to B
do not make C or B a supporting partner. P4's activity has no stage.
"""

from __future__ import annotations

from datetime import date

from graph.model import (
    Activity,
    Dataset,
    Outcome,
    Participant,
    Partner,
    PartnershipConfig,
    Referral,
)

STAGES = ("engagement", "training", "job_search")

DATASET = Dataset(
    config=PartnershipConfig(
        name="Riverside Jobs Partnership",
        start_on=date(2023, 12, 1),
        stages=STAGES,
    ),
    partners=(
        Partner("A", "Riverside Hub"),
        Partner("B", "Skills Yard"),
        Partner("C", "Job Link"),
    ),
    participants=(
        Participant("P1", "A", date(2024, 1, 1)),
        Participant("P2", "A", date(2024, 1, 15)),
        Participant("P3", "B", date(2024, 2, 1)),
        Participant("P4", "C", date(2024, 3, 1)),
        Participant("P5", "A", date(2023, 12, 1)),
    ),
    referrals=(
        Referral("R1", "P1", "A", date(2024, 1, 5), "made", "C"),
        Referral("R2", "P2", "A", date(2024, 1, 16), "made", "B"),
    ),
    activities=(
        Activity("K1", "P1", "A", "mentoring", date(2024, 1, 3), "engagement"),
        Activity("K2", "P1", "A", "mentoring", date(2024, 1, 2), "engagement"),
        Activity("K3", "P1", "B", "course", date(2024, 1, 12), "training"),
        Activity("K4", "P2", "A", "mentoring", date(2024, 1, 15), "engagement"),
        Activity("K5", "P3", "B", "mentoring", date(2024, 2, 1), "engagement"),
        Activity("K6", "P3", "C", "course", date(2024, 2, 11), "training"),
        Activity("K7", "P3", "C", "coaching", date(2024, 2, 21), "job_search"),
        Activity("K8", "P4", "C", "induction", date(2024, 3, 2)),
        Activity("K9", "P5", "A", "mentoring", date(2023, 12, 5), "engagement"),
    ),
    outcomes=(
        Outcome("O1", "P1", "B", "job_start", date(2024, 3, 1)),
        Outcome("O2", "P1", "A", "training_qualification", date(2024, 1, 20)),
        Outcome("O3", "P3", "C", "job_start", date(2024, 3, 2)),
        Outcome("O4", "P3", "C", "job_start", date(2024, 4, 1)),
    ),
)

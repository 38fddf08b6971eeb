"""Suppression of each analysis table, on rows worked out by hand."""

from __future__ import annotations

import re
from datetime import date

import networkx as nx

from graph.access.disclosure import (
    collaboration_rows,
    flow_rows,
    journey_result,
    later_outcome_rows,
    metrics_row,
    period_rows,
    quarter_rows,
)
from visualisations.network_map import render_network_map


def test_flow_rates_hidden_with_their_counts():
    # 98 referrals: made 1 and accepted 4 are small. Their sum, 5, leaves
    # each anything from 1 to 4, so no other count is hidden. The
    # acceptance rate 57/86 with completed 53 would give accepted back, so
    # it is hidden, and so are decided and the completion rate 53/57.
    row = {
        "made": 1,
        "accepted": 4,
        "declined": 29,
        "withdrawn": 11,
        "completed": 53,
        "referrals": 98,
        "decided": 86,
        "acceptance_rate": 57 / 86,
        "completion_rate": 53 / 57,
    }

    [shown] = flow_rows([row], 5)

    assert shown["made"] == "<5"
    assert shown["accepted"] == "<5"
    assert (shown["declined"], shown["withdrawn"]) == (29, 11)
    assert (shown["completed"], shown["referrals"]) == (53, 98)
    assert shown["decided"] == "suppressed"
    assert shown["acceptance_rate"] is None
    assert shown["completion_rate"] is None


def test_flow_total_kept_beside_hidden_status():
    # 21 referrals, one withdrawn. The collaboration table shows the 21 as
    # a pair's referrals one way, so hiding the total here would not hide
    # it: declined 5 and completed 15 are hidden instead, leaving the
    # withdrawn one anything from 1 to 4.
    row = {
        "made": 0,
        "accepted": 0,
        "declined": 5,
        "withdrawn": 1,
        "completed": 15,
        "referrals": 21,
        "decided": 20,
        "acceptance_rate": 0.75,
        "completion_rate": 1.0,
    }

    [shown] = flow_rows([row], 5)

    assert shown["referrals"] == 21
    assert shown["withdrawn"] == "<5"
    assert (shown["declined"], shown["completed"]) == ("suppressed", "suppressed")
    assert shown["decided"] == "suppressed"
    assert shown["acceptance_rate"] is None


def test_acceptance_hidden_with_decided():
    # 17 of 22 taken on: 17/22 is in lowest terms, so beside a hidden
    # decided it would give the 22 back.
    row = _judged_pair(
        referrals_ab=4, referrals_ba=21, referrals=25, decided=22, acceptance=17 / 22
    )

    [shown] = collaboration_rows([row], 5)

    assert shown["decided"] == "suppressed"
    assert shown["acceptance"] is None


def test_collaboration_score_hidden_with_a_measure():
    # 4 referrals one way and 5 the other: hiding both would hide every
    # count, so the total is hidden. The acceptance 0.625 of 8 decided is
    # 5 taken on and 3 declined, so it is hidden; the score, a mean of the
    # measures, would give the hidden ones back.
    row = {
        "referrals_ab": 4,
        "referrals_ba": 5,
        "referrals": 9,
        "decided": 8,
        "shared_participants": 6,
        "shared_with_outcome": 3,
        "last_referred_on": date(2024, 3, 31),
        "days_since_referral": 0,
        "volume": 0.5,
        "reciprocity": 0.8,
        "acceptance": 0.625,
        "shared": 0.4,
        "joint_outcomes": 0.5,
        "recency": 1.0,
        "score": 0.58125,
        "judged": True,
    }

    [shown] = collaboration_rows([row], 5)

    assert (shown["referrals_ab"], shown["referrals_ba"]) == ("<5", 5)
    assert shown["referrals"] == "suppressed"
    assert shown["reciprocity"] is None
    assert shown["acceptance"] is None
    assert shown["volume"] is None
    assert shown["score"] is None
    assert (shown["shared_participants"], shown["shared"]) == (6, 0.4)


def test_quarters_hide_running_totals_between_hidden_ones():
    # Quarter 3 has 2 participants. The type's total, 40, is shown in the
    # progress table, so the smallest other quarter (2, with 8) is hidden
    # too: 10 left for both leaves the 2 anything from 1 to 4. The running
    # totals of quarters 2 and 3 are hidden, or 20 - 12 would give 8.
    achieved = [4 + 8, 8, 2, 18]
    rows = [
        {
            "quarter": f"2024Q{index + 1}",
            "achieved": count,
            "outcomes": count,
            "achieved_to_date": sum(achieved[: index + 1]),
            "share_to_date": sum(achieved[: index + 1]) / 40,
        }
        for index, count in enumerate(achieved)
    ]

    shown = quarter_rows(rows, 5)

    assert [row["achieved"] for row in shown] == [12, "suppressed", "<5", 18]
    assert [row["achieved_to_date"] for row in shown] == [
        12,
        "suppressed",
        "suppressed",
        40,
    ]
    assert [row["share_to_date"] is None for row in shown] == [
        False,
        True,
        True,
        False,
    ]


def _network_period(label: str, referrals: int, ties: int) -> dict:
    return {
        "period": label,
        "referrals": referrals,
        "ties": ties,
        "density": ties / 6,
        "new_ties": 1,
        "lost_ties": 1,
        "per_partner": [{"partner_id": "A", "degree_centrality": 0.5}],
    }


def test_periods_hidden_against_the_window_total():
    # 3 referrals in March. The window's 32 are shown by the network
    # measures, so the smallest other month with referrals, May's 9, is
    # hidden too: 12 left for both leaves the 3 anything from 1 to 4.
    # April's zero stays.
    rows = [
        _network_period("2024-02", 20, 3),
        _network_period("2024-03", 3, 2),
        _network_period("2024-04", 0, 0),
        _network_period("2024-05", 9, 3),
    ]

    shown = period_rows(rows, 5)

    assert [row["referrals"] for row in shown] == [20, "<5", 0, "suppressed"]
    assert [row["ties"] for row in shown] == [3, None, 0, None]
    assert [row["density"] is None for row in shown] == [False, True, False, True]
    degrees = [row["per_partner"][0]["degree_centrality"] for row in shown]
    assert degrees == [0.5, None, 0.5, None]


def test_period_after_a_hidden_one_hides_its_change():
    rows = [
        _network_period("2024Q1", 3, 2),
        _network_period("2024Q2", 20, 4),
        _network_period("2024Q3", 9, 3),
    ]

    shown = period_rows(rows, 5)

    # Q1's 3 and Q3's 9 are hidden, so Q2 shows its referrals and ties,
    # but not its change from Q1: its 4 ties less the new plus the lost
    # ones would give Q1's hidden ties back.
    assert [row["referrals"] for row in shown] == ["<5", 20, "suppressed"]
    assert (shown[1]["ties"], shown[1]["new_ties"], shown[1]["lost_ties"]) == (
        4,
        None,
        None,
    )


def test_censored_hidden_with_the_outcomes():
    # 3 of 12 participants started a job: 9 still without one would give
    # the hidden 3 back beside the 12.
    result = {
        "funnel": [],
        "time_to_outcome": {
            "participants": 12,
            "with_outcome": 3,
            "censored": 9,
            "median_days": None,
            "without_outcome_at_90": 0.9,
        },
        "collaboration_effect": {"groups": [], "difference": None},
    }

    timing = journey_result(result, 5)["time_to_outcome"]

    assert (timing["participants"], timing["with_outcome"]) == (12, "<5")
    assert timing["censored"] == "suppressed"
    assert timing["without_outcome_at_90"] is None


def test_outcomes_hidden_when_few_without():
    # 10 of 12 participants started a job, and 28 of 30 in the group
    # supported by two partners: shown beside the 12 and the 30, those
    # counts would give the 2 without a job away.
    result = {
        "funnel": [],
        "time_to_outcome": {
            "participants": 12,
            "with_outcome": 10,
            "censored": 2,
            "median_days": 40.0,
            "without_outcome_at_90": 0.2,
        },
        "collaboration_effect": {
            "groups": [
                {
                    "group": "two or more partners",
                    "participants": 30,
                    "with_outcome": 28,
                    "share": 28 / 30,
                    "ci_low": 0.8,
                    "ci_high": 0.98,
                }
            ],
            "difference": None,
        },
    }

    shown = journey_result(result, 5)

    timing = shown["time_to_outcome"]
    assert (timing["participants"], timing["with_outcome"]) == (12, "suppressed")
    assert timing["censored"] == "<5"
    [group] = shown["collaboration_effect"]["groups"]
    assert (group["participants"], group["with_outcome"]) == (30, "suppressed")
    assert group["share"] is None


def test_later_outcomes_hidden_when_few_without():
    # 10 of 12 referred later started a job, so 2 did not.
    row = {"type": "job_start", "participants": 10, "referred": 12, "share": 10 / 12}

    [shown] = later_outcome_rows([row], 5)

    assert (shown["participants"], shown["referred"]) == ("suppressed", 12)
    assert shown["share"] is None


def test_degrees_hidden_with_hidden_referrals():
    # A partner with 4 referrals from 4 partners: its in-degree would say
    # the hidden count is exactly 4.
    row = {
        "partners": 3,
        "ties": 4,
        "referrals": 30,
        "per_partner": [
            {
                "partner_id": "A",
                "in_degree": 4,
                "out_degree": 1,
                "referrals_in": 4,
                "referrals_out": 15,
                "degree_centrality": 1.0,
            },
            {
                "partner_id": "B",
                "in_degree": 1,
                "out_degree": 2,
                "referrals_in": 12,
                "referrals_out": 8,
                "degree_centrality": 1.0,
            },
            {
                "partner_id": "C",
                "in_degree": 1,
                "out_degree": 1,
                "referrals_in": 14,
                "referrals_out": 7,
                "degree_centrality": 1.0,
            },
        ],
    }

    shown = metrics_row(row, 5)

    a, b, c = shown["per_partner"]
    assert (a["referrals_in"], a["in_degree"], a["degree_centrality"]) == (
        "<5",
        None,
        None,
    )
    assert b["referrals_in"] == "suppressed"
    assert b["in_degree"] is None
    assert (c["referrals_in"], c["in_degree"]) == (14, 1)
    assert (shown["referrals"], shown["ties"]) == (30, 4)


def test_view_measures_hidden_with_hidden_referrals():
    # A received 3 referrals, hidden, and C's 12 are hidden beside them
    # against the total. A's weighted degree under volume is 3 + 10, which
    # with its 10 referrals out would give the 3 back, and its other
    # measures follow the same referrals. Its out-degree goes only with its
    # referrals out, which are shown. B's counts are exact, so its measures
    # stay.
    measures = {
        "in_degree": 1,
        "out_degree": 2,
        "degree": 2,
        "degree_centrality": 1.0,
        "weighted_degree": 13,
        "weighted_betweenness": 0.5,
        "centrality": 0.4,
        # A view has one of the two, but here both are checked.
        "eigenvector": 0.4,
        "pagerank": 0.4,
        "effective_size": 2.0,
        "constraint": 0.5,
        "weighted_constraint": 0.6,
        "referral_balance": 0.5,
        "referral_role": "mostly sends",
    }
    row = {
        "partners": 3,
        "ties": 4,
        "unscored_ties": 1,
        "referrals": 30,
        "degree_centralisation": 0.5,
        "in_degree_centralisation": 0.25,
        "out_degree_centralisation": 0.25,
        "per_partner": [
            {"partner_id": "A", "referrals_in": 3, "referrals_out": 10, **measures},
            {"partner_id": "B", "referrals_in": 15, "referrals_out": 7, **measures},
            {"partner_id": "C", "referrals_in": 12, "referrals_out": 13, **measures},
        ],
    }

    shown = metrics_row(row, 5)

    a, b, c = shown["per_partner"]
    assert (a["referrals_in"], c["referrals_in"]) == ("<5", "suppressed")
    for name in measures.keys() - {"out_degree"}:
        assert a[name] is None, name
        assert c[name] is None, name
    assert a["out_degree"] == 2
    assert b == row["per_partner"][1]
    for name in (
        "degree_centralisation",
        "in_degree_centralisation",
        "out_degree_centralisation",
    ):
        assert shown[name] is None, name
    assert (shown["ties"], shown["unscored_ties"]) == (4, 1)


def test_unscored_ties_hidden_with_ties():
    # 2 unscored ties of 4, next to 4 hidden referrals: each tie is at least
    # one referral, so the unscored ties bound the hidden count too.
    row = {
        "partners": 4,
        "ties": 4,
        "unscored_ties": 2,
        "referrals": 4,
        "density": 4 / 12,
        "per_partner": [],
    }

    shown = metrics_row(row, 5)

    assert shown["referrals"] == "<5"
    assert shown["ties"] is None
    assert shown["unscored_ties"] is None


def test_map_hides_node_totals_of_hidden_edges():
    # A sent 6 to B and 1 to C: A's total of 7 would give the 1 back, and
    # so would C's total received.
    graph = nx.DiGraph()
    graph.add_node("A", name="Alpha", participants=20)
    graph.add_node("B", name="Beta", participants=20)
    graph.add_node("C", name="Gamma", participants=20)
    graph.add_edge("A", "B", referrals=6, made=6)
    graph.add_edge("A", "C", referrals=1, made=1)

    page = render_network_map(graph, title="t", suppress_below=5)

    assert "Referrals sent: suppressed" in page.replace("\\n", "\n")
    assert "Referrals sent: 7" not in page.replace("\\n", "\n")
    assert "Referrals received: 6" in page.replace("\\n", "\n")


def test_small_pair_shows_nothing_to_solve():
    # 1 and 1 referrals: with the zero-or-not pattern or "judged" (pairs
    # of 3 or more are judged) a reader could tell 2 from 4, so every
    # count reads "<5" and the pair reads as not judged.
    row = {
        "referrals_ab": 1,
        "referrals_ba": 0,
        "referrals": 1,
        "decided": 0,
        "shared_participants": 1,
        "shared_with_outcome": 0,
        "last_referred_on": date(2024, 3, 31),
        "days_since_referral": 0,
        "volume": 0.1,
        "reciprocity": 0.0,
        "acceptance": None,
        "shared": 0.1,
        "joint_outcomes": 0.5,
        "recency": 1.0,
        "score": 0.1,
        "judged": False,
    }
    judged = {**row, "referrals_ab": 2, "referrals_ba": 2, "referrals": 4}
    judged["judged"] = True

    shown = collaboration_rows([row, judged], 5)

    for pair in shown:
        assert [pair[name] for name in ("referrals_ab", "referrals_ba")] == [
            "<5",
            "<5",
        ]
        assert (pair["referrals"], pair["decided"]) == ("<5", "<5")
        assert pair["judged"] is False


def test_decided_hidden_beside_hidden_directions():
    # ab "<5" and ba 5: decided 9 is at most the referrals, so ab would be 4.
    row = {
        "referrals_ab": 4,
        "referrals_ba": 5,
        "referrals": 9,
        "decided": 9,
        "shared_participants": 6,
        "shared_with_outcome": 3,
        "last_referred_on": date(2024, 3, 31),
        "days_since_referral": 0,
        "volume": 0.5,
        "reciprocity": 0.8,
        "acceptance": 1.0,
        "shared": 0.4,
        "joint_outcomes": 0.5,
        "recency": 1.0,
        "score": 0.675,
        "judged": True,
    }

    [shown] = collaboration_rows([row], 5)

    assert shown["decided"] == "suppressed"


def test_density_hidden_with_ties():
    # 4 ties among 15 partners give a density of 4/210, and each tie is at
    # least one referral, so 4 hidden referrals would be exact.
    row = {
        "partners": 15,
        "ties": 4,
        "referrals": 4,
        "density": 4 / 210,
        "reciprocity": 0.5,
        "modularity": 0.25,
        "per_partner": [],
    }

    shown = metrics_row(row, 5)

    assert (shown["referrals"], shown["ties"], shown["density"]) == ("<5", None, None)
    # Reciprocity 0.5 would show that the ties are even in number.
    assert shown["reciprocity"] is None
    assert shown["modularity"] is None


def test_hidden_edges_drawn_alike():
    # B->C's total, 6, is hidden beside its declined 1; drawn at its true
    # width against the widest edge, it would give the 6 back.
    graph = nx.DiGraph()
    for node in "ABC":
        graph.add_node(node, name=node, participants=20)
    graph.add_edge("A", "B", referrals=16, completed=16)
    graph.add_edge("B", "C", referrals=6, declined=1, completed=5)
    graph.add_edge("C", "A", referrals=5, completed=5)

    page = render_network_map(graph, title="t", suppress_below=5)

    widths = dict(
        zip(
            re.findall(r'"from": "(\w)"', page),
            [float(w) for w in re.findall(r'"width": ([\d.]+)', page)],
            strict=True,
        )
    )
    assert widths["B"] == widths["C"]
    assert widths["A"] > widths["B"]


def _judged_pair(**values):
    row = {
        "referrals_ab": 10,
        "referrals_ba": 10,
        "referrals": 20,
        "decided": 20,
        "shared_participants": 12,
        "shared_with_outcome": 6,
        "last_referred_on": date(2024, 3, 31),
        "days_since_referral": 0,
        "volume": 1.0,
        "reciprocity": 1.0,
        "acceptance": 0.5,
        "shared": 1.0,
        "joint_outcomes": 0.5,
        "recency": 1.0,
        "score": 5 / 6,
        "judged": True,
    }
    return {**row, **values}


def test_joint_outcomes_shown_when_both_sides_large():
    # 6 of 12 shared participants with an outcome, 6 without: nothing small.
    [shown] = collaboration_rows([_judged_pair()], 5)

    assert shown["shared_with_outcome"] == 6
    assert shown["joint_outcomes"] == 0.5
    assert shown["score"] == 5 / 6
    assert shown["last_referred_on"] == date(2024, 3, 31)


def test_joint_outcomes_hidden_when_few_without():
    # 10 of 12 with an outcome leaves 2 without, which 12 - 10 would give
    # away: the count and the share are hidden, and the score with them.
    row = _judged_pair(shared_with_outcome=10, joint_outcomes=10 / 12)

    [shown] = collaboration_rows([row], 5)

    assert shown["shared_participants"] == 12
    assert shown["shared_with_outcome"] == "suppressed"
    assert shown["joint_outcomes"] is None
    assert shown["score"] is None


def test_joint_outcomes_hidden_when_few_with():
    row = _judged_pair(shared_with_outcome=3, joint_outcomes=0.25)

    [shown] = collaboration_rows([row], 5)

    assert shown["shared_with_outcome"] == "<5"
    assert shown["joint_outcomes"] is None
    assert shown["score"] is None


def test_small_pair_hides_last_referral():
    row = _judged_pair(
        referrals_ab=2, referrals_ba=1, referrals=3, decided=3, judged=True
    )

    [shown] = collaboration_rows([row], 5)

    assert shown["last_referred_on"] is None
    assert shown["days_since_referral"] is None
    assert shown["recency"] is None
    assert shown["joint_outcomes"] is None


def test_funnel_drops_hidden_with_reached():
    # 17 enrolled, shown by the time to an outcome. Reached 16, 12, 11, 10
    # with drops 1, 4, 1, 1: each stage's reached and dropped add up to
    # the stage before. The first drop of 1 beside 16 would follow from
    # the 17, so both are hidden, and every stage after a hidden one is
    # hidden too, because its counts would add up to the hidden one.
    funnel = [
        {"stage": stage, "reached": reached, "dropped": dropped}
        for stage, reached, dropped in (
            ("engaged", 16, 1),
            ("trained", 12, 4),
            ("searching", 11, 1),
            ("in work", 10, 1),
        )
    ]
    for step in funnel:
        step.update(dropped_share=None, median_days_from_previous=None)
    result = {
        "funnel": funnel,
        "time_to_outcome": {"participants": 17, "with_outcome": 10},
        "collaboration_effect": {
            "groups": [
                {"participants": 4, "with_outcome": 0, "share": 0.0},
                {"participants": 13, "with_outcome": 10, "share": 10 / 13},
            ],
            "difference": None,
        },
    }

    shown = journey_result(result, 5)

    steps = [(step["reached"], step["dropped"]) for step in shown["funnel"]]
    assert steps == [
        ("suppressed", "<5"),
        ("suppressed", "<5"),
        ("suppressed", "<5"),
        ("suppressed", "<5"),
    ]
    # The groups split the 17: 4 and 13 would read "<5" and 13.
    groups = shown["collaboration_effect"]["groups"]
    assert [group["participants"] for group in groups] == ["<5", "suppressed"]


def test_hidden_period_hides_its_structure():
    # 40 referrals in the window: 38 in the first quarter and 2 in the
    # second. The 2 and, beside the window's total, the 38 are hidden. With
    # 4 partners, 3 communities or a reciprocity of 0 would narrow the
    # second quarter's ties down, and so would its partners' betweenness.
    def period(label, referrals, betweenness):
        return {
            "period": label,
            "partners": 4,
            "ties": 1,
            "referrals": referrals,
            "density": 1 / 12,
            "reciprocity": 0.0,
            "degree_centralisation": 0.5,
            "communities": 3,
            "modularity": 0.0,
            "new_ties": 0,
            "lost_ties": 2,
            "per_partner": [
                {
                    "partner_id": "A",
                    "betweenness": betweenness,
                    "betweenness_change": 0.1,
                    "degree_centrality": 1 / 3,
                }
            ],
        }

    rows = [
        period("2024Q1", 38, 0.5),
        period("2024Q2", 2, 0.0),
        period("2024Q3", 0, 0.0),
    ]

    shown = period_rows(rows, 5)

    second = shown[1]
    assert second["referrals"] == "<5"
    for name in ("ties", "reciprocity", "degree_centralisation", "communities"):
        assert second[name] is None, name
    assert second["per_partner"][0]["betweenness"] is None
    # The third quarter's change would give the second's betweenness back.
    assert shown[2]["per_partner"][0]["betweenness_change"] is None
    assert shown[2]["per_partner"][0]["betweenness"] == 0.0


def test_survival_hidden_where_few_reached():
    # 17 participants. By day 180 one had a job start, so 16/17 would give
    # exactly 1; by day 365 ten had, leaving 7, and the median, day 300,
    # came after 9 job starts, so both are shown. By day 90 nobody had one.
    result = {
        "funnel": [],
        "time_to_outcome": {
            "participants": 17,
            "with_outcome": 10,
            "median_days": 300,
            "without_outcome_at_90": 1.0,
            "without_outcome_at_180": 16 / 17,
            "without_outcome_at_365": 7 / 17,
            "events_by": {90: 0, 180: 1, 365: 10, 300: 9},
        },
        "collaboration_effect": {"groups": [], "difference": None},
    }

    timing = journey_result(result, 5)["time_to_outcome"]

    assert timing["without_outcome_at_90"] == 1.0
    assert timing["without_outcome_at_180"] is None
    assert timing["without_outcome_at_365"] == 7 / 17
    assert timing["median_days"] == 300
    assert "events_by" not in timing


def test_median_hidden_after_few_outcomes():
    # 8 participants: the estimate fell to a half on day 207 after 4 job
    # starts, so the median is the day of one of those 4.
    result = {
        "funnel": [],
        "time_to_outcome": {
            "participants": 8,
            "with_outcome": 6,
            "median_days": 207,
            "without_outcome_at_90": 1.0,
            "events_by": {90: 0, 207: 4},
        },
        "collaboration_effect": {"groups": [], "difference": None},
    }

    timing = journey_result(result, 5)["time_to_outcome"]

    assert timing["median_days"] is None


def test_periods_hidden_with_window_total():
    # One period of 5 referrals on 5 ties: shown beside a window whose
    # network measures hide the same 5, it would show that every tie carries 1.
    row = {
        "period": "2024-05",
        "partners": 15,
        "ties": 5,
        "referrals": 5,
        "density": 5 / 210,
        "reciprocity": 0.4,
        "degree_centralisation": 0.2,
        "communities": 11,
        "modularity": 0.22,
        "new_ties": None,
        "lost_ties": None,
        "per_partner": [],
    }

    shown = period_rows([row], 5, total_hidden=True)
    alone = period_rows([row], 5)

    assert shown[0]["referrals"] == "suppressed"
    assert shown[0]["ties"] is None
    assert shown[0]["modularity"] is None
    assert alone[0]["referrals"] == 5

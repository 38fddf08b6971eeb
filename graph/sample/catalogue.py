"""Fixed vocabularies the sample partnership draws from.

Every organisation and employer name here is invented. Boroughs and postcode
districts are real London places, paired so that a participant usually lives
near the partner that enrolled them.
"""

from __future__ import annotations

from datetime import date

PARTNERSHIP_NAME = "South London Pathways to Work"
START_ON = date(2023, 4, 1)
END_ON = date(2026, 3, 31)

STAGES = ("engagement", "assessment", "training", "job_search", "in_work")

# Activity types with the stage each belongs to and the range of hours one
# session takes, in half-hour steps.
ACTIVITY_TYPES: dict[str, tuple[str, float, float]] = {
    "outreach_session": ("engagement", 0.5, 2.0),
    "mentoring_session": ("engagement", 1.0, 2.0),
    "initial_assessment": ("assessment", 1.0, 2.5),
    "wellbeing_support": ("assessment", 1.0, 1.5),
    "employability_workshop": ("training", 2.0, 6.0),
    "vocational_course": ("training", 6.0, 30.0),
    "cv_and_interview_support": ("job_search", 1.0, 3.0),
    "job_matching": ("job_search", 0.5, 1.5),
    "work_placement": ("job_search", 8.0, 35.0),
    "in_work_support": ("in_work", 0.5, 1.5),
}

# The programme stages each type of partner delivers.
STAGES_BY_PARTNER_TYPE: dict[str, tuple[str, ...]] = {
    "lead": ("engagement", "assessment", "job_search"),
    "delivery": ("engagement", "assessment", "training", "job_search"),
    "referral_agency": ("engagement", "assessment"),
    "youth_service": ("engagement", "assessment"),
    "mentoring": ("engagement", "assessment", "job_search"),
    "mental_health": ("engagement", "assessment"),
    "housing": ("engagement",),
    "training_provider": ("training",),
    "employer_broker": ("job_search", "in_work"),
}

# Partner types that usually meet young people first and enrol them.
FRONT_DOOR_TYPES = frozenset(
    {"youth_service", "referral_agency", "mentoring", "delivery", "housing"}
)

# The three hubs, in the order they are created: (name, type, borough).
HUB_PARTNERS = (
    ("Brixton Youth & Community Trust", "lead", "Lambeth"),
    ("Southbank Jobs Brokerage", "employer_broker", "Southwark"),
    ("St Mary's Training Hub", "training_provider", "Lewisham"),
)

OTHER_PARTNERS = (
    ("Peckham Young Men's Forum", "youth_service", "Southwark"),
    ("Tottenham Pathways Project", "delivery", "Haringey"),
    ("Hackney Downs Mentoring Circle", "mentoring", "Hackney"),
    ("Croydon Futures Network", "referral_agency", "Croydon"),
    ("Harlesden Skills Academy", "training_provider", "Brent"),
    ("Stratford Moves Youth Club", "youth_service", "Newham"),
    ("Deptford Bridge Employment Service", "employer_broker", "Lewisham"),
    ("Walthamstow Steps to Work", "delivery", "Waltham Forest"),
    ("Edmonton Green Youth Outreach", "youth_service", "Enfield"),
    ("Kennington Mind & Body Collective", "mental_health", "Lambeth"),
    ("Woolwich Foundations Housing Trust", "housing", "Greenwich"),
    ("Bow Creative Careers Lab", "training_provider", "Tower Hamlets"),
    ("Wood Green Referral Point", "referral_agency", "Haringey"),
    ("Thamesmead Sports & Mentoring Club", "mentoring", "Greenwich"),
    ("Barking Riverside Job Club", "employer_broker", "Barking and Dagenham"),
    ("Stockwell Elders' Mentoring Scheme", "mentoring", "Lambeth"),
    ("Holloway Road Youth Advice Centre", "referral_agency", "Islington"),
    ("Camberwell Construction Skills Centre", "training_provider", "Southwark"),
    ("Lewisham Young Dads' Project", "youth_service", "Lewisham"),
    ("Dalston Digital Futures", "training_provider", "Hackney"),
    ("Clapham Junction Careers Network", "delivery", "Wandsworth"),
    ("Kilburn Horizons Youth Trust", "youth_service", "Brent"),
    ("Forest Gate Community Link", "referral_agency", "Newham"),
)

# Name endings for partners beyond the named ones above, by partner type.
EXTRA_PARTNER_NAMES: dict[str, str] = {
    "youth_service": "Youth Project",
    "delivery": "Routes to Work",
    "referral_agency": "Advice Hub",
    "mentoring": "Mentoring Network",
    "training_provider": "Skills Centre",
    "employer_broker": "Jobs Desk",
}

POSTCODE_DISTRICTS: dict[str, tuple[str, ...]] = {
    "Lambeth": ("SW2", "SW9", "SE11", "SE27", "SW8"),
    "Southwark": ("SE1", "SE5", "SE15", "SE16", "SE17", "SE22"),
    "Lewisham": ("SE4", "SE6", "SE13", "SE14", "SE23"),
    "Hackney": ("E5", "E8", "E9", "N16"),
    "Haringey": ("N15", "N17", "N22", "N8"),
    "Croydon": ("CR0", "CR7", "SE25"),
    "Brent": ("NW10", "HA9", "NW2"),
    "Newham": ("E6", "E7", "E13", "E15", "E16"),
    "Tower Hamlets": ("E1", "E2", "E3", "E14"),
    "Greenwich": ("SE7", "SE10", "SE18", "SE28"),
    "Enfield": ("N9", "N18", "EN1", "EN3"),
    "Waltham Forest": ("E10", "E11", "E17"),
    "Islington": ("N1", "N7", "N19"),
    "Wandsworth": ("SW11", "SW17", "SW18"),
    "Barking and Dagenham": ("IG11", "RM8", "RM9"),
}

# Census 2021 (ONS) ethnic groups, with the share of participants in each.
ETHNICITIES: dict[str, float] = {
    "Black African": 0.33,
    "Black Caribbean": 0.25,
    "Mixed White and Black Caribbean": 0.12,
    "Other Black": 0.08,
    "Mixed White and Black African": 0.04,
    "Other Mixed": 0.02,
    "White British": 0.03,
    "Other White": 0.02,
    "Bangladeshi": 0.02,
    "Other Asian": 0.02,
    "Arab": 0.01,
    "Any other ethnic group": 0.02,
    "Prefer not to say": 0.04,
}

GENDERS: dict[str, float] = {
    "male": 0.88,
    "female": 0.09,
    "non-binary": 0.01,
    "prefer not to say": 0.02,
}

# Shares of ages 17 to 30. With only a birth year, someone aged 17 on paper
# may still be 16 at enrolment.
AGE_WEIGHTS = (6, 9, 11, 11, 10, 9, 8, 7, 6, 5, 4, 3, 3, 2)
MIN_AGE = 17

# Employer sectors, each with name stems that combine with a place name.
EMPLOYER_SECTORS: dict[str, tuple[str, ...]] = {
    "hospitality": ("Kitchens", "Hotel Group", "Catering Co", "Coffee House"),
    "retail": ("Outfitters", "Food Stores", "Home Supplies", "Sports Retail"),
    "construction": ("Builders", "Civil Engineering", "Scaffolding", "Joinery"),
    "logistics": ("Logistics", "Couriers", "Freight Services", "Warehousing"),
    "health and care": ("Care Homes", "Home Care", "Community Health"),
    "digital": ("Digital Studio", "Software", "Data Labs", "Web Agency"),
    "public sector": ("Community Services", "Leisure Trust", "Transport Services"),
    "facilities": ("Facilities Management", "Security Services", "Cleaning Co"),
    "creative": ("Media Productions", "Events", "Print Works"),
}

EMPLOYER_PLACES = (
    "Thameside",
    "Riverside",
    "Northbank",
    "Eastgate",
    "Southgate",
    "Old Kent",
    "Greenway",
    "Canal Street",
    "Marshgate",
    "Brockwell",
    "Queensway",
    "Hilltop",
    "Wharfside",
    "Millpond",
    "Victoria Dock",
    "Beacon",
)

# Employer names that need escaping or quoting (an ampersand, an
# apostrophe, a comma, a non-ASCII letter), added to every sample.
FIXED_EMPLOYERS = (
    ("Okafor & Sons Construction", "construction", "small"),
    ("Nana's Kitchen", "hospitality", "micro"),
    ("Mensah, Boateng and Co Logistics", "logistics", "medium"),
    ("Café Lumière Bakery", "hospitality", "small"),
)

EMPLOYER_SIZES: dict[str, float] = {
    "micro": 0.15,
    "small": 0.35,
    "medium": 0.3,
    "large": 0.2,
}

DECLINE_REASONS = (
    "no places left on the current cohort",
    "outside the service's age range",
    "lives outside the service area",
    "needs are better met by another service",
    "already supported by another provider",
)

EMPLOYER_DECLINE_REASONS = (
    "not shortlisted for interview",
    "not selected after interview",
    "vacancy filled before interview",
)

WITHDRAW_REASONS = (
    "participant no longer wants support",
    "participant moved out of the area",
    "participant stopped attending",
    "participant found work without support",
)

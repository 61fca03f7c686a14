"""The proportions of the demo's contacts, drawn from the seed documents (see docs/demo-data.md).

Weights are relative (they need not add up to 100); rates are probabilities per contact. Keys are
those of data/taxonomy.csv and municipality codes of data/municipalities.csv.
"""

from __future__ import annotations

# Contacts per working day at scale 1 before the weekday and month factors (plus the outgoing
# callbacks): about 10,000 contacts a year, 100,000 at scale 10.
BASE_DAILY = 38
CALLBACK_REQUESTS_PER_CONTACT = 0.07

# The seed regions: wellbeing services county, weight of the region, and its municipalities
# weighted roughly by the number of families.
REGIONS: dict[str, tuple[str, int, dict[str, int]]] = {
    "north_savo": (
        "13",
        30,
        {
            "297": 40,
            "749": 8,
            "140": 7,
            "915": 7,
            "420": 3,
            "778": 3,
            "402": 3,
            "263": 2,
            "171": 2,
            "595": 1,
            "686": 1,
            "762": 1,
        },
    ),
    "central_finland": (
        "15",
        22,
        {
            "179": 40,
            "992": 6,
            "182": 6,
            "410": 6,
            "500": 3,
            "249": 3,
            "729": 3,
            "931": 2,
            "077": 1,
            "592": 1,
        },
    ),
    "pohde": (
        "19",
        20,
        {
            "564": 30,
            "678": 8,
            "977": 6,
            "305": 4,
            "208": 4,
            "535": 3,
            "563": 2,
            "071": 2,
            "069": 2,
            "746": 2,
            "748": 2,
            "791": 2,
            "625": 1,
            "009": 1,
            "317": 1,
        },
    ),
    "lakeus": ("19", 15, {"244": 18, "425": 10, "494": 9, "859": 7, "436": 3, "072": 1}),
    "south_savo": (
        "12",
        13,
        {"491": 20, "740": 12, "593": 7, "178": 2, "213": 2, "507": 2, "768": 1, "681": 1},
    ),
}

# Professionals' share is set so that, with the outgoing callbacks, about a third of all contacts
# are consultations.
PARTY_WEIGHTS = {"parent": 49, "professional": 36, "relative": 7, "child_youth": 8}

CHANNEL_WEIGHTS = {
    "parent": {
        "phone": 55,
        "web_form": 16,
        "email": 7,
        "chat": 10,
        "social_media": 4,
        "meeting_place": 8,
    },
    "relative": {"phone": 70, "web_form": 10, "email": 10, "chat": 5, "meeting_place": 5},
    "child_youth": {"chat": 50, "phone": 25, "social_media": 15, "meeting_place": 10},
    "professional": {"phone": 78, "email": 14, "web_form": 8},
}

SECTOR_WEIGHTS = {
    "county_service": 30,
    "school": 22,
    "early_education": 18,
    "youth_work": 7,
    "municipality_other": 6,
    "ngo": 8,
    "parish": 5,
    "private": 2,
    "other": 2,
}
OUTSIDE_COUNTY_RATE = 0.15
NO_MUNICIPALITY_RATE = {"chat": 0.25, "social_media": 0.3}
NO_MUNICIPALITY_OTHERWISE = 0.04

AGE_WEIGHTS = {
    "parent": {"expecting": 5, "0-2": 22, "3-6": 28, "7-12": 25, "13-17": 17, "18+": 3},
    "relative": {"0-2": 15, "3-6": 30, "7-12": 30, "13-17": 20, "18+": 5},
    "child_youth": {"7-12": 20, "13-17": 75, "18+": 5},
    "professional": {"0-2": 8, "3-6": 25, "7-12": 35, "13-17": 30, "18+": 2},
}
SECTOR_AGES = {
    "early_education": {"0-2": 30, "3-6": 70},
    "school": {"7-12": 55, "13-17": 45},
    "youth_work": {"13-17": 80, "18+": 20},
}
SECOND_AGE_GROUP_RATE = 0.25
CHILD_COUNT_WEIGHTS = {1: 45, 2: 35, 3: 14, 4: 5, 5: 1}

TOPIC_WEIGHTS = {
    "expecting": {
        "expecting": 10,
        "couple": 3,
        "mental_health_adult": 3,
        "finances": 2,
        "services": 4,
        "housing": 1,
    },
    "0-2": {
        "sleep": 8,
        "routines": 6,
        "expecting": 4,
        "parenting": 6,
        "development": 5,
        "mental_health_adult": 5,
        "couple": 3,
        "health": 3,
        "early_education": 3,
        "services": 3,
    },
    "3-6": {
        "behaviour": 10,
        "development": 6,
        "parenting": 7,
        "routines": 4,
        "early_education": 5,
        "sleep": 3,
        "special_needs": 3,
        "separation": 3,
        "services": 2,
    },
    "7-12": {
        "school": 7,
        "behaviour": 6,
        "bullying": 4,
        "leisure": 3,
        "social_network": 3,
        "digital": 4,
        "special_needs": 3,
        "mental_health_child": 4,
        "separation": 3,
        "parenting": 4,
    },
    "13-17": {
        "mental_health_child": 9,
        "absence": 6,
        "substances": 4,
        "digital": 4,
        "school": 4,
        "social_network": 4,
        "violence": 1,
        "crisis": 1,
        "leisure": 2,
        "parenting": 3,
    },
    "18+": {
        "mental_health_child": 4,
        "substances": 3,
        "housing": 3,
        "finances": 3,
        "services": 3,
    },
    "": {
        "services": 6,
        "parenting": 4,
        "separation": 3,
        "couple": 2,
        "finances": 2,
        "mental_health_adult": 3,
        "multicultural": 1,
    },
}
# A second or third topic is sometimes one of these, whatever the children's ages.
EXTRA_TOPICS = {
    "separation": 4,
    "finances": 3,
    "housing": 2,
    "mental_health_adult": 4,
    "services": 5,
    "crisis": 1,
    "violence": 1,
    "multicultural": 1,
}
TOPIC_COUNT_WEIGHTS = {1: 45, 2: 40, 3: 15}

ACTION_RATES = {
    "family": {
        "advice": 0.75,
        "referral_service": 0.30,
        "referral_digital": 0.22,
        "needs_assessment": 0.07,
        "assessment_done": 0.07,
        "lapset_puheeksi": 0.03,
        "reception_visit": 0.05,
        "home_visit": 0.015,
        "network_meeting": 0.01,
        "callback": 0.04,
        "urgent_guidance": 0.006,
        "child_protection": 0.004,
    },
    "professional": {
        "consultation_given": 0.92,
        "advice": 0.15,
        "referral_service": 0.35,
        "referral_digital": 0.12,
        "needs_assessment": 0.10,
        "network_meeting": 0.02,
        "child_protection": 0.03,
        "callback": 0.03,
    },
}
# Topics that make a red-flag action more likely: (urgent guidance, child protection).
RED_FLAG_TOPICS = {"violence": (0.05, 0.15), "crisis": (0.08, 0.02), "substances": (0.02, 0.04)}
SECOND_REFERRAL_RATE = 0.2

FEEDBACK_ASKED = {
    "phone": 0.5,
    "callback_out": 0.5,
    "chat": 0.45,
    "meeting_place": 0.5,
    "email": 0.1,
    "web_form": 0.1,
    "social_media": 0.1,
}
FEEDBACK_ASKED_PROFESSIONAL = 0.3
HELP_WEIGHTS = {"yes": 78, "partly": 17, "no": 5}
RECOMMEND_GIVEN_RATE = 0.85
RECOMMEND_WEIGHTS = {10: 45, 9: 28, 8: 14, 7: 7, 6: 3, 5: 2, 4: 1}
REPEAT_RATE = 0.12

LANGUAGE_WEIGHTS = {
    "fi": 88,
    "sv": 4,
    "en": 3,
    "uk": 2,
    "ru": 1,
    "ar": 1,
    "so": 0.5,
    "other": 0.5,
}
LANGUAGE_WEIGHTS_PROFESSIONAL = {"fi": 97, "sv": 3}

# Median length of a contact in minutes, per channel (professionals' calls run longer).
DURATION_MINUTES = {
    "phone": 11,
    "callback_out": 12,
    "chat": 18,
    "web_form": 8,
    "email": 7,
    "social_media": 6,
    "meeting_place": 15,
}
PROFESSIONAL_DURATION_FACTOR = 1.3

OBSERVATION_RATE = 0.12
OBSERVATIONS = {
    "vanhempien uupumus": 8,
    "perheneuvolan jonot": 6,
    "koulupoissaolot lisääntyneet": 5,
    "nuorten yksinäisyys": 5,
    "taloushuolet": 5,
    "harrastusten hinta": 3,
    "somekiusaaminen": 3,
    "tietoa palveluista vaikea löytää": 6,
    "ruutuaika": 3,
    "varhaiskasvatuspaikan odotus": 2,
    "eroperheiden riidat": 3,
    "nuorten päihdekokeilut": 2,
    "tulkin saatavuus": 1,
    "pitkät matkat palveluihin": 2,
}

# Callback requests: where they came from, and how they ended.
CALLBACK_SOURCES = {"busy_line": 35, "voicemail": 20, "web_form": 35, "other": 10}
CALLBACK_ENDINGS = {"done": 82, "unreached": 12, "cancelled": 6}
URGENT_RATE = 0.08
CALLBACK_WINDOWS = {
    "": 5,
    "aamupäivällä": 3,
    "iltapäivällä": 3,
    "klo 12–14": 2,
    "klo 9–11": 1,
    "ei ennen klo 10": 1,
}

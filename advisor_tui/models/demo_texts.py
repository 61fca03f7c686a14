"""Finnish texts of the demo records: what an advisor would write in a summary or a note.

They describe situations without names or identifying details, as the advice line's anonymous
summaries do.
"""

from __future__ import annotations

import random

TOPIC_PHRASES = {
    "development": "lapsen kehityksestä",
    "behaviour": "lapsen uhmakkuudesta ja raivokohtauksista",
    "parenting": "kasvatukseen liittyvistä kysymyksistä",
    "routines": "arjen sujumisesta ja vuorokausirytmistä",
    "sleep": "lapsen univaikeuksista",
    "expecting": "raskausajasta ja vauva-arjesta",
    "separation": "erosta ja eron jälkeisestä vanhemmuudesta",
    "couple": "parisuhteen vaikeuksista",
    "mental_health_child": "nuoren mielialasta ja jaksamisesta",
    "mental_health_adult": "omasta jaksamisestaan",
    "substances": "päihteiden käytöstä",
    "violence": "perheen turvallisuudesta",
    "finances": "perheen taloudellisesta tilanteesta",
    "housing": "asumiseen liittyvistä huolista",
    "early_education": "varhaiskasvatuspaikasta",
    "school": "koulunkäynnin haasteista",
    "absence": "koulupoissaoloista",
    "bullying": "kiusaamisesta",
    "social_network": "yksinäisyydestä ja kavereiden puutteesta",
    "leisure": "harrastusmahdollisuuksista",
    "health": "lapsen terveydestä",
    "special_needs": "lapsen tuen tarpeesta",
    "digital": "ruutuajasta ja pelaamisesta",
    "multicultural": "kotoutumisesta ja palveluista omalla kielellä",
    "crisis": "perhettä kohdanneesta menetyksestä",
    "services": "sopivan palvelun löytämisestä",
}

SUBJECTS = {
    "parent": ("Vanhempi", "Äiti", "Isä"),
    "relative": ("Isovanhempi", "Läheinen", "Sukulainen"),
    "child_youth": ("Nuori",),
}
PROFESSIONAL_SUBJECTS = {
    "county_service": ("Terveydenhoitaja", "Sosiaaliohjaaja", "Psykiatrinen sairaanhoitaja"),
    "early_education": ("Varhaiskasvatuksen opettaja", "Päiväkodin johtaja"),
    "school": ("Koulukuraattori", "Luokanopettaja", "Erityisopettaja"),
    "youth_work": ("Nuorisotyöntekijä",),
    "municipality_other": ("Kunnan vapaa-aikaohjaaja",),
    "ngo": ("Järjestön työntekijä",),
    "parish": ("Seurakunnan perhetyöntekijä", "Diakoniatyöntekijä"),
    "private": ("Yksityisen palvelun työntekijä",),
    "other": ("Ammattilainen",),
}
VERBS = {
    "phone": "soitti",
    "chat": "kysyi chatissa",
    "web_form": "kysyi Pyydä neuvoa -lomakkeella",
    "email": "kysyi sähköpostitse",
    "social_media": "kysyi someviestillä",
    "meeting_place": "kysyi kohtaamispaikassa",
}
ACTION_SENTENCES = {
    "advice": "Annettu neuvontaa ja tietoa alueen palveluista.",
    "consultation_given": "Käyty läpi vaihtoehtoja ja palvelupolku.",
    "needs_assessment": "Ohjattu palvelutarpeen arviointiin.",
    "callback": "Sovittu takaisinsoitto.",
    "network_meeting": "Sovittu verkostotapaaminen.",
    "reception_visit": "Sovittu vastaanottokäynti.",
    "home_visit": "Sovittu kotikäynti.",
    "lapset_puheeksi": "Käyty Lapset puheeksi -keskustelu.",
    "assessment_done": "Tehty tilanteen kartoitus.",
    "urgent_guidance": "Ohjattu soittamaan 112:een tai sosiaalipäivystykseen.",
    "child_protection": "Muistutettu lastensuojeluilmoituksen tekemisestä.",
}


def summary(
    rng: random.Random,
    party: str,
    sector: str | None,
    channel: str,
    topics: list[str],
    actions: list[str],
    referrals: list[str],
) -> str:
    """A short summary: who asked about what, and what was done."""
    if party == "professional":
        subject = rng.choice(PROFESSIONAL_SUBJECTS.get(sector or "other", ("Ammattilainen",)))
        verb = "konsultoi" if channel == "phone" else VERBS.get(channel, "kysyi")
    else:
        subject = rng.choice(SUBJECTS[party])
        verb = VERBS.get(channel, "soitti")
    about = TOPIC_PHRASES[topics[0]]
    if channel == "callback_out":
        first = f"Takaisinsoitto: {subject.lower()} halusi keskustella {about}."
    else:
        first = f"{subject} {verb} {about}."
    sentences = [first]
    if referrals:
        sentences.append(f"Ohjattu: {', '.join(referrals)}.")
    for action in actions:
        if action in ACTION_SENTENCES and len(sentences) < 3:
            sentences.append(ACTION_SENTENCES[action])
    return " ".join(sentences)


def callback_note(rng: random.Random, topic: str) -> str:
    phrase = TOPIC_PHRASES.get(topic, TOPIC_PHRASES["services"])
    return rng.choice((f"Haluaa keskustella {phrase}.", f"Kysymys {phrase}.", ""))


CLOSE_REASONS = ("Asiakas perui pyynnön.", "Asia hoitui muuta kautta.", "Pyyntö tuli kahdesti.")
ATTEMPT_NOTES = {
    "reached": ("", "Keskusteltu, jatko sovittu.", "Annettu tietoa palveluista."),
    "no_answer": ("", "Ei vastannut.", ""),
    "voicemail": ("Jätetty viesti vastaajaan.", ""),
    "wrong_number": ("Numero ei ole käytössä.",),
}

MEETING_PURPOSES = (
    "Yhteinen suunnitelma koulunkäynnin tueksi",
    "Perheen arjen tukeminen ja vastuiden sopiminen",
    "Lapsen tuen tarpeen yhteinen arviointi",
    "Nuoren jaksamisen tukeminen",
    "Varhaiskasvatuksen ja perheen yhteistyö",
    "Eron jälkeisen arjen järjestäminen",
)
AGENDA = (
    "1. Kuulumiset ja perheen toiveet\n2. Mikä toimii, mikä huolettaa\n"
    "3. Tukitoimet ja vastuut\n4. Seuraava tapaaminen"
)
OUTCOMES = (
    "Sovittiin tukitoimista ja vastuuhenkilöistä. Seuranta kuukauden kuluttua.",
    "Perhe sai tiedon sopivista palveluista; koulu jatkaa tukea.",
    "Sovittiin palvelutarpeen arvioinnista ja seurantatapaamisesta.",
)
TASKS = (
    ("Perhe", "Varaa aika perheneuvolaan"),
    ("Koulukuraattori", "Selvittää koulun tukitoimet"),
    ("Terveydenhoitaja", "Sopii terveystarkastuksen"),
    ("Sosiaaliohjaaja", "Käynnistää palvelutarpeen arvioinnin"),
    ("Perhe", "Tutustuu Omaperhe-palveluun"),
    ("Varhaiskasvatuksen erityisopettaja", "Laatii tukisuunnitelman"),
)
PREPARATION_TASKS = (
    ("Koulukuraattori", "Tuo tapaamiseen koulun tukisuunnitelman"),
    ("Perhe", "Miettii etukäteen, mikä arjessa toimii"),
)
CANCEL_REASONS = ("Perhe perui sairastumisen vuoksi.", "Osallistujat eivät päässeet paikalle.")
PLACES = (
    ("address", "Perhekeskus, neuvotteluhuone 2"),
    ("address", "Koulun neuvotteluhuone"),
    ("remote", "https://video.demo.invalid/verkostotapaaminen"),
    ("phone", "Neuvoja soittaa osallistujille"),
)
STRENGTHS = (
    "Vanhemmat ovat sitoutuneita ja hakevat apua.",
    "Lapsella on hyvä suhde isovanhempiin.",
    "Perheellä on turvallinen arki ja läheisiä tukena.",
    "Harrastus tuo iloa ja rytmiä viikkoon.",
)

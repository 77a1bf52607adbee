"""Demo vacancies in English and French, so a new service has openings to show.

Dates follow the clock of the seeding: some openings are closed, some close within days. Seeding is
idempotent: a reference already in the database is left as it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from prefill.workflow.vacancies.models import Vacancy
from prefill.workflow.vacancies.questionnaire import Question
from prefill.workflow.vacancies.schemas import VacancyCreate
from prefill.workflow.vacancies.service import create_vacancy
from prefill.workflow.vacancies.zones import local_instant, zone_named

CLOSING_TIME = dt.time(23, 59)
"""Demo deadlines are 23:59 at the duty station, the common practice."""

# -- questions shared by several openings ----------------------------------------------------------


def _text(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


def _degree(field_en: str, field_fr: str) -> Question:
    return Question.model_validate(
        {
            "id": "advanced_degree",
            "type": "yes_no",
            "text": _text(
                f"Do you hold an advanced university degree (Master's or equivalent) in {field_en}?",
                "Êtes-vous titulaire d'un diplôme universitaire supérieur (master ou équivalent) en "
                f"{field_fr} ?",
            ),
            "options": [{"id": "yes", "outcome": "pass"}, {"id": "no", "outcome": "disqualify"}],
        }
    )


def _experience(minimum: int) -> Question:
    return Question.model_validate(
        {
            "id": "years_experience",
            "type": "number",
            "text": _text(
                "How many years of progressively responsible relevant experience do you have?",
                "Combien d'années d'expérience pertinente, à des niveaux de responsabilité croissants, "
                "avez-vous ?",
            ),
            "ranges": [
                {"max": minimum - 1, "outcome": "disqualify"},
                {"min": minimum - 1, "max": minimum, "outcome": "review", "explanation_required": True},
                {"min": minimum, "outcome": "pass"},
            ],
        }
    )


def _language_level(language_en: str, language_fr: str) -> Question:
    return Question.model_validate(
        {
            "id": "working_language",
            "type": "single_choice",
            "text": _text(f"Your level in {language_en}:", f"Votre niveau en {language_fr} :"),
            "options": [
                {"id": "fluent", "text": _text("Fluent", "Courant"), "outcome": "pass"},
                {
                    "id": "working",
                    "text": _text("Working knowledge", "Bonne connaissance"),
                    "outcome": "pass",
                },
                {"id": "basic", "text": _text("Basic", "Notions"), "outcome": "review"},
                {"id": "none", "text": _text("None", "Aucune"), "outcome": "disqualify"},
            ],
        }
    )


RELATIVES = Question.model_validate(
    {
        "id": "relatives",
        "type": "yes_no",
        "text": _text(
            "Is any member of your family employed by the organization?",
            "Un membre de votre famille est-il employé par l'organisation ?",
        ),
        "options": [
            {"id": "yes", "outcome": "review", "explanation_required": True},
            {"id": "no", "outcome": "pass"},
        ],
    }
)

MOBILITY = Question.model_validate(
    {
        "id": "mobility",
        "type": "yes_no",
        "text": _text(
            "Are you willing to relocate to the duty station within three months?",
            "Êtes-vous disposé(e) à vous installer au lieu d'affectation dans un délai de trois mois ?",
        ),
        "options": [{"id": "yes", "outcome": "pass"}, {"id": "no", "outcome": "review"}],
    }
)

MOTIVATION = Question.model_validate(
    {
        "id": "motivation",
        "type": "text",
        "required": False,
        "text": _text(
            "In a few lines, what would you bring to this role?",
            "En quelques lignes, qu'apporteriez-vous à ce poste ?",
        ),
    }
)

DATA_TOOLS = Question.model_validate(
    {
        "id": "data_tools",
        "type": "multiple_choice",
        "text": _text(
            "Which of these tools have you used in your work?",
            "Lesquels de ces outils avez-vous utilisés dans votre travail ?",
        ),
        "options": [
            {"id": "python", "text": _text("Python", "Python")},
            {"id": "r", "text": _text("R", "R")},
            {"id": "power_bi", "text": _text("Power BI", "Power BI")},
            {"id": "tableau", "text": _text("Tableau", "Tableau")},
            {"id": "none", "text": _text("None of these", "Aucun de ces outils"), "outcome": "disqualify"},
        ],
    }
)

ENROLMENT = Question.model_validate(
    {
        "id": "enrolment",
        "type": "single_choice",
        "text": _text("Your current studies:", "Vos études actuelles :"),
        "options": [
            {"id": "masters", "text": _text("Enrolled in a Master's programme", "Inscrit(e) en master")},
            {"id": "phd", "text": _text("Enrolled in a doctoral programme", "Inscrit(e) en doctorat")},
            {
                "id": "graduated",
                "text": _text("Graduated within the last year", "Diplômé(e) depuis moins d'un an"),
                "outcome": "review",
                "explanation_required": True,
            },
            {
                "id": "other",
                "text": _text("None of these", "Aucune de ces situations"),
                "outcome": "disqualify",
            },
        ],
    }
)

DAILY_RATE = Question.model_validate(
    {
        "id": "daily_rate",
        "type": "number",
        "text": _text(
            "Your expected daily fee, in US dollars:", "Vos honoraires journaliers attendus, en dollars US :"
        ),
        "ranges": [{"min": 0, "max": 650, "outcome": "pass"}],
        "outcome": "review",
        "explanation_required": True,
    }
)


# -- the openings ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoOpening:
    reference: str
    kind: str
    grade: str | None
    title: str
    language: str
    city: str
    country: str
    time_zone: str
    contract_type: str
    duration_months: int | None
    published_days_ago: int
    closes_in_days: int
    """Days from the seeding's date at the duty station; negative for an opening already closed."""
    languages: tuple[tuple[str, str, str], ...]
    """(language, level, required | desirable)"""
    description: str
    questions: tuple[Question, ...]


ENGLISH_FRENCH = (("en", "C1", "required"), ("fr", "B1", "desirable"))
FRENCH_ENGLISH = (("fr", "C1", "required"), ("en", "B1", "desirable"))

OPENINGS: tuple[DemoOpening, ...] = (
    DemoOpening(
        reference="VA/2026/P2/021",
        kind="staff",
        grade="P-2",
        title="Associate Programme Management Officer",
        language="en",
        city="Nairobi",
        country="KE",
        time_zone="Africa/Nairobi",
        contract_type="fixed_term",
        duration_months=24,
        published_days_ago=12,
        closes_in_days=18,
        languages=ENGLISH_FRENCH,
        description="The Associate Programme Management Officer supports the planning, monitoring and "
        "reporting of the regional environment programme: prepares work plans and budgets, tracks project "
        "milestones, drafts donor reports and organizes partner meetings.\n\n"
        "Qualifications: an advanced university degree in environmental sciences, public administration "
        "or a related field, and at least two years of relevant experience.",
        questions=(
            _degree(
                "environmental sciences, public administration or a related field",
                "sciences de l'environnement, administration publique ou un domaine apparenté",
            ),
            _experience(2),
            RELATIVES,
            MOTIVATION,
        ),
    ),
    DemoOpening(
        reference="VA/2026/P3/014",
        kind="staff",
        grade="P-3",
        title="Human Resources Officer",
        language="en",
        city="Geneva",
        country="CH",
        time_zone="Europe/Zurich",
        contract_type="fixed_term",
        duration_months=24,
        published_days_ago=20,
        closes_in_days=1,
        languages=ENGLISH_FRENCH,
        description="The Human Resources Officer advises managers and staff on recruitment, contracts and "
        "entitlements, runs selection processes from the vacancy announcement to the offer, and "
        "contributes to workforce planning.\n\n"
        "Qualifications: an advanced university degree in human resources management, business "
        "administration or law, and at least five years of experience in human resources.",
        questions=(
            _degree(
                "human resources management, business administration or law",
                "gestion des ressources humaines, administration des entreprises ou droit",
            ),
            _experience(5),
            _language_level("French", "français"),
            RELATIVES,
            MOTIVATION,
        ),
    ),
    DemoOpening(
        reference="VA/2026/P4/007",
        kind="staff",
        grade="P-4",
        title="Statistician",
        language="en",
        city="New York",
        country="US",
        time_zone="America/New_York",
        contract_type="fixed_term",
        duration_months=24,
        published_days_ago=9,
        closes_in_days=25,
        languages=(("en", "C1", "required"),),
        description="The Statistician leads the production of the global indicators database: designs "
        "estimation methods, reviews country data for consistency, and writes methodological notes.\n\n"
        "Qualifications: an advanced university degree in statistics, economics or mathematics, and at "
        "least seven years of experience in official statistics.",
        questions=(
            _degree("statistics, economics or mathematics", "statistique, économie ou mathématiques"),
            _experience(7),
            DATA_TOOLS,
            MOBILITY,
        ),
    ),
    DemoOpening(
        reference="AV/2026/P5/003",
        kind="staff",
        grade="P-5",
        title="Chef(fe) de la Section des partenariats",
        language="fr",
        city="Paris",
        country="FR",
        time_zone="Europe/Paris",
        contract_type="fixed_term",
        duration_months=24,
        published_days_ago=15,
        closes_in_days=30,
        languages=FRENCH_ENGLISH,
        description="Le ou la titulaire dirige la Section des partenariats : définit la stratégie de "
        "mobilisation des ressources, négocie les accords avec les États membres et les fondations, et "
        "encadre une équipe de huit personnes.\n\n"
        "Qualifications : diplôme universitaire supérieur en relations internationales, économie ou "
        "gestion, et au moins dix ans d'expérience, dont cinq dans des fonctions d'encadrement.",
        questions=(
            _degree(
                "international relations, economics or management",
                "relations internationales, économie ou gestion",
            ),
            _experience(10),
            _language_level("English", "anglais"),
            RELATIVES,
            MOBILITY,
        ),
    ),
    DemoOpening(
        reference="VA/2026/D1/002",
        kind="staff",
        grade="D-1",
        title="Director, Regional Office for Asia and the Pacific",
        language="en",
        city="Bangkok",
        country="TH",
        time_zone="Asia/Bangkok",
        contract_type="fixed_term",
        duration_months=24,
        published_days_ago=6,
        closes_in_days=40,
        languages=(("en", "C2", "required"), ("fr", "B1", "desirable"), ("zh", "B1", "desirable")),
        description="The Director leads the Regional Office and its programme in thirty-eight countries, "
        "represents the organization with governments and regional bodies, and manages a team of sixty "
        "staff.\n\n"
        "Qualifications: an advanced university degree in a relevant field and at least fifteen years "
        "of experience, including senior management in international settings.",
        questions=(_degree("a relevant field", "un domaine pertinent"), _experience(15), RELATIVES, MOBILITY),
    ),
    DemoOpening(
        reference="VA/2026/G5/031",
        kind="staff",
        grade="G-5",
        title="Administrative Assistant",
        language="en",
        city="Geneva",
        country="CH",
        time_zone="Europe/Zurich",
        contract_type="temporary",
        duration_months=6,
        published_days_ago=40,
        closes_in_days=-5,
        languages=(("en", "C1", "required"), ("fr", "C1", "required")),
        description="The Administrative Assistant handles travel, meetings and correspondence for the "
        "division, keeps its files, and processes routine financial transactions.\n\n"
        "Qualifications: completion of secondary education and at least five years of administrative "
        "experience. Local recruitment: applicants must reside within commuting distance of Geneva.",
        questions=(_experience(5), _language_level("French", "français"), RELATIVES),
    ),
    DemoOpening(
        reference="AV/2026/NOB/009",
        kind="staff",
        grade="NO-B",
        title="Administrateur(trice) national(e) de programme",
        language="fr",
        city="Dakar",
        country="SN",
        time_zone="Africa/Dakar",
        contract_type="fixed_term",
        duration_months=12,
        published_days_ago=10,
        closes_in_days=14,
        languages=(("fr", "C1", "required"), ("wo", "B2", "desirable")),
        description="Sous la supervision du chef de bureau, le ou la titulaire suit la mise en œuvre des "
        "projets d'éducation au Sénégal, entretient les relations avec les ministères et les partenaires, "
        "et prépare les rapports d'avancement.\n\n"
        "Qualifications : diplôme universitaire supérieur en sciences de l'éducation ou sciences "
        "sociales, et au moins deux ans d'expérience. Poste ouvert aux ressortissants sénégalais.",
        questions=(
            _degree("education or social sciences", "sciences de l'éducation ou sciences sociales"),
            _experience(2),
            RELATIVES,
            MOTIVATION,
        ),
    ),
    DemoOpening(
        reference="VA/2026/P3/019",
        kind="staff",
        grade="P-3",
        title="Information Management Officer",
        language="en",
        city="Santiago",
        country="CL",
        time_zone="America/Santiago",
        contract_type="fixed_term",
        duration_months=12,
        published_days_ago=35,
        closes_in_days=-3,
        languages=(("en", "C1", "required"), ("es", "C1", "required")),
        description="The Information Management Officer builds and maintains the regional office's data "
        "systems, designs dashboards for humanitarian response, and trains national partners.\n\n"
        "Qualifications: an advanced university degree in information systems or a related field and at "
        "least five years of relevant experience.",
        questions=(
            _degree(
                "information systems or a related field", "systèmes d'information ou un domaine apparenté"
            ),
            _experience(5),
            DATA_TOOLS,
            _language_level("Spanish", "espagnol"),
        ),
    ),
    DemoOpening(
        reference="VA/2026/INT/001",
        kind="internship",
        grade=None,
        title="Internship roster: Communications and Public Information",
        language="en",
        city="New York",
        country="US",
        time_zone="America/New_York",
        contract_type="internship",
        duration_months=6,
        published_days_ago=8,
        closes_in_days=45,
        languages=ENGLISH_FRENCH,
        description="Interns support the communications team: draft web stories and social media posts, "
        "monitor media coverage, and help organize public events. The roster is used for internships "
        "starting over the next twelve months.\n\n"
        "Eligibility: enrolment in a graduate programme, or graduation within the past year.",
        questions=(ENROLMENT, _language_level("English", "anglais"), MOTIVATION),
    ),
    DemoOpening(
        reference="AV/2026/STG/002",
        kind="internship",
        grade=None,
        title="Vivier de stagiaires : droit international",
        language="fr",
        city="Geneva",
        country="CH",
        time_zone="Europe/Zurich",
        contract_type="internship",
        duration_months=3,
        published_days_ago=25,
        closes_in_days=2,
        languages=FRENCH_ENGLISH,
        description="Les stagiaires appuient le Bureau des affaires juridiques : recherches en droit "
        "international public, préparation de notes et suivi des travaux des organes "
        "intergouvernementaux.\n\n"
        "Conditions : être inscrit(e) en master ou en doctorat de droit, ou diplômé(e) depuis moins d'un "
        "an.",
        questions=(ENROLMENT, _language_level("English", "anglais"), MOTIVATION),
    ),
    DemoOpening(
        reference="VA/2026/IC/011",
        kind="contractor",
        grade=None,
        title="Individual contractor: data visualization specialist",
        language="en",
        city="Bangkok",
        country="TH",
        time_zone="Asia/Bangkok",
        contract_type="individual_contract",
        duration_months=4,
        published_days_ago=5,
        closes_in_days=10,
        languages=(("en", "C1", "required"),),
        description="The contractor designs and builds an interactive dashboard of the regional "
        "indicators, with its documentation, and trains two staff members to maintain it. Home-based "
        "with one mission to Bangkok.\n\n"
        "Deliverables: a prototype after six weeks, the final dashboard after four months.",
        questions=(DATA_TOOLS, DAILY_RATE, _experience(3)),
    ),
    DemoOpening(
        reference="AV/2026/CI/012",
        kind="contractor",
        grade=None,
        title="Consultant(e) individuel(le) : évaluation de programme",
        language="fr",
        city="Dakar",
        country="SN",
        time_zone="Africa/Dakar",
        contract_type="individual_contract",
        duration_months=3,
        published_days_ago=30,
        closes_in_days=-10,
        languages=FRENCH_ENGLISH,
        description="Le ou la consultant(e) conduit l'évaluation finale du programme régional "
        "d'alphabétisation : revue documentaire, entretiens dans trois pays et rapport d'évaluation avec "
        "recommandations.\n\n"
        "Profil : au moins huit ans d'expérience en évaluation de programmes de développement.",
        questions=(_experience(8), DAILY_RATE, MOTIVATION),
    ),
)


def opening_data(opening: DemoOpening, *, now: dt.datetime) -> VacancyCreate:
    """The opening with dates relative to `now`: published some days ago, closing at 23:59 local time."""
    zone = zone_named(opening.time_zone)
    closing_day = now.astimezone(zone).date() + dt.timedelta(days=opening.closes_in_days)
    return VacancyCreate.model_validate(
        {
            "reference": opening.reference,
            "kind": opening.kind,
            "grade": opening.grade,
            "title": opening.title,
            "language": opening.language,
            "city": opening.city,
            "country": opening.country,
            "time_zone": opening.time_zone,
            "contract_type": opening.contract_type,
            "duration_months": opening.duration_months,
            "published_at": (now - dt.timedelta(days=opening.published_days_ago)).replace(
                second=0, microsecond=0
            ),
            "closes_at": local_instant(dt.datetime.combine(closing_day, CLOSING_TIME), zone),
            "languages": [
                {"language": language, "level": level, "requirement": requirement}
                for language, level, requirement in opening.languages
            ],
            "description": opening.description,
            "questionnaire": [question.model_dump() for question in opening.questions],
        }
    )


def seed_demo(session: Session, *, now: dt.datetime) -> int:
    """Add the demo openings not in the database yet; how many were added."""
    existing = set(
        session.scalars(
            select(Vacancy.reference).where(
                Vacancy.reference.in_([opening.reference for opening in OPENINGS])
            )
        )
    )
    added = [opening for opening in OPENINGS if opening.reference not in existing]
    for opening in added:
        create_vacancy(session, data=opening_data(opening, now=now))
    return len(added)


def seed_demo_if_empty(session: Session, *, now: dt.datetime) -> int:
    """Seed only a database with no vacancy at all (first start): an organisation's own are left alone."""
    if session.scalar(select(func.count()).select_from(Vacancy)):
        return 0
    return seed_demo(session, now=now)

"""The general questionnaire: the same questions for every vacancy, in English and French.

Question ids are stable (stored answers refer to them): change a text freely, never an id.
"""

from __future__ import annotations

from pydantic import TypeAdapter

from prefill.workflow.vacancies.questionnaire import Question, Questionnaire

GENERAL_QUESTIONNAIRE: list[Question] = TypeAdapter(Questionnaire).validate_python(
    [
        {
            "id": "worked_for_us",
            "type": "yes_no",
            "text": {
                "en": "Have you ever worked for the organisation (staff, intern or contractor)?",
                "fr": "Avez-vous déjà travaillé pour l'organisation (fonctionnaire, stagiaire ou "
                "consultant) ?",
            },
            "options": [{"id": "yes", "explanation_required": True}, {"id": "no"}],
        },
        {
            "id": "relatives",
            "type": "yes_no",
            "text": {
                "en": "Is any member of your family employed by the organisation?",
                "fr": "Un membre de votre famille est-il employé par l'organisation ?",
            },
            "options": [{"id": "yes", "outcome": "review", "explanation_required": True}, {"id": "no"}],
        },
        {
            "id": "misconduct",
            "type": "yes_no",
            "text": {
                "en": "Have you ever been dismissed, or found to have committed misconduct, by an employer?",
                "fr": "Avez-vous déjà été licencié ou reconnu coupable d'une faute par un employeur ?",
            },
            "options": [{"id": "yes", "outcome": "review", "explanation_required": True}, {"id": "no"}],
        },
        {
            "id": "heard_from",
            "type": "single_choice",
            "required": False,
            "text": {"en": "Where did you hear of this vacancy?", "fr": "Où avez-vous vu cette offre ?"},
            "options": [
                {"id": "website", "text": {"en": "Our website", "fr": "Notre site"}},
                {"id": "social_media", "text": {"en": "Social media", "fr": "Réseaux sociaux"}},
                {"id": "network", "text": {"en": "A person I know", "fr": "Une connaissance"}},
                {"id": "other", "text": {"en": "Elsewhere", "fr": "Ailleurs"}},
            ],
        },
    ]
)

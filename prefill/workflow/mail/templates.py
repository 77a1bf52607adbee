"""Mail texts in English and French; the account's language picks one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MailText:
    subject: str
    body: str


TEMPLATES: dict[str, dict[str, MailText]] = {
    "forgot_username": {
        "en": MailText(
            "Your Prefill user name",
            "Hello,\n\nYour Prefill user name is: {username}\n\n"
            "If you did not ask for it, you can ignore this mail.\n",
        ),
        "fr": MailText(
            "Votre nom d'utilisateur Prefill",
            "Bonjour,\n\nVotre nom d'utilisateur Prefill est : {username}\n\n"
            "Si vous ne l'avez pas demandé, vous pouvez ignorer ce message.\n",
        ),
    },
    "password_reset": {
        "en": MailText(
            "Reset your Prefill password",
            "Hello {username},\n\nTo choose a new password, use this code within {minutes} minutes; it "
            "works once:\n\n{token}\n\nIf you did not ask for it, ignore this mail: your password stays "
            "as it is.\n",
        ),
        "fr": MailText(
            "Réinitialiser votre mot de passe Prefill",
            "Bonjour {username},\n\nPour choisir un nouveau mot de passe, utilisez ce code dans les "
            "{minutes} minutes ; il ne sert qu'une fois :\n\n{token}\n\nSi vous ne l'avez pas demandé, "
            "ignorez ce message : votre mot de passe reste inchangé.\n",
        ),
    },
    "password_changed": {
        "en": MailText(
            "Your Prefill password was changed",
            "Hello {username},\n\nYour password was changed and every session was logged out. If it was "
            "not you, reset your password now.\n",
        ),
        "fr": MailText(
            "Votre mot de passe Prefill a été modifié",
            "Bonjour {username},\n\nVotre mot de passe a été modifié et toutes vos sessions ont été "
            "fermées. Si ce n'était pas vous, réinitialisez votre mot de passe maintenant.\n",
        ),
    },
    "email_in_use": {
        "en": MailText(
            "Someone tried to register with your address",
            "Hello,\n\nSomeone tried to create a Prefill account with this e-mail address, which already "
            "has one. If it was you, log in or reset your password. Otherwise, ignore this mail.\n",
        ),
        "fr": MailText(
            "Tentative d'inscription avec votre adresse",
            "Bonjour,\n\nQuelqu'un a tenté de créer un compte Prefill avec cette adresse électronique, qui "
            "en a déjà un. Si c'était vous, connectez-vous ou réinitialisez votre mot de passe. Sinon, "
            "ignorez ce message.\n",
        ),
    },
    "application_received": {
        "en": MailText(
            "Application received: {reference}",
            "Hello {username},\n\nWe received your application for vacancy {reference} ({title}) on "
            "{submitted_at} (UTC). You can follow it, change it before the deadline or withdraw it under "
            "\"My applications\".\n",
        ),
        "fr": MailText(
            "Candidature reçue : {reference}",
            "Bonjour {username},\n\nNous avons reçu votre candidature à l'offre {reference} ({title}) le "
            "{submitted_at} (UTC). Vous pouvez la suivre, la modifier avant la date limite ou la retirer "
            "dans « Mes candidatures ».\n",
        ),
    },
}


def render(name: str, *, language: str, **values: object) -> MailText:
    """The mail `name` in `language` (English when there is no such translation)."""
    versions = TEMPLATES[name]
    text = versions.get(language, versions["en"])
    return MailText(text.subject.format(**values), text.body.format(**values))

"""The privacy agreement's versions and texts (English, French). A new version is a new entry, added
last; accounts that accepted an older one are asked to accept it again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PrivacyAgreement:
    version: str
    published_at: dt.datetime
    texts: dict[str, str]
    """Language (en, fr) -> text."""


_V1_EN = """\
Prefill privacy agreement (version 2026-11)

What we keep: your user name, e-mail address and password (as a one-way hash); the date you accepted
this agreement; the profile and applications you write; the drafts made from the CVs you upload. The
CV file itself is deleted as soon as it has been read.

Why: to let you apply for vacancies and to pre-fill your profile from your CV. Recruiters see your
data only through the applications you submit.

How long: until you deactivate your account. Deactivating deletes your account, profile, drafts and
applications in progress at once. You can download all your data as JSON at any time.

Log-in protection: failed log-ins are counted per account and per (hashed) network address for
fifteen minutes to stop password guessing.

If you do not accept, no account is created and nothing you typed is kept."""

_V1_FR = """\
Accord de confidentialité de Prefill (version 2026-11)

Ce que nous conservons : votre nom d'utilisateur, votre adresse électronique et votre mot de passe
(sous forme d'empreinte irréversible) ; la date à laquelle vous avez accepté cet accord ; le profil et
les candidatures que vous rédigez ; les brouillons tirés des CV que vous téléversez. Le fichier du CV
lui-même est supprimé dès qu'il a été lu.

Pourquoi : pour vous permettre de postuler aux offres et de préremplir votre profil à partir de votre
CV. Les recruteurs ne voient vos données qu'au travers des candidatures que vous soumettez.

Combien de temps : jusqu'à la désactivation de votre compte. La désactivation supprime immédiatement
votre compte, votre profil, vos brouillons et vos candidatures en cours. Vous pouvez à tout moment
télécharger toutes vos données au format JSON.

Protection de la connexion : les échecs de connexion sont comptés par compte et par adresse réseau
(sous forme d'empreinte) pendant quinze minutes afin d'empêcher de deviner les mots de passe.

Si vous n'acceptez pas, aucun compte n'est créé et rien de ce que vous avez saisi n'est conservé."""

AGREEMENTS: dict[str, PrivacyAgreement] = {
    "2026-11": PrivacyAgreement(
        version="2026-11",
        published_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        texts={"en": _V1_EN, "fr": _V1_FR},
    ),
}
"""Every version ever published, oldest first; the last one is in force."""


def current_agreement() -> PrivacyAgreement:
    return next(reversed(AGREEMENTS.values()))

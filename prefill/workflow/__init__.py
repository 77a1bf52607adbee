"""The application domain: accounts, consent, vacancies, profile, applications, mail.

One folder per domain (models, service, routes); the access check lives in the query itself.
"""

"""Vacancies: staff posts, internship rosters and individual-contractor offers, with their questionnaires."""

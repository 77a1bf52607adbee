"""LinkedIn imports: the "Get a copy of your data" archive (`zip_export`) and the "Save to PDF" profile.

Format facts: `shared/notes/linkedin-exports.md`. Both give the same `DraftProfile` as a Word or PDF CV.
"""

"""Applications: a candidate's answer to one vacancy, carried through ordered steps to a frozen snapshot."""

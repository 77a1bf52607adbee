"""Readers turn the bytes of one file kind into the common `Document` (see prefill.parser.document)."""

"""The privacy agreement: versioned text, accepted at registration and again when it changes."""

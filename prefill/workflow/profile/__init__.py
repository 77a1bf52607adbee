"""The candidate's own profile, and its prefill from a CV import (see `service` for the storage design)."""

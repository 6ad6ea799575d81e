//! Participatory-budgeting rules.

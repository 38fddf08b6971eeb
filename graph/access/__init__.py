"""Access to partnergraph: users, their roles and tokens, the audit log,
and the controls on views of personal data."""

"""Who may use partnergraph: users, their roles and their access tokens."""

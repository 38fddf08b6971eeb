"""Domain model, stores and import of a partnership's referral graph."""

"""Pictures of a partnership's referral network, built from analysis results."""

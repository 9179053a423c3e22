"""Who may do what, and what gets in: the staff login policy and lockout, two-factor login, the
staff groups and their permissions, the admin site that enforces them, the Content-Security-Policy
and the checks applied to every uploaded image."""

# Calls and applications arrive with the applicant issue.

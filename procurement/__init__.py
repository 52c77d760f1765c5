"""Phase guidance, trajectories and their phases, answers, R-decisions, review and the dossier."""

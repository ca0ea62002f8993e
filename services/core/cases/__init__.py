"""The case core shared by every regulatory service: cases, sites, parties, submissions,
documents, validation requests, consultations, comments, conditions, decisions, extensions of
time, appeals, obligations and tasks (``models``, ``records``, ``outcomes``); the workflow engine
(``workflow``); statutory dates (``clocks``); and data access (``store`` and friends)."""

"""The follow-up's pages, one module per subject: the coordinator's rounds and review,
the reports actors fill in, the one-time links, the evidence files. Each gets its
objects from followup/access.py."""

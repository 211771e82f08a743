"""The pledges app's pages, one module per subject: public, workspace, editor,
measures, signing, programmes. Each gets its objects from pledges/access.py."""

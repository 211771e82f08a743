"""The actors app's pages, one module per subject: the public actor and county pages,
the actor register, locked-out accounts, the county's governor, and /konto/."""

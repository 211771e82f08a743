# Rounds, reports and measure reports arrive with the follow-up issue; see DESIGN.md.

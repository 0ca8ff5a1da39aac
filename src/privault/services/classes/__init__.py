"""Customer classes A/B/C/D and churned (issue 16, seed 003 制定客户分类标准): the rule, each
quarter's computation, the quarterly list and counts, important guests, the staff briefing."""

"""The sub-processes of a sales project, each a part of the Opportunity
aggregate: verification and project type, the team and its charter, the risk
register, guiding the customer, and the bids the project waits on."""

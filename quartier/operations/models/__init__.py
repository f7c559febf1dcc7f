"""The operations app's models, one module per area (re-exported here for Django):

- `scheduling`: a daily job's run per due date (JobRun), with its attempts.
"""

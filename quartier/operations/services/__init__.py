"""The operations app's services:

- `scheduler`: the leader's loop and the job runs' claims and retries;
- `backup`: the archive (database, uploaded files, manifest) and its restore.
"""

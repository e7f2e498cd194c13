"""Real services (a one-node Slurm, PostgreSQL) that the slow tests start on this machine."""

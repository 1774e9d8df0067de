"""The scheduler: fires recurring jobs (cron in a time zone) from the schedules file and the
API, once per tick however many schedulers run."""

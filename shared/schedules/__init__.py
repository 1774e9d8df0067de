"""Recurring jobs: what a schedule is, when it ticks, and where schedules and their leases live.

Shared because two services read them: the gateway (POST/GET/DELETE /schedules) and the
scheduler (services/scheduler), which fires them.
"""

"""The gateway: the jobs HTTP API (auth, rate limits, SSE) and the ingress-queue consumer."""

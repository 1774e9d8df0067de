"""What the notify channels are built from: the SSRF guard, HMAC signing, the TikTok client
and its chunk plans."""

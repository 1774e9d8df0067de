"""What must never be published, as rules every entry point can apply: the gateway and CLI judge
a topic with them, visual screens a hosted image prompt, and the filter stage runs them next to
the offline judge (offline/) and the hosted judges. ``Policy``, ``Finding``, the taxonomy and
the combining rule (verdict.py) live here too."""

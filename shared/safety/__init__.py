"""What must never be published, as rules every entry point can apply: the gateway and CLI judge
a topic with them, visual screens a hosted image prompt, and the filter stage runs them next to
its semantic and hosted policies. The ``Policy`` protocol and ``Finding`` live here too."""

"""`python -m services.notify`: the notify stage as its own process on RabbitMQ + Redis."""

from services.notify.bootstrap import build
from shared.service import main

if __name__ == "__main__":
    main(build)

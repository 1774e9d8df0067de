"""`python -m services.filter`: the filter stage as its own process on RabbitMQ + Redis."""

from services.filter.bootstrap import build
from shared.service import main

if __name__ == "__main__":
    main(build)

#!/usr/bin/env bash
# Make sure RabbitMQ and Redis answer on loopback; install (Debian) and start them if not.
set -euo pipefail

answers() { timeout 2 bash -c "echo > /dev/tcp/127.0.0.1/$1" 2>/dev/null; }

if ! answers 6379; then
  command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server; }
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi

if ! answers 5672; then
  command -v rabbitmq-server >/dev/null || { apt-get update -qq && apt-get install -y -qq rabbitmq-server; }
  rabbitmq-server -detached
fi

for i in $(seq 1 90); do
  if answers 5672 && answers 6379; then
    echo "RabbitMQ and Redis answer"; exit 0
  fi
  sleep 1
done
echo "RabbitMQ or Redis did not come up within 90 s" >&2
exit 1

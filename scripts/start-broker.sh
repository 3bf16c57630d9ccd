#!/usr/bin/env bash
# Installs (Debian/Ubuntu, as root) and starts a local RabbitMQ broker for cluster mode and its tests,
# plus iproute2 for the network-namespace test. Idempotent: a broker that is already up is left alone.
set -euo pipefail

need=()
command -v rabbitmq-server >/dev/null 2>&1 || need+=(rabbitmq-server)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
if ((${#need[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! rabbitmqctl -q status >/dev/null 2>&1; then
  # Containers have no init system to start the service; run the broker detached instead.
  rabbitmq-server -detached >/dev/null 2>&1 || true
fi

# await_startup waits for a starting node but fails at once while the Erlang VM is not up yet.
for _ in $(seq 1 60); do
  if rabbitmqctl -q await_startup >/dev/null 2>&1; then
    echo "rabbitmq: broker up on localhost:5672"
    exit 0
  fi
  sleep 1
done
echo "rabbitmq: the broker did not start within a minute" >&2
exit 1

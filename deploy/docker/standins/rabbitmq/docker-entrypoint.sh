#!/bin/sh
# The official image's behaviours the project relies on (docker-compose.yml, Testcontainers.RabbitMq):
# guest may log in from other hosts, RABBITMQ_DEFAULT_USER/_PASS/_VHOST create the default user,
# the log goes to the console (Testcontainers waits for "Server startup complete"), and the server
# runs as the rabbitmq user in the foreground, so `docker stop` stops it cleanly.
set -eu
if [ "${1:-}" = rabbitmq-server ]; then
  conf=/etc/rabbitmq/rabbitmq.conf
  {
    echo "loopback_users.guest = false"
    echo "listeners.tcp.default = 5672"
    echo "management.tcp.port = 15672"
    echo "log.console = true"
    echo "log.console.level = info"
    echo "log.file = false"
    [ -n "${RABBITMQ_DEFAULT_USER:-}" ] && echo "default_user = $RABBITMQ_DEFAULT_USER"
    [ -n "${RABBITMQ_DEFAULT_PASS:-}" ] && echo "default_pass = $RABBITMQ_DEFAULT_PASS"
    [ -n "${RABBITMQ_DEFAULT_VHOST:-}" ] && echo "default_vhost = $RABBITMQ_DEFAULT_VHOST"
    true
  } > "$conf"
  if [ "$(id -u)" = 0 ]; then
    chown rabbitmq:rabbitmq "$conf"
    # A new named volume is root's until its first start.
    find /var/lib/rabbitmq \! -user rabbitmq -exec chown rabbitmq:rabbitmq '{}' +
    exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups /usr/lib/rabbitmq/bin/rabbitmq-server
  fi
  exec /usr/lib/rabbitmq/bin/rabbitmq-server
fi
exec "$@"

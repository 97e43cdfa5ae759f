# shellcheck shell=sh
# Connection settings for the local development services started by
# deploy/local/postgres.sh and deploy/local/kafka.sh.
#
#   source deploy/local/env.sh
#
# Values already set in the environment are kept, so pointing at another
# Kafka cluster is: export KAFKA_BOOTSTRAP_SERVERS=host:port before sourcing.
# This file is meant to be sourced: it sets no shell options.

: "${POSTGRES_HOST:=127.0.0.1}"
: "${POSTGRES_PORT:=15432}"
: "${POSTGRES_USER:=ltc}"
: "${POSTGRES_PASSWORD:=ltc}"
: "${POSTGRES_DB:=ltc}"
: "${KAFKA_BOOTSTRAP_SERVERS:=127.0.0.1:19092}"
export POSTGRES_HOST POSTGRES_PORT POSTGRES_USER POSTGRES_PASSWORD POSTGRES_DB
export KAFKA_BOOTSTRAP_SERVERS

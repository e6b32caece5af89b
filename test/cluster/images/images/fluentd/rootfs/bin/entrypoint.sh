#!/bin/sh
# As the real image's: `fluentd` gets the config from FLUENTD_CONF.
if [ "$1" = fluentd ] && ! echo "$*" | grep -q -- ' -c '; then
	shift
	set -- fluentd -c "/fluentd/etc/${FLUENTD_CONF}" -p /fluentd/plugins "$@"
fi
exec "$@"

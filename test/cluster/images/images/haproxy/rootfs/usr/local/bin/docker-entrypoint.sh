#!/bin/sh
# As the real image's: flags alone, or a .cfg, mean haproxy's.
if [ "${1#-}" != "$1" ]; then
	set -- haproxy "$@"
fi
if [ "$1" = haproxy ]; then
	shift
	set -- haproxy -W -db "$@"
fi
exec "$@"

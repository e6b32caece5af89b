#!/bin/sh
# As the real image's: flags alone mean envoy's flags; anything else is run as is.
if [ "${1#-}" != "$1" ]; then
	set -- envoy "$@"
fi
exec "$@"

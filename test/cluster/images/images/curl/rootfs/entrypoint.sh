#!/bin/sh
# As the real image's: flags alone mean curl's; anything else is run as is.
if [ "${1#-}" != "$1" ]; then
	set -- curl "$@"
fi
exec "$@"

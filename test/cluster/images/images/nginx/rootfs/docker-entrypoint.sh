#!/bin/sh
# As the real image's entrypoint: announce, then run the command (nginx -g 'daemon off;').
if [ "$1" = nginx ]; then
	echo "/docker-entrypoint.sh: Configuration complete; ready for start up"
fi
exec "$@"

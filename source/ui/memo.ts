// Remember a function's last result while its arguments are the same objects: a view that
// renders on every key press need not recompute what only changes with new data.

export function lastResult<Args extends unknown[], Result>(compute: (...args: Args) => Result): (...args: Args) => Result {
	let lastArgs: Args | undefined;
	let last: Result;
	return (...args: Args) => {
		if (lastArgs && args.length === lastArgs.length && args.every((arg, index) => Object.is(arg, lastArgs![index]))) return last;
		lastArgs = args;
		last = compute(...args);
		return last;
	};
}

// Usage numbers as short, kubectl-top-like text: "12m" CPU, "42Mi" memory.

export function formatCpu(cores: number | undefined): string {
	if (cores === undefined) return '-';
	const millicores = cores * 1000;
	if (millicores < 1000) return `${Math.round(millicores)}m`;
	return `${(millicores / 1000).toFixed(millicores < 10_000 ? 2 : 1).replace(/\.?0+$/, '')}`;
}

export function formatBytes(bytes: number | undefined): string {
	if (bytes === undefined) return '-';
	if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1).replace(/\.0$/, '')}Gi`;
	if (bytes >= 2 ** 20) return `${Math.round(bytes / 2 ** 20)}Mi`;
	return `${Math.round(bytes / 2 ** 10)}Ki`;
}

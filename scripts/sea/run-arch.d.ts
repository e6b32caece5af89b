// Types of run-arch.js for the tests.
export function runArch(arch: string, binary: string, args?: string[]): {command: string; args: string[]; env: Record<string, string>} | undefined;

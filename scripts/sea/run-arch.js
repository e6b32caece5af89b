// How to run a Linux binary of an architecture on this machine: itself on its own
// architecture, otherwise under qemu-user (Debian's qemu-user, or qemu-user-static) with the
// architecture's C library from Debian's cross packages (libc6-arm64-cross,
// libstdc++6-arm64-cross: Node's official binaries are linked dynamically against glibc).
import {existsSync} from 'node:fs';
import path from 'node:path';

const qemu = {arm64: {binary: 'qemu-aarch64', sysroot: '/usr/aarch64-linux-gnu'}, x64: {binary: 'qemu-x86_64', sysroot: '/usr/x86_64-linux-gnu'}};

const onPath = name => (process.env.PATH ?? '').split(path.delimiter).some(folder => folder && existsSync(path.join(folder, name)));

/**
 * `{command, args, env}` that run `binary` (built for `arch`) here with `args`, or undefined when
 * this machine cannot: another architecture and no qemu-user or no C library for it.
 */
export function runArch(arch, binary, args = []) {
	if (process.platform === 'linux' && arch === process.arch) return {command: binary, args, env: {}};
	const emulator = qemu[arch];
	if (process.platform !== 'linux' || !emulator || !existsSync(path.join(emulator.sysroot, 'lib'))) return undefined;
	for (const command of [emulator.binary, `${emulator.binary}-static`]) {
		if (onPath(command)) return {command, args: [binary, ...args], env: {QEMU_LD_PREFIX: emulator.sysroot}};
	}
	return undefined;
}

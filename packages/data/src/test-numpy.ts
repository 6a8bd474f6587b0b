import { execFileSync } from 'node:child_process';

/**
 * The Python interpreters here that have numpy, each once (`python3` on the PATH, e.g. pyenv's with
 * numpy 2.x, and Debian's `/usr/bin/python3` with python3-numpy, which `.ci/run` installs).
 */
export function pythonsWithNumpy(): { python: string; numpy: string }[] {
  const found = new Map<string, { python: string; numpy: string }>();
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      const [executable, numpy] = execFileSync(
        python,
        ['-c', 'import sys, numpy; print(sys.executable); print(numpy.__version__)'],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      )
        .trim()
        .split('\n') as [string, string];
      if (!found.has(executable)) found.set(executable, { python, numpy });
    } catch {}
  }
  return [...found.values()];
}

/** Runs `code` in `python` with `args` as sys.argv[1:]; returns what it printed. */
export function runPython(python: string, code: string, args: readonly string[] = []): string {
  return execFileSync(python, ['-c', code, ...args], { encoding: 'utf8' });
}

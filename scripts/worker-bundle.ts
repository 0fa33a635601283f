/**
 * For tests that start node:worker_threads Workers on the project's
 * TypeScript: `glue` (resolved from `resolveDir`) is bundled with esbuild
 * into one temporary .mjs file, so that each Worker's start-up is plain JS
 * loading (no TypeScript loader per thread), quick and the same under any
 * Vitest pool. `prelude` is code that must run before any module the glue
 * imports (ES imports are evaluated first): it is bundled as a module of its
 * own, imported ahead of the glue's.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

export interface WorkerBundle {
  /** The bundled .mjs: `new Worker(file)`. */
  readonly file: string;
  /** Removes the temporary folder. */
  dispose(): Promise<void>;
}

export async function bundleWorker(options: {
  readonly glue: string;
  readonly resolveDir: string;
  /** Names the temporary folder (`mpviz-<name>-…`) and the file. */
  readonly name: string;
  readonly prelude?: string;
}): Promise<WorkerBundle> {
  const dir = await mkdtemp(join(tmpdir(), `mpviz-${options.name}-`));
  const file = join(dir, `${options.name}-worker.mjs`);
  let contents = options.glue;
  if (options.prelude !== undefined) {
    const prelude = join(dir, 'prelude.mjs');
    await writeFile(prelude, options.prelude);
    contents = `import ${JSON.stringify(prelude)};\n${contents}`;
  }
  await build({
    stdin: { contents, resolveDir: options.resolveDir, loader: 'ts', sourcefile: 'glue.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: file,
    logLevel: 'silent',
  });
  return { file, dispose: () => rm(dir, { recursive: true, force: true }) };
}

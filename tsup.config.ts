import * as fs from 'node:fs';
import { defineConfig, type Options } from 'tsup';

const common: Options = {
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  splitting: true,
  // better-sqlite3 is a native addon: load it from node_modules at run time.
  external: ['better-sqlite3'],
};

export default defineConfig((): Options[] => {
  // The two builds below write into dist/ at the same time: clear it once here
  // rather than letting each one clean (and race the other).
  fs.rmSync('dist', { recursive: true, force: true });
  return [
    {
      ...common,
      // The library, also as CommonJS (`.cjs`, `.d.cts`) for hosts that
      // cannot import ESM, such as an Electron main process.
      entry: { index: 'src/node-api/index.ts', testing: 'src/testing/index.ts' },
      format: ['esm', 'cjs'],
      dts: true,
      // `import.meta.url` is empty in CommonJS output: derive it from __filename there.
      shims: true,
    },
    {
      ...common,
      // The command stays ESM only (top-level await).
      entry: { cli: 'src/cli/index.ts' },
      format: ['esm'],
    },
  ];
});

import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/node-api/index.ts',
    cli: 'src/cli/index.ts',
    testing: 'src/testing/index.ts',
  },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: true,
  clean: true,
  sourcemap: true,
  splitting: true,
  // better-sqlite3 is a native addon: load it from node_modules at run time.
  external: ['better-sqlite3'],
});

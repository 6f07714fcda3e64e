/**
 * ao-migrate/testing: realistic legacy stores and v12 databases for tests,
 * in temp dirs. Needs better-sqlite3 (a dependency of ao-migrate).
 *
 * @packageDocumentation
 */
export * from './legacy-store-builder.js';
export * from './v12-fixture.js';
export { hashTree } from './hash-tree.js';

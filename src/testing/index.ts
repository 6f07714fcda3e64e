/**
 * ao-migrate/testing: realistic legacy stores and rewrite databases (in the
 * shapes of the releases users have) for tests, in temp dirs. Needs
 * better-sqlite3 (a dependency of ao-migrate).
 *
 * @packageDocumentation
 */
export * from './legacy-store-builder.js';
export * from './rewrite-database.js';
export { hashTree } from './hash-tree.js';
export * from './agent-stores.js';

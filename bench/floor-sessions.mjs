import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The least any migration must do to read the store: list the sessions
 * dirs of both layouts, read every file and parse it (JSON, or key=value
 * for the old layout). No validation, no notes: the floor the bench
 * compares ao-migrate with.
 */
export function readAndParseSessions(legacyRoot) {
  const records = [];
  for (const name of fs.readdirSync(legacyRoot)) {
    if (name === 'projects') {
      for (const project of fs.readdirSync(path.join(legacyRoot, name))) {
        readDir(path.join(legacyRoot, name, project, 'sessions'), 'json', project, records);
      }
    } else if (/^[0-9a-f]{12}/.test(name)) {
      readDir(path.join(legacyRoot, name, 'sessions'), 'key-value', undefined, records);
    }
  }
  return records;
}

function readDir(dir, format, project, records) {
  let names;
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (format === 'json' ? !name.endsWith('.json') : name.includes('.') || name === 'archive') continue;
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    if (text === '') continue;
    let record;
    try {
      record = format === 'json' ? JSON.parse(text) : parseKeyValue(text);
    } catch {
      continue;
    }
    records.push({ id: format === 'json' ? name.slice(0, -5) : name, project: record.project ?? project, record });
  }
}

function parseKeyValue(text) {
  const record = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) record[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return record;
}

import * as path from 'node:path';
import { type FileSystem, readRegularFile } from '../effects/fs.js';
import type { Note } from '../note.js';
import { type BehaviourResult, degradedBehaviour, parseBehaviour } from './parse-behaviour.js';
import { parseYaml } from './parse-yaml.js';

const BEHAVIOUR_FILE_NAMES = ['agent-orchestrator.yaml', 'agent-orchestrator.yml'];

/**
 * Reads `<projectDir>/agent-orchestrator.yaml` (else `.yml`), the hybrid
 * registry's behaviour file. Missing = defaults, with no note: most
 * projects never had one. When both are there, `.yaml` is used and a note
 * names the ignored `.yml`, whose settings a user may expect to see.
 */
export function readBehaviourFile(fs: FileSystem, projectDir: string, projectId: string, notes: Note[]): BehaviourResult {
  for (const [index, name] of BEHAVIOUR_FILE_NAMES.entries()) {
    const file = path.join(projectDir, name);
    const read = readIfPresent(fs, file);
    if (read.kind === 'absent') continue;
    for (const other of BEHAVIOUR_FILE_NAMES.slice(index + 1).map((n) => path.join(projectDir, n))) {
      if (fs.existsSync(other)) {
        const message = `Both ${file} and ${other} exist: ${name} is used, ${path.basename(other)} ignored (none of its settings are migrated).`;
        notes.push({ scope: 'project', id: projectId, message });
      }
    }
    if (read.kind === 'unreadable') return degradedBehaviour(`${file} could not be read: ${read.reason}`, projectId, notes);
    const parsed = parseYaml(read.text);
    if (!parsed.ok) return degradedBehaviour(`${file} is not valid YAML: ${parsed.error}`, projectId, notes);
    return parseBehaviour(parsed.value, file, projectId, notes);
  }
  return { behaviour: { droppedKeys: [] } };
}

function readIfPresent(
  fs: FileSystem,
  file: string,
): { kind: 'absent' } | { kind: 'read'; text: string } | { kind: 'unreadable'; reason: string } {
  try {
    return { kind: 'read', text: readRegularFile(fs, file).toString('utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' };
    return { kind: 'unreadable', reason: (error as Error).message };
  }
}

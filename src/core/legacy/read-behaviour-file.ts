import * as path from 'node:path';
import type { FileSystem } from '../effects/fs.js';
import type { Note } from '../note.js';
import { type BehaviourResult, degradedBehaviour, parseBehaviour } from './parse-behaviour.js';
import { parseYaml } from './parse-yaml.js';

const BEHAVIOUR_FILE_NAMES = ['agent-orchestrator.yaml', 'agent-orchestrator.yml'];

/**
 * Reads `<projectDir>/agent-orchestrator.yaml` (else `.yml`), the hybrid
 * registry's behaviour file. Missing = defaults, with no note: most
 * projects never had one.
 */
export function readBehaviourFile(fs: FileSystem, projectDir: string, projectId: string, notes: Note[]): BehaviourResult {
  for (const name of BEHAVIOUR_FILE_NAMES) {
    const file = path.join(projectDir, name);
    let text: string;
    try {
      text = fs.readFileSync(file).toString('utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      return degradedBehaviour(`${file} could not be read: ${(error as Error).message}`, projectId, notes);
    }
    const parsed = parseYaml(text);
    if (!parsed.ok) return degradedBehaviour(`${file} is not valid YAML: ${parsed.error}`, projectId, notes);
    return parseBehaviour(parsed.value, file, projectId, notes);
  }
  return { behaviour: { droppedKeys: [] } };
}

import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The benchmark's world: a large legacy store, source Claude transcripts and
 * a fresh v12 database, all under `root`. The ao-migrate testing module and
 * `claudeProjectSlug` are passed in, so the vitest check can use the sources
 * and the bench its snapshot of the build.
 *
 * Every project has the same 200 session slots (see `slotOf`), so what the
 * migration must do is known per slot and summed in `expected`.
 */

export const SESSIONS_PER_PROJECT = 200;
export const TRANSCRIPTS_PER_PROJECT = 20;
export const TRANSCRIPT_BYTES = 250 * 1024;
const FULL_PROJECTS = 100;
const FULL_BIG_TRANSCRIPT_BYTES = 1024 ** 3;
/** The big transcript is written in chunks of one repeated buffer: real blocks, not a sparse file. */
const BIG_CHUNK_BYTES = 8 * 1024 * 1024;

/** What slot `i` (1…200) of every project holds. */
function slotOf(i) {
  if (i === SESSIONS_PER_PROJECT) return { file: 'empty' };
  if (i === SESSIONS_PER_PROJECT - 1) return { file: 'invalid-json' };
  const agent = i === 1 ? 'claude-code' : i % 5 === 2 ? 'codex' : i % 13 === 6 ? 'opencode' : 'claude-code';
  return {
    file: i % 10 === 0 ? 'old-layout' : 'current-layout',
    // The slot 1 is the orchestrator; in the old layout only live sessions survive (killed ones sit in archive/).
    role: i === 1 ? 'orchestrator' : 'worker',
    agent,
    terminal: i !== 1 && i % 10 !== 0 && i % 9 === 4,
    // How the current layout encodes the lifecycle: the quirks legacy-store §3 lists.
    encoding: i % 10 === 0 ? 'state-payload' : ['lifecycle-json-text', 'state-payload', 'numbers-as-strings', 'lifecycle-object'][i % 4],
    corruptCopyBeside: i === SESSIONS_PER_PROJECT - 2,
  };
}

/**
 * Writes the world under `root` (which must exist and be empty):
 * `home/` (the legacy store and repos), `claude-full/` (transcripts plus the
 * big one), `claude-without-big/` (the same files as hard links, the big one
 * replaced by a normal-sized transcript), `claude-none/` (empty) and
 * `template/ao.db` (v12). Returns the manifest: paths, counts, expectations.
 */
export function generateWorld(root, { scale = 1, testing, claudeProjectSlug }) {
  const projectCount = Math.max(1, Math.round(FULL_PROJECTS * scale));
  const bigBytes = Math.max(BIG_CHUNK_BYTES, Math.round((FULL_BIG_TRANSCRIPT_BYTES * scale) / BIG_CHUNK_BYTES) * BIG_CHUNK_BYTES);
  const home = path.join(root, 'home');
  fs.mkdirSync(home);
  const store = testing.createLegacyStore({ dir: home });
  const claude = {
    full: path.join(root, 'claude-full'),
    withoutBig: path.join(root, 'claude-without-big'),
    none: path.join(root, 'claude-none'),
  };
  for (const dir of Object.values(claude)) fs.mkdirSync(path.join(dir, 'projects'), { recursive: true });
  const transcriptBody = jsonlBody(TRANSCRIPT_BYTES);

  const files = { currentLayout: 0, oldLayout: 0, empty: 0, invalidJson: 0, corruptCopies: 0, archived: 0 };
  const encodings = { 'lifecycle-object': 0, 'lifecycle-json-text': 0, 'state-payload': 0, 'numbers-as-strings': 0 };
  const expected = { projectsCreated: projectCount, sessionsRead: 0, sessionsCreated: 0, sessionsSkipped: 0, transcriptsCreated: 0, transcriptsSkipped: 0 };
  const transcripts = { count: 0, bytes: 0, bigBytes, bigSessionId: '', companionDirs: 0 };
  const registry = {};
  let uuidCounter = 0;
  const nextUuid = () => {
    uuidCounter += 1;
    const hex = uuidCounter.toString(16).padStart(12, '0');
    return `${hex.slice(4)}-0000-4000-8000-${hex}`;
  };

  for (let p = 0; p < projectCount; p += 1) {
    const prefix = `p${p}`;
    const projectId = `proj-${p}_${p.toString(16).padStart(10, '0')}`;
    const oldDir = `${p.toString(16).padStart(12, '0')}-proj-${p}`;
    const repo = store.repoPath(`proj-${p}`);
    registry[projectId] = {
      path: `~/code/proj-${p}`,
      displayName: `Project ${p}`,
      sessionPrefix: prefix,
      repo: { owner: 'bench', name: `proj-${p}`, platform: 'github', originUrl: `git@github.com:bench/proj-${p}.git` },
      registeredAt: 1780000000 + p,
      storageKey: oldDir,
      behaviour: { agent: 'claude-code', agentConfig: { permissions: 'permissionless', model: 'opus' } },
    };
    let projectTranscripts = 0;

    for (let i = 1; i <= SESSIONS_PER_PROJECT; i += 1) {
      const slot = slotOf(i);
      const id = slot.role === 'orchestrator' ? `${prefix}-orchestrator` : `${prefix}-${i}`;
      if (slot.file === 'empty') {
        store.writeSession(projectId, id, '');
        files.empty += 1;
        continue;
      }
      if (slot.file === 'invalid-json') {
        store.writeSession(projectId, id, '{"agent": "claude-code", "bran');
        files.invalidJson += 1;
        continue;
      }
      const worktree = path.join(home, '.agent-orchestrator', 'projects', projectId, 'worktrees', id);
      const uuid = slot.agent === 'claude-code' ? nextUuid() : undefined;
      const state = slot.terminal ? (i % 2 === 0 ? 'done' : 'terminated') : ['working', 'idle', 'needs_input', 'stuck'][i % 4];
      const lifecycle = testing.lifecycleV2({ state, kind: slot.role, lastTransitionAt: `2026-06-11T10:${String(i % 60).padStart(2, '0')}:00.000Z` });
      const agentIds = {
        claudeSessionUuid: uuid,
        codexThreadId: slot.agent === 'codex' ? `thread-${p}-${i}` : undefined,
        opencodeSessionId: slot.agent === 'opencode' ? `ses_${p}x${i}` : undefined,
      };

      if (slot.file === 'old-layout') {
        store.writeOldLayoutSession(oldDir, id, testing.oldLayoutSessionFields({
          project: projectId,
          agent: slot.agent,
          branch: `feat/${id}`,
          worktree,
          claudeSessionUuid: uuid ?? '',
          ...(agentIds.codexThreadId ? { codexThreadId: agentIds.codexThreadId } : {}),
          ...(agentIds.opencodeSessionId ? { opencodeSessionId: agentIds.opencodeSessionId } : {}),
          statePayload: JSON.stringify(lifecycle),
        }));
        files.oldLayout += 1;
        encodings['state-payload'] += 1;
      } else {
        store.writeSession(projectId, id, currentRecord(testing, { id, projectId, slot, worktree, agentIds, lifecycle, i }));
        files.currentLayout += 1;
        encodings[slot.encoding] += 1;
        if (slot.corruptCopyBeside) {
          store.writeFile(`projects/${projectId}/sessions/${id}.json.corrupt-1781082902123`, '{"agent": "claude-');
          files.corruptCopies += 1;
        }
      }
      expected.sessionsRead += 1;
      if (slot.terminal) {
        expected.sessionsSkipped += 1;
        continue;
      }
      expected.sessionsCreated += 1;
      if (uuid === undefined) continue;

      // The first live claude-code sessions of a project have a transcript; the others' were pruned by Claude Code.
      if (projectTranscripts === TRANSCRIPTS_PER_PROJECT) {
        expected.transcriptsSkipped += 1;
        continue;
      }
      projectTranscripts += 1;
      expected.transcriptsCreated += 1;
      const bucket = path.join('projects', claudeProjectSlug(worktree));
      const relative = path.join(bucket, `${uuid}.jsonl`);
      fs.mkdirSync(path.join(claude.full, bucket), { recursive: true });
      fs.mkdirSync(path.join(claude.withoutBig, bucket), { recursive: true });
      const body = Buffer.concat([Buffer.from(`{"type":"summary","sessionId":"${uuid}"}\n`), transcriptBody]);
      transcripts.count += 1;
      if (p === 0 && slot.role === 'orchestrator') {
        writeBig(path.join(claude.full, relative), bigBytes, transcriptBody);
        fs.writeFileSync(path.join(claude.withoutBig, relative), body);
        transcripts.bigSessionId = id;
        transcripts.bytes += bigBytes;
        continue;
      }
      fs.writeFileSync(path.join(claude.full, relative), body);
      fs.linkSync(path.join(claude.full, relative), path.join(claude.withoutBig, relative));
      transcripts.bytes += body.length;
      if (projectTranscripts % 5 === 0) {
        // A sub-agent transcript in the companion directory, copied with the main file.
        const companion = path.join(bucket, uuid, 'subagents', 'agent-1.jsonl');
        fs.mkdirSync(path.dirname(path.join(claude.full, companion)), { recursive: true });
        fs.mkdirSync(path.dirname(path.join(claude.withoutBig, companion)), { recursive: true });
        fs.writeFileSync(path.join(claude.full, companion), transcriptBody.subarray(0, 16 * 1024));
        fs.linkSync(path.join(claude.full, companion), path.join(claude.withoutBig, companion));
        transcripts.companionDirs += 1;
        transcripts.bytes += 16 * 1024;
      }
    }
    // A killed session of the old layout: never imported.
    store.writeOldLayoutSession(oldDir, `${prefix}-999`, testing.oldLayoutSessionFields({ project: projectId }), { archived: true });
    files.archived += 1;
  }

  const registryPath = store.writeRegistry({ projects: registry, defaults: { agent: 'claude-code' }, extra: { port: 3000 } });
  const templateDb = testing.createRewriteDatabase(path.join(root, 'template'), 'v12');
  return {
    scale,
    root,
    home,
    legacyRoot: store.root,
    registryPath,
    claudeDirs: claude,
    templateDb,
    projects: projectCount,
    files,
    encodings,
    expected,
    transcripts,
  };
}

function currentRecord(testing, { projectId, slot, worktree, agentIds, lifecycle, i }) {
  const record = testing.sessionRecord({
    project: projectId,
    agent: slot.agent,
    branch: `feat/${i}`,
    worktree,
    issue: String(100 + i),
    createdAt: `2026-06-10T09:${String(i % 60).padStart(2, '0')}:02.123Z`,
    ...agentIds,
    ...(slot.role === 'orchestrator' ? { role: 'orchestrator' } : {}),
    lifecycle: undefined,
  });
  switch (slot.encoding) {
    case 'lifecycle-object':
      return { ...record, lifecycle };
    case 'lifecycle-json-text':
      // Two levels of JSON text: the lifecycle and its session part.
      return { ...record, lifecycle: JSON.stringify({ ...lifecycle, session: JSON.stringify(lifecycle.session) }) };
    case 'state-payload':
      return { ...record, stateVersion: i % 8 === 1 ? 2 : '2', statePayload: JSON.stringify(lifecycle) };
    case 'numbers-as-strings': {
      const pr = { ...lifecycle.pr, number: '118' };
      const runtime = { ...lifecycle.runtime, handle: { ...lifecycle.runtime.handle, data: { createdAt: '1781082902123' } } };
      return { ...record, lifecycle: { ...lifecycle, pr, runtime }, pinned: 'true', restoreAttempts: '3' };
    }
  }
  throw new Error(`unknown encoding ${slot.encoding}`);
}

/** About `bytes` of plausible JSONL (whole lines). */
function jsonlBody(bytes) {
  const line = `${JSON.stringify({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text: 'x'.repeat(400) }] } })}\n`;
  return Buffer.from(line.repeat(Math.max(1, Math.round(bytes / line.length))));
}

function writeBig(file, bytes, body) {
  const chunk = Buffer.alloc(BIG_CHUNK_BYTES);
  for (let offset = 0; offset < chunk.length; offset += body.length) body.copy(chunk, offset);
  const fd = fs.openSync(file, 'w');
  try {
    for (let written = 0; written < bytes; written += chunk.length) fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
}

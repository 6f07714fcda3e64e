// Floor of the real run's database part: read and parse every session file,
// then insert as many project and session rows as ao-migrate creates, in ONE
// transaction, into the same v12 schema (its trigger fills change_log too).
// Usage: node bench/floor-migrate.mjs <legacyRoot> <dbPath> <projects> <sessions>
import Database from 'better-sqlite3';
import { readAndParseSessions } from './floor-sessions.mjs';

const [legacyRoot, dbPath, projectCount, sessionCount] = process.argv.slice(2);
const records = readAndParseSessions(legacyRoot);
const projectIds = [...new Set(records.map((r) => r.project))].slice(0, Number(projectCount));
const rows = records.filter((r) => projectIds.includes(r.project)).slice(0, Number(sessionCount));
const time = '2026-06-10 09:15:02.123 +0000 UTC';

const db = new Database(dbPath, { fileMustExist: true });
db.pragma('foreign_keys = ON');
const insertProject = db.prepare(
  `INSERT INTO projects (id, path, repo_origin_url, display_name, registered_at, kind, config)
   VALUES (?, ?, '', '', ?, 'single_repo', NULL)`,
);
const insertSession = db.prepare(
  `INSERT INTO sessions (id, project_id, num, issue_id, kind, harness, activity_state, activity_last_at, is_terminated,
     branch, workspace_path, runtime_handle_id, agent_session_id, prompt, created_at, updated_at, display_name, first_signal_at)
   VALUES (@id, @project, @num, @issue, 'worker', 'claude-code', 'exited', @time, 1, @branch, @worktree, '', @agentId, @prompt,
     @time, @time, '', @time)`,
);
const nums = new Map();
db.transaction(() => {
  for (const id of projectIds) insertProject.run(id, `/code/${id}`, time);
  for (const { id, project, record } of rows) {
    const num = (nums.get(project) ?? 0) + 1;
    nums.set(project, num);
    insertSession.run({
      id,
      project,
      num,
      issue: String(record.issue ?? ''),
      time,
      branch: String(record.branch ?? ''),
      worktree: String(record.worktree ?? ''),
      agentId: String(record.claudeSessionUuid ?? record.codexThreadId ?? ''),
      prompt: String(record.userPrompt ?? ''),
    });
  }
}).immediate();
db.close();
console.log(JSON.stringify({ records: records.length, projects: projectIds.length, sessions: rows.length }));

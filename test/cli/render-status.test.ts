import { describe, expect, it } from 'vitest';
import { renderStatus } from '../../src/cli/render-status.js';
import { createStyle } from '../../src/cli/style.js';
import type { SessionStatus, StatusReport } from '../../src/core/status/types.js';

/** 20,000 live sessions in text order: every 10th migrated but not resumable, every 100th not migrated. */
function largeStatus(): StatusReport {
  const projects = Array.from({ length: 4 }, (_, p) => ({ id: `p${p}`, config: '/c.yaml', migrated: true, reasons: [] }));
  const ids = projects.flatMap((project) => Array.from({ length: 5_000 }, (_, i) => `${project.id}-${i + 1}`)).sort();
  const sessions: SessionStatus[] = ids.map((id) => {
    const n = Number(id.split('-')[1]);
    const projectId = id.split('-')[0]!;
    if (n % 100 === 0) return { id, projectId, migrated: false, resumable: false, reasons: ['Not migrated: run ao-migrate'] };
    if (n % 10 === 0) return { id, projectId, migrated: true, resumable: false, reasons: ['no branch'] };
    return { id, projectId, migrated: true, resumable: true, reasons: [], resumeCommand: `ao session restore ${id}` };
  });
  return { reportVersion: 1, dbPath: '/d/ao.db', schemaVersion: 23, release: 'npm 0.10.x', projects, sessions, problems: [], notes: [] };
}

describe('the human status of a large store', () => {
  const text = renderStatus(largeStatus(), createStyle(false), false);
  const lines = text.trimEnd().split('\n');

  it('fits on a few screens, restore lines per project in natural order, the rest counted', () => {
    expect(lines.length).toBeLessThan(300);
    const restores = lines.filter((line) => line.startsWith('    ao session restore ')).map((line) => line.split(' ').at(-1));
    expect(restores.slice(0, 10)).toEqual(['p0-1', 'p0-2', 'p0-3', 'p0-4', 'p0-5', 'p0-6', 'p0-7', 'p0-8', 'p0-9', 'p0-11']);
    expect(lines).toContain('  p0 (4,500):');
    expect(lines).toContain('  … and 17,950 more: --verbose shows all, --json lists them');
    expect(text).toMatch(/^Migrated but not resumable \(1,800\):\n {2}p0-10:\n {4}- no branch\n {2}p0-20:/m);
    expect(lines).toContain('  … and 150 more: --verbose shows all, --json lists them');
  });

  it('ends with the totals', () => {
    expect(lines.at(-1)).toBe(
      'Total: 4 projects (4 migrated); 20,000 live sessions in the legacy store: 18,000 resumable, 1,800 migrated but not resumable, 200 not migrated',
    );
  });

  it('shows everything with --verbose', () => {
    const all = renderStatus(largeStatus(), createStyle(false), true);
    expect(all.match(/^ {4}ao session restore /gm)).toHaveLength(18_000);
    expect(all).not.toContain('more:');
  });
});

import { describe, expect, it } from 'vitest';
import { claudeProjectSlug } from '../../src/core/claude/project-slug.js';

// Hash suffixes below were computed outside this code base, with Java's
// String.hashCode rule (h = 31*h + c over UTF-16 units, signed 32-bit) in Python.
describe('claudeProjectSlug', () => {
  it('matches Claude Code on a real managed worktree path', () => {
    expect(claudeProjectSlug('/Users/alice/.ao/data/worktrees/my-app_3f9c2a1b7d/ma-7')).toBe(
      '-Users-alice--ao-data-worktrees-my-app-3f9c2a1b7d-ma-7',
    );
  });

  it('matches Claude Code on a 258-character path with non-ASCII and a space', () => {
    let path = '/tmp/slugt/';
    for (let n = 1; n <= 14; n++) path += `deep_dir.name-${String(n).padStart(2, '0')}/`;
    path += 'wörk tree';
    expect(path).toHaveLength(258);
    const slug = claudeProjectSlug(path);
    expect(slug).toBe(
      '-tmp-slugt-deep-dir-name-01-deep-dir-name-02-deep-dir-name-03-deep-dir-name-04-deep-dir-name-05' +
        '-deep-dir-name-06-deep-dir-name-07-deep-dir-name-08-deep-dir-name-09-deep-dir-name-10-deep-dir-name-11-de' +
        '-fvf0x7',
    );
  });

  it('replaces every character outside [a-zA-Z0-9] with a dash', () => {
    expect(claudeProjectSlug('/home/bob/my.project_v2/a b')).toBe('-home-bob-my-project-v2-a-b');
    expect(claudeProjectSlug('/home/zoë/Ωmega')).toBe('-home-zo---mega');
  });

  it('counts UTF-16 units: a character outside the BMP becomes two dashes', () => {
    expect(claudeProjectSlug('/a/😀b')).toBe('-a---b');
  });

  it('turns a Windows path into a slug the same way', () => {
    expect(claudeProjectSlug('C:\\Users\\x')).toBe('C--Users-x');
  });

  it('keeps slugs of 199 and 200 characters whole', () => {
    expect(claudeProjectSlug(`/srv/proj.${'a'.repeat(189)}`)).toBe(`-srv-proj-${'a'.repeat(189)}`);
    expect(claudeProjectSlug(`/srv/proj.${'a'.repeat(190)}`)).toBe(`-srv-proj-${'a'.repeat(190)}`);
  });

  it('cuts a 201-character slug at 200 and appends the hash of the original path', () => {
    expect(claudeProjectSlug(`/srv/proj.${'a'.repeat(191)}`)).toBe(`-srv-proj-${'a'.repeat(190)}-19zhe1`);
  });

  it('hashes the original path, not the slug: paths with the same slug get different suffixes', () => {
    expect(claudeProjectSlug(`/srv/proj_${'a'.repeat(191)}`)).toBe(`-srv-proj-${'a'.repeat(190)}-h0jh96`);
  });

  it('cuts a 300-character path', () => {
    expect(claudeProjectSlug(`/srv/proj_${'b'.repeat(290)}`)).toBe(`-srv-proj-${'b'.repeat(190)}-jr6ts5`);
  });

  it('uses a positive hash as is', () => {
    expect(claudeProjectSlug(`/srv/q${'z'.repeat(196)}/w`)).toBe(`-srv-q${'z'.repeat(194)}-5l55ma`);
  });

  it('cuts a long Windows path with non-ASCII characters', () => {
    expect(claudeProjectSlug(`C:\\Users\\${'é'.repeat(192)}`)).toBe(`C--Users-${'-'.repeat(191)}-7t9x7r`);
  });
});

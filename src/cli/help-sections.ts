interface HelpSection {
  title?: string;
  body: string;
}

const BEFORE_YOU_RUN = `  The rewrite must have created its database, and be stopped:
    ao start && ao stop        # once: creates ~/.ao/data/ao.db at schema v12
  Then look first, and migrate:
    ao-migrate --dry-run       # what would happen; writes nothing anywhere
    ao-migrate                 # migrate (backs up ao.db first)
  Resume each session in the rewrite with the printed line:
    ao session restore <id>
  Nothing of ~/.agent-orchestrator, the legacy worktrees or ~/.claude's
  existing transcripts is ever changed. Running it again changes nothing.`;

const EXIT_STATUS = `  0   done (created, already present, or skipped by policy)
  1   finished, but an item conflicted or failed, or the store has a problem
      (sessions no config owns, an unreadable config; nothing was overwritten)
  2   refused by a precondition; nothing was written
  64  bad usage`;

/** Adds what a first-time user needs to the generated help, and drops cac's misleading `(default: true)` on `--no-*`. */
export function extendHelp(sections: HelpSection[]): HelpSection[] {
  const cleaned = sections.map((section) =>
    section.title === 'Options'
      ? { ...section, body: section.body.replace(/^(\s+--no-\S+.*?) \(default: true\)$/gm, '$1') }
      : section,
  );
  const isRootHelp = cleaned.some((section) => section.title === 'Commands');
  if (!isRootHelp) return cleaned;
  return [
    ...cleaned,
    { title: 'Before you run', body: BEFORE_YOU_RUN },
    { title: 'Exit status', body: EXIT_STATUS },
  ];
}

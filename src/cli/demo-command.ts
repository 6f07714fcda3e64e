import type { CAC } from 'cac';
import type { OutputFlags } from './run-migrate.js';

export function registerDemoCommand(cli: CAC): void {
  cli
    .command('demo', 'Migrate a generated sample store into a fresh v12 database in a temp dir (touches nothing of yours)')
    .option('--json', 'Print the report as one JSON object')
    .option('--verbose', 'Show every note')
    .action(async (flags: OutputFlags) => {
      // Loaded on demand: the fixture pulls in SQLite, and the migration zod and yaml, which `--help` should not pay for.
      const [{ buildDemoWorkspace }, { runAndPrint }] = await Promise.all([import('./demo-workspace.js'), import('./run-migrate.js')]);
      const demo = buildDemoWorkspace();
      const report = await runAndPrint(
        {
          legacyRoot: demo.legacyRoot,
          globalConfigPath: demo.registryPath,
          dataDir: demo.dataDir,
          claudeDir: demo.claudeDir,
          runFile: demo.runFile,
        },
        flags,
      );
      if (report && !flags.json) {
        process.stdout.write(
          [
            '',
            `Demo files (remove with \`rm -rf ${demo.dir}\`):`,
            `  legacy store  ${demo.legacyRoot}`,
            `  database      ${report.target.dbPath}`,
            `  claude dir    ${demo.claudeDir}`,
            'Run the demo again on the same files with:',
            `  ao-migrate --legacy-root ${demo.legacyRoot} --config ${demo.registryPath} --data-dir ${demo.dataDir} --claude-dir ${demo.claudeDir} --run-file ${demo.runFile}`,
            '',
          ].join('\n'),
        );
      }
    });
}

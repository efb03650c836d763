import { validateTarget } from '../../conformance/target.js';
import type { ConformanceTarget } from '../../protocol/types/generated-formats.js';
import { UsageError } from '../usage-error.js';
import { printCaseList, selectionAndFormats } from './case-list.js';
import { targetFromArgs } from './target-args.js';

/**
 * `paysock certify --profile pinto-android-2`: the v2 suite (conformance/v2/),
 * playing d540407 kiosks. --list prints the v2 cases and their requirement
 * ids; --embedded certifies the v2 reference server with scaled timers. Same
 * reports and exit codes as v1.
 */
export async function certifyV2(args: Record<string, unknown>): Promise<number> {
  const [{ allV2Cases }, { selectCases }, { runV2Suite }, { resolveV2Target }, { formatSummary }, { writeReports, parseReportFormats }, embedded] = await Promise.all([
    import('../../conformance/v2/cases/index.js'), import('../../conformance/runner.js'), import('../../conformance/v2/runner.js'), import('../../conformance/v2/target.js'),
    import('../../conformance/summary.js'), import('../../conformance/report/index.js'), import('../../conformance/v2/embedded.js'),
  ]);
  let grep: RegExp | undefined;
  try {
    grep = typeof args.grep === 'string' ? new RegExp(args.grep) : undefined;
  } catch (error) {
    throw new UsageError(`--grep: ${(error as Error).message}`);
  }
  // selectCases reads only id and title: the v2 cases have v1's shape there.
  const selected = selectCases(allV2Cases as never, (args.case as string[]) ?? [], grep) as unknown as typeof allV2Cases;
  if (args.list) return printCaseList(selected, `${selected.length} cases (protocol v2, docs/protocol-v2.md)`);
  const formats = selectionAndFormats(selected, args.formats, parseReportFormats);
  let description: ConformanceTarget | undefined;
  if (!args.embedded) {
    description = targetFromArgs(args, 'paysock certify <url> --profile pinto-android-2, --target target.json, or --embedded');
    if ((args.feature as string[] | undefined)?.includes('testControl')) description.features = { ...description.features, testControl: true };
    const problems = validateTarget(description);
    if (problems.length > 0) throw new UsageError(`invalid target: ${problems.join('; ')}`);
  }
  const { startV2ReferenceServer } = await import('../../reference-server/v2/index.js');
  const server = args.embedded
    ? await startV2ReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, books: {}, config: { ...embedded.embeddedV2Config }, clock: embedded.scaledServerClock(embedded.embeddedV2TimeScale) })
    : undefined;
  try {
    const target = resolveV2Target(server ? embedded.embeddedV2Target(server.url, server.httpUrl, server.config.dailyLimit) : (description as ConformanceTarget));
    const command = ['paysock certify', args.embedded ? '--embedded' : typeof args.target === 'string' ? `--target ${args.target}` : target.url, '--profile pinto-android-2'].join(' ');
    const started = Date.now();
    process.stdout.write(`paysock certify: ${selected.length} v2 cases against ${target.url} (profile pinto-android-2, providers ${target.providers.join(', ')})\n`);
    const results = await runV2Suite({ target, cases: selected, concurrency: Number(args.concurrency), timeoutScale: Number(args['timeout-scale']), command });
    process.stdout.write(`${formatSummary(results, Date.now() - started)}\n`);
    for (const path of await writeReports(results, String(args['report-dir']), formats)) process.stdout.write(`report: ${path}\n`);
    if (results.verdict === 'INCOMPLETE' || results.verdict === 'COULD_NOT_RUN') return 2;
    return results.verdict === 'CONFORMANT' ? 0 : 1;
  } finally {
    await server?.close();
  }
}

/**
 * `npm run report:diff -- old/conformance.json new/conformance.json`
 * Prints regressions, fixes, new, removed and changed requirements for CI logs.
 * Exit 0 no regressions · 1 regressions · 2 a report could not be read.
 */
import { diffReports, formatDiff } from '../src/report/diff';
import { readReport } from '../src/report/write';

const [oldPath, newPath] = process.argv.slice(2).filter((a) => a !== '--');
if (!oldPath || !newPath) {
  process.stderr.write('usage: npm run report:diff -- <old conformance.json> <new conformance.json>\n');
  process.exit(2);
}
try {
  const previous = readReport(oldPath);
  const current = readReport(newPath);
  const diff = diffReports(previous, current);
  process.stdout.write(`Diff ${oldPath} (${previous.verdict ?? '?'}, ${previous.startedAt ?? '?'}) → ${newPath} (${current.verdict ?? '?'}, ${current.startedAt ?? '?'})\n`);
  process.stdout.write(`${formatDiff(diff).join('\n')}\n`);
  process.exit(diff.regressions.length ? 1 : 0);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}

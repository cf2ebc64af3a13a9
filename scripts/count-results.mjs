// Prints "N passed, N failed" from one or more Vitest JSON reports and exits non-zero when anything
// failed. A test file that fails to load (0 tests, suite failed) counts as one failure; so does a
// missing report or a non-zero Vitest exit with no failed test in its report.
// Usage: node scripts/count-results.mjs REPORT[:vitest-exit-status] ...
//   e.g. node scripts/count-results.mjs test-results/vitest-unit.json:0 test-results/vitest-browser.json:1
import { existsSync, readFileSync } from 'node:fs';

/** Counts of one report; `status` is the exit status of the Vitest run that wrote it. */
function count(file, status) {
  let passed = 0;
  let failed = 0;
  if (!existsSync(file)) {
    console.error(`No test report at ${file}: Vitest did not finish.`);
    return { passed, failed: 1 };
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const suite of report.testResults ?? []) {
    const tests = suite.assertionResults ?? [];
    passed += tests.filter((t) => t.status === 'passed').length;
    failed += tests.filter((t) => t.status === 'failed').length;
    if (suite.status === 'failed' && !tests.some((t) => t.status === 'failed')) {
      console.error(`Failed to run: ${suite.name}${suite.message ? `: ${suite.message.split('\n')[0]}` : ''}`);
      failed += 1;
    }
  }
  if (status !== 0 && failed === 0) {
    console.error(`Vitest exited with status ${status} writing ${file} (an error outside the tests, e.g. in global setup).`);
    failed = 1;
  }
  return { passed, failed };
}

const args = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const arg of args.length ? args : ['test-results/vitest.json']) {
  const m = /^(.*?)(?::(\d+))?$/.exec(arg);
  const r = count(m[1], Number(m[2] ?? 0));
  passed += r.passed;
  failed += r.failed;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

// Prints "N passed, N failed" from a Vitest JSON report and exits non-zero when anything failed.
// A test file that fails to load (0 tests, suite failed) counts as one failure; so does a
// missing report or a non-zero Vitest exit with no failed test in the report.
// Usage: node scripts/count-results.mjs test-results/vitest.json [vitest-exit-status]
import { existsSync, readFileSync } from 'node:fs';

const [file = 'test-results/vitest.json', statusArg = '0'] = process.argv.slice(2);
const vitestStatus = Number(statusArg);
let passed = 0;
let failed = 0;
if (!existsSync(file)) {
  console.error(`No test report at ${file}: Vitest did not finish.`);
  failed = 1;
} else {
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
  if (vitestStatus !== 0 && failed === 0) {
    console.error(`Vitest exited with status ${vitestStatus} (an error outside the tests, e.g. in global setup).`);
    failed = 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

// The W3C Nu HTML checker (vnu-jar from npm, run with the system's Java) over the main
// pages of `graphperm serve` and of the static site (`graphperm site`). Prints every
// error with its page and line; exits 1 when there is any. Run by .ci/vnu.sh.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { paths, startServer } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const vnuJar = path.join(here, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

/** Server URL → file name of the copy that is checked. */
export const SERVER_PAGES = {
  'home.html': '/',
  'index.html': '/permissions',
  'permission-APIConnectors.ReadWrite.All.html': '/permission/APIConnectors.ReadWrite.All',
  'permission-User.Read.html': '/permission/User.Read',
  'resource.html': '/resource/v1.0/user',
  'endpoint.html': '/endpoint?method=POST&path=/me/sendMail',
  'cmdlet.html': '/cmdlet/Get-MgIdentityApiConnector',
  'calculator.html': '/least?calls=GET%20%2Fme%0APOST%20%2Fme%2FsendMail',
  'search.html': '/search?q=send%20mail',
  'changes.html': '/changes',
  '404.html': '/nothing-here',
};

/** Files of the static site that are checked (the same kinds of page). */
export const SITE_PAGES = [
  'index.html',
  'permissions.html',
  'permission/APIConnectors.ReadWrite.All.html',
  'permission/User.Read.html',
  'resource/v1.0/user.html',
  'cmdlet/get-mgidentityapiconnector.html',
  'least.html',
  'search.html',
  '404.html',
];

function checkFiles(files) {
  const run = spawnSync('java', ['-Xss8m', '-jar', vnuJar, '--errors-only', '--format', 'json', ...files], {
    encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) { throw run.error; }
  // vnu writes its JSON report to stderr.
  const report = JSON.parse(run.stderr || '{"messages":[]}');
  return report.messages.filter((message) => message.type === 'error' || message.subType === 'fatal');
}

async function main() {
  if (!existsSync(vnuJar)) { throw new Error(`${vnuJar} is missing: run npm ci in e2e/`); }
  const temp = mkdtempSync(path.join(os.tmpdir(), 'graphperm-vnu-'));
  const failures = [];
  try {
    const serverDir = path.join(temp, 'server');
    mkdirSync(serverDir);
    const server = await startServer();
    try {
      for (const [file, url] of Object.entries(SERVER_PAGES)) {
        const response = await fetch(server.base + url);
        writeFileSync(path.join(serverDir, file), await response.text());
      }
    } finally {
      await server.stop();
    }
    const siteDir = path.join(temp, 'site');
    const built = spawnSync(paths.binary, ['site', '--data', paths.dataDir, '--out', siteDir], { encoding: 'utf8' });
    if (built.status !== 0) { throw new Error(`graphperm site failed:\n${built.stderr}`); }
    const files = [
      ...Object.keys(SERVER_PAGES).map((file) => path.join(serverDir, file)),
      ...SITE_PAGES.map((file) => path.join(siteDir, file)).filter((file) => {
        if (existsSync(file)) { return true; }
        failures.push(`${file}: missing from the static site`);
        return false;
      }),
    ];
    for (const message of checkFiles(files)) {
      const where = decodeURIComponent(String(message.url || '').replace('file:', '')).replace(temp + path.sep, '');
      failures.push(`${where}:${message.lastLine ?? '?'}: ${message.message}`);
    }
    console.log(`vnu: checked ${files.length} pages (${Object.keys(SERVER_PAGES).length} served, ${files.length - Object.keys(SERVER_PAGES).length} static)`);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  for (const failure of failures) { console.log(failure); }
  if (failures.length > 0) {
    console.log(`vnu: ${failures.length} error(s)`);
    process.exit(1);
  }
  console.log('vnu: no errors');
}

main().catch((error) => { console.error(error); process.exit(2); });

// The static site (`graphperm site`) in a browser: served by a plain static server under a
// prefix folder, the palette searches search-index.json (no /api/v1/search exists there).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from '../harness.js';

const binary = process.env.GRAPHPERM_BIN || path.join(repoRoot, 'target', 'release', 'graphperm');
const dataDir = process.env.GRAPHPERM_E2E_DATA || path.resolve(repoRoot, '..', 'shared', 'graph-data');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

let temp;
let server;
let browser;
let base;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => { const { port } = probe.address(); probe.close(() => resolve(port)); });
  });
}

before(async () => {
  temp = mkdtempSync(path.join(os.tmpdir(), 'graphperm-site-e2e-'));
  const built = spawnSync(binary, ['site', '--data', dataDir, '--out', path.join(temp, 'docs', 'graphperm')], { encoding: 'utf8' });
  assert.equal(built.status, 0, `graphperm site failed:\n${built.stderr}`);
  const port = await freePort();
  server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', temp], { stdio: 'ignore' });
  base = `http://127.0.0.1:${port}/docs/graphperm/`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try { if ((await fetch(base + 'index.html')).ok) { break; } } catch { /* not yet */ }
    if (Date.now() > deadline) { throw new Error('the static server did not start'); }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  await browser?.close().catch(() => {});
  server?.kill();
  if (temp) { rmSync(temp, { recursive: true, force: true }); }
});

async function newPage() {
  const page = await browser.newPage();
  const errors = [];
  const requests = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') { errors.push(message.text()); } });
  page.on('request', (request) => requests.push(request.url()));
  return { page, errors, requests };
}

test('the palette finds User.Read from search-index.json and opens its file', async () => {
  const { page, errors, requests } = await newPage();
  await page.goto(base + 'permission/APIConnectors.ReadWrite.All.html');
  await page.keyboard.press('Control+k');
  await page.locator('#palette-input').waitFor({ state: 'visible' });
  await page.keyboard.type('user.read');
  await page.locator('.palette-option').first().waitFor();
  assert.equal(await page.locator('.palette-option .label').first().textContent(), 'User.Read');
  assert.ok(await page.locator('.palette-option mark').count() > 0, 'matches are highlighted');
  const badges = await page.locator('.palette-option').first().locator('.hit-badges .badge').allTextContents();
  assert.ok(badges.includes('Delegated work') && badges.some((text) => /consent/i.test(text)), `badges: ${badges}`);
  await page.keyboard.press('Enter');
  await page.waitForURL(base + 'permission/User.Read.html');
  assert.equal(await page.locator('h1').textContent(), 'User.Read');
  assert.ok(requests.some((url) => url === base + 'search-index.json'), 'the index was loaded');
  assert.ok(!requests.some((url) => url.includes('/api/')), `no API requests: ${requests.filter((url) => url.includes('/api/'))}`);
  assert.deepEqual(errors, []);
});

test('endpoints are found too, grouped by kind, and open their files', async () => {
  const { page, errors } = await newPage();
  await page.goto(base + 'index.html');
  await page.keyboard.press('/');
  await page.locator('#palette-input').waitFor({ state: 'visible' });
  await page.keyboard.type('apiconnector');
  await page.locator('.palette-option').first().waitFor();
  const groups = await page.locator('.palette-group').allTextContents();
  assert.ok(groups.includes('Permissions') && groups.includes('Endpoints'), `groups: ${groups}`);
  const endpoint = page.locator('#palette-results [role=group]', { hasText: 'Endpoints' }).locator('.palette-option').first();
  await endpoint.dispatchEvent('mousedown');
  await page.waitForURL(/\/docs\/graphperm\/endpoint\/[A-Z]+\/.*\.html$/);
  assert.equal((await page.goto(page.url())).status(), 200);
  assert.deepEqual(errors, []);
});

test('the calculator page says it needs the server', async () => {
  const { page, errors } = await newPage();
  await page.goto(base + 'least.html');
  assert.match(await page.locator('#static-note').textContent(), /needs the graphperm server/);
  assert.deepEqual(errors, []);
});

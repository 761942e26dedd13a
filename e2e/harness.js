// Starts `graphperm serve` on a free loopback port and a headless Chromium for the tests.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..');
const binary = process.env.GRAPHPERM_BIN || path.join(repoRoot, 'target', 'release', 'graphperm');
const dataDir = process.env.GRAPHPERM_E2E_DATA || path.resolve(repoRoot, '..', 'shared', 'graph-data');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForServer(base, child, log) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`graphperm serve exited with ${child.exitCode}:\n${log.join('')}`);
    }
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) { return; }
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`graphperm serve did not answer within 120 s:\n${log.join('')}`);
}

/** Starts `graphperm serve` alone; returns { base, stop }. */
export async function startServer() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = [];
  const child = spawn(binary, ['serve', '--data', dataDir, '--addr', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => log.push(chunk.toString()));
  child.stderr.on('data', (chunk) => log.push(chunk.toString()));
  await waitForServer(base, child, log);
  async function stop() {
    child.kill('SIGINT');
    await new Promise((resolve) => {
      if (child.exitCode !== null) { resolve(); return; }
      const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 5000);
      child.on('exit', () => { clearTimeout(timer); resolve(); });
    });
  }
  return { base, stop };
}

/** The binary, data folder and Chromium the tests use (environment overrides). */
export const paths = { binary, dataDir, chromiumPath };

/** Starts the server and the browser; returns { base, browser, newPage, stop }. */
export async function start() {
  const server = await startServer();
  const { base } = server;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const contexts = [];
  /** A page in a fresh context; `errors` collects console errors and page errors. */
  async function newPage(options = {}) {
    const context = await browser.newContext({ acceptDownloads: true, ...options });
    contexts.push(context);
    const page = await context.newPage();
    const errors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') { errors.push(`${page.url()}: ${message.text()}`); }
    });
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
    page.on('requestfailed', (request) => {
      if (!request.url().startsWith(base)) { errors.push(`external request ${request.url()}`); }
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(base) && !request.url().startsWith('data:') && !request.url().startsWith('blob:')) {
        errors.push(`external request ${request.url()}`);
      }
    });
    return { context, page, errors };
  }
  async function stop() {
    for (const context of contexts) { await context.close().catch(() => {}); }
    await browser.close().catch(() => {});
    await server.stop();
  }
  return { base, browser, newPage, stop };
}

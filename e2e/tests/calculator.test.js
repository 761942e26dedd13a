// The least-privilege calculator: three calls pasted, minimal sets per scheme, shareable URL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { start } from '../harness.js';

const CALLS = 'GET /me\nGET https://graph.microsoft.com/v1.0/users\nPOST /groups';
let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

async function shownSets(page) {
  const sets = {};
  for (const card of await page.locator('[data-scheme-result]').all()) {
    const scheme = await card.getAttribute('data-scheme-result');
    sets[scheme] = await card.locator('a.chosen-permission').allTextContents();
  }
  return sets;
}

test('three pasted calls give the engine\'s minimal set per scheme, with a shareable URL', async () => {
  const { page, errors } = await env.newPage();
  await page.goto(env.base + '/least');
  await page.locator('#least-calls').fill(CALLS);
  await page.getByRole('button', { name: 'Calculate' }).click();
  await page.locator('#result').waitFor();
  const shown = await shownSets(page);

  const response = await fetch(`${env.base}/api/v1/least`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: CALLS }),
  });
  const report = await response.json();
  const labels = { DelegatedWork: 'Delegated work', DelegatedPersonal: 'Delegated personal', Application: 'Application' };
  const expected = {};
  for (const [scheme, chosen] of Object.entries(report.minimal)) {
    expected[labels[scheme]] = chosen.map((permission) => permission.name);
  }
  assert.deepEqual(shown, expected);
  assert.ok(shown['Delegated work'].length >= 1);
  assert.equal(await page.locator('table.calls tbody tr').count(), 3);
  assert.equal(await page.locator('table.calls tbody tr.call-matched').count(), 3);

  const share = await page.locator('[data-share-url]').getAttribute('href');
  assert.match(share, /^\/least\?calls=/);
  const { page: second } = await env.newPage();
  await second.goto(env.base + share);
  assert.deepEqual(await shownSets(second), expected);
  assert.deepEqual(errors, []);
});

test('the calculator works without JavaScript', async () => {
  const { page, errors } = await env.newPage({ javaScriptEnabled: false });
  await page.goto(env.base + '/least');
  await page.locator('#least-calls').fill('GET /me');
  await page.locator('#least-scheme').selectOption('delegated-personal');
  await page.getByRole('button', { name: 'Calculate' }).click();
  await page.locator('#result').waitFor();
  assert.deepEqual(await shownSets(page), { 'Delegated personal': ['User.Read'] });
  assert.deepEqual(errors, []);
});

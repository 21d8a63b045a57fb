import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRegions } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { signedHeaders } from '../../modules/exam-link/exam-link.fixtures.ts';
import { DEMO_POLICE_CLIENT_KEY, ensureDemoPoliceClient } from './demo-police.ts';

describe('demo police client', () => {
  let ctx: TestContext;
  let dataDir: string;
  beforeAll(async () => {
    ctx = await createTestContext();
    await ensureRegions(ctx.app.db);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiapei-police-'));
  });
  afterAll(async () => {
    await ctx.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const feedWith = (privateKeyFile: string) => {
    const url = '/api/exam-link/eligibility';
    const client = {
      clientKey: DEMO_POLICE_CLIENT_KEY,
      privateKeyPem: fs.readFileSync(privateKeyFile, 'utf8'),
    };
    return ctx.http.inject({
      method: 'GET',
      url,
      headers: signedHeaders(client, { method: 'GET', url }, { timestamp: ctx.clock.now().getTime() }),
    });
  };

  it('files a police client whose private key lands in the data directory, readable by us only', async () => {
    const made = await ensureDemoPoliceClient(ctx.app.db, { dataDir, audit: ctx.app.audit });
    expect(made.created).toBe(true);
    expect(fs.statSync(made.privateKeyFile).mode & 0o777).toBe(0o600);
    expect((await feedWith(made.privateKeyFile)).statusCode).toBe(200);
  });

  it('reuses it on the next start, and rotates the key when the file is gone', async () => {
    const again = await ensureDemoPoliceClient(ctx.app.db, { dataDir });
    expect(again.created).toBe(false);

    const oldKey = fs.readFileSync(again.privateKeyFile, 'utf8');
    fs.rmSync(again.privateKeyFile);
    const rotated = await ensureDemoPoliceClient(ctx.app.db, { dataDir });
    expect(rotated.created).toBe(true);
    expect((await feedWith(rotated.privateKeyFile)).statusCode).toBe(200);

    const stale = path.join(dataDir, 'old.pem');
    fs.writeFileSync(stale, oldKey);
    expect((await feedWith(stale)).statusCode).toBe(401);
    const rows = await ctx.app.db
      .selectFrom('integrationClients')
      .select('kind')
      .where('clientKey', '=', DEMO_POLICE_CLIENT_KEY)
      .execute();
    expect(rows).toEqual([{ kind: 'police' }]);
  });
});

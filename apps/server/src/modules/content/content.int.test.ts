import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSchool, newUser, regions } from '../../../test/factories.ts';
import { createTestContext, loginAs, type TestContext } from '../../../test/harness.ts';
import { demoContentPages, seedDemoContent } from './demo-pages.ts';

describe('guide and FAQ pages', () => {
  let ctx: TestContext;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await createTestContext();
    const school = await newSchool(ctx.app.db);
    const users = {
      city: await newUser(ctx.app.db, 'regulator_city', { regionCode: regions.city }),
      otherCity: await newUser(ctx.app.db, 'regulator_city', { regionCode: regions.otherCity }),
      county: await newUser(ctx.app.db, 'regulator_county', { regionCode: regions.county }),
      province: await newUser(ctx.app.db, 'regulator_province', { regionCode: regions.province }),
      schoolAdmin: await newUser(ctx.app.db, 'school_admin', { schoolId: school.id }),
    };
    for (const [k, u] of Object.entries(users)) {
      cookies[k] = await loginAs(ctx.http, u.username, k === 'schoolAdmin' ? 'school' : 'regulator');
    }
  });
  afterAll(() => ctx.close());

  const save = (who: string, slug: string, body: object, locale = 'zh-CN') =>
    ctx.http.inject({
      method: 'PUT',
      url: `/api/regulator/pages/${slug}/${locale}`,
      headers: cookies[who] ? { cookie: cookies[who] } : {},
      payload: body,
    });
  const page = (section: 'guide' | 'faq', markdown: string, published = true) => ({
    section,
    title: '报名须知',
    markdown,
    sortOrder: 5,
    published,
  });
  const auditActions = async () =>
    (await ctx.app.db.selectFrom('auditLog').select(['action', 'entityId']).orderBy('seq').execute()).filter(
      (r) => r.action.startsWith('content.'),
    );

  it('lets only city regulators write, and audits every save', async () => {
    for (const who of ['county', 'province', 'schoolAdmin']) {
      expect((await save(who, 'enrol', page('guide', 'x'))).statusCode, who).toBe(403);
    }
    expect((await save('anonymous', 'enrol', page('guide', 'x'))).statusCode).toBe(401);

    const created = await save('city', 'enrol', page('guide', '# 报名\n\n先实名认证。'));
    expect(created.statusCode, created.body).toBe(200);
    const updated = await save('city', 'enrol', page('guide', '# 报名\n\n先实名认证,再选班型。'));
    expect(updated.statusCode).toBe(200);
    expect(updated.json().id).toBe(created.json().id);
    expect(updated.json()).toMatchObject({ regionCode: regions.city, published: true, section: 'guide' });

    expect(await auditActions()).toEqual([
      { action: 'content.page.created', entityId: created.json().id },
      { action: 'content.page.updated', entityId: created.json().id },
    ]);
  });

  it('serves published pages with Markdown and sanitised HTML, hiding drafts', async () => {
    await save(
      'city',
      'refund',
      page('faq', '<script>alert(1)</script>\n\n[退费](javascript:alert(1)) 与 [说明](/guide/refund)'),
    );
    await save('city', 'draft', page('faq', '草稿', false));

    const res = await ctx.http.inject({ method: 'GET', url: '/api/public/pages/refund' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.markdown).toContain('<script>');
    expect(body.html).not.toMatch(/<script|javascript:/i);
    expect(body.html).toContain('&lt;script&gt;');
    expect(body.html).toContain('<a href="/guide/refund" rel="nofollow noopener noreferrer">说明</a>');

    expect((await ctx.http.inject({ method: 'GET', url: '/api/public/pages/draft' })).statusCode).toBe(404);
    const list = (await ctx.http.inject({ method: 'GET', url: '/api/public/pages?section=faq' })).json();
    expect(list.items.map((p: { slug: string }) => p.slug)).toEqual(['refund']);
    const own = (
      await ctx.http.inject({
        method: 'GET',
        url: '/api/regulator/pages',
        headers: { cookie: cookies.city! },
      })
    ).json();
    expect(own.items.map((p: { slug: string }) => p.slug).sort()).toEqual(['draft', 'enrol', 'refund']);
  });

  it("keeps each city's pages apart", async () => {
    await save('otherCity', 'enrol', page('guide', '南京的报名流程'));
    const mine = (
      await ctx.http.inject({ method: 'GET', url: `/api/public/pages/enrol?regionCode=${regions.city}` })
    ).json();
    const theirs = (
      await ctx.http.inject({ method: 'GET', url: `/api/public/pages/enrol?regionCode=${regions.otherCity}` })
    ).json();
    expect(mine.markdown).toContain('先实名认证');
    expect(theirs.markdown).toBe('南京的报名流程');
    const other = (
      await ctx.http.inject({
        method: 'GET',
        url: '/api/regulator/pages',
        headers: { cookie: cookies.otherCity! },
      })
    ).json();
    expect(other.items.map((p: { slug: string }) => p.slug)).toEqual(['enrol']);
  });

  it('refuses a malformed slug or an unknown locale', async () => {
    expect((await save('city', 'Bad Slug', page('guide', 'x'))).statusCode).toBe(400);
    expect((await save('city', 'ok', page('guide', 'x'), 'fr-FR')).statusCode).toBe(400);
  });

  it('seeds the demo pages once, all rendering to HTML without raw tags', async () => {
    await seedDemoContent(ctx.app.db, regions.province);
    await seedDemoContent(ctx.app.db, regions.province);
    const list = (
      await ctx.http.inject({ method: 'GET', url: `/api/public/pages?regionCode=${regions.province}` })
    ).json();
    expect(list.items).toHaveLength(demoContentPages.length);
    for (const p of demoContentPages) {
      const res = await ctx.http.inject({
        method: 'GET',
        url: `/api/public/pages/${p.slug}?regionCode=${regions.province}`,
      });
      expect(res.json().html).toMatch(/^<h1>/);
    }
  });
});

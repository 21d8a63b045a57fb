import { describe, expect, it } from 'vitest';
import { isSafeUrl, renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  it('renders the supported subset', () => {
    const html = renderMarkdown(
      [
        '# 报名流程',
        '',
        '先**选驾校**,再*签合同*。  ',
        '第二行',
        '',
        '1. 实名认证',
        '2. 选择班型',
        '',
        '- 身份证',
        '- 体检表',
        '',
        '> 资金由银行监管',
        '',
        '---',
        '',
        '详见 [资金监管](/guide/escrow) 或拨打 `12328`。',
        '',
        '```',
        '<b>不是标签</b>',
        '```',
      ].join('\n'),
    );
    expect(html).toBe(
      [
        '<h1>报名流程</h1>',
        '<p>先<strong>选驾校</strong>,再<em>签合同</em>。<br>\n第二行</p>',
        '<ol><li>实名认证</li><li>选择班型</li></ol>',
        '<ul><li>身份证</li><li>体检表</li></ul>',
        '<blockquote><p>资金由银行监管</p></blockquote>',
        '<hr>',
        '<p>详见 <a href="/guide/escrow" rel="nofollow noopener noreferrer">资金监管</a> 或拨打 <code>12328</code>。</p>',
        '<pre><code>&lt;b&gt;不是标签&lt;/b&gt;</code></pre>',
      ].join('\n'),
    );
  });

  it('shows raw HTML as text, never as markup', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('drops the href of javascript:, data: and obfuscated links but keeps their text', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:msgbox',
      'java&#x73;cript:alert(1)',
      '//evil.example/x',
    ]) {
      const html = renderMarkdown(`[点我](${url})`);
      expect(html, url).toBe('<p>点我</p>');
    }
  });

  it('keeps quotes inside a URL from closing the attribute', () => {
    const html = renderMarkdown('[x](https://e.example/"onmouseover=alert(1))');
    expect(html).toContain('href="https://e.example/&quot;onmouseover=alert(1)"');
    expect(html).not.toMatch(/" onmouseover/);
  });

  it('does not let markup inside link text or code escape', () => {
    expect(renderMarkdown('[<b>x</b>](https://a.example)')).toBe(
      '<p><a href="https://a.example" rel="nofollow noopener noreferrer">&lt;b&gt;x&lt;/b&gt;</a></p>',
    );
    expect(renderMarkdown('`<i>**x**</i>`')).toBe('<p><code>&lt;i&gt;**x**&lt;/i&gt;</code></p>');
  });

  it('allows only http(s), mailto, tel and site-relative URLs', () => {
    expect(isSafeUrl('https://jtt.example.gov.cn')).toBe(true);
    expect(isSafeUrl('tel:12328')).toBe(true);
    expect(isSafeUrl('/faq')).toBe(true);
    expect(isSafeUrl('ftp://x')).toBe(false);
    expect(isSafeUrl(' javascript:x')).toBe(false);
    expect(isSafeUrl('java\tscript:x')).toBe(false);
  });
});

/**
 * A small Markdown subset rendered to HTML that is safe to insert into a page as is.
 *
 * Safety comes from the order of operations, not from filtering: every character of the source is
 * HTML-escaped first, and only afterwards do the patterns below add tags, which therefore never carry
 * text the author wrote unescaped. Raw HTML in the source shows as text. A link keeps its href only when
 * the URL starts with an allowed scheme (http, https, mailto, tel) or is site-relative (`/…`, `#…`);
 * anything else (`javascript:`, `data:`, `vbscript:`, obfuscated forms) renders as plain text.
 *
 * Supported: ATX headings (#–######), paragraphs, hard line breaks (two trailing spaces), `-`/`*`/`+`
 * and `1.` lists (one level), `>` quotes, fenced code blocks, `---` rules, `**bold**`, `*italic*`,
 * `` `code` `` and `[text](url)`. That is what a guide or FAQ page needs; tables and images are left out.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const SAFE_URL = /^(https?:\/\/|mailto:|tel:|\/(?!\/)|#)/i;

/** True when `url` (as written, before escaping) may become an href. */
export function isSafeUrl(url: string): boolean {
  // Control characters and whitespace can hide a scheme from naive checks; refuse them outright.
  for (const ch of url) {
    const code = ch.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f) return false;
  }
  return SAFE_URL.test(url);
}

/** Inline markup of one block's text (already split into lines by the caller). */
function renderInline(source: string): string {
  const tokens: string[] = [];
  const hold = (html: string) => `\ue000${tokens.push(html) - 1}\ue001`;

  // Code spans first: nothing inside them is markup.
  let text = source.replace(/`([^`\n]+)`/g, (_m, code: string) => hold(`<code>${escapeHtml(code)}</code>`));
  // Links (a URL may hold one level of balanced parentheses), their text rendered for emphasis; unsafe
  // URLs keep only the text.
  text = text.replace(/\[([^\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/g, (_m, label: string, url: string) => {
    const inner = emphasis(escapeHtml(label));
    if (!isSafeUrl(url)) return hold(inner);
    return hold(`<a href="${escapeHtml(url)}" rel="nofollow noopener noreferrer">${inner}</a>`);
  });
  text = emphasis(escapeHtml(text));
  return text.replace(/\ue000(\d+)\ue001/g, (_m, i: string) => tokens[Number(i)]!);
}

function emphasis(escaped: string): string {
  return escaped
    .replace(/\*\*([^*\n]+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*\n]+?)\*(?!\*)/g, '$1<em>$2</em>');
}

/** Lines of one paragraph or list item: two trailing spaces make a hard break. */
function renderLines(lines: string[]): string {
  return lines
    .map((l, i) => renderInline(l.trimEnd()) + (i < lines.length - 1 && / {2}$/.test(l) ? '<br>' : ''))
    .join('\n');
}

export function renderMarkdown(markdown: string): string {
  // U+E000/U+E001 (private use) mark placeholders and are never legitimate text.
  const lines = markdown
    .replace(/\r\n?/g, '\n')
    .replace(/[\ue000\ue001]/g, '')
    .split('\n');
  const out: string[] = [];
  let i = 0;
  const isBlank = (l: string | undefined) => l === undefined || l.trim() === '';
  const startsBlock = (l: string) =>
    /^(#{1,6})\s/.test(l) || /^```/.test(l) || /^>/.test(l) || /^\s*([-*+]|\d+[.)])\s+/.test(l) || isRule(l);
  const isRule = (l: string) => /^\s*(-\s*){3,}$|^\s*(\*\s*){3,}$/.test(l);

  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = /^```/.exec(line);
    if (fence) {
      const code: string[] = [];
      i++;
      while (i < lines.length && !/^```/.test(lines[i]!)) code.push(lines[i++]!);
      i++; // the closing fence (or the end of the text)
      out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      out.push(`<h${level}>${renderInline(heading[2]!)}</h${level}>`);
      i++;
      continue;
    }
    if (isRule(line)) {
      out.push('<hr>');
      i++;
      continue;
    }
    if (/^>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^>/.test(lines[i]!)) quoted.push(lines[i++]!.replace(/^>\s?/, ''));
      out.push(`<blockquote><p>${renderLines(quoted)}</p></blockquote>`);
      continue;
    }
    const listItem = /^\s*([-*+]|\d+[.)])\s+/;
    const first = listItem.exec(line);
    if (first) {
      const ordered = /\d/.test(first[1]!);
      const items: string[][] = [];
      while (i < lines.length && !isBlank(lines[i])) {
        const current = lines[i]!;
        const m = listItem.exec(current);
        if (m && /\d/.test(m[1]!) === ordered) items.push([current.slice(m[0].length)]);
        else if (m || startsBlock(current)) break;
        else items.at(-1)!.push(current.trim()); // a continuation line of the item
        i++;
      }
      const tag = ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${items.map((it) => `<li>${renderLines(it)}</li>`).join('')}</${tag}>`);
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && !isBlank(lines[i]) && (paragraph.length === 0 || !startsBlock(lines[i]!))) {
      paragraph.push(lines[i++]!);
    }
    out.push(`<p>${renderLines(paragraph)}</p>`);
  }
  return out.join('\n');
}

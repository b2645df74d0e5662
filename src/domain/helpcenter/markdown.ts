// Help Center article Markdown to HTML that is safe to put in a page: no raw HTML, no script-bearing URLs.
import MarkdownIt from "markdown-it";

const LINK_SCHEMES = new Set(["http", "https", "mailto"]);
const IMAGE_SCHEMES = new Set(["http", "https"]);

/**
 * The scheme a browser would see in this URL, or null for a relative URL. Browsers ignore tabs and newlines
 * anywhere in a URL and control characters or spaces around it, so "java\tscript:" is still javascript.
 */
export function urlScheme(url: string): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be stripped here
  const cleaned = url.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  const match = /^([^/?#]*?):/.exec(cleaned);
  return match ? match[1]!.toLowerCase() : null;
}

/** Links: http(s), mailto, or relative (including #anchors and protocol-relative //host). */
export function isSafeLinkUrl(url: string): boolean {
  const scheme = urlScheme(url);
  return scheme === null || LINK_SCHEMES.has(scheme);
}

/** Images: absolute http(s) only. */
export function isSafeImageUrl(url: string): boolean {
  const scheme = urlScheme(url);
  return scheme !== null && IMAGE_SCHEMES.has(scheme);
}

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
// markdown-it checks every link and image destination here; a refused one stays as plain text.
md.validateLink = isSafeLinkUrl;

const renderImage = md.renderer.rules.image!;
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  if (!isSafeImageUrl(token.attrGet("src") ?? "")) return md.utils.escapeHtml(token.content);
  return renderImage(tokens, idx, options, env, self);
};

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]!;
  if (urlScheme(token.attrGet("href") ?? "") !== null) token.attrSet("rel", "nofollow noopener noreferrer");
  return self.renderToken(tokens, idx, options);
};

/** Renders an article body. The result contains no HTML from the author, only what Markdown produces. */
export function renderMarkdown(markdown: string): string {
  return md.render(markdown);
}
